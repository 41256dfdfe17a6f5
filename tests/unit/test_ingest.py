"""Every file a user brings: one outcome per row, the stated message, no traceback, nothing made up."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from incidents import acled_read, actors, importer, parties, tables
from incidents.export import export
from incidents.ingest import IngestReport, SourceError
from incidents.source_files import read_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
CURRENT = FIXTURES / "acled-current-defects.csv"
OLD = FIXTURES / "acled-old-layout.csv"
ROOT = Path(__file__).resolve().parents[2]

with (FIXTURES / "expected.csv").open(encoding="utf-8", newline="") as _handle:
    EXPECTED = list(csv.DictReader(_handle))


def _report(name: str) -> IngestReport:
    return tables.read_table(FIXTURES / name)[2]


@pytest.mark.parametrize("row", EXPECTED, ids=[f"{r['file']}:{r['line']}" for r in EXPECTED])
def test_each_defect_gets_its_stated_outcome(row: dict[str, str]) -> None:
    report = _report(row["file"])
    issues = report.skipped if row["outcome"] == "skipped" else report.warnings
    found = [i for i in issues if i.row == int(row["line"])]
    assert found, f"{row['file']} line {row['line']}: no {row['outcome']} outcome; got\n" + "\n".join(
        report.lines()
    )
    assert found[0].column == row["column"] and row["reason"] in found[0].reason, found[0]


@pytest.mark.parametrize("name", sorted({r["file"] for r in EXPECTED}))
def test_rows_in_equal_rows_drawn_plus_rows_skipped(name: str) -> None:
    incidents, sites, report = tables.read_table(FIXTURES / name)
    expected_skips = {int(r["line"]) for r in EXPECTED if r["file"] == name and r["outcome"] == "skipped"}
    assert report.skipped_rows == expected_skips, report.lines()
    assert len(incidents) == report.n_drawn == report.rows_in - len(expected_skips)
    assert sites["lat"].between(-90, 90).all() and sites["lon"].between(-180, 180).all()
    assert incidents["id"].is_unique


def test_current_layout_names_no_attacker_its_source_does_not() -> None:
    incidents, _, _ = tables.read_table(CURRENT)
    raw = pd.read_csv(CURRENT, dtype=str, keep_default_na=False, on_bad_lines="skip")
    by_id = dict(zip("acled-" + raw["event_id_cnty"].str.lower(), raw["actor1"], strict=False))
    kinds = dict(
        zip(
            "acled-" + raw["event_id_cnty"].str.lower(),
            zip(raw["event_type"], raw["sub_event_type"], strict=True),
            strict=False,
        )
    )
    for row in incidents.itertuples():
        actor1 = by_id.get(row.id, "Unidentified Military Forces")
        if row.attacker == "no-attacker":  # not a strike: actor1 is a party, not an attacker
            assert not acled_read.is_strike(*kinds[row.id]) and row.confidence == "unknown"
        elif row.attacker == "unknown":
            assert actor1.startswith("Unidentified") or actor1 == ""
        else:
            known = actors.known_actors().get(row.attacker)
            # A known actor only by its declared name before ACLED's "(years)"; else its own name.
            assert (known and actor1.split(" (")[0] in known.names) or row.attacker_label == actor1
            assert row.confidence == "attributed"  # what ACLED states, never "likely"
    # Islamic State is actor1 of a battle only: a party, never its attacker.
    assert set(incidents["attacker"]) == {"united-states", "russia", "no-attacker", "unknown"}


def test_old_layout_loads_with_its_own_actors_and_types() -> None:
    incidents, sites, report = tables.read_table(OLD)
    assert report.rows_in == 6 and report.n_skipped == 1
    by_id = incidents.set_index("id")
    misratah = by_id.loc["acled-lby1001"]
    # A battle has no attacker; its actors are parties, and "Militia" in a name makes nobody
    # Iran-backed: the actor keeps its own name.
    assert misratah["attacker"] == "no-attacker"
    assert "misratah-communal-militia-libya" in parties.slugs(misratah["parties"])
    assert misratah["event_type_label"] == "Battle-No change of territory"
    assert by_id.loc["acled-lby1002", "event_type"] == "remote-violence"
    assert by_id.loc["acled-lby1002", "attacker"] == "unknown"
    assert by_id.loc["acled-lby1003", "attacker"] == "united-states"
    assert by_id.loc["acled-nig2001", "date_start"] == pd.Timestamp("2016-01-05")  # 05-January-2016
    assert by_id.loc["acled-lby1001", "date_start"] == pd.Timestamp("2016-01-02")  # 02/01/2016, day first
    # Blank geo_precision and fatalities: precision unknown (the widest radius), toll unknown.
    maiduguri = sites.set_index("incident_id").loc["acled-nig2003"]
    assert (maiduguri["location_precision"], maiduguri["precision_m"]) == ("unknown", 100_000)
    assert pd.isna(by_id.loc["acled-nig2003", "killed_min"])


def test_blank_precision_codes_claim_nothing() -> None:
    incidents, sites, _ = tables.read_table(CURRENT)
    row = incidents.set_index("id").loc["acled-syr10013"]
    site = sites.set_index("incident_id").loc["acled-syr10013"]
    assert row["date_precision"] == "unknown" and "precision unknown" in row["date_note"]
    assert (row["date_start"], row["date_end"]) == (pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29"))
    assert (site["location_precision"], site["precision_m"]) == ("unknown", 100_000)


def test_a_toll_of_ten_plus_is_at_least_ten() -> None:
    incidents, _, _ = tables.read_table(CURRENT)
    row = incidents.set_index("id").loc["acled-syr10010"]
    assert row["killed_min"] == 10 and pd.isna(row["killed_max"])


def test_import_and_table_apply_the_same_mapping(tmp_path: Path) -> None:
    """The same rows through import-acled (records) and the large-table loader give the same answers."""
    for source in (CURRENT, OLD):
        table, sites, report = tables.read_table(source)
        result = importer.import_acled(source, tmp_path / source.stem)
        assert result.report.skipped_rows == report.skipped_rows
        from incidents.load import load_incidents

        gazetteer = importer.gazetteer_for(tmp_path / source.stem)
        loaded = load_incidents(tmp_path / source.stem, gazetteer=gazetteer)
        assert loaded.errors == []
        columns = ["id", "event_type", "event_type_label", "attacker", "attacker_label", "confidence"]
        columns += ["date_start", "date_end", "date_precision", "killed_min", "killed_max"]
        ours = loaded.incidents[columns].sort_values("id").reset_index(drop=True)
        theirs = table[columns].sort_values("id").reset_index(drop=True)
        pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
        site_columns = ["incident_id", "location_precision", "lat", "lon"]
        imported = loaded.sites[site_columns].sort_values("incident_id").reset_index(drop=True)
        direct = sites[site_columns].sort_values("incident_id").reset_index(drop=True)
        pd.testing.assert_frame_equal(imported.iloc[:, :2], direct.iloc[:, :2])
        # The import puts a row on our gazetteer's place only when ACLED's point is within its radius.
        assert (imported[["lat", "lon"]] - direct[["lat", "lon"]]).abs().max().max() < 0.05


def test_import_never_writes_a_folder_validate_rejects(tmp_path: Path) -> None:
    out = tmp_path / "records"
    done = _cli("import-acled", str(CURRENT), "-o", str(out))
    assert done.returncode == 1  # rows were skipped, and each is listed
    assert 'skipped line 5: latitude "91": latitude is outside -90..90' in done.stderr
    assert "20 rows, 8 drawn" in done.stderr
    checked = _cli("validate", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"event_id_cnty,event_date,latitude,longitude\n", "has a header but no rows"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "looks like a PNG image"),
        (bytes(range(256)) * 8, "looks like binary data"),
        (b"PK\x03\x04" + b"\x00" * 100, "Excel workbook"),
        (b'{"rows": [1, 2]}', "not a GeoJSON FeatureCollection"),
        (b"a,b\n1,2\n", "Its columns: a, b"),
        (b"id,latitude,longitude,date\n1,34.4,40.9,2021\n", "match no layout we know"),
        (b"event_id_cnty,event_date,location\nX1,2021-01-01,Abu Kamal\n", "no column latitude, longitude"),
    ],
    ids=[
        "empty",
        "blank",
        "header-only",
        "png",
        "binary",
        "xlsx",
        "json",
        "other-columns",
        "an-id-but-not-ours",
        "no-coordinates",
    ],
)
def test_a_file_that_is_not_data_gets_one_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        tables.read_table(path)
    result = tables.load_result(path)  # the app's path: empty tables and the message, no traceback
    assert message in result.report.error and len(result.incidents) == 0
    done = _cli("check-source", str(path))
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("encoding", "delimiter", "note"),
    [
        ("utf-8-sig", ",", None),
        ("utf-16", ",", "read as UTF-16"),
        ("utf-16-le", ",", "read as UTF-16"),
        ("cp1252", ",", "read as Windows-1252"),
        ("utf-8", ";", "columns separated by semicolons"),
        ("utf-8", "\t", "columns separated by tabs"),
    ],
)
def test_real_encodings_and_delimiters_load(tmp_path: Path, encoding: str, delimiter: str, note: str) -> None:
    frame = pd.read_csv(OLD, dtype=str, keep_default_na=False)
    frame.loc[0, "LOCATION"] = "Sirte Café"  # a character outside ASCII
    path = tmp_path / "old.csv"
    path.write_bytes(frame.to_csv(index=False, sep=delimiter).encode(encoding))
    incidents, sites, report = tables.read_table(path)
    assert report.rows_in == 6 and len(incidents) == 5
    assert "Sirte Café" in set(sites["place_name"])
    read = [n for n in report.notes if not n.startswith("columns not used")]
    assert (note is None and not read) or any(note in n for n in read)


def test_a_csv_named_parquet_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    path.write_bytes(CURRENT.read_bytes())
    incidents, _, report = tables.read_table(path)
    assert len(incidents) == 8 and any("read as CSV" in n for n in report.notes)


def test_a_corrupt_parquet_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    path.write_bytes(b"PAR1" + b"\x00" * 64)
    with pytest.raises(SourceError, match="not a readable Parquet file"):
        read_source(path)


def test_an_oversized_cell_skips_its_row_only(tmp_path: Path) -> None:
    lines = OLD.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("A car bomb exploded", "x" * 1_000_000)
    path = tmp_path / "old.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    incidents, _, report = tables.read_table(path)
    assert [i.row for i in report.skipped] == [3, 6]
    assert "longer than 32,767 characters" in report.skipped[0].reason
    assert len(incidents) == 4


def test_mixed_date_styles_are_each_parsed(tmp_path: Path) -> None:
    frame = pd.read_csv(CURRENT, dtype=str, keep_default_na=False, on_bad_lines="skip").iloc[:1]
    frame = pd.concat([frame] * 4, ignore_index=True)
    frame["event_id_cnty"] = ["A1", "A2", "A3", "A4"]
    frame["event_date"] = ["13 January 2021", "2021-01-14", "15/01/2021", "2021-01-16"]
    path = tmp_path / "mixed.csv"
    frame.to_csv(path, index=False)
    incidents, _, report = tables.read_table(path)
    assert report.n_skipped == 0
    assert [d.day for d in incidents["date_start"]] == [13, 14, 15, 16]


def test_geojson_export_is_strict_json_with_the_report(tmp_path: Path) -> None:
    result = tables.load_result(CURRENT)
    out = tmp_path / "out.geojson"
    with out.open("w", encoding="utf-8") as handle:
        export(result, "geojson", handle)
    text = out.read_text(encoding="utf-8")

    def refuse(constant: str) -> None:
        raise AssertionError(f"not strict JSON: {constant}")

    data = json.loads(text, parse_constant=refuse)
    assert len({f["properties"]["id"] for f in data["features"]}) == 8
    assert data["ingest"]["rows"] == 20 and len(data["ingest"]["skipped"]) == 12


def test_export_cli_prints_every_skipped_row_and_the_summary() -> None:
    done = _cli("export", "--format", "csv", "--table", str(CURRENT))
    assert done.returncode == 0
    assert "acled-current-defects.csv: 20 rows, 8 drawn (3 with a warning), 12 skipped" in done.stderr
    assert 'skipped line 3: latitude "": latitude is blank' in done.stderr
    assert len(done.stdout.strip().splitlines()) == 1 + 8


def test_check_source_is_a_dry_run_with_an_exit_status() -> None:
    bad = _cli("check-source", str(CURRENT))
    assert bad.returncode == 1 and "12 skipped" in bad.stderr
    good = _cli("check-source", str(ROOT / "tests" / "fixtures" / "acled" / "acled-sample.csv"))
    assert good.returncode == 0 and "0 skipped" in good.stderr


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "incidents", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
