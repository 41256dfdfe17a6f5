"""A large incident table from a file: ACLED's export or our own export, CSV or Parquet.

The curated YAML records stay the default. An analyst who wants tens of thousands of events on
the map points `INCIDENTS_SOURCE` at a file, and `load_table` turns it into the same two tables
`incidents.load` builds (INCIDENT_COLUMNS, SITE_COLUMNS), vectorised so 100,000 rows load in a
few seconds. Rows carry their own coordinates: no gazetteer lookup.

Layouts, recognised by their columns:

- **ACLED** (`event_id_cnty`, `event_date`, `time_precision`, `sub_event_type`, `actor1`,
  `latitude`, `longitude`, `geo_precision`, `fatalities`, ...). One incident and one site per
  row; see `ACLED_*` below for how ACLED's codes become ours.
- **ours, one row per site** (`incident_id`, `lat`, `lon` and any SITE_COLUMNS), e.g. our
  GeoJSON export's properties or a sites CSV.
- **ours, one row per incident** (`id` plus INCIDENT_COLUMNS-like headers and `lat`/`lon`, or
  `latitude`/`longitude`); several sites may be given as `|`-separated `lat`/`lon`/`place_ids`.
- **our GeoJSON export** (`.geojson`/`.json`: one Feature per incident-location, properties
  `id`, `title`, `event_type`, `date_start`, ... `killed_max`).

Example:

    >>> incidents, sites = load_table(Path("acled-syria.csv"))  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from incidents.load import INCIDENT_COLUMNS, SITE_COLUMNS, LoadResult
from incidents.model import (
    Attacker,
    Confidence,
    DatePrecision,
    EventType,
    LocationPrecision,
    LocationRole,
)
from incidents.text import fold_series

SOURCE_ENV = "INCIDENTS_SOURCE"

# ACLED attacker mapping: actor1 matched by keyword, first rule wins (case-insensitive regex).
# A named actor we map is assessed "likely" (ACLED names it, nobody here has weighed claims);
# "Unidentified ..." or an actor outside our categories becomes attacker "unknown" with
# confidence "unknown", and the actor's name is kept in claims_text and the search text.
ACLED_ATTACKER_RULES: tuple[tuple[str, str], ...] = (
    (r"unidentified|unknown", "unknown"),
    (r"coalition", "us-led-coalition"),
    (r"israel", "israel"),
    (r"united states|\bu\.?s\.?\b|\busa\b", "united-states"),
    (r"russia", "russia"),
    (r"military forces of syria|police forces of syria|syrian government", "syrian-government"),
    (r"iran|irgc|militia|hezbollah|fatemiyoun|zainabiyoun|popular mobili[sz]ation", "iran-backed-militias"),
)
ACLED_EVENT_TYPES = {
    "Air/drone strike": "air-strike",  # drone-strike when the notes mention a drone
    "Shelling/artillery/missile attack": "shelling",
    "Remote explosive/landmine/IED": "unattributed-explosion",
}
ACLED_DRONE_WORDS = r"drone|uav|unmanned"
# time_precision: 1 = the day is known, 2 = within a week, 3 = only the month.
ACLED_TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
ACLED_DATE_NOTES = {
    1: "ACLED time_precision 1: the day is reported.",
    2: "ACLED time_precision 2: within about a week; shown as the reported day ±3 days.",
    3: "ACLED time_precision 3: only the month is known; shown as the whole month.",
}
# geo_precision: 1 = the town itself, 2 = near the town / part of a district, 3 = a larger region.
ACLED_GEO_PRECISION = {1: ("town", 2_000), 2: ("area", 15_000), 3: ("region", 50_000)}
COUNTRY_CODES = {"syria": "SY", "iraq": "IQ", "lebanon": "LB", "jordan": "JO", "turkey": "TR"}

_LABELS = {
    "event_type": {e.value: e.label for e in EventType},
    "attacker": {a.value: a.label for a in Attacker},
    "confidence": {c.value: c.label for c in Confidence},
    "date_precision": {d.value: d.label for d in DatePrecision},
    "location_precision": {p.value: p.label for p in LocationPrecision},
    "role": {r.value: r.label for r in LocationRole},
}


def _combining_marks() -> str:
    """A regex class of every combining mark in the BMP (as unicodedata.combining()) and the tatweel."""
    marks = [cp for cp in range(0x300, 0x10000) if unicodedata.combining(chr(cp))]
    ranges: list[str] = []
    first = previous = marks[0]
    for cp in [*marks[1:], -1]:
        if cp != previous + 1:
            ranges.append(chr(first) if first == previous else f"{chr(first)}-{chr(previous)}")
            first = cp
        previous = cp
    return "[" + "".join(ranges) + "\u0640]"


_COMBINING = _combining_marks()


class TableError(ValueError):
    """The file cannot be read as incidents; the message names the file and what is missing."""


def source_path(environ: dict[str, str] | None = None) -> Path | None:
    """The large table to load instead of the curated records (env INCIDENTS_SOURCE), if set."""
    value = (environ if environ is not None else os.environ).get(SOURCE_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


def load_table(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(incidents, sites) from a CSV, Parquet or GeoJSON file in ACLED's or our layout."""
    raw = read_raw(Path(path))
    columns = set(raw.columns)
    if "event_id_cnty" in columns:
        return from_acled(raw, str(path))
    if {"incident_id", "id"} & columns:
        return from_ours(raw, str(path))
    raise TableError(
        f"{path}: neither ACLED's layout (event_id_cnty, ...) nor ours (id or incident_id, lat, lon); "
        f"columns are {sorted(columns)[:12]}"
    )


def load_result(path: Path) -> LoadResult:
    """The table as a LoadResult (no YAML records, no errors), so exports work unchanged."""
    incidents, sites = load_table(path)
    return LoadResult(records=[], errors=[], incidents=incidents, sites=sites)


def read_raw(path: Path) -> pd.DataFrame:
    """The file as it is: one DataFrame, whatever the format."""
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return pd.read_parquet(path)
    if suffix in (".geojson", ".json"):
        return _geojson_frame(path)
    try:
        return pd.read_csv(path, engine="pyarrow")
    except Exception:  # pyarrow's reader is strict (ragged rows); pandas' own reader is forgiving
        return pd.read_csv(path, low_memory=False)


def _geojson_frame(path: Path) -> pd.DataFrame:
    data = json.loads(path.read_text(encoding="utf-8"))
    features = data.get("features", []) if isinstance(data, dict) else []
    frame = pd.json_normalize([f.get("properties") or {} for f in features])
    coords = [((f.get("geometry") or {}).get("coordinates") or [None, None]) for f in features]
    frame["lon"] = [c[0] for c in coords]
    frame["lat"] = [c[1] for c in coords]
    if "incident_id" not in frame.columns and "id" in frame.columns:
        frame = frame.rename(columns={"id": "incident_id"})
    return frame


# --- helpers ----------------------------------------------------------------------------------


def slug(values: pd.Series) -> pd.Series:
    """Lowercase ASCII slugs ('SYR 1234' -> 'syr-1234'), vectorised."""
    text = _strip_marks(_text(values)).str.lower()
    return text.str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-")


def _strip_marks(text: pd.Series) -> pd.Series:
    """NFKD without combining marks; only non-ASCII rows pay for it (most ACLED text is ASCII)."""
    other = ~text.str.isascii().fillna(True).astype(bool)
    if not other.any():
        return text
    text = text.copy()
    fixed = text[other].str.normalize("NFKD").str.replace(_COMBINING, "", regex=True)
    text[other] = fixed
    return text


def _text(values: pd.Series) -> pd.Series:
    return values.astype("str").fillna("").replace({"nan": "", "None": ""})


def _col(frame: pd.DataFrame, name: str, default: object = "") -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series([default] * len(frame), index=frame.index, dtype=object if default is None else None)


def _label(values: pd.Series, kind: str) -> pd.Series:
    return values.map(_LABELS[kind]).fillna(values)


def _int(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").round().astype("Int64")


def _dates(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype("datetime64[ns]")
    text = _text(values)
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    if parsed.isna().mean() > 0.5:  # older ACLED exports write "12 March 2021"
        parsed = pd.to_datetime(text, format="%d %B %Y", errors="coerce")
    return parsed.astype("datetime64[ns]")


def _typed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    out = {}
    for name, dtype in columns.items():
        values = frame[name]
        if dtype == "str":
            out[name] = values.astype("str")
        elif dtype == "datetime64[ns]":
            out[name] = values.astype("datetime64[ns]")
        else:
            out[name] = values.astype(dtype)
    return pd.DataFrame(out).reset_index(drop=True)


def _sites_from(incidents: pd.DataFrame, per_site: pd.DataFrame) -> pd.DataFrame:
    """SITE_COLUMNS: per-site columns from `per_site`, the incident's own from `incidents`."""
    own = incidents.set_index("id").drop(columns=[c for c in per_site.columns if c in incidents.columns])
    joined = per_site.join(own, on="incident_id")
    return _typed(joined, SITE_COLUMNS)


# --- ACLED --------------------------------------------------------------------------------------


def from_acled(raw: pd.DataFrame, source: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """ACLED's export layout -> (incidents, sites); one incident and one site per event."""
    n = len(raw)
    actor1 = _text(_col(raw, "actor1"))
    notes = _text(_col(raw, "notes"))
    location = _text(_col(raw, "location"))
    sub_type = _text(_col(raw, "sub_event_type"))

    attacker = pd.Series("unknown", index=raw.index, dtype=object)
    matched = pd.Series(False, index=raw.index)
    for pattern, value in ACLED_ATTACKER_RULES:
        hit = ~matched & actor1.str.contains(pattern, case=False, regex=True)
        attacker[hit] = value
        matched |= hit
    named = attacker != "unknown"
    confidence = np.where(named, "likely", "unknown")

    event_type = sub_type.map(ACLED_EVENT_TYPES).fillna("other")
    drone = (event_type == "air-strike") & notes.str.contains(ACLED_DRONE_WORDS, case=False, regex=True)
    event_type = event_type.mask(drone, "drone-strike")

    day = _dates(_col(raw, "event_date"))
    time_precision = _int(_col(raw, "time_precision", 1)).fillna(1).clip(1, 3).astype("int64")
    month_start = day.dt.to_period("M").dt.start_time.astype("datetime64[ns]")
    date_start = day.where(time_precision == 1, day - pd.Timedelta(days=3))
    date_start = date_start.where(time_precision != 3, month_start)
    date_end = day.where(time_precision == 1, day + pd.Timedelta(days=3))
    month_end = (month_start + pd.offsets.MonthEnd(0)).astype("datetime64[ns]")
    date_end = date_end.where(time_precision != 3, month_end)
    date_precision = time_precision.map(ACLED_TIME_PRECISION)

    geo = _int(_col(raw, "geo_precision", 1)).fillna(1).clip(1, 3).astype("int64")
    location_precision = geo.map({k: v[0] for k, v in ACLED_GEO_PRECISION.items()})
    precision_m = geo.map({k: v[1] for k, v in ACLED_GEO_PRECISION.items()}).astype("Int64")

    fatalities = _int(_col(raw, "fatalities", None))
    ids = slug(_col(raw, "event_id_cnty"))
    type_label = _label(event_type, "event_type")
    title = type_label + " in " + location.where(location != "", "an unnamed place")
    assoc = _text(_col(raw, "assoc_actor_1"))
    actor2 = _text(_col(raw, "actor2"))
    claims = ("ACLED actor 1: " + actor1).where(actor1 != "", "") + ("; with " + assoc).where(assoc != "", "")
    place_id = "acled-" + slug(location).replace("", "unknown")
    governorate = slug(_col(raw, "admin1"))
    country = _text(_col(raw, "country"))
    country = country.str.lower().map(COUNTRY_CODES).fillna(country)
    outlets = _text(_col(raw, "source"))

    incidents = pd.DataFrame(
        {
            "id": ids,
            "title": title,
            "event_type": event_type,
            "event_type_label": type_label,
            "weapon": None,
            "date_start": date_start,
            "date_end": date_end,
            "date_precision": date_precision,
            "date_precision_label": _label(date_precision, "date_precision"),
            "year_inferred": False,
            "time_local": None,
            "date_note": time_precision.map(ACLED_DATE_NOTES),
            "attacker": attacker,
            "attacker_label": _label(attacker, "attacker"),
            "confidence": confidence,
            "confidence_label": _label(pd.Series(confidence, index=raw.index), "confidence"),
            "reasoning": "Mapped from ACLED actor 1 “" + actor1 + "” by keyword (see incidents/tables.py).",
            "stances": "",
            "claims_text": claims,
            "targets": actor2,
            "damage": None,
            "killed_min": fatalities,
            "killed_max": fatalities,
            "injured_min": pd.array([pd.NA] * n, dtype="Int64"),
            "injured_max": pd.array([pd.NA] * n, dtype="Int64"),
            "place_ids": place_id,
            "place_names": location,
            "governorates": governorate,
            "documents": "",
            "outlets": outlets,
            "target_text": fold_series(actor2),
            "search_text": fold_series(
                title
                + " "
                + notes
                + " "
                + location
                + " "
                + actor1
                + " "
                + assoc
                + " "
                + actor2
                + " "
                + _text(_col(raw, "admin2"))
                + " "
                + outlets
            ),
            "n_sites": 1,
            "source_path": source,
        },
        index=raw.index,
    )
    per_site = pd.DataFrame(
        {
            "incident_id": ids,
            "site_index": 0,
            "place_id": place_id,
            "place_name": location,
            "name_reported": location,
            "role": "target",
            "role_label": _LABELS["role"]["target"],
            "location_precision": location_precision,
            "location_precision_label": _label(location_precision, "location_precision"),
            "lat": pd.to_numeric(_col(raw, "latitude", None), errors="coerce").astype("float64"),
            "lon": pd.to_numeric(_col(raw, "longitude", None), errors="coerce").astype("float64"),
            "precision_m": precision_m,
            "governorate": governorate,
            "country": country,
        },
        index=raw.index,
    )
    incidents = _typed(incidents, INCIDENT_COLUMNS)
    return incidents, _sites_from(incidents, per_site.reset_index(drop=True))


# --- our own layouts ----------------------------------------------------------------------------


def from_ours(raw: pd.DataFrame, source: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Our export layouts -> (incidents, sites): one row per site or one row per incident."""
    frame = raw.rename(columns={"latitude": "lat", "longitude": "lon"})
    if "incident_id" not in frame.columns:
        frame = frame.rename(columns={"id": "incident_id"})
    for name in ("lat", "lon"):
        if name not in frame.columns:
            raise TableError(f"{source}: no {name} column; a large table must carry coordinates")
    multi = frame["lat"].dtype == object or pd.api.types.is_string_dtype(frame["lat"])
    if multi and _text(frame["lat"]).str.contains("|", regex=False).any():
        frame = _explode_sites(frame)
    frame = frame.reset_index(drop=True)
    frame["incident_id"] = _text(frame["incident_id"])
    frame["site_index"] = (
        _int(frame["site_index"]).fillna(0).astype("int64")
        if "site_index" in frame.columns
        else frame.groupby("incident_id", sort=False).cumcount()
    )
    place_id = _text(_col(frame, "place_id")).where(lambda s: s != "", None)
    if place_id.isna().any():
        place_id = place_id.fillna(_text(_col(frame, "place_ids")).str.split("|").str[0])
    place_name = _text(_col(frame, "place_name"))
    place_name = place_name.where(place_name != "", _text(_col(frame, "name_reported")))
    location_precision = _text(_col(frame, "location_precision", "town")).replace("", "town")
    role = _text(_col(frame, "role", "target")).replace("", "target")
    per_site = pd.DataFrame(
        {
            "incident_id": frame["incident_id"],
            "site_index": frame["site_index"],
            "place_id": place_id,
            "place_name": place_name,
            "name_reported": _text(_col(frame, "name_reported")).where(lambda s: s != "", place_name),
            "role": role,
            "role_label": _label(role, "role"),
            "location_precision": location_precision,
            "location_precision_label": _label(location_precision, "location_precision"),
            "lat": pd.to_numeric(frame["lat"], errors="coerce").astype("float64"),
            "lon": pd.to_numeric(frame["lon"], errors="coerce").astype("float64"),
            "precision_m": _int(_col(frame, "precision_m", None)),
            "governorate": _text(_col(frame, "governorate")).where(
                lambda s: s != "", _text(_col(frame, "governorates")).str.split("|").str[0]
            ),
            "country": _text(_col(frame, "country")),
        }
    )
    first = frame.drop_duplicates("incident_id").set_index("incident_id", drop=False)
    several = len(first) != len(frame)
    by_incident = per_site.groupby("incident_id", sort=False) if several else None

    def joined(column: str, sep: str) -> pd.Series:
        if by_incident is None:
            return per_site.set_index("incident_id")[column].reindex(first.index)
        return by_incident[column].agg(lambda s: sep.join(x for x in s if x)).reindex(first.index)

    def given(name: str, fallback: pd.Series | None = None) -> pd.Series:
        if name in first.columns:
            return first[name]
        return fallback if fallback is not None else pd.Series(None, index=first.index, dtype=object)

    event_type = _text(given("event_type")).replace("", "other")
    attacker = _text(given("attacker")).replace("", "unknown")
    confidence = _text(given("confidence")).replace("", "unknown")
    date_precision = _text(given("date_precision")).replace("", "day")
    date_start = _dates(given("date_start"))
    date_end = _dates(given("date_end")).fillna(date_start)
    title = _text(given("title"))
    place_names = _text(given("place_names", joined("place_name", "; ")))
    killed_min = _int(given("killed_min"))
    n_sites = (
        by_incident.size().reindex(first.index)
        if by_incident is not None
        else pd.Series(1, index=first.index)
    )
    incidents = pd.DataFrame(
        {
            "id": first["incident_id"],
            "title": title,
            "event_type": event_type,
            "event_type_label": _label(event_type, "event_type"),
            "weapon": given("weapon"),
            "date_start": date_start,
            "date_end": date_end,
            "date_precision": date_precision,
            "date_precision_label": _label(date_precision, "date_precision"),
            "year_inferred": given("year_inferred", pd.Series(False, index=first.index))
            .map(lambda v: str(v).strip().lower() in ("true", "1", "yes"))
            .astype(bool),
            "time_local": given("time_local"),
            "date_note": given("date_note"),
            "attacker": attacker,
            "attacker_label": _label(attacker, "attacker"),
            "confidence": confidence,
            "confidence_label": _label(confidence, "confidence"),
            "reasoning": given("reasoning"),
            "stances": given("stances"),
            "claims_text": given("claims_text"),
            "targets": given("targets"),
            "damage": given("damage"),
            "killed_min": killed_min,
            "killed_max": _int(given("killed_max")),
            "injured_min": _int(given("injured_min")),
            "injured_max": _int(given("injured_max")),
            "place_ids": _text(given("place_ids", joined("place_id", "|"))),
            "place_names": place_names,
            "governorates": _text(given("governorates", joined("governorate", "|"))),
            "documents": given("documents"),
            "outlets": given("outlets"),
            "search_text": given("search_text", fold_series(title + " " + place_names)),
            "target_text": fold_series(_text(given("targets"))),
            "n_sites": n_sites.astype("int64"),
            "source_path": _text(given("source_path")).replace("", source),
        }
    )
    incidents = _typed(incidents, INCIDENT_COLUMNS)
    return incidents, _sites_from(incidents, per_site)


def _explode_sites(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per site from `|`-separated lat, lon (and place_ids/place_names when given)."""
    parts = ["lat", "lon"] + [c for c in ("place_ids", "place_names") if c in frame.columns]
    split = frame.assign(**{c: _text(frame[c]).str.split("|") for c in parts})
    if "place_ids" in split.columns:
        split["place_id"] = split["place_ids"]
    if "place_names" in split.columns:
        split["place_name"] = split["place_names"]
    exploded = split.explode([c for c in ["lat", "lon", "place_id", "place_name"] if c in split.columns])
    return exploded.drop(columns=[c for c in ("place_ids", "place_names") if c in exploded.columns])


# --- places -------------------------------------------------------------------------------------


def places_for(sites: pd.DataFrame, known: pd.DataFrame) -> pd.DataFrame:
    """Gazetteer-shaped rows for the table's places that the gazetteer lacks (for filters, names)."""
    new = sites[~sites["place_id"].isin(known.index)].drop_duplicates("place_id")
    extra = pd.DataFrame(
        {
            "place_id": new["place_id"].to_numpy(),
            "name": new["place_name"].to_numpy(),
            "feature_type": "town",
            "parent_id": "",
            "governorate": new["governorate"].to_numpy(),
            "country": new["country"].to_numpy(),
            "lat": new["lat"].to_numpy(),
            "lon": new["lon"].to_numpy(),
            "precision_m": new["precision_m"].fillna(0).astype("int64").to_numpy(),
            "provenance": "source table",
        }
    )
    extra = extra.reindex(columns=known.columns).set_index(known.index.name or "place_id", drop=False)
    return pd.concat([known, extra]) if len(extra) else known
