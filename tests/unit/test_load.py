"""The loader's tables: the columns and dtypes the app builds against, from real files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geodata import gazetteer
from incidents.load import INCIDENT_COLUMNS, SITE_COLUMNS, casualty_range, fold, load_incidents
from incidents.model import Casualties

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VALID = FIXTURES / "valid" / "valid-record.yaml"
SEEDS = FIXTURES / "seeds"
ROOT = FIXTURES.parents[1]

REQUIRED_INCIDENT_COLUMNS = [
    "id",
    "title",
    "event_type",
    "event_type_label",
    "weapon",
    "date_start",
    "date_end",
    "date_precision",
    "year_inferred",
    "time_local",
    "attacker",
    "attacker_label",
    "confidence",
    "stances",
    "claims_text",
    "claims",
    "targets",
    "damage",
    "killed_min",
    "killed_max",
    "injured_min",
    "injured_max",
    "place_ids",
    "place_names",
    "governorates",
    "documents",
    "outlets",
    "search_text",
    "target_text",
    "n_sites",
    "source_path",
]
REQUIRED_SITE_COLUMNS = [
    "incident_id",
    "site_index",
    "place_id",
    "place_name",
    "name_reported",
    "role",
    "location_precision",
    "lat",
    "lon",
    "precision_m",
    "governorate",
    "country",
    "title",
    "event_type",
    "attacker",
    "confidence",
    "date_start",
    "date_end",
    "date_precision",
    "killed_min",
    "killed_max",
]


@pytest.fixture(scope="module")
def mini_gazetteer():
    return gazetteer.load_gazetteer(FIXTURES / "gazetteer-mini.csv")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, mini_gazetteer):
    directory = tmp_path_factory.mktemp("records")
    shutil.copy(VALID, directory / VALID.name)
    return load_incidents(directory, gazetteer=mini_gazetteer)


def _assert_contract(frame: pd.DataFrame, columns: dict[str, str], required: list[str]) -> None:
    assert set(required) <= set(frame.columns)
    for name, dtype in columns.items():
        assert frame[name].dtype == pd.Series(dtype=dtype).dtype, name


def test_incident_row(loaded) -> None:
    assert loaded.errors == []
    _assert_contract(loaded.incidents, INCIDENT_COLUMNS, REQUIRED_INCIDENT_COLUMNS)
    row = loaded.incidents.iloc[0]
    assert row["id"] == "fixture-drone-strike-al-bukamal"
    assert row["date_start"] == pd.Timestamp("2022-09-04") and row["time_local"] == "23:30"
    assert row["attacker"] == "us-led-coalition" and row["attacker_label"] == "US-led coalition"
    # two reports, 3-3 and "at least 2": smallest minimum, open-ended maximum
    assert row["killed_min"] == 2 and row["killed_max"] is pd.NA
    assert row["injured_min"] is pd.NA
    assert row["claims_text"] == "local network suspects US-led coalition"
    assert row["stances"] == "suspected"
    assert row["place_ids"] == "al-bukamal|imam-ali-base"
    assert row["place_names"] == "al-Bukamal; Imam Ali base"
    assert row["governorates"] == "deir-ez-zor"
    assert row["n_sites"] == 2


def test_search_text_finds_aliases_arabic_and_quotes(loaded) -> None:
    text = loaded.incidents.iloc[0]["search_text"]
    for needle in ("abu kamal", "البوكمال", "imam ali compound", "killed three militants", "iraqi militias"):
        assert fold(needle) in text, needle


def test_site_rows(loaded) -> None:
    _assert_contract(loaded.sites, SITE_COLUMNS, REQUIRED_SITE_COLUMNS)
    assert list(loaded.sites["place_id"]) == ["al-bukamal", "imam-ali-base"]
    first = loaded.sites.iloc[0]
    assert (first["lat"], first["lon"], first["precision_m"]) == (34.45226, 40.91854, 3500)
    assert first["name_reported"] == "al-Bukamal" and first["role"] == "vicinity"
    assert first["location_precision"] == "area" and first["incident_id"] == "fixture-drone-strike-al-bukamal"


def test_empty_directory_gives_typed_empty_tables(tmp_path: Path, mini_gazetteer) -> None:
    result = load_incidents(tmp_path, gazetteer=mini_gazetteer)
    assert result.records == [] and result.errors == []
    assert result.incidents.empty and result.sites.empty
    _assert_contract(result.incidents, INCIDENT_COLUMNS, REQUIRED_INCIDENT_COLUMNS)
    _assert_contract(result.sites, SITE_COLUMNS, REQUIRED_SITE_COLUMNS)


def test_missing_directory_is_an_error_not_a_crash(tmp_path: Path, mini_gazetteer) -> None:
    result = load_incidents(tmp_path / "nope", gazetteer=mini_gazetteer)
    assert result.incidents.empty and [e.field for e in result.errors] == ["(directory)"]


def test_real_records_all_load() -> None:
    result = load_incidents()
    assert result.errors == [], "\n".join(map(str, result.errors))
    assert len(result.incidents) == len(result.records) > 0
    assert result.sites["lat"].notna().all()
    assert result.incidents["id"].is_unique


def test_loader_does_not_import_streamlit() -> None:
    code = "import sys, incidents.load; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


reports = st.lists(
    st.tuples(st.integers(0, 500), st.one_of(st.none(), st.integers(0, 500))).map(
        lambda t: (
            Casualties(min=min(t[0], t[1] if t[1] is not None else t[0]), max=t[1], reported_by="x")
            if t[1] is None or t[1] >= t[0]
            else Casualties(min=t[1], max=t[0], reported_by="x")
        )
    ),
    max_size=5,
)


@given(reports)
def test_casualty_range_covers_every_report(items: list[Casualties]) -> None:
    low, high = casualty_range(items)
    if not items:
        assert (low, high) == (None, None)
        return
    assert low == min(r.min for r in items)
    if any(r.max is None for r in items):
        assert high is None
    else:
        assert high is not None and all(r.max is not None and r.max <= high for r in items)


def test_fold_strips_accents_and_arabic_diacritics() -> None:
    assert fold("Ḥasakah") == "hasakah"
    assert fold("Deir ez-Zōr") == "deir ez-zor"
    assert fold("البُوكَمَال") == "البوكمال"
