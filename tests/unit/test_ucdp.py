"""UCDP GED through the same ingestion step as ACLED: each code of the fixture mapped as the codebook says."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from incidents import tables, ucdp
from incidents.ingest import SourceError

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "ucdp" / "ucdp-ged-sample.csv"


@pytest.fixture(scope="module")
def loaded() -> tuple[pd.DataFrame, pd.DataFrame, object]:
    incidents, sites, report = tables.read_table(SAMPLE)
    return incidents.set_index("id"), sites.set_index("incident_id"), report


STATE, NON_STATE, ONE_SIDED = (
    "State-based armed conflict (UCDP)",  # type_of_violence 1
    "Non-state conflict (UCDP)",  # 2
    "One-sided violence (UCDP)",  # 3
)
# id: (event type label, date precision, start, end, location precision, radius m, low, high, confidence)
EXPECTED = {
    "410001": (STATE, "day", "2021-01-13", "2021-01-13", "town", 3000, 5, 9, "unknown"),
    "410002": (ONE_SIDED, "range", "2021-02-09", "2021-02-12", "area", 25000, 4, 4, "attributed"),
    "410003": (NON_STATE, "week", "2021-03-08", "2021-03-14", "region", 50000, 3, 5, "unknown"),
    "410004": (STATE, "month", "2021-04-01", "2021-04-30", "region", 150000, 10, 20, "unknown"),
    "410005": (STATE, "year", "2021-01-01", "2021-12-31", "region", 300000, 70, 85, "unknown"),
    "410006": (ONE_SIDED, "month", "2021-05-01", "2021-05-31", "region", 450000, 3, 3, "attributed"),
    "410007": (STATE, "day", "2021-07-04", "2021-07-04", "unknown", 450000, 1, 1, "unknown"),
}  # fmt: skip


@pytest.mark.parametrize("ucdp_id", sorted(EXPECTED))
def test_each_ucdp_code_is_mapped_as_the_codebook_says(loaded, ucdp_id: str) -> None:
    incidents, sites, _ = loaded
    label, date_precision, start, end, where, radius, low, high, confidence = EXPECTED[ucdp_id]
    row, site = incidents.loc[f"ucdp-{ucdp_id}"], sites.loc[f"ucdp-{ucdp_id}"]
    assert row["event_type_label"] == label
    assert (row["date_precision"], str(row["date_start"].date()), str(row["date_end"].date())) == (
        date_precision,
        start,
        end,
    )
    assert (site["location_precision"], int(site["precision_m"])) == (where, radius)
    assert (int(row["killed_min"]), int(row["killed_max"])) == (low, high)
    assert row["confidence"] == confidence


def test_sides_places_deaths_sources_and_clarity_are_shown(loaded) -> None:
    incidents, sites, _ = loaded
    first = incidents.loc["ucdp-410001"]
    # State-based conflict: UCDP does not say who attacked, so no attacker; both sides are parties.
    assert first["attacker"] == "no-attacker" and first["confidence"] == "unknown"
    assert first["parties"] == "Government of Syria|IS" and first["targets"] == "IS"
    assert first["claims_text"] == "UCDP side A: Government of Syria; side B: IS"
    assert "side A is always a government" in first["reasoning"]  # side A is not "the attacker"
    assert (
        first["title"]
        == "State-based armed conflict (UCDP) in Abu Kamal town: best estimate 6 killed (civilians: 1)"
    )
    assert (
        "best estimate 6 (low 5, high 9); side A 2, side B 3, civilians 1, unknown 0." in first["reasoning"]
    )
    assert "event clarity 1 (high)" in first["reasoning"]
    assert "Sources: Air raids on Albu Kamal (2021-01-13)." in first["reasoning"]
    assert first["outlets"] == "SOHR" and first["place_names"] == "Abu Kamal town"
    assert sites.loc["ucdp-410001", "governorate"] == "dayr-az-zawr"
    assert sites.loc["ucdp-410001", "country"] == "SY"
    assert (sites.loc["ucdp-410001", "lat"], sites.loc["ucdp-410001", "lon"]) == (34.4506, 40.9186)
    one_sided = incidents.loc["ucdp-410002"]
    assert (
        one_sided["attacker_label"] == "IS"
        and "side A is the government or organised group" in one_sided["reasoning"]
    )
    assert one_sided["outlets"] == "Enab Baladi;SANA"
    assert "event clarity 2 (lower)" in incidents.loc["ucdp-410004", "reasoning"]
    assert "where_prec 7: over water" in incidents.loc["ucdp-410007", "reasoning"]


def test_the_report_names_every_column_not_used(loaded) -> None:
    *_, report = loaded
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    unused = [c for c in header if c not in ucdp.USED]
    assert f"columns not used: {', '.join(unused)}" in report.notes
    assert "geom_wkt" in unused and "best" not in unused
    done = subprocess.run(
        [sys.executable, "-m", "incidents", "check-source", str(SAMPLE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "7 rows, 7 drawn, 0 skipped; columns not used: relid, year, active_year" in done.stderr


def test_the_older_layout_and_bad_cells_get_one_outcome_each(tmp_path: Path) -> None:
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    older = frame[list(ucdp.VOCABULARY["layouts"]["older"])].copy()
    older.loc[1, "best"] = "many"
    older.loc[2, "date_start"] = "March 2021"
    older.loc[3, "latitude"] = ""
    older.loc[4, "where_prec"] = "9"
    path = tmp_path / "ged191.csv"
    older.to_csv(path, index=False)
    incidents, sites, report = tables.read_table(path)
    assert report.rows_in == 7 and report.n_skipped == 3 and len(incidents) == 4
    reasons = {i.row: (i.column, i.reason) for i in report.skipped}
    assert reasons[3] == ("best", "best must be a whole number of at least 0")
    assert reasons[4][0] == "date_start" and "not a date" in reasons[4][1]
    assert reasons[5] == ("latitude", "latitude is blank")
    unknown = sites.set_index("incident_id").loc["ucdp-410005"]
    assert (unknown["location_precision"], int(unknown["precision_m"])) == ("unknown", 450000)


def test_a_ucdp_file_without_its_dates_is_refused_with_what_it_needs(tmp_path: Path) -> None:
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).drop(columns=["date_start"])
    path = tmp_path / "ged.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(SourceError, match=r"UCDP GED's layout needs .*; no column date_start"):
        tables.read_table(path)


def test_import_makes_records_that_validate(tmp_path: Path) -> None:
    out = tmp_path / "records"

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "incidents", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )

    done = cli("import-acled", str(SAMPLE), "-o", str(out))  # the old name imports any known layout
    assert done.returncode == 0, done.stderr
    assert "7 records written" in done.stderr
    checked = cli("validate", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr

    from incidents.importer import gazetteer_for
    from incidents.load import load_incidents

    records = {r.id: r for r in load_incidents(out, gazetteer=gazetteer_for(out)).records}
    state = records["ucdp-410001"]
    assert (state.event_type_name, state.date.precision.value) == ("State-based armed conflict (UCDP)", "day")
    assert state.locations[0].place_id == "al-bukamal"  # UCDP's point is our place's point
    assert (state.killed[0].min, state.killed[0].max) == (5, 9)
    assert "best estimate 6; civilians among them: 1." in (state.killed[0].note or "")
    assert state.claims == [] and state.assessment.confidence.value == "unknown"  # side A did not "attack"
    assert state.sources[0].quotes == ["Air raids on Albu Kamal"]
    one_sided = records["ucdp-410002"]
    assert one_sided.claims[0].actor == "IS" and one_sided.claims[0].stance.value == "attributed-by-source"
    assert one_sided.targets == ["Civilians"]
    places = pd.read_csv(out / "places.csv", dtype=str, keep_default_na=False).set_index("place_id")
    assert places.loc["ucdp-syrian-badia", "provenance"] == "ucdp:410005"
    assert places.loc["ucdp-syrian-badia", "precision_m"] == "300000"


def test_import_refuses_a_record_validate_would_reject_and_names_its_row(tmp_path: Path) -> None:
    """A UCDP row whose record passes the schema but not `validate` is not written; it is counted
    and listed with its line, and DIR validates. Here a row with no text at all (no headline, no
    description, no place name): its record could only quote "UCDP 410003", which its source
    file does not say."""
    from incidents.importer import documents_dir, gazetteer_for, import_any
    from incidents.validate import check_files

    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    bare = frame.index[frame["id"] == "410003"][0]
    words = ["source_headline", "where_description", "where_coordinates", "adm_1", "adm_2", "country"]
    frame.loc[bare, words] = ""
    path = tmp_path / "ged-bare.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "records"
    result = import_any(path, out)
    written = sorted(p.stem for p in result.written)
    assert "ucdp-410003" not in written and len(written) == len(frame) - 1
    [refused] = [i for i in result.report.skipped if i.value == "410003"]
    assert refused.row == bare + 2  # the CSV line (1: the header)
    assert refused.reason == (
        "not written, `validate` would reject it: sources[0].quotes[0]: quote not found verbatim in "
        "ged-bare.csv: 'UCDP 410003'"
    )
    assert result.report.n_skipped == 1
    assert any(line.startswith(f"ged-bare.csv: skipped line {bare + 2}") for line in result.skipped)
    with documents_dir(out, None) as documents:
        checked = check_files(sorted(out.glob("*.yaml")), gazetteer_for(out), documents)
    assert checked.errors == [] and len(checked.records) == len(written)
