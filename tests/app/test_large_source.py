"""The app on a large table (INCIDENTS_SOURCE) instead of the records: map, table, record page."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from bench.generate import write
from incidents import acled_read
from incidents.export import export_bytes
from incidents.filters import Filter
from incidents.tables import load_result
from pages.shared.escape import md_escape
from tests.app.run_page import open_page
from tests.counts import count_line

ROWS = 4000  # more incidents than any list on the page shows (the map pick list stops at 500)


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
    """The table lists every row the filter keeps; a row's page shows that row (no YAML record)."""
    result = load_result(large_app)
    kept, _ = Filter(types=("air-strike",)).apply(result.incidents, result.sites)
    at = open_page("pages/incidents.py", timeout=180, type="air-strike")
    assert count_line(at) == (len(kept), ROWS)
    # The other table on the page is the file's report (rows drawn with a warning).
    [table] = [d for d in at.dataframe if "Reason" not in d.value.columns]
    assert len(table.value) == len(kept) > 0
    row = result.incidents.iloc[0]
    at = open_page("pages/incident.py", timeout=180, incident=row["id"])
    assert at.title[0].value == md_escape(row["title"])
    shown = " ".join(m.value for m in at.markdown)
    assert md_escape(row["place_names"]) in shown and "imported table" in " ".join(
        c.value for c in at.caption
    )


def test_sources_page_lists_the_outlets_of_the_large_table(large_app: Path) -> None:
    """A table names outlets, not documents: each one listed with the number of incidents it gave."""
    result = load_result(large_app)
    kept, _ = Filter(types=("drone-strike",)).apply(result.incidents, result.sites)
    outlets = kept["outlets"].str.split("; ").explode().value_counts()
    at = open_page("pages/sources.py", timeout=180, type="drone-strike")
    assert count_line(at) == (len(kept), ROWS)
    assert sorted(h.value for h in at.subheader) == sorted(md_escape(o) for o in outlets.index)
    drawn = [m.value for m in at.markdown if m.value.endswith("drawn from it**")]
    assert sorted(drawn) == sorted(
        f"**{n:,} incident{'s' if n != 1 else ''} drawn from it**" for n in outlets
    )


def _exported_ids(fmt: str, data: bytes) -> list[str]:
    """The incident ids an export holds, read back as its reader would."""
    text = data.decode("utf-8")
    if fmt in ("csv", "ucdp"):  # the large table is ACLED's: its ids keep their acled- prefix
        return [row["id"] for row in csv.DictReader(io.StringIO(text))]
    if fmt == "acled":
        return [acled_read.record_id(row["event_id_cnty"]) for row in csv.DictReader(io.StringIO(text))]
    if fmt == "geojson":
        return list(dict.fromkeys(f["properties"]["id"] for f in json.loads(text)["features"]))
    return re.findall(r'<li class="incident" id="incident-[^"]*" data-incident="([^"]+)"', text)


@pytest.mark.parametrize("fmt", ["csv", "geojson", "acled", "ucdp", "html"])
def test_exports_hold_exactly_the_filtered_incidents_of_the_large_table(large_app: Path, fmt: str) -> None:
    result = load_result(large_app)
    shown, sites = Filter(attackers=("israel",)).apply(result.incidents, result.sites)
    assert 0 < len(shown) < ROWS
    ids = _exported_ids(fmt, export_bytes(fmt, shown, sites, records=[]))
    assert ids == shown["id"].tolist()


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


def test_the_app_converts_a_file_once_and_reads_the_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first open converts (into the cache, nothing half-written left); later opens reuse it."""
    from pages.shared import data

    cache = tmp_path / "cache"
    monkeypatch.setenv("INCIDENTS_CACHE", str(cache))
    path = write(300, tmp_path / "events.csv")
    monkeypatch.setenv("INCIDENTS_SOURCE", str(path))
    st.cache_resource.clear()
    data._conversions.clear()
    assert data.app_data().incidents.attrs.get("text_on_disk")  # read back from the conversion
    made = [p.name for p in cache.iterdir()]
    assert len(made) == 1 and not made[0].startswith("."), made
    written = (cache / made[0] / "incidents.parquet").stat().st_mtime_ns
    st.cache_resource.clear()
    data._conversions.clear()
    assert len(data.app_data().incidents) == 300
    assert [p.name for p in cache.iterdir()] == made
    assert (cache / made[0] / "incidents.parquet").stat().st_mtime_ns == written  # not converted again
    st.cache_resource.clear()
