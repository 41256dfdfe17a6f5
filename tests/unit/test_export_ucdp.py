"""Our records in UCDP GED's columns: only what we know, and a UCDP table's own values back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from incidents import tables, ucdp
from incidents.export import export
from incidents.load import LoadResult, load_incidents
from incidents.ucdp_export import date_prec

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "ucdp" / "ucdp-ged-sample.csv"


def _rows(result: LoadResult) -> list[dict[str, str]]:
    out = io.StringIO()
    export(result, "ucdp", out)
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    assert tuple(reader.fieldnames or ()) == ucdp.COLUMNS
    return list(reader)


def test_our_records_leave_blank_what_we_do_not_code() -> None:
    result = load_incidents()
    rows = {row["id"]: row for row in _rows(result)}
    assert len(rows) == len(result.incidents)
    for incident in result.incidents.to_dict("records"):
        row = rows[incident["id"]]
        assert row["best"] == "" and row["type_of_violence"] == "" and row["event_clarity"] == ""
        assert row["date_start"] == str(incident["date_start"].date())
        assert row["date_end"] == str(incident["date_end"].date())
        named = incident["confidence"] in ("confirmed", "likely") and incident["attacker"] != "unknown"
        assert row["side_a"] == (incident["attacker_label"] if named else "")
        low = incident["killed_min"]
        assert row["low"] == ("" if pd.isna(low) else str(low))


def test_a_ucdp_table_comes_back_with_its_own_codes(tmp_path: Path) -> None:
    incidents, sites, report = tables.read_table(SAMPLE)
    path = tmp_path / "again.csv"
    rows = _rows(LoadResult([], [], incidents, sites, report))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ucdp.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    original = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).set_index("id")
    again = pd.read_csv(path, dtype=str, keep_default_na=False).set_index("id")
    assert list(again.index) == list(original.index)
    for column in ("type_of_violence", "side_a", "side_b", "low", "high", "latitude", "longitude"):
        assert again[column].to_dict() == original[column].to_dict(), column
    assert again["date_start"].to_dict() == original["date_start"].str[:10].to_dict()
    # where_prec 1 and 2 come back; the coarser codes become our region (5) or unknown (blank).
    assert again["where_prec"].tolist() == ["1", "2", "5", "5", "5", "5", ""]
    assert again["date_prec"].tolist() == ["1", "2", "3", "4", "5", "4", "1"]
    read_back, _, second = tables.read_table(path)
    assert second.n_skipped == 0
    assert read_back["killed_min"].tolist() == incidents["killed_min"].tolist()


def test_date_prec_follows_the_span() -> None:
    day = pd.Timestamp("2021-01-13")
    assert date_prec(day, day) == "1"
    assert date_prec(day, day + pd.Timedelta(days=5)) == "2"
    assert date_prec(day, day + pd.Timedelta(days=6)) == "3"
    assert date_prec(pd.Timestamp("2021-01-01"), pd.Timestamp("2021-01-31")) == "4"
    assert date_prec(pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31")) == "5"
    assert date_prec(pd.Timestamp("2018-09-04"), pd.Timestamp("2021-09-04")) == ""
