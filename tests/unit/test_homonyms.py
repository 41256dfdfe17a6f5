"""The "far from the place it names" check: homonyms in other governorates and areas named after towns.

A false alarm costs as much as a silent loss: a Sukkariyah in Aleppo governorate is not our
al-Sukkariyah near al-Bukamal, and a village in the subdistrict called Hajin is not the town.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from incidents import tables, ucdp
from incidents.model import ACLED_COLUMNS

FAR_IN_ALEPPO = ("36.2000", "38.6000")  # about 285 km north-west of al-Sukkariyah (34.47, 40.89)
NEAR_HAJIN = ("34.9000", "40.8800")  # about 23 km north of Hajin (34.695, 40.831): a town's 20 km and more


def _acled(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "acled.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        for n, row in enumerate(rows, start=1):
            base = {"event_id_cnty": f"SYR{n}", "event_date": "2021-01-13", "time_precision": "1"}
            writer.writerow(base | {"geo_precision": "1", "country": "Syria", "fatalities": "0"} | row)
    return path


def _warned(path: Path) -> dict[int, str]:
    report = tables.read_table(path)[2]
    return {issue.row: issue.reason for issue in report.warnings}


def test_a_namesake_in_another_governorate_is_not_compared(tmp_path: Path) -> None:
    lat, lon = FAR_IN_ALEPPO
    path = _acled(
        tmp_path,
        [
            {"location": "Sukkariyah", "admin1": "Aleppo", "latitude": lat, "longitude": lon},
            {"location": "Sukkariyah", "admin1": "Deir ez Zor", "latitude": lat, "longitude": lon},
            {"location": "Sukkariyah", "admin1": "", "latitude": lat, "longitude": lon},
        ],
    )
    warned = _warned(path)
    assert 2 not in warned  # Aleppo governorate: another Sukkariyah
    assert "from our gazetteer's al-Sukkariyah" in warned[3]  # Deir ez-Zor: ours, 285 km off
    assert "from our gazetteer's al-Sukkariyah" in warned[4]  # no governorate given: compared


def test_a_village_named_by_its_subdistrict_is_not_the_town(tmp_path: Path) -> None:
    lat, lon = NEAR_HAJIN
    rows = [
        # "Abu Hardub" is one of the gazetteer's spellings of Hajin; the row's subdistrict is Hajin.
        {"location": "Abu Hardub", "admin1": "Deir ez Zor", "admin3": "Hajin"},
        {"location": "Abu Hardub", "admin1": "Deir ez Zor", "admin3": ""},
        {"location": "Hajin", "admin1": "Deir ez Zor", "admin3": "Hajin"},  # the town itself
    ]
    warned = _warned(_acled(tmp_path, [row | {"latitude": lat, "longitude": lon} for row in rows]))
    assert 2 not in warned
    assert "from our gazetteer's Hajin" in warned[3] and "more than 20 km" in warned[3]
    assert "from our gazetteer's Hajin" in warned[4]


@pytest.mark.parametrize(
    ("adm_1", "warned"), [("Aleppo governorate", False), ("Dayr Az Zawr governorate", True)]
)
def test_ucdp_rows_are_compared_within_their_own_governorate(
    tmp_path: Path, adm_1: str, warned: bool
) -> None:
    lat, lon = FAR_IN_ALEPPO
    row = {c: "" for c in ucdp.COLUMNS} | {
        "id": "1",
        "type_of_violence": "1",
        "where_prec": "1",
        "where_coordinates": "Sukkariyah town",
        "adm_1": adm_1,
        "latitude": lat,
        "longitude": lon,
        "date_prec": "1",
        "date_start": "2021-01-13",
        "date_end": "2021-01-13",
        "best": "1",
    }
    path = tmp_path / "ged.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ucdp.COLUMNS)
        writer.writeheader()
        writer.writerow(row)
    reasons = _warned(path)
    assert (2 in reasons) is warned
    if warned:
        assert "from our gazetteer's al-Sukkariyah" in reasons[2]
