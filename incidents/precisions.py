"""How precise a location may claim to be, from its place's radius: one table, read by all.

`incidents/location_precisions.csv` gives, for each location precision, the largest gazetteer
radius (`precision_m`) that can support it and ACLED's geo_precision code for it. `validate`
reports a location that claims more than its place supports ("exact" on a point estimated
to 6 km); the ACLED export writes the code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from incidents.model import LocationPrecision

TABLE = Path(__file__).with_name("location_precisions.csv")


@dataclass(frozen=True)
class PrecisionRule:
    """One row of the table: the largest place radius for a precision, and ACLED's code."""

    precision: LocationPrecision
    max_place_radius_m: int | None  # None: any radius
    acled_geo_precision: int | None  # None: no ACLED code (written as an empty cell)
    meaning: str
    listed: bool = True  # False: the schema has this precision but the table has no row yet


@cache
def rules() -> dict[LocationPrecision, PrecisionRule]:
    """The table, keyed by precision (every precision of the schema should have a row)."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        found = {
            LocationPrecision(row["precision"]): PrecisionRule(
                LocationPrecision(row["precision"]),
                int(row["max_place_radius_m"]) if row["max_place_radius_m"].strip() else None,
                int(row["acled_geo_precision"]) if row["acled_geo_precision"].strip() else None,
                row["meaning"],
            )
            for row in csv.DictReader(handle)
        }
    # A precision added to the schema before its row: no limit, no ACLED code (a test asks for the row).
    for precision in LocationPrecision:
        found.setdefault(precision, PrecisionRule(precision, None, None, f"no row in {TABLE.name}", False))
    return found


def missing_rows() -> list[str]:
    """Precisions of the schema that the table does not list (should be none)."""
    return [p.value for p, rule in rules().items() if not rule.listed]


def finest_allowed(radius_m: float) -> LocationPrecision:
    """The most precise claim a place with this radius supports."""
    for precision in LocationPrecision:  # declared from finest to coarsest
        limit = rules()[precision].max_place_radius_m
        if limit is None or radius_m <= limit:
            return precision
    return list(LocationPrecision)[-1]


def overstates(precision: LocationPrecision, radius_m: float) -> bool:
    """True when `precision` claims more than a place of this radius supports."""
    limit = rules()[precision].max_place_radius_m
    return limit is not None and radius_m > limit
