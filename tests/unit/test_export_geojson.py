"""GeoJSON export: one RFC 7946 feature per incident-location, with the documented properties."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from geodata import gazetteer
from incidents.export import FORMATS, GEOJSON_PROPERTIES, export
from incidents.filters import Filter
from incidents.load import load_incidents

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VALID = FIXTURES / "valid" / "valid-record.yaml"
ROOT = FIXTURES.parents[1]

# The parts of RFC 7946 an exporter can get wrong: member names, lon/lat order and ranges.
POINT_COLLECTION_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "properties": {"type": "object", "required": list(GEOJSON_PROPERTIES)},
                    "geometry": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["type", "coordinates"],
                                "properties": {
                                    "type": {"const": "Point"},
                                    "coordinates": {
                                        "type": "array",
                                        "prefixItems": [
                                            {"type": "number", "minimum": -180, "maximum": 180},
                                            {"type": "number", "minimum": -90, "maximum": 90},
                                        ],
                                        "minItems": 2,
                                        "maxItems": 3,
                                    },
                                },
                            },
                        ]
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def mini_gazetteer():
    return gazetteer.load_gazetteer(FIXTURES / "gazetteer-mini.csv")


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory, mini_gazetteer):
    directory = tmp_path_factory.mktemp("records")
    shutil.copy(VALID, directory / VALID.name)
    return load_incidents(directory, gazetteer=mini_gazetteer)


def _geojson(result, selection: Filter | None = None) -> dict:
    out = io.StringIO()
    export(result, "geojson", out, selection)
    return json.loads(out.getvalue())


def test_one_valid_feature_per_site(result) -> None:
    collection = _geojson(result)
    jsonschema.validate(collection, POINT_COLLECTION_SCHEMA, cls=jsonschema.Draft202012Validator)
    features = collection["features"]
    assert [f["properties"]["place_id"] for f in features] == ["al-bukamal", "imam-ali-base"]
    first = features[0]
    assert first["geometry"]["coordinates"] == [40.91854, 34.45226]  # longitude first
    props = first["properties"]
    assert props["id"] == "fixture-drone-strike-al-bukamal"
    assert (props["date_start"], props["date_end"], props["date_precision"]) == (
        "2022-09-04",
        "2022-09-04",
        "day",
    )
    assert (props["attacker"], props["confidence"], props["event_type"]) == (
        "us-led-coalition",
        "possible",
        "drone-strike",
    )
    assert (props["killed_min"], props["killed_max"]) == (2, None)
    assert (props["place_name"], props["location_precision"]) == ("al-Bukamal", "area")


@pytest.mark.parametrize(
    ("selection", "count"),
    [
        (Filter(attackers=("israel",)), 0),
        (Filter(attackers=("israel", "us-led-coalition")), 2),
        (Filter(types=("air-strike",)), 0),
        (Filter(date_from=dt.date(2022, 9, 4), date_to=dt.date(2022, 9, 4)), 2),
        (Filter(date_from=dt.date(2022, 9, 5)), 0),
        (Filter(date_to=dt.date(2022, 9, 3)), 0),
    ],
)
def test_filters(result, selection: Filter, count: int) -> None:
    assert len(_geojson(result, selection)["features"]) == count


def test_empty_result_is_an_empty_collection(tmp_path: Path, mini_gazetteer) -> None:
    collection = _geojson(load_incidents(tmp_path, gazetteer=mini_gazetteer))
    assert collection == {"type": "FeatureCollection", "features": []}


def test_every_format_is_one_function() -> None:
    assert set(FORMATS) == {"csv", "geojson", "acled", "ucdp", "html"} and all(
        callable(f) for f in FORMATS.values()
    )


def test_cli_writes_file(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    shutil.copy(VALID, records)
    out = tmp_path / "out.geojson"
    args = [
        "export",
        "--format",
        "geojson",
        "--dir",
        str(records),
        "--gazetteer",
        str(FIXTURES / "gazetteer-mini.csv"),
    ]
    args += ["--attacker", "us-led-coalition", "--from", "2022-01-01", "-o", str(out)]
    subprocess.run([sys.executable, "-m", "incidents", *args], cwd=ROOT, check=True, timeout=60)
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 2
