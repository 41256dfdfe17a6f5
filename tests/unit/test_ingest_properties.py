"""Property: any file in either ACLED layout or UCDP GED's, however broken, loads with one outcome per row.

Hypothesis builds small files with random defects (blank, non-numeric, non-finite and
out-of-range values, ragged rows, duplicate and blank ids, mixed date styles, missing columns,
odd encodings and delimiters) and checks every loader: no exception escapes but one clear
SourceError for a file that is not data; rows in == drawn + skipped; every drawn value comes
from its own row; the GeoJSON export is strict JSON.
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents import acled_read, actors, tables, ucdp
from incidents.export import export
from incidents.ingest import SourceError
from incidents.load import LoadResult
from incidents.model import ACLED_COLUMNS

OLD_COLUMNS = [
    "GWNO", "EVENT_ID_CNTY", "EVENT_DATE", "YEAR", "TIME_PRECISION", "EVENT_TYPE", "ACTOR1",
    "ALLY_ACTOR_1", "INTER1", "ACTOR2", "COUNTRY", "ADMIN1", "ADMIN2", "LOCATION", "LATITUDE",
    "LONGITUDE", "GEO_PRECISION", "SOURCE", "NOTES", "FATALITIES",
]  # fmt: skip
ACTORS = [
    "Military Forces of Israel (2022-)",
    "Military Forces of the United States (2021-)",
    "Unidentified Military Forces",
    "Unidentified Armed Group (Syria)",
    "Misratah Communal Militia (Libya)",
    "Hayat Tahrir al-Sham",
    "",
]
COORD = st.one_of(
    st.floats(-89, 89, allow_nan=False).map(lambda v: f"{v:.4f}"),
    st.sampled_from(["", "abc", "nan", "inf", "-inf", "91", "-200", "1e400", "0", " 34.45 "]),
)
DATE = st.one_of(
    st.dates(
        min_value=pd.Timestamp("2000-01-01").date(), max_value=pd.Timestamp("2025-12-31").date()
    ).flatmap(lambda d: st.sampled_from([d.isoformat(), f"{d.day} {d:%B %Y}", f"{d:%d/%m/%Y}"])),
    st.sampled_from(["", "Thursday", "2021-02-30", "2099-01-01", "13 Janvier 2021"]),
)
FATALITIES = st.sampled_from(["", "0", "3", "10+", "-1", "x", "2.5", "7"])


@st.composite
def acled_file(draw) -> tuple[bytes, int]:
    """(the file's bytes, how many data rows it has)."""
    old = draw(st.booleans())
    n = draw(st.integers(1, 10))
    ids = draw(
        st.lists(
            st.sampled_from(["SYR1", "SYR2", "SYR3", "", "SYR4", "SYR5", "SYR6"]), min_size=n, max_size=n
        )
    )
    rows = []
    for k in range(n):
        cells = {
            "event_id_cnty": ids[k] or "",
            "event_date": draw(DATE),
            "time_precision": draw(st.sampled_from(["1", "2", "3", "", "9"])),
            "event_type": draw(
                st.sampled_from(["Explosions/Remote violence", "Battles", "Remote violence", ""])
            ),
            "sub_event_type": draw(
                st.sampled_from(["Air/drone strike", "Armed clash", "", "Shelling/artillery/missile attack"])
            ),
            "actor1": draw(st.sampled_from(ACTORS)),
            "location": draw(st.sampled_from(["Abu Kamal", "Sirte", "", "Mayadin"])),
            "latitude": draw(COORD),
            "longitude": draw(COORD),
            "geo_precision": draw(st.sampled_from(["1", "2", "3", ""])),
            "notes": draw(
                st.sampled_from(["A drone struck a car.", "", "=cmd|' /C calc'!A0", "Line\nbreak"])
            ),
            "fatalities": draw(FATALITIES),
        }
        rows.append(cells)
    columns = OLD_COLUMNS if old else list(ACLED_COLUMNS)
    missing = draw(st.sampled_from([None, None, None, "latitude", "event_date", "actor1"]))
    out = io.StringIO()
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    header = [c for c in columns if c.lower() != missing]
    writer.writerow(header)
    for cells in rows:
        line = [cells.get(c.lower(), "") for c in header]
        if draw(st.integers(0, 9)) == 0:
            line = line[: draw(st.integers(1, len(line)))]  # a ragged row
        writer.writerow(line)
    return _encoded(draw, out.getvalue()), n


def _encoded(draw, text: str) -> bytes:
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


SIDES = [
    "Government of Syria",
    "IS",
    "SDF",
    "Civilians",
    "Syrian insurgents",
    "Military Forces of Israel",
    "",
]
BAD_COUNT = st.sampled_from(["", "-1", "x", "2.5", "7.0"])
ISO_DAY = st.dates(
    min_value=pd.Timestamp("2000-01-01").date(), max_value=pd.Timestamp("2025-12-31").date()
).flatmap(lambda d: st.sampled_from([d.isoformat(), f"{d.isoformat()} 00:00:00.000"]))
UCDP_DATE = st.one_of(ISO_DAY, ISO_DAY, ISO_DAY, DATE)


@st.composite
def ucdp_file(draw) -> tuple[bytes, int]:
    """(the file's bytes, how many data rows it has): UCDP GED's yearly or older layout."""
    n = draw(st.integers(1, 10))
    rows = []
    for _ in range(n):
        start = draw(UCDP_DATE)
        cells = {
            "id": draw(st.sampled_from(["410001", "410002", "410003", "", "410004"])),
            "type_of_violence": draw(st.sampled_from(["1", "2", "3", "", "4"])),
            "side_a": draw(st.sampled_from(SIDES)),
            "side_b": draw(st.sampled_from(SIDES)),
            "where_prec": draw(st.sampled_from(["1", "2", "3", "4", "5", "6", "7", "", "8"])),
            "where_coordinates": draw(st.sampled_from(["Abu Kamal town", "Hajin town", "", "Syria"])),
            "adm_1": draw(st.sampled_from(["Dayr Az Zawr governorate", "Aleppo governorate", ""])),
            "latitude": draw(COORD),
            "longitude": draw(COORD),
            "date_prec": draw(st.sampled_from(["1", "2", "3", "4", "5", "", "6"])),
            "date_start": start,
            "date_end": draw(st.sampled_from([start, "", "2021-01-20", "2019-12-31"])),
            **{c: str(draw(st.integers(0, 40))) for c in ucdp.DEATHS},
        }
        broken = draw(st.sampled_from([None, None, None, *ucdp.DEATHS]))
        if broken:
            cells[broken] = draw(BAD_COUNT)
        rows.append(cells)
    layout = ucdp.VOCABULARY["layouts"][draw(st.sampled_from(["yearly", "older"]))]
    missing = draw(st.sampled_from([None, None, None, "latitude", "date_start", "side_a"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t"])), lineterminator="\n")
    header = [c for c in layout if c != missing]
    writer.writerow(header)
    for cells in rows:
        line = [cells.get(c, "") for c in header]
        if draw(st.integers(0, 9)) == 0:
            line = line[: draw(st.integers(1, len(line)))]  # a ragged row
        writer.writerow(line)
    return _encoded(draw, out.getvalue()), n


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(acled_file(), ucdp_file()))
def test_any_acled_or_ucdp_file_gets_one_outcome_per_row(case: tuple[bytes, int]) -> None:
    data, n = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.csv"
        path.write_bytes(data)
        try:
            incidents, sites, report = tables.read_table(path)
        except SourceError as exc:
            assert str(path) in str(exc)  # a file-level message names the file
            return
        assert report.rows_in == n
        assert report.n_drawn + report.n_skipped == n
        assert len(incidents) == report.n_drawn == len(sites)
        assert incidents["id"].is_unique
        assert sites["lat"].map(math.isfinite).all() and sites["lon"].map(math.isfinite).all()
        assert sites["lat"].abs().le(90).all() and sites["lon"].abs().le(180).all()
        raw = _rows(data)
        drawn = incidents.merge(sites, left_on="id", right_on="incident_id", suffixes=("", "_site"))
        for row in drawn.itertuples():
            source = _source_row(row.id, raw)
            assert row.lat == float(source["latitude"].replace(",", "."))
            assert row.lon == float(source["longitude"].replace(",", "."))
            actor1 = source.get("actor1", source.get("side_a", ""))
            if row.attacker == "no-attacker":  # not a strike: actor1 / side A is a party only
                if "type_of_violence" in source:
                    assert not ucdp.violence(source["type_of_violence"])[3]
                else:
                    assert not acled_read.is_strike(
                        source.get("event_type", ""), source.get("sub_event_type", "")
                    )
            elif row.attacker == "unknown":
                assert actor1 == "" or actor1.startswith("Unidentified")
            else:
                known = actors.known_actors().get(row.attacker)
                assert row.attacker_label == actor1 or (known and actor1.split(" (")[0] in known.names)
            if "best" in source:  # UCDP: low to high, best where either is blank
                low = source["low"] or source["best"]
                assert (pd.isna(row.killed_min) and low == "") or row.killed_min == int(float(low))
                continue
            toll = source.get("fatalities", "").strip()
            assert (pd.isna(row.killed_min) and toll == "") or str(row.killed_min) == toll.rstrip("+")
        text = io.StringIO()
        export(LoadResult([], [], incidents, sites, report), "geojson", text)
        json.loads(text.getvalue(), parse_constant=_refuse)


def _rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(first line, cells by lower-case column) of every data row, as the loader numbers them."""
    from incidents.ingest import IngestReport
    from incidents.source_files import decode

    text = decode(Path("x.csv"), data, IngestReport(source="x")).lstrip("\ufeff")
    delimiter = max(",;\t", key=text.split("\n", 1)[0].count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.lower() for h in next(reader)]
    rows, start = [], reader.line_num + 1
    for cells in reader:
        rows.append((start, dict(zip(header, cells, strict=False))))
        start = reader.line_num + 1
    return rows


def _source_row(incident_id: str, rows: list[tuple[int, dict[str, str]]]) -> dict[str, str]:
    """The row a drawn incident came from: by the line in a made-up id, else the id's first row."""
    if "-line-" in incident_id:
        line = int(incident_id.rsplit("-line-", 1)[1])
        return next(cells for start, cells in rows if start == line)
    width = max(len(cells) for _, cells in rows)  # a ragged row was skipped: not the one drawn
    return next(
        cells
        for _, cells in rows
        if len(cells) == width
        and incident_id in ("acled-" + cells.get("event_id_cnty", "").lower(), "ucdp-" + cells.get("id", ""))
    )


def _refuse(constant: str) -> None:
    raise AssertionError(f"not strict JSON: {constant}")
