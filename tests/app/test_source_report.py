"""The page tells the reader what became of every row of the file they brought."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from tests.app.run_page import open_page
from tests.counts import count_line

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


@pytest.fixture
def source(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Path]:
    path = request.param
    monkeypatch.setenv("INCIDENTS_SOURCE", str(path))
    st.cache_resource.clear()
    yield path
    st.cache_resource.clear()


@pytest.mark.parametrize("source", [FIXTURES / "acled-current-defects.csv"], indirect=True)
def test_skipped_rows_are_counted_and_listed(source: Path) -> None:
    at = open_page(None, timeout=120)
    shown, total = count_line(at)
    assert shown == total == 8  # 20 rows, 12 skipped
    notice = " ".join(w.value for w in at.warning).replace("\\", "")  # markdown escapes
    assert (
        "12 of 20 rows" in notice
        and "acled-current-defects.csv" in notice
        and "3 drawn with a warning" in notice
    )
    listed = at.dataframe[0].value
    assert len(listed) == 12 + 3
    assert "latitude is blank" in set(listed["Reason"])
    assert "latitude and longitude look swapped" in " ".join(listed["Reason"])
    # Actors the file names are in the actor filter under their own names; Islamic State is
    # actor1 of a battle only, which has no attacker (not a strike): not in the attacker filter.
    attacker = next(m for m in at.multiselect if m.label == "Attacker (assessed)")
    actor = next(m for m in at.multiselect if m.label == "Actor (either side)")
    assert any(o.startswith("Islamic State (Syria)") for o in actor.options), actor.options
    assert "Islamic State (Syria)" not in attacker.options
    assert "No attacker (not a strike; see the parties)" in attacker.options


@pytest.mark.parametrize("source", [FIXTURES / "expected.csv"], indirect=True)
def test_a_file_that_is_not_incidents_gets_one_message(source: Path) -> None:
    at = open_page(None, timeout=120)
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert str(source.parent) not in errors  # the server's folders are not shown to readers
    assert "could not be read" in errors and "match no layout we know; expected UCDP GED's" in errors
    assert count_line(at) == (0, 0)


@pytest.mark.parametrize("source", [FIXTURES / "acled-current-defects.csv"], indirect=True)
def test_the_report_on_a_reader_s_file_is_in_the_reader_s_language(source: Path) -> None:
    """The notice, the list's label and its headings in Arabic; each reason is the check's own
    sentence (the command line's), isolated so it keeps its order."""
    at = open_page(None, timeout=120, lang="ar")
    notice = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "تم تخطي **12 من أصل 20 صفًا**" in notice and "رُسم 3 مع تحذير" in notice, notice
    assert "were skipped" not in notice and "drawn with a warning" not in notice
    assert [e.label for e in at.expander if "صفوف تم تخطيها" in e.label], [e.label for e in at.expander]
    listed = at.dataframe[0].value
    assert list(listed.columns) == ["السطر", "النتيجة", "العمود", "القيمة", "السبب"]
    assert set(listed["النتيجة"]) == {"تم تخطيه", "رُسم، مع تحذير"}


@pytest.mark.parametrize("source", [FIXTURES / "expected.csv"], indirect=True)
def test_a_file_that_cannot_be_read_is_said_in_arabic(source: Path) -> None:
    at = open_page(None, timeout=120, lang="ar")
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "تعذّرت قراءة ملف البيانات" in errors and "could not be read" not in errors, errors


@pytest.mark.parametrize(
    "source", [FIXTURES.parent / "ucdp" / "ucdp-ged-sample.csv"], indirect=True, ids=["ucdp"]
)
def test_a_ucdp_file_draws_and_names_the_columns_it_does_not_use(source: Path) -> None:
    at = open_page(None, timeout=120)
    assert count_line(at) == (7, 7)
    notice = " ".join(i.value for i in at.info).replace("\\", "")
    assert "Columns not used: relid, year, active_year, code_status" in notice and "geom_wkt" in notice
    attacker = next(m for m in at.multiselect if m.label == "Attacker (assessed)")
    assert {"government-of-syria", "is"} <= set(attacker.options) or "Government of Syria" in attacker.options
