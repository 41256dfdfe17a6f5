"""Corroboration: candidates with known answers; reasons a person can check; nothing merged."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd

from incidents import corroborate, tables

ROOT = Path(__file__).resolve().parents[2]
UCDP = ROOT / "tests" / "fixtures" / "ucdp" / "ucdp-ged-sample.csv"
ABU_KAMAL = (34.4523, 40.9185)
HEADER = "id,title,event_type,date_start,date_end,date_precision,date_years,lat,lon,precision_m\n"


def _table(tmp_path: Path, name: str, rows: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    path = tmp_path / f"{name}.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    incidents, sites, report = tables.read_table(path)
    assert report.n_skipped == 0, report.lines()
    return incidents, sites


def _matches(tmp_path: Path, ours: list[str], theirs: list[str]) -> dict[tuple[str, str], str]:
    found = corroborate.candidates(*_table(tmp_path, "ours", ours), *_table(tmp_path, "theirs", theirs))
    return {(row.id, row.match_id): row.reason for row in found.itertuples()}


def test_same_day_and_place_matches_a_day_apart_does_not(tmp_path: Path) -> None:
    lat, lon = ABU_KAMAL
    ours = [f"strike,Strike,air-strike,2021-01-13,2021-01-13,day,,{lat},{lon},3000"]
    theirs = [
        f"same,Same,state-based-armed-conflict-ucdp,2021-01-13,2021-01-13,day,,{lat + 0.027},{lon},3000",
        f"next-day,Next,state-based-armed-conflict-ucdp,2021-01-14,2021-01-14,day,,{lat},{lon},3000",
        f"far,Far,state-based-armed-conflict-ucdp,2021-01-13,2021-01-13,day,,{lat + 0.9},{lon},3000",
        f"protest,Protest,peaceful-protest,2021-01-13,2021-01-13,day,,{lat},{lon},3000",
        f"week,Week,armed-clash,2021-01-10,2021-01-16,week,,{lat},{lon},25000",
    ]
    found = _matches(tmp_path, ours, theirs)
    assert found[("strike", "same")] == "same day, 3 km; types Air strike / state-based-armed-conflict-ucdp"
    assert ("strike", "next-day") not in found  # a day apart, both exact days: beyond both precisions
    assert ("strike", "far") not in found  # 100 km: beyond 3 + 3 km
    assert ("strike", "protest") not in found  # a protest is not a strike
    assert found[("strike", "week")].startswith("possible days overlap on 2021-01-13, under 1 km")
    assert set(found) == {("strike", "same"), ("strike", "week")}


def test_a_year_unknown_record_matches_only_on_its_candidate_days(tmp_path: Path) -> None:
    lat, lon = ABU_KAMAL
    ours = [f"sept-04,Drones,drone-strike,2019-09-04,2021-09-04,day-year-unknown,2019|2021,{lat},{lon},3000"]
    theirs = [
        f"in-2021,A,drone-strike,2021-09-04,2021-09-04,day,,{lat},{lon},3000",
        f"in-2020,B,air-strike,2020-09-04,2020-09-04,day,,{lat},{lon},3000",  # not a candidate year
        f"day-after,C,air-strike,2021-09-05,2021-09-05,day,,{lat},{lon},3000",
        f"month,D,drone-strike,2019-09-01,2019-09-30,month,,{lat},{lon},3000",
    ]
    found = _matches(tmp_path, ours, theirs)
    assert found == {
        ("sept-04", "in-2021"): "candidate day 2021-09-04, under 1 km",
        ("sept-04", "month"): "candidate day 2019-09-04, under 1 km",
    }


def test_the_command_matches_our_records_against_a_ucdp_file() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "incidents", "corroborate", "--table", str(UCDP)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = pd.read_csv(io.StringIO(done.stdout), dtype=str, keep_default_na=False)
    assert tuple(found.columns) == corroborate.COLUMNS
    row = found[
        (found["id"] == "2021-01-13-air-raids-al-bukamal-border") & (found["match_id"] == "ucdp-410001")
    ]
    assert row["reason"].iloc[0].startswith("same day, under 1 km")
    assert row["match_killed"].iloc[0] == "5-9 killed" and row["match_outlets"].iloc[0] == "SOHR"
    assert "nothing merged or changed" in done.stderr
