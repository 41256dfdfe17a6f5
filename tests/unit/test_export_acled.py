"""ACLED export: ACLED's columns, one row per incident, our precisions as ACLED's 1-3 codes."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from incidents import acled
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


def _rows(result, selection: Filter | None = None) -> pd.DataFrame:
    out = io.StringIO()
    export(result, "acled", out, selection)
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


def test_acled_layout_and_one_row_per_incident(real, rows) -> None:
    assert list(rows.columns) == ACLED_LAYOUT == list(ACLED_COLUMNS)
    assert rows.index.tolist() == ["SYR-IMAP-" + i for i in real.incidents["id"]]
    assert set(rows["region"]) == {"Middle East"}
    assert rows["event_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert (rows["year"] == rows["event_date"].str[:4]).all()


@pytest.mark.parametrize(
    ("incident", "code"),
    [
        ("2021-01-13-air-raids-al-bukamal-border", "1"),  # day
        ("2021-01-11-47th-regiment-arrest-attempt-al-bukamal", "1"),  # day inferred
        ("2021-01-coalition-training-koniko-gas-field", "2"),  # 7 January to 13 January: a week
        ("2021-01-russian-forces-withdraw-from-al-bukamal", "3"),  # 6 to 13 January: more than a week
    ],
)
def test_time_precision(rows, incident: str, code: str) -> None:
    row = rows.loc["SYR-IMAP-" + incident]
    assert row["time_precision"] == code
    if code != "1":
        assert "Date: between" in row["notes"]


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
    assert set(acled.EVENT_TYPES) == set(EventType) and set(acled.ACTORS) >= set(acled.Attacker)


def test_first_target_location_and_others_in_notes(tmp_path: Path) -> None:
    row = _rows(_fixture_result(tmp_path)).iloc[0]
    # The fixture's first location (al-Bukamal) is only the vicinity; the target is the base.
    assert (row["location"], row["latitude"], row["longitude"]) == ("Imam Ali base", "34.4200", "40.8800")
    assert row["geo_precision"] == "1"  # exact
    assert "Other locations: al-Bukamal, vicinity." in row["notes"]
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
