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
# Outside the detailed layers' box only the world layer (Natural Earth 1:110m) can judge, and its
# borders are generalised by several km, so a point that near its own country's outline is not judged.
WORLD_TOLERANCE_KM = 15.0


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
def _countries(layer: str = "countries.geojson") -> tuple[tuple[str, tuple], ...]:
    data = json.loads((BASEMAP / layer).read_text(encoding="utf-8"))
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


@cache
def _box() -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) the detailed layers are cut to, read from their own points."""
    points = [p for _, rings in _countries() for ring in rings for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def in_detailed_box(lat: float, lon: float) -> bool:
    """Whether the point lies in the box of ``countries.geojson`` (else only the world layer covers it)."""
    x0, y0, x1, y1 = _box()
    return x0 <= lon <= x1 and y0 <= lat <= y1


def country_at(lat: float, lon: float, layer: str = "countries.geojson") -> str | None:
    """The basemap country (ISO code for Syria and Iraq, else its name) holding the point, if any."""
    for name, rings in _countries(layer):
        if any(_inside(lon, lat, list(map(list, ring))) for ring in rings):
            return name
    return None


def border_km(lat: float, lon: float, segments: tuple | None = None) -> float:
    """Distance to the nearest basemap border line, in km (flat approximation, fine at this scale)."""
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    best = math.inf
    for (ax, ay), (bx, by) in segments if segments is not None else _border_segments():
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
    """The basemap country the point lies in when it is not `country` (beyond the tolerance).

    Inside the detailed layers' box ``countries.geojson`` judges; outside it, ``world.geojson``.
    """
    if not in_detailed_box(lat, lon):
        return _wrong_side_world(lat, lon, country)
    found = country_at(lat, lon)
    if found == country or border_km(lat, lon) <= BORDER_TOLERANCE_KM:
        return None
    return found or "no country on the basemap"


def _wrong_side_world(lat: float, lon: float, country: str) -> str | None:
    found = country_at(lat, lon, "world.geojson")
    if found == country:
        return None
    outline = tuple(
        (a, b)
        for name, rings in _countries("world.geojson")
        if name == country
        for ring in rings
        for a, b in itertools.pairwise(ring)
    )
    if outline and border_km(lat, lon, outline) <= WORLD_TOLERANCE_KM:
        return None
    return found or "no country"
