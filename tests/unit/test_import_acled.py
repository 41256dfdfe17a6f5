"""import-acled: ACLED rows become records that validate, and export -> import -> export is lossless."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from incidents.export import export
from incidents.importer import gazetteer_for, import_acled
from incidents.load import load_incidents
from incidents.model import ACLED_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "acled" / "acled-sample.csv"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "incidents", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def _acled_rows(text: str) -> list[dict[str, str]]:
    return sorted(csv.DictReader(io.StringIO(text)), key=lambda row: row["event_id_cnty"])


def _export_dir(directory: Path) -> str:
    out = io.StringIO()
    export(load_incidents(directory, gazetteer=gazetteer_for(directory)), "acled", out, acled_uncertain=True)
    return out.getvalue()


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("round-trip")
    first = tmp / "ours.acled.csv"
    # Every incident, the ones ACLED cannot date too (tagged), so the round trip covers them all.
    assert _cli("export", "--format", "acled", "--acled-uncertain", "-o", str(first)).returncode == 0
    imported = tmp / "imported"
    result = import_acled(first, imported)
    return first, imported, result


def test_export_import_export_gives_identical_rows(round_trip) -> None:
    first, imported, result = round_trip
    assert result.skipped == []
    original = _acled_rows(first.read_text(encoding="utf-8"))
    again = _acled_rows(_export_dir(imported))
    assert len(again) == len(original) > len(result.written) > 20  # one row per site
    incidents = {row["event_id_cnty"].split(".")[0] for row in original}
    assert len(result.written) == len(incidents)
    assert list(again[0]) == list(ACLED_COLUMNS)
    assert again == original


def test_imported_records_keep_our_fields(round_trip) -> None:
    _, imported, _ = round_trip
    ours = load_incidents().incidents.set_index("id")
    back = load_incidents(imported, gazetteer=gazetteer_for(imported)).incidents.set_index("id")
    assert sorted(back.index) == sorted(ours.index)
    columns = [
        "event_type",
        "date_start",
        "date_end",
        "date_precision",
        "attacker",
        "confidence",
        "killed_min",
    ]
    pd.testing.assert_frame_equal(back.loc[ours.index, columns], ours[columns])


def test_imported_records_validate(round_trip, tmp_path: Path) -> None:
    _, imported, _ = round_trip
    # Quotes are checked against the imported CSV's cells, whatever --seeds points at.
    done = _cli("validate", str(imported), "--seeds", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stderr


def test_acled_sample_imports_with_its_own_places(tmp_path: Path) -> None:
    out = tmp_path / "records"
    done = _cli("import-acled", str(SAMPLE), "-o", str(out))
    assert done.returncode == 0, done.stderr
    result = load_incidents(out, gazetteer=gazetteer_for(out))
    assert result.errors == []
    by_id = {r.id: r for r in result.records}
    assert sorted(by_id) == ["acled-syr90001", "acled-syr90002", "acled-syr90003", "acled-syr90004"]

    strike = by_id["acled-syr90001"]
    assert strike.event_type == "air-strike" and strike.assessment.attacker == "israel"
    assert strike.locations[0].place_id == "al-bukamal"  # ACLED's point is our place's point
    assert strike.killed[0].min == 5 and strike.targets[0].startswith("Military Forces of Iran")
    assert strike.sources[0].quotes[0].startswith("On 13 January 2021, Israeli warplanes")
    assert strike.acled is not None and strike.acled["inter2"] == "8"

    drone = by_id["acled-syr90002"]  # a UAV in the notes; a place not in our gazetteer; a week
    assert drone.event_type == "drone-strike" and drone.assessment.attacker == "unknown"
    assert (str(drone.date.start), str(drone.date.end), drone.date.precision.value) == (
        "2021-02-08",
        "2021-02-14",
        "week",
    )
    assert drone.locations[0].place_id == "acled-gharanij" and drone.locations[0].precision.value == "area"

    shelling = by_id["acled-syr90003"]  # an older "15 March 2021" date, month precision
    assert shelling.event_type == "shelling" and shelling.date.precision.value == "month"
    assert (str(shelling.date.start), str(shelling.date.end)) == ("2021-03-01", "2021-03-31")
    assert shelling.sources[0].quotes[0].startswith("=HYPERLINK")

    moved = by_id["acled-syr90004"]
    # ACLED's "Change to group/activity" covers more than troop movements: kept under ACLED's name.
    assert (moved.event_type, moved.event_type_name) == (
        "change-to-group-activity",
        "Change to group/activity",
    )
    assert moved.locations[0].precision.value == "region"
    # Sweida is a GeoNames place of our gazetteer (issue 30): ACLED's point is its point.
    assert moved.locations[0].place_id == "as-suwayda"

    places = pd.read_csv(out / "places.csv", dtype=str, keep_default_na=False).set_index("place_id")
    assert sorted(places.index) == ["acled-gharanij"]
    assert places.loc["acled-gharanij", "provenance"] == "acled:SYR90002"
    assert places.loc["acled-gharanij", "precision_m"] == "25000"  # ACLED geo_precision 2
    assert (out / "sources" / SAMPLE.name).read_bytes() == SAMPLE.read_bytes()

    assert _cli("validate", str(out)).returncode == 0
    # Every ACLED value comes back; only the formula cell is neutralised for spreadsheets.
    original = _acled_rows(SAMPLE.read_text(encoding="utf-8"))
    again = _acled_rows(_export_dir(out))
    original[2]["notes"] = "'" + original[2]["notes"]
    assert again == original


def test_not_an_acled_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    done = _cli("import-acled", str(bad), "-o", str(tmp_path / "out"))
    assert (
        done.returncode == 2
        and "neither ACLED's layout" in done.stderr
        and "nothing to import" in done.stderr
    )


def test_a_point_coded_at_two_precisions_gets_a_place_for_each(tmp_path: Path) -> None:
    """The same named point, coded first as an area then as a town: each record validates."""
    rows = list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    area = dict(rows[1])  # Gharanij, geo_precision 2: a place of 25 km
    town = area | {"event_id_cnty": "SYR90005", "geo_precision": "1", "notes": "A second strike on Gharanij."}
    path = tmp_path / "twice.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        writer.writerows([area, town])
    out = tmp_path / "records"
    done = _cli("import-acled", str(path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    places = pd.read_csv(out / "places.csv", dtype=str, keep_default_na=False).set_index("place_id")
    assert places["precision_m"].to_dict() == {"acled-gharanij": "25000", "acled-gharanij-2": "3000"}
    checked = _cli("validate", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_import_never_writes_a_record_validate_rejects(tmp_path: Path) -> None:
    # Our own tag names the whole governorate (150 km) while ACLED's geo_precision 1 claims a town:
    # the model accepts the record, validate's place check does not; the import must skip it.
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8", newline="")))
    rows[0]["tags"] = "imap:place_id=deir-ez-zor-governorate"
    source = tmp_path / "overstated.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "records"
    result = import_acled(source, out)
    assert sorted(p.name for p in result.written) == [
        "acled-syr90002.yaml",
        "acled-syr90003.yaml",
        "acled-syr90004.yaml",
    ]
    assert any(
        "SYR90001" in line and "overstates place 'deir-ez-zor-governorate'" in line for line in result.skipped
    )
    done = _cli("validate", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
