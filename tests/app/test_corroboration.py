"""The incident page holds a record against the datasets named in INCIDENTS_COMPARE, side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from tests.app.run_page import open_page

UCDP = Path(__file__).resolve().parents[1] / "fixtures" / "ucdp" / "ucdp-ged-sample.csv"


@pytest.fixture
def compared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INCIDENTS_COMPARE", str(UCDP))
    monkeypatch.setenv("INCIDENTS_CACHE", str(tmp_path / "cache"))
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_an_incident_lists_the_ucdp_events_that_could_be_it(compared) -> None:
    at = open_page("pages/incident.py", incident="2021-01-13-air-raids-al-bukamal-border")
    assert "Other datasets" in [h.value for h in at.subheader]
    table = at.dataframe[-1].value
    hit = table[table["Event"] == "ucdp-410001"]
    assert len(hit) == 1
    assert hit["Why"].iloc[0].startswith("same day, under 1 km")
    assert (hit["Dataset"].iloc[0], hit["Killed"].iloc[0], hit["Sources"].iloc[0]) == (
        "ucdp-ged-sample.csv",
        "5-9 killed",
        "SOHR",
    )


def test_the_candidates_and_their_reasons_read_in_arabic(compared) -> None:
    at = open_page("pages/incident.py", lang="ar", incident="2021-01-13-air-raids-al-bukamal-border")
    assert "مجموعات بيانات أخرى" in [h.value for h in at.subheader]
    table = at.dataframe[-1].value
    hit = table[table["الحدث"] == "ucdp-410001"]
    assert len(hit) == 1, list(table.columns)
    assert hit["السبب"].iloc[0].startswith("اليوم نفسه، أقل من 1 كم"), hit["السبب"].iloc[0]
    assert hit["القتلى"].iloc[0] == "قُتل 5-9"


def test_without_datasets_to_compare_the_section_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INCIDENTS_COMPARE", raising=False)
    at = open_page("pages/incident.py", incident="2021-01-13-air-raids-al-bukamal-border")
    assert "Other datasets" not in [h.value for h in at.subheader]
