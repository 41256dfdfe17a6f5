"""Hostile input against the pages themselves (streamlit.testing): broken record files beside
valid ones, generated and tampered links. No exception may reach a page; bad values get a notice.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_h
from streamlit.testing.v1 import AppTest

from incidents.filters import PARAMETERS
from incidents.load import load_incidents
from tests.app.run_page import open_page
from tests.counts import count_line

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HOSTILE = FIXTURES / "hostile"
INCIDENT_ID = "2021-01-13-air-raids-deir-ez-zor-city"


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    """The app caches the loaded records per process; a test with other records must not share them."""
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


# --- broken records beside valid ones ---------------------------------------------------------


@pytest.fixture
def mixed_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cache) -> tuple[int, set[str]]:
    """The whole broken corpus, the valid fixture record and the hostile records in one directory."""
    records = tmp_path / "records"
    records.mkdir()
    for path in (FIXTURES / "broken").glob("*.yaml"):
        shutil.copy(path, records / path.name)
    shutil.copy(FIXTURES / "valid" / "valid-record.yaml", records / "00-valid-record.yaml")
    for path in (HOSTILE / "records").glob("*.yaml"):
        shutil.copy(path, records / path.name)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in [*(FIXTURES / "seeds").iterdir(), *(HOSTILE / "seeds").iterdir()]:
        shutil.copy(path, seeds / path.name)
    monkeypatch.setenv("INCIDENTS_RECORDS_DIR", str(records))
    monkeypatch.setenv("INCIDENTS_SEEDS_DIR", str(seeds))
    # The app checks what `validate` checks, quotes included (the seeds directory exists here).
    result = load_incidents(records, seeds_dir=seeds, check_quotes=True)
    skipped = {Path(e.path).name for e in result.errors}
    assert len(skipped) >= 45
    loaded = {r.id for r in result.records}
    assert {
        "fixture-drone-strike-al-bukamal",
        "hostile-markdown-title",
        "hostile-script-in-every-field",
    } <= loaded
    return len(loaded), skipped


def test_map_lists_every_skipped_file_and_shows_the_valid_ones(mixed_records) -> None:
    loaded, skipped = mixed_records
    at = open_page()
    assert count_line(at) == (loaded, loaded)
    [expander] = [e for e in at.expander if "skipped because of errors" in e.label]
    assert expander.label.startswith(f"{len(at.text)} record file(s) skipped")
    listed = {Path(t.value.split(":", 1)[0]).name for t in at.text}
    assert listed == skipped
    assert any("alias-bomb.yaml:2: (yaml): YAML anchor &l0 is not allowed" in t.value for t in at.text)


def test_hostile_record_page_renders_its_text_escaped(mixed_records) -> None:
    """In Markdown, record text arrives backslash-escaped: it renders as typed (the browser test
    checks what is drawn)."""
    at = open_page("pages/incident.py", incident="hostile-markdown-title")
    assert at.title[0].value.startswith(r"\[Drone strike\]\(javascript\:alert\(\'md\-title\'\)\)")
    bodies = [m.value for m in at.markdown]
    assert not any("](javascript:" in b or "![" in b for b in bodies)


# --- tampered links ----------------------------------------------------------------------------

TAMPERED = [
    ("pages/briefing.py", {"briefing": "../../etc/passwd"}, "Unknown briefing"),
    ("pages/briefing.py", {"briefing": "/etc/passwd"}, "Unknown briefing"),
    ("pages/incident.py", {"incident": "../x"}, "Unknown incident"),
    ("pages/incident.py", {"incident": "../../incidents/records/x"}, "Unknown incident"),
    ("pages/incidents.py", {"source": "../../x"}, "Unknown source"),
    ("pages/sources.py", {"source": "..\\..\\x"}, "Unknown source"),
    ("pages/places.py", {"place": "../../etc/passwd"}, "Unknown place"),
    (None, {"place": "../..", "source": "/etc/passwd"}, "Unknown place"),
]


@pytest.mark.parametrize(("page", "params", "notice"), TAMPERED, ids=[str(p) for _, p, _ in TAMPERED])
def test_path_like_parameters_give_a_notice(page: str | None, params: dict[str, str], notice: str) -> None:
    at = open_page(page, **params)
    shown = [re.sub(r"\\(.)", r"\1", w) for w in warnings(at)]
    assert any(notice in w for w in shown), shown


INJECTED_NOTICE = "![x](http://evil.example/x.png)"


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("pages/briefing.py", {"briefing": INJECTED_NOTICE}),
        ("pages/incidents.py", {"attacker": INJECTED_NOTICE}),
        ("pages/incident.py", {"incident": INJECTED_NOTICE}),
        ("pages/sources.py", {"source": INJECTED_NOTICE.lower()}),
        ("pages/places.py", {"governorate": INJECTED_NOTICE}),
        ("pages/method.py", {"type": INJECTED_NOTICE}),
        (None, {"attacker": INJECTED_NOTICE}),
    ],
    ids=["briefing", "incidents", "incident", "sources", "places", "method", "map"],
)
def test_notices_quote_the_link_as_text_not_markdown(page: str | None, params: dict[str, str]) -> None:
    """A notice repeats the bad value; as Markdown, `![x](url)` would load a third-party image."""
    at = open_page(page, **params)
    assert warnings(at)
    assert not any(re.search(r"(?<!\\)!(?<!\\)\[[^\]]*(?<!\\)\]\(", w) for w in warnings(at)), warnings(at)


# --- generated links ------------------------------------------------------------------------------

_values = st_h.one_of(
    st_h.text(max_size=40),
    st_h.text(min_size=201, max_size=600),
    st_h.sampled_from(["../../etc/passwd", "2021-02-31", "1899-12-31", "<script>alert(1)</script>", "nan"]),
    st_h.sampled_from(["drone-strike", "israel", "al-bukamal", INCIDENT_ID, "january-2021-raids", "000"]),
)
_links = st_h.dictionaries(
    st_h.sampled_from([*PARAMETERS, "unknown"]), st_h.lists(_values, min_size=1, max_size=4), max_size=6
)
_SETTINGS = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _run_generated(page: str | None, params: dict[str, list[str]]) -> None:
    open_page(page, **params)


@_SETTINGS
@given(_links)
def test_generated_links_never_break_the_map_page(params) -> None:
    _run_generated(None, params)


@_SETTINGS
@given(_links)
def test_generated_links_never_break_the_incident_page(params) -> None:
    _run_generated("pages/incident.py", params)


@_SETTINGS
@given(_links)
def test_generated_links_never_break_the_incidents_page(params) -> None:
    _run_generated("pages/incidents.py", params)
