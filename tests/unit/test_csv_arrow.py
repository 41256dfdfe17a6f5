"""The fast CSV reader (pyarrow, incidents.csv_arrow) and the exact one (Python's csv) give the same
rows and the same report, reason for reason and in the same order, on files with defects in
both of ACLED's layouts: the current one and the older one (ally_actor_*, gwno, numeric inter
codes, "Remote violence"), read in slices so that repeats and reasons cross slice boundaries.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata.gazetteer import load_gazetteer
from incidents import columnar, csv_arrow, source_files, tables
from tests.unit.test_ingest_properties import acled_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
LAYOUTS = ("acled-current-defects.csv", "acled-old-layout.csv")


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _defective(name: str, newline: str = "\n") -> str:
    """A fixture in one of ACLED's layouts with more defects after its own: a note over two lines
    (the rows after it start further down), a cell too long, quotes where they do not belong, a
    ragged row over lines, a repeated id, a blank id, a point far from its place, a bad date."""
    rows = list(csv.reader(io.StringIO((FIXTURES / name).read_text(encoding="utf-8"))))
    header = rows[0]
    columns = [h.lower() for h in header]
    template = next(r for r in rows[1:] if len(r) == len(header) and r[columns.index("latitude")])

    def row(**cells: str) -> list[str]:
        out = list(template)
        for key, value in cells.items():
            out[columns.index(key)] = value
        return out

    first_id = template[columns.index("event_id_cnty")]
    extra = [
        row(event_id_cnty="X1", notes="A strike.\nA second line of the same note."),
        row(event_id_cnty="X2", latitude="abc"),
        row(event_id_cnty="X3", notes="x" * (source_files.MAX_CELL + 1)),
        row(event_id_cnty="X4", location='Abu "Kamal'),
        row(event_id_cnty=first_id),  # the fixture's first row again: a duplicate, slices apart
        row(event_id_cnty=first_id, notes="Another event under the same id."),
        row(event_id_cnty="", location="Al Bukamal", latitude="36.2", longitude="37.1"),
        row(event_id_cnty="X5", event_date="31/02/2021"),
        row(event_id_cnty="X6", latitude="34.4500", longitude="40.9200"),
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerows(rows)
    writer.writerows(extra[:3])
    out.write(f'X7,"a ragged row{newline}over two lines",3{newline}')
    out.write(f'X8,q"r,"x"y{newline}')  # quotes in odd places: Python's csv reads on
    writer.writerows(extra[3:])
    return out.getvalue()


def _read(path: Path, gazetteer, rows: int | None, fast: bool, parallel: bool = False):
    parts, report = tables.read_table_chunks(path, gazetteer, rows, fast, parallel)
    parts = list(parts)
    incidents = pd.concat([p[0] for p in parts], ignore_index=True)
    sites = pd.concat([p[1] for p in parts], ignore_index=True)
    return incidents, sites, dataclasses.asdict(report)


def _same(path: Path, gazetteer, rows: int) -> dict:
    exact = _read(path, gazetteer, rows, fast=False)
    fast = _read(path, gazetteer, rows, fast=True)
    assert fast[2] == exact[2]  # the report: every reason, its row, column, value, in order
    pd.testing.assert_frame_equal(fast[0], exact[0])
    pd.testing.assert_frame_equal(fast[1], exact[1])
    return exact[2]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("rows", [1, 3, 50_000])
@pytest.mark.parametrize("name", LAYOUTS)
def test_fast_and_exact_readers_agree_on_defects_in_both_layouts(
    tmp_path, gazetteer, monkeypatch, name, rows, newline
) -> None:
    path = tmp_path / name
    path.write_bytes(_defective(name, newline).encode("utf-8"))
    report = _same(path, gazetteer, rows)
    # The defects were there to be found: the reasons of both readers, not of neither.
    reasons = " / ".join(issue["reason"] for issue in report["issues"])
    for expected in ("latitude is not a number", "a cell longer than", "has 3 fields", "the same row as"):
        assert expected in reasons
    assert any("spans lines" in issue["reason"] for issue in report["issues"]) is False  # 2 lines only
    # ...and the fast path read it (Python's csv was not asked).
    monkeypatch.setattr(source_files, "_csv", lambda *a: pytest.fail("read by the exact reader"))
    _read(path, gazetteer, rows, fast=True)


@pytest.mark.parametrize("rows", [1, 2, 3])
@pytest.mark.parametrize("name", LAYOUTS)
def test_slices_mapped_two_at_a_time_give_the_same_tables_and_report(tmp_path, gazetteer, name, rows) -> None:
    """Two slices mapped at once (slice_pool): the same tables, and the same reasons in the same
    order, as one slice after the other: the reader's, the mapping's, an id repeated slices apart
    (which sends a slice back to be mapped against the true ledger)."""
    path = tmp_path / name
    path.write_bytes(_defective(name).encode("utf-8"))
    for fast in (True, False):
        alone, two = _read(path, gazetteer, rows, fast), _read(path, gazetteer, rows, fast, parallel=True)
        assert two[2] == alone[2]
        pd.testing.assert_frame_equal(two[0], alone[0])
        pd.testing.assert_frame_equal(two[1], alone[1])
    reasons = " / ".join(issue["reason"] for issue in alone[2]["issues"])
    assert "the same row as" in reasons and "id also used at" in reasons  # repeats across slices


def test_the_rows_keep_the_lines_they_start_on(tmp_path, gazetteer) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(_defective("acled-current-defects.csv").encode("utf-8"))
    issues = {(i["row"], i["reason"]) for i in _same(path, gazetteer, 3)["issues"]}
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(k for k, line in enumerate(lines, start=1) if line.startswith("X2,"))
    assert (at, "latitude is not a number") in issues
    assert (at - 2, "has 3 fields, the header 31") not in issues  # X7 starts below the long note
    ragged = next(k for k, line in enumerate(lines, start=1) if line.startswith("X7,"))
    assert (ragged, "has 3 fields, the header 31") in issues


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text.replace("\nX2,", "\n\nX2,"),  # an empty line
        lambda text: text.replace("\nX2,", "\rX2,"),  # a lone carriage return
        lambda text: text + 'X9,"a quote never closed\n',  # open to the end of the file
    ],
)
def test_an_irregular_file_is_read_the_exact_way(tmp_path, gazetteer, damage) -> None:
    """Lines pyarrow would number otherwise: the conversion turns to the exact reader (at once, or
    when the lines at the end do not add up) and gives the exact reader's rows and report."""
    path = tmp_path / "events.csv"
    path.write_bytes(damage(_defective("acled-current-defects.csv")).encode("utf-8"))
    cache = tmp_path / "cache"
    incidents, sites, report = columnar.load(columnar.convert(path, gazetteer, cache=cache))
    exact = _read(path, gazetteer, columnar.CHUNK_ROWS, fast=False)
    assert dataclasses.asdict(report) == exact[2]
    assert incidents["id"].tolist() == exact[0]["id"].tolist()
    assert sites["lat"].tolist() == exact[1]["lat"].tolist()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=acled_file(), rows=st.sampled_from([1, 2, 5, 50_000]))
def test_any_acled_file_reads_the_same_both_ways(tmp_path_factory, gazetteer, case, rows) -> None:
    data, _ = case
    path = tmp_path_factory.mktemp("csv") / "events.csv"
    path.write_bytes(data)
    try:
        exact = _read(path, gazetteer, rows, fast=False)
    except source_files.SourceError as exc:
        with pytest.raises(source_files.SourceError, match=str(exc).split(":")[0]):
            _read(path, gazetteer, rows, fast=True)
        return
    try:
        fast = _read(path, gazetteer, rows, fast=True)
    except csv_arrow.Irregular:
        return  # read the exact way (columnar._write), as the test above shows
    assert fast[2] == exact[2]
    pd.testing.assert_frame_equal(fast[0], exact[0])
    pd.testing.assert_frame_equal(fast[1], exact[1])
