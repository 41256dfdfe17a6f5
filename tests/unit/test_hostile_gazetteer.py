"""Broken coordinates, where they live: gazetteer rows that `python -m geodata check` must refuse.

Records carry no coordinates (a `lat:` in a record is an unknown field, see
tests/fixtures/broken/unknown-nested-field.yaml); the gazetteer does, so out-of-range and swapped
latitude/longitude are tested here. tests/unit/test_gazetteer.py already covers a latitude out of
range, a non-number and a point moved outside its governorate; this adds the rest.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geodata.__main__ import check
from geodata.__main__ import main as cli_main
from geodata.gazetteer import GAZETTEER_CSV

# One copy of the gazetteer with a different broken row per case, checked once (a check compares
# every GeoNames row with cities500, which takes about a second).
CASES = {
    # row index (file line = index + 2): (new values, expected message at the start)
    5: ({"lat": "40.91854", "lon": "34.45226"}, "lat: (40.91854, 34.45226) is outside deir-ez-zor's bounds"),
    6: ({"lon": "240.45154"}, "lon: 240.45154 is out of range [-180, 180]"),
    9: ({"lon": "-181"}, "lon: -181.0 is out of range [-180, 180]"),
    10: ({"lat": "-90.5"}, "lat: -90.5 is out of range [-90, 90]"),
    11: ({"lat": "nan"}, "lat: nan is out of range [-90, 90]"),
    12: ({"lon": "inf"}, "lon: inf is out of range [-180, 180]"),
    13: ({"lon": ""}, "lon: '' is not a number"),
}
SWAPPED = 5  # al-bukamal, 34.45226, 40.91854, written as 40.91854, 34.45226


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    with GAZETTEER_CSV.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    assert (rows[SWAPPED]["lat"], rows[SWAPPED]["lon"]) == ("34.45226", "40.91854")
    for index, (values, _) in CASES.items():
        rows[index].update(values)
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path, [f"{line}: {col}: {msg}" for line, col, msg in check(path)]


@pytest.mark.parametrize(
    "index",
    list(CASES),
    ids=["swapped", "lon-range", "lon-negative", "lat-negative", "lat-nan", "lon-inf", "lon-empty"],
)
def test_check_refuses_bad_coordinates(broken, index: int) -> None:
    _, messages = broken
    expected = f"{index + 2}: {CASES[index][1]}"
    assert any(m.startswith(expected) for m in messages), messages


def test_check_command_fails_with_located_messages(broken, capsys) -> None:
    path, _ = broken
    assert cli_main(["check", str(path)]) == 1
    assert "gazetteer.csv:7: lat: (40.91854, 34.45226) is outside" in capsys.readouterr().out
