"""The app on a large table (INCIDENTS_SOURCE) instead of the records: map, table, record page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from bench.generate import write
from incidents.export import export_bytes
from incidents.filters import Filter
from incidents.maps.large_layer import LARGE_THRESHOLD
from incidents.tables import load_result
from tests.app.run_page import open_page
from tests.counts import count_line

ROWS = LARGE_THRESHOLD + 1000  # above the threshold, so the map uses the large-data layer


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(ROWS, tmp_path_factory.mktemp("large") / "events.parquet")


@pytest.fixture
def large_app(table: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("INCIDENTS_SOURCE", str(table))
    st.cache_resource.clear()
    yield table
    st.cache_resource.clear()


def test_map_page_filters_the_large_table(large_app: Path) -> None:
    at = open_page(None, timeout=180, type="air-strike")
    shown, total = count_line(at)
    result = load_result(large_app)
    expected, _ = Filter(types=("air-strike",)).apply(result.incidents, result.sites)
    assert total == len(result.incidents) == ROWS
    assert shown == len(expected)


def test_table_and_record_pages_work_on_the_large_table(large_app: Path) -> None:
    result = load_result(large_app)
    some_id = result.incidents["id"].iloc[0]
    for page, params in (("pages/incidents.py", {}), ("pages/incident.py", {"incident": some_id})):
        open_page(page, timeout=180, **params)


@pytest.mark.parametrize("fmt", ["csv", "geojson", "acled", "html"])
def test_exports_work_on_the_large_table(large_app: Path, fmt: str) -> None:
    result = load_result(large_app)
    shown, sites = Filter(attackers=("israel",)).apply(result.incidents, result.sites)
    data = export_bytes(fmt, shown, sites, records=[])
    assert len(data) > 1000


def test_a_changed_file_replaces_the_loaded_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing the source reloads it, and the old table is freed (not kept cached, nor frozen)."""
    import gc
    import os
    import weakref

    from pages.shared import data

    path = write(200, tmp_path / "events.csv")
    monkeypatch.setenv("INCIDENTS_SOURCE", str(path))
    st.cache_resource.clear()
    first = data.app_data()
    old_table, old_version = weakref.ref(first.incidents), first.version
    assert len(first.incidents) == 200
    del first

    write(300, path)
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    second = data.app_data()
    assert len(second.incidents) == 300 and second.version != old_version
    gc.collect()
    assert old_table() is None, "the replaced table is still alive"
    st.cache_resource.clear()
