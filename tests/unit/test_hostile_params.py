"""Tampered links, in-process: generated query strings never raise, bad values fall back with a
notice, and no value reaches the file system by name.

tests/unit/test_filters.py already feeds any text to every parameter; these add what random text
rarely hits: real dates out of range, very long and repeated values, path-like names, and ids.
The same links against the running pages are tests/app/test_hostile_links.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidents.briefings import load_briefing
from incidents.filters import MAX_DATE, MAX_VALUE_LENGTH, MIN_DATE, PARAMETERS, Filter, Playback, View

TRAVERSAL = [
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd",
    "%2e%2e%2fx",
    "x/../../y",
    "..",
    ".",
]
PLACES = ["al-bukamal", "al-mayadin"]
SOURCES = ["000", "001"]
INCIDENTS = ["2021-01-13-air-raids-deir-ez-zor-city"]

values = st.one_of(
    st.text(max_size=50),
    st.text(min_size=MAX_VALUE_LENGTH + 1, max_size=5000),
    st.sampled_from(TRAVERSAL),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(["2021-02-31", "2022-02-29", "2021-13-01", "0000-00-00", "9" * 400]),
)
queries = st.dictionaries(
    st.sampled_from([*PARAMETERS, "unknown", "", "FROM", "from[]"]),
    st.lists(values, max_size=30),
    max_size=len(PARAMETERS),
)


def _parse(params: dict[str, list[str]]) -> tuple[Filter, View, list[str]]:
    filt, notices = Filter.from_query(
        params, known_places=PLACES, known_governorates=["deir-ez-zor"], known_sources=SOURCES
    )
    view = View.from_query(params, known_incidents=INCIDENTS)
    playback, playback_notices = Playback.from_query(params)
    assert playback.at is None or MIN_DATE <= playback.at <= MAX_DATE
    assert Playback.from_query({k: [v] for k, v in playback.to_query().items()}) == (
        playback if playback.mode else Playback(),
        [],
    )
    return filt, view, notices + view.notices + playback_notices


@settings(max_examples=300, deadline=None)
@given(queries)
def test_generated_links_never_raise_and_only_keep_known_values(params) -> None:
    filt, view, notices = _parse(params)
    assert all(isinstance(n, str) and len(n) < 400 for n in notices)
    # Whatever was asked for, only known values survive: nothing unknown can reach a lookup.
    assert filt.place in (None, *PLACES)
    assert set(filt.sources) <= set(SOURCES)
    assert view.incident in (None, *INCIDENTS)
    for day in (filt.date_from, filt.date_to):
        assert day is None or MIN_DATE <= day <= MAX_DATE
    # The filter it fell back to is itself a clean link.
    again, again_notices = Filter.from_query(filt.to_query(), known_places=PLACES, known_sources=SOURCES)
    assert again == filt and again_notices == []


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_dates_out_of_range_fall_back_with_a_notice(day: dt.date) -> None:
    filt, notices = Filter.from_query({"from": [day.isoformat()]})
    if MIN_DATE <= day <= MAX_DATE:
        assert filt.date_from == day and notices == []
    else:
        assert filt.date_from is None and any("out of range" in n for n in notices)


@pytest.mark.parametrize("value", TRAVERSAL)
@pytest.mark.parametrize("name", ["place", "source", "incident", "governorate"])
def test_path_like_values_are_refused_with_a_notice(name: str, value: str) -> None:
    filt, view, notices = _parse({name: [value]})
    assert notices, f"{name}={value} gave no notice"
    assert (filt.place, filt.sources, filt.governorate, view.incident) == (None, (), None, None)


@pytest.fixture(scope="module")
def briefings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty briefings directory with a valid briefing one level up, and one inside."""
    root = tmp_path_factory.mktemp("b")
    inside = root / "briefings"
    inside.mkdir()
    body = "summary: A summary line.\nincidents:\n  - id: x\n    sentence: A step of it here.\n"
    # Reaching this one would prove a traversal.
    (root / "secret.yaml").write_text("title: Secret briefing\n" + body, encoding="utf-8")
    (inside / "ok.yaml").write_text("title: A briefing\n" + body, encoding="utf-8")
    return inside


@given(st.one_of(st.sampled_from(TRAVERSAL), st.text(max_size=100)))
@settings(max_examples=200, deadline=None)
def test_briefing_names_never_leave_the_briefings_directory(briefings: Path, name: str) -> None:
    """A briefing is the one parameter that names a file: only a slug may, and only inside its dir."""
    if name == "ok":
        return
    with pytest.raises(KeyError):
        load_briefing(name, briefings)


def test_briefing_tricks_are_refused_and_a_slug_works(briefings: Path) -> None:
    for trick in ("../secret", "..%2fsecret", "..", str(briefings.parent / "secret"), "ok/../../secret"):
        with pytest.raises(KeyError):
            load_briefing(trick, briefings)
    assert load_briefing("ok", briefings).title == "A briefing"
