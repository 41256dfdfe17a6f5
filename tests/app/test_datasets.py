"""Several datasets at once (INCIDENTS_SOURCE naming two tables and our records): the count line
counts each, `dataset=` keeps one, and each table keeps its own report."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from incidents.load import load_incidents
from tests.app.run_page import open_page
from tests.counts import count_line

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ACLED = FIXTURES / "acled" / "acled-either-side.csv"  # 9 events, ACLED's current 31 columns
UCDP = FIXTURES / "ucdp" / "ucdp-ged-sample.csv"  # 7 events


@pytest.fixture
def three(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setenv("INCIDENTS_SOURCE", os.pathsep.join([str(ACLED), str(UCDP), "@records"]))
    st.cache_resource.clear()
    yield len(load_incidents().incidents)
    st.cache_resource.clear()


def _counts(at) -> str:
    [line] = [md.value for md in at.markdown if 'data-testid="incident-count"' in md.value]
    return line


def test_the_count_line_counts_each_dataset(three: int) -> None:
    at = open_page(None, timeout=180)
    assert count_line(at) == (9 + 7 + three, 9 + 7 + three)
    line = _counts(at)
    assert "acled-either-side.csv: 9 of 9" in line
    assert "ucdp-ged-sample.csv: 7 of 7" in line
    assert f"our curated records: {three} of {three}" in line
    # Each table's own report: its columns not used, named with its file.
    notices = " ".join(i.value for i in at.info).replace("\\", "")
    assert "acled-either-side.csv: Columns not used: year, disorder_type" in notices
    assert "ucdp-ged-sample.csv: Columns not used: relid, year" in notices


def test_a_link_keeps_one_dataset(three: int) -> None:
    at = open_page(None, timeout=180, dataset="ucdp-ged-sample")
    assert count_line(at) == (7, 9 + 7 + three)
    line = _counts(at)
    assert "ucdp-ged-sample.csv: 7 of 7" in line
    assert "acled-either-side.csv: 0 of 9" in line
    assert "Incidents from ucdp-ged-sample.csv</p>" in line  # the sentence describing the view
    widget = at.multiselect(key="f_dataset")  # the sidebar offers each dataset by its label
    assert widget.value == ["ucdp-ged-sample"]
    assert widget.options == ["acled-either-side.csv", "ucdp-ged-sample.csv", "our curated records"]
    at = open_page("pages/incidents.py", timeout=180, dataset=["records", "acled-either-side"])
    assert count_line(at) == (9 + three, 9 + 7 + three)
    [table] = [d for d in at.dataframe if "Incident" in d.value.columns]
    assert len(table.value) == 9 + three


def test_an_unknown_dataset_is_a_notice(three: int) -> None:
    at = open_page(None, timeout=180, dataset="no-such-table")
    assert count_line(at) == (9 + 7 + three, 9 + 7 + three)
    assert any("dataset" in w.value for w in at.warning)
