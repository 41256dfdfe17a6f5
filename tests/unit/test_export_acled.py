"""ACLED export: ACLED's columns, one row per incident site, our precisions as ACLED's 1-3 codes,
no day that no source gives, attribution as ACLED codes it."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from incidents import acled, actors
from incidents.export import export
from incidents.filters import Filter
from incidents.load import load_incidents
from incidents.model import ACLED_COLUMNS, EventType

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

ACLED_LAYOUT = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def _rows(result, selection: Filter | None = None, uncertain: bool = False) -> pd.DataFrame:
    out = io.StringIO()
    export(result, "acled", out, selection, acled_uncertain=uncertain)
    return pd.read_csv(io.StringIO(out.getvalue()), dtype=str, keep_default_na=False).set_index(
        "event_id_cnty", drop=False
    )


@pytest.fixture(scope="module")
def real():
    return load_incidents()


@pytest.fixture(scope="module")
def rows(real) -> pd.DataFrame:
    return _rows(real)


def _fixture_result(tmp_path: Path, **changes):
    records = tmp_path / "records"
    records.mkdir()
    data = yaml.safe_load((FIXTURES / "valid" / "valid-record.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    (records / "fixture.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    shutil.copy(FIXTURES / "gazetteer-mini.csv", tmp_path / "gz.csv")
    from geodata.gazetteer import load_gazetteer

    return load_incidents(records, gazetteer=load_gazetteer(tmp_path / "gz.csv"))


def test_acled_layout_and_one_row_per_site(real, rows) -> None:
    assert list(rows.columns) == ACLED_LAYOUT == list(ACLED_COLUMNS)
    dated = real.incidents[acled.date_tags(real.incidents).isna()]
    assert len(rows) == dated["n_sites"].sum()
    assert {i.split(".")[0] for i in rows.index} == {"SYR-IMAP-" + i for i in dated["id"]}
    assert set(rows["region"]) == {"Middle East"}
    assert rows["event_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert (rows["year"] == rows["event_date"].str[:4]).all()


def test_each_site_row_has_its_own_coordinates_and_the_toll_is_counted_once(rows) -> None:
    raid = rows[rows.index.str.startswith("SYR-IMAP-2021-01-13-air-raids-al-bukamal-border")]
    assert len(raid) == 8
    assert raid[["latitude", "longitude"]].drop_duplicates().shape[0] > 3
    assert raid["fatalities"].astype(int).sum() == 5
    assert raid.loc["SYR-IMAP-2021-01-13-air-raids-al-bukamal-border", "fatalities"] == "5"
    assert raid["tags"].str.contains("imap:site=").all()


def test_no_row_carries_a_day_no_source_gives(real, rows) -> None:
    """Every row's event_date is the incident's one day, or the first day of a span of a month at most."""
    table = real.incidents.set_index("id")
    for event_id, row in rows.iterrows():
        incident = table.loc[event_id.removeprefix("SYR-IMAP-").split(".")[0]]
        start, end = incident["date_start"].date(), incident["date_end"].date()
        assert row["event_date"] == start.isoformat()
        assert (end - start).days <= 30 and (start.year, start.month) == (end.year, end.month), event_id
        assert incident["date_precision"] not in ("day-year-unknown", "weekday")
        if row["time_precision"] == "1":
            assert start == end
    assert not rows["tags"].str.contains("year-unknown").any()


def test_year_unknown_incidents_are_left_out_unless_asked_for_then_tagged(real) -> None:
    out = io.StringIO()
    left_out = export(real, "acled", out)
    unknown = real.incidents[real.incidents["date_precision"] == "day-year-unknown"]
    assert len(unknown) >= 5 and left_out["year-unknown"] >= len(unknown)
    tagged = _rows(real, uncertain=True)
    sept = tagged.loc["SYR-IMAP-sept-04-drone-strike-pmf-trucks-al-bukamal"]
    assert sept["tags"].startswith("year-unknown; ")
    assert (sept["event_date"], sept["time_precision"]) == ("2018-09-04", "3")  # the earliest candidate
    assert "4 September (year unknown: 2018-2024)" in sept["notes"]


def test_cli_prints_how_many_were_left_out_and_why(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "incidents", "export", "--format", "acled", "-o", str(tmp_path / "a.csv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "left out of the ACLED export: the year is unknown" in done.stderr


def test_possible_attribution_is_unidentified_with_the_suspect_in_notes(real, rows) -> None:
    sept = _rows(real, uncertain=True).loc["SYR-IMAP-sept-04-drone-strike-pmf-trucks-al-bukamal"]
    assert sept["actor1"] == "Unidentified Military Forces"  # united-states, possible
    assert "Suspected attacker: United States (attribution possible, not established)." in sept["notes"]
    car = rows.loc["SYR-IMAP-2021-02-11-drone-strike-weapons-car-al-bukamal"]  # unknown, a strike
    assert car["actor1"] == "Unidentified Military Forces" and "Attacker: unidentified." in car["notes"]
    raid = rows.loc["SYR-IMAP-2021-01-13-air-raids-al-bukamal-border"]  # likely: named
    assert raid["actor1"] == "Military Forces of Israel"
    blasts = rows.loc["SYR-IMAP-2021-01-12-six-blasts-al-bukamal-desert"]  # unknown, not a strike
    assert blasts["actor1"] == "Unidentified Armed Group (Syria)"


def test_cli_export_of_the_january_february_link_is_the_apps_selection(real, tmp_path: Path) -> None:
    """`export --from --to` keeps exactly the incidents `/?from=...&to=...` shows."""
    import subprocess
    import sys

    out = tmp_path / "jan-feb.csv"
    command = ["export", "--format", "csv", "--from", "2021-01-01", "--to", "2021-02-28", "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "incidents", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    exported = set(pd.read_csv(out, dtype=str)["id"])
    filt, _ = Filter.from_query({"from": ["2021-01-01"], "to": ["2021-02-28"]})
    shown, _ = filt.apply(real.incidents, real.sites)
    assert exported == set(shown["id"])
    assert not any(i.startswith(("sept-", "oct-")) for i in exported)


@pytest.mark.parametrize(
    ("incident", "code"),
    [
        ("2021-01-13-air-raids-al-bukamal-border", "1"),  # day
        ("2021-01-11-47th-regiment-arrest-attempt-al-bukamal", "1"),  # day inferred
        ("2021-01-coalition-training-koniko-gas-field", "2"),  # 7 January to 13 January: a week
        ("2021-01-russian-forces-withdraw-from-al-bukamal", "3"),  # 6 to 13 January: more than a week
        ("2021-01-12-iran-backed-militias-evacuate-al-jamiyat", "2"),  # 12 or 13 January
    ],
)
def test_time_precision(rows, incident: str, code: str) -> None:
    row = rows.loc["SYR-IMAP-" + incident]
    assert row["time_precision"] == code
    if code != "1":
        assert "Date: between" in row["notes"]  # the span, in words


def test_event_types(rows) -> None:
    strike = rows.loc["SYR-IMAP-2021-02-11-drone-strike-weapons-car-al-bukamal"]
    assert (strike["disorder_type"], strike["event_type"], strike["sub_event_type"]) == (
        "Political violence",
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert strike["fatalities"] == "4"
    blasts = rows.loc["SYR-IMAP-2021-01-12-six-blasts-al-bukamal-desert"]
    assert (blasts["event_type"], blasts["sub_event_type"]) == ("Strategic developments", "Other")
    moves = rows.loc["SYR-IMAP-2021-01-russian-forces-withdraw-from-al-bukamal"]
    assert moves["sub_event_type"] == "Change to group/activity"
    assert moves["actor1"] == "Military Forces of Russia" and moves["inter1"] == "8"
    # Every event type of ours has ACLED's names, every actor of actors.csv its ACLED name and inter code.
    assert set(acled.VOCABULARY["our_event_types"]) - {"_comment"} == {t.value for t in EventType}
    # (`no-attacker` names nobody: its row's actor1 is its first party.)
    attackers = [a for a in actors.known_actors().values() if a.slug != actors.NO_ATTACKER]
    assert all(a.acled_actor and a.acled_inter for a in attackers)


def test_first_target_location_and_others_in_notes(tmp_path: Path) -> None:
    row = _rows(_fixture_result(tmp_path)).loc["SYR-IMAP-fixture-drone-strike-al-bukamal"]
    # The fixture's first location (al-Bukamal) is only the vicinity; the target is the base.
    assert (row["location"], row["latitude"], row["longitude"]) == ("Imam Ali base", "34.4200", "40.8800")
    assert row["geo_precision"] == "1"  # town
    assert "Site 2 of 2 of this incident (target); other sites: al-Bukamal, vicinity." in row["notes"]
    assert row["fatalities"] == "2"  # the lowest reported toll
    assert "Killed: at least 2." in row["notes"]
    assert (row["iso"], row["country"], row["admin1"]) == ("760", "Syria", "Deir ez-Zor")
    assert row["actor2"] == "Iraqi militias" and row["interaction"] == ""
    assert "imap:place_id=imam-ali-base" in row["tags"]


@pytest.mark.parametrize("precision", ["area", "region"])
def test_geo_precision(tmp_path: Path, precision: str) -> None:
    data = yaml.safe_load((FIXTURES / "valid" / "valid-record.yaml").read_text(encoding="utf-8"))
    locations = data["locations"]
    locations[1]["precision"] = precision
    row = _rows(_fixture_result(tmp_path, locations=locations)).iloc[0]
    assert row["geo_precision"] == {"area": "2", "region": "3"}[precision]


def test_formula_cells_are_neutralised(tmp_path: Path) -> None:
    row = _rows(_fixture_result(tmp_path, title="=cmd|' /C calc'!A0", targets=["@SUM(1+1)"])).iloc[0]
    assert row["notes"].startswith("'=cmd")
    assert row["actor2"] == "'@SUM(1+1)"
    assert row["latitude"] == "34.4200"


def test_readme_documents_the_precision_tables() -> None:
    """The README shows the one time-precision table and the location-precision table as they are."""
    from incidents import precisions

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert acled.TIME_PRECISION_RULES in readme
    for rule in precisions.rules().values():
        limit = "any" if rule.max_place_radius_m is None else f"{rule.max_place_radius_m:,} m"
        code = "" if rule.acled_geo_precision is None else rule.acled_geo_precision
        assert f"| {rule.precision.value} | {limit} | {code} |".replace("|  |", "| |") in readme


def test_every_location_precision_has_a_row_in_the_precision_table() -> None:
    from incidents import precisions

    assert precisions.missing_rows() == []


NEW_ACTOR_EXPORT = """
import sys
from pathlib import Path

import incidents.actors

incidents.actors.ACTORS_CSV = Path(sys.argv[1])  # before incidents.model builds Attacker from it
from incidents.export import export_bytes
from incidents.load import load_incidents

result = load_incidents()
incidents = result.incidents.head(1).assign(attacker=sys.argv[2], confidence="confirmed")
sites = result.sites[result.sites["incident_id"].isin(incidents["id"])]
sys.stdout.write(export_bytes("acled", incidents, sites, records={}).decode("utf-8"))
"""


@pytest.mark.parametrize(
    ("acled_actor", "acled_inter", "actor1", "inter1"),
    [("Military Forces of Turkey", "8", "Military Forces of Turkey", "8"), ("", "", "Turkey", "")],
)
def test_a_new_row_in_actors_csv_exports(
    tmp_path: Path, acled_actor: str, acled_inter: str, actor1: str, inter1: str
) -> None:
    """A new actor needs only its row: ACLED's name and inter code are its columns (or its label)."""
    table = tmp_path / "actors.csv"
    text = actors.ACTORS_CSV.read_text(encoding="utf-8")
    table.write_text(text + f"turkey,Turkey,#000000,state,,Turkish forces.,{acled_actor},{acled_inter}\n")
    done = subprocess.run(
        [sys.executable, "-c", NEW_ACTOR_EXPORT, str(table), "turkey"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and {(row["actor1"], row["inter1"]) for row in rows} == {(actor1, inter1)}
