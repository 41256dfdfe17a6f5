"""Exports of the incident tables: one function per format, registered in FORMATS.

Each format takes the (already filtered) LoadResult tables and writes text to a stream, so the
command line, the app's download buttons and the tests share one implementation. Add a format by
writing one function and one FORMATS entry.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO

import pandas as pd

from incidents.load import LoadResult

Exporter = Callable[[pd.DataFrame, pd.DataFrame, TextIO], None]
"""A format: (incidents, sites, stream) -> None."""


@dataclass(frozen=True)
class ExportFilter:
    """The subset to export: date range overlapping [date_from, date_to], attackers, event types."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    attackers: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()

    def mask(self, table: pd.DataFrame) -> pd.Series:
        """Rows of an incidents or sites table that pass (both carry dates, attacker and event_type)."""
        keep = pd.Series(True, index=table.index)
        if self.date_from is not None:
            keep &= table["date_end"] >= pd.Timestamp(self.date_from)
        if self.date_to is not None:
            keep &= table["date_start"] <= pd.Timestamp(self.date_to)
        if self.attackers:
            keep &= table["attacker"].isin(self.attackers)
        if self.event_types:
            keep &= table["event_type"].isin(self.event_types)
        return keep


def _json_value(value: Any) -> Any:
    """Pandas/numpy scalars as JSON values; missing values as null."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return _json_value(value.item())
    return value


GEOJSON_PROPERTIES = (
    "id",
    "title",
    "event_type",
    "date_start",
    "date_end",
    "date_precision",
    "attacker",
    "confidence",
    "place_id",
    "place_name",
    "location_precision",
    "killed_min",
    "killed_max",
)


def geojson_features(sites: pd.DataFrame) -> Iterable[dict[str, Any]]:
    """One RFC 7946 Feature per incident-location; a place without coordinates has null geometry."""
    for row in sites.to_dict("records"):
        lat, lon = _json_value(row["lat"]), _json_value(row["lon"])
        geometry = None
        if lat is not None and lon is not None:
            # RFC 7946: longitude first, WGS 84, about 6 decimals is plenty (< 1 m).
            geometry = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
        properties = {"id": row["incident_id"], "location_precision": row["location_precision"]}
        properties |= {key: row[key] for key in GEOJSON_PROPERTIES if key in row and key not in properties}
        properties |= {
            "site_index": row["site_index"],
            "role": row["role"],
            "name_reported": row["name_reported"],
            "precision_m": row["precision_m"],
        }
        yield {
            "type": "Feature",
            "id": f"{row['incident_id']}#{row['site_index']}",
            "geometry": geometry,
            "properties": {key: _json_value(value) for key, value in properties.items()},
        }


def write_geojson(incidents: pd.DataFrame, sites: pd.DataFrame, out: TextIO) -> None:
    """A GeoJSON FeatureCollection (RFC 7946) of the sites."""
    collection = {"type": "FeatureCollection", "features": list(geojson_features(sites))}
    json.dump(collection, out, ensure_ascii=False, indent=1)
    out.write("\n")


FORMATS: dict[str, Exporter] = {"geojson": write_geojson}


def export(result: LoadResult, fmt: str, out: TextIO, selection: ExportFilter | None = None) -> None:
    """Write the selected incidents of `result` to `out` in format `fmt` (a FORMATS key)."""
    selection = selection or ExportFilter()
    incidents = result.incidents[selection.mask(result.incidents)]
    sites = result.sites[selection.mask(result.sites)]
    FORMATS[fmt](incidents, sites, out)
