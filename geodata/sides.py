"""Which country a point lies in on our own basemap, so a place cannot sit on the wrong side.

The gazetteer's estimated points are placed by reasoning ("a desert area south of al-Bukamal");
the border there runs diagonally, and a point can end up in Iraq while its row says Syria.
`geodata check` asks `country_at` for every row. The basemap is Natural Earth's simplified
border, so points within BORDER_TOLERANCE_KM of it are not judged.
"""

from __future__ import annotations

import itertools
import json
import math
from functools import cache
from pathlib import Path

BASEMAP = Path(__file__).with_name("basemap")
ISO = {"Syria": "SY", "Iraq": "IQ"}
BORDER_TOLERANCE_KM = 1.0


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [polygon[0] for polygon in polygons]


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting: does the ring (lon, lat pairs) contain the point?"""
    found = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            found = not found
    return found


@cache
def _countries() -> tuple[tuple[str, tuple], ...]:
    data = json.loads((BASEMAP / "countries.geojson").read_text(encoding="utf-8"))
    return tuple(
        (ISO.get(f["properties"]["name"], f["properties"]["name"]), tuple(map(tuple, _rings(f["geometry"]))))
        for f in data["features"]
    )


@cache
def _border_segments() -> tuple[tuple[tuple[float, float], tuple[float, float]], ...]:
    data = json.loads((BASEMAP / "borders.geojson").read_text(encoding="utf-8"))
    segments = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        lines = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
        for line in lines:
            segments += [(tuple(a), tuple(b)) for a, b in itertools.pairwise(line)]
    return tuple(segments)


def country_at(lat: float, lon: float) -> str | None:
    """The basemap country (ISO code for Syria and Iraq, else its name) holding the point, if any."""
    for name, rings in _countries():
        if any(_inside(lon, lat, list(map(list, ring))) for ring in rings):
            return name
    return None


def border_km(lat: float, lon: float) -> float:
    """Distance to the nearest basemap border line, in km (flat approximation, fine at this scale)."""
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    best = math.inf
    for (ax, ay), (bx, by) in _border_segments():
        px, py, ax, ay, bx, by = lon * kx, lat * ky, ax * kx, ay * ky, bx * kx, by * ky
        dx, dy = bx - ax, by - ay
        t = (
            0.0
            if dx == dy == 0
            else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        )
        best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def wrong_side(lat: float, lon: float, country: str) -> str | None:
    """The basemap country the point lies in when it is not `country` (beyond the tolerance)."""
    found = country_at(lat, lon)
    if found == country or border_km(lat, lon) <= BORDER_TOLERANCE_KM:
        return None
    return found or "no country on the basemap"
