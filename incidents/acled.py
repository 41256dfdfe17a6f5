"""ACLED's column layout and the mapping between our records and ACLED rows, both ways.

ACLED (the Armed Conflict Location & Event Data project) publishes one row per event with the
columns in `incidents.model.ACLED_COLUMNS`. We write the same layout so analysts can stack our
rows under ACLED's, and read it back (`python -m incidents import-acled`).

**One row per incident.** ACLED has one place per event, so the row takes the incident's first
`target`-role location (the first location if none is a target); the other locations are listed
in `notes`. ACLED has one date per event, so `event_date` is our `date_start`; a range goes into
`notes` and into `time_precision`.

Mapping, record -> row (the import reverses it; our own `imap:` tags make our rows lossless):

- event_id_cnty: `SYR-IMAP-<id>`, stable because our ids never change (SYR names the dataset,
  not the row's country).
- event_date, year: `date.start` (YYYY-MM-DD) and its year.
- time_precision: 1 = day or day-inferred; 2 = a range of 7 days or less; 3 = longer, a month,
  a year.
- disorder_type, event_type, sub_event_type: see EVENT_TYPES below.
- actor1, inter1: the assessed attacker (ACTORS below; ACLED's inter codes in numeric form:
  1 state forces, 3 political militia, 8 external forces). assoc_actor_1 is empty: our claims
  say who says who did it, not who took part.
- actor2, assoc_actor_2: the first target group; the others, `; `-separated. inter2 is empty
  (our targets are free text with no actor type); interaction is `<inter1>0`, ACLED's "sole
  actor" code, when there is no actor2, else empty.
- civilian_targeting, admin3, source_scale, timestamp: empty; we do not assess them.
- iso, country, region: from the place's country (760 Syria, 368 Iraq); "Middle East".
- admin1, admin2: the place's governorate and district, named as our gazetteer names them.
- location, latitude, longitude: the chosen site's gazetteer name and point (4 decimals).
- geo_precision: 1 = exact, neighbourhood or town; 2 = area ("near", "countryside of");
  3 = region.
- source: the outlets, `; `-separated.
- notes: the title; the date range and its precision unless a single day; the other
  locations; who says who did it; the death toll.
- fatalities: the lowest reported death toll (`killed_min`), 0 when none is reported.
- tags: `imap:key=value` pairs (event type, attacker, confidence, date range and precision,
  place id, location precision) so importing our own rows restores them exactly.

Event types (ACLED's codebook categories as we understand them; disorder / event / sub-event):

- air-strike, drone-strike: Political violence / Explosions/Remote violence / Air/drone strike
  (ACLED has one sub-type for both).
- shelling: Political violence / Explosions/Remote violence / Shelling/artillery/missile attack.
- unattributed-explosion: Strategic developments / Strategic developments / Other. Every ACLED
  explosion sub-type asserts a mechanism (air strike, shelling, IED, grenade...), which is
  exactly what we do not know; "Other" is ACLED's slot for significant events it does not code
  as violence.
- weapons-shipment: Strategic developments / ... / Other (ACLED has no arms-transfer sub-type).
- troop-movement: Strategic developments / ... / Change to group/activity (ACLED's sub-type for
  deployments and withdrawals).
- other: Strategic developments / ... / Other.

Import (row -> record) takes our `imap:` tags when present; otherwise: Air/drone strike -> drone-strike
when the notes mention a drone or UAV, else air-strike; Shelling/artillery/missile attack ->
shelling; Change to group/activity -> troop-movement; everything else -> other. An imported record
keeps ACLED's own values of every column our schema cannot hold exactly in its `acled` field,
and exporting it gives those values back unchanged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from incidents.model import ACLED_COLUMNS, Attacker, EventType, Incident, LocationPrecision

COLUMNS = ACLED_COLUMNS
ID_PREFIX = "SYR-IMAP-"
REGION = "Middle East"

EVENT_TYPES: dict[EventType, tuple[str, str, str]] = {
    EventType.AIR_STRIKE: ("Political violence", "Explosions/Remote violence", "Air/drone strike"),
    EventType.DRONE_STRIKE: ("Political violence", "Explosions/Remote violence", "Air/drone strike"),
    EventType.SHELLING: (
        "Political violence",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    EventType.UNATTRIBUTED_EXPLOSION: ("Strategic developments", "Strategic developments", "Other"),
    EventType.WEAPONS_SHIPMENT: ("Strategic developments", "Strategic developments", "Other"),
    EventType.TROOP_MOVEMENT: (
        "Strategic developments",
        "Strategic developments",
        "Change to group/activity",
    ),
    EventType.OTHER: ("Strategic developments", "Strategic developments", "Other"),
}

ACTORS: dict[Attacker, tuple[str, int]] = {
    # (ACLED-style actor name, ACLED inter code: 1 state forces, 3 political militia, 8 external forces)
    Attacker.ISRAEL: ("Military Forces of Israel", 8),
    Attacker.UNITED_STATES: ("Military Forces of the United States", 8),
    Attacker.US_LED_COALITION: ("Global Coalition Against Daesh", 8),
    Attacker.IRAN_BACKED_MILITIAS: ("Iran-backed militias", 3),
    Attacker.RUSSIA: ("Military Forces of Russia", 8),
    Attacker.SYRIAN_GOVERNMENT: ("Military Forces of Syria", 1),
    Attacker.UNKNOWN: ("Unidentified Armed Group", 3),
}

COUNTRIES: dict[str, tuple[int, str]] = {"SY": (760, "Syria"), "IQ": (368, "Iraq")}
"""ISO 3166 alpha-2 (our gazetteer) -> ACLED's numeric iso and country name."""

GEO_PRECISION: dict[LocationPrecision, int] = {
    LocationPrecision.EXACT: 1,
    LocationPrecision.NEIGHBOURHOOD: 1,
    LocationPrecision.TOWN: 1,
    LocationPrecision.AREA: 2,
    LocationPrecision.REGION: 3,
}
IMPORT_PRECISION = {"1": LocationPrecision.TOWN, "2": LocationPrecision.AREA, "3": LocationPrecision.REGION}
"""ACLED geo_precision -> our location precision for rows without our tags."""

IMPORT_RADIUS_M = {"1": 3_000, "2": 25_000, "3": 100_000}
"""ACLED geo_precision -> the radius of an imported place (a town; near it or part of a region; a region)."""

NUMERIC = frozenset(
    {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "latitude", "longitude"}
    | {"geo_precision", "fatalities", "timestamp"}
)
"""Columns that hold numbers: never neutralised for spreadsheets."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading `'` (OWASP's CSV advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo `neutralise` (for reading our own exports back)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _missing(value: Any) -> bool:
    return (
        value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    )


def _text(value: Any) -> str:
    return "" if _missing(value) else str(value)


def time_precision(start: dt.date, end: dt.date, precision: str) -> int:
    """ACLED's 1-3 time precision for our date range."""
    if precision in ("day", "day-inferred"):
        return 1
    if precision in ("week", "range") and (end - start).days <= 6:
        return 2
    return 3


def admin_names(places: pd.DataFrame | None, governorate: str, district: str) -> tuple[str, str]:
    """(admin1, admin2) named as our gazetteer names the governorate and district places."""

    def name_of(place_id: str, suffix: str = "") -> str:
        if places is not None and place_id in places.index:
            return str(places.loc[place_id, "name"]).removesuffix(suffix)
        return ""

    admin1 = name_of(f"{governorate}-governorate", " Governorate") if governorate else ""
    if governorate and not admin1:
        admin1 = governorate.replace("-", " ").title()
    admin2 = name_of(district) if district else ""
    return admin1, admin2


def _casualties(low: Any, high: Any) -> str:
    if _missing(low):
        return ""
    if _missing(high):
        return f"at least {int(low)}"
    return str(int(low)) if int(low) == int(high) else f"{int(low)}-{int(high)}"


def _site_words(site: Mapping[str, Any]) -> str:
    name, reported = _text(site["place_name"]), _text(site["name_reported"])
    where = name if reported in ("", name) else f"{reported} ({name})"
    return f"{where}, {site['role_label'].lower()}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def to_row(
    incident: Mapping[str, Any],
    sites: pd.DataFrame,
    record: Incident | None = None,
    places: pd.DataFrame | None = None,
) -> dict[str, str]:
    """One ACLED row for one incident (a row of the incidents table) and its sites."""
    event_type = EventType(incident["event_type"])
    attacker = Attacker(incident["attacker"])
    start = pd.Timestamp(incident["date_start"]).date()
    end = pd.Timestamp(incident["date_end"]).date()
    sites = sites.sort_values("site_index")
    targets = sites[sites["role"] == "target"]
    site = (targets if len(targets) else sites).iloc[0] if len(sites) else None
    others = sites[sites["site_index"] != site["site_index"]] if site is not None else sites
    place_district = ""
    if site is not None and places is not None and site["place_id"] in places.index:
        place_district = str(places.loc[site["place_id"], "district"] or "")
    country = _text(site["country"]) if site is not None else ""
    iso, country_name = COUNTRIES.get(country, ("", country))
    actor1, inter1 = ACTORS[attacker]
    if attacker is Attacker.UNKNOWN and country_name:
        actor1 = f"{actor1} ({country_name})"
    target_groups = [t for t in _text(incident["targets"]).split("; ") if t]
    disorder, acled_type, sub_type = EVENT_TYPES[event_type]

    notes = [_sentence(_text(incident["title"]))]
    if start != end or incident["date_precision"] not in ("day", "day-inferred"):
        notes.append(f"Date: between {start} and {end} ({incident['date_precision_label'].lower()}).")
    if len(others):
        listed = "; ".join(_site_words(o) for _, o in others.iterrows())
        notes.append(f"Other locations: {listed}.")
    if _text(incident["claims_text"]):
        notes.append(_sentence(_text(incident["claims_text"])))
    killed = _casualties(incident["killed_min"], incident["killed_max"])
    if killed:
        notes.append(f"Killed: {killed}.")

    tags = {
        "event_type": event_type.value,
        "attacker": attacker.value,
        "confidence": incident["confidence"],
        "date": f"{start}/{end}",
        "date_precision": incident["date_precision"],
    }
    if site is not None:
        tags["place_id"] = site["place_id"]
        tags["location_precision"] = site["location_precision"]
    lat = site["lat"] if site is not None else None
    lon = site["lon"] if site is not None else None
    admin1, admin2 = admin_names(
        places, _text(site["governorate"]) if site is not None else "", place_district
    )
    row = {
        "event_id_cnty": ID_PREFIX + incident["id"],
        "event_date": start.isoformat(),
        "year": str(start.year),
        "time_precision": str(time_precision(start, end, incident["date_precision"])),
        "disorder_type": disorder,
        "event_type": acled_type,
        "sub_event_type": sub_type,
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": str(inter1),
        "actor2": target_groups[0] if target_groups else "",
        "assoc_actor_2": "; ".join(target_groups[1:]),
        "inter2": "",
        "interaction": "" if target_groups else f"{inter1}0",
        "civilian_targeting": "",
        "iso": str(iso),
        "region": REGION,
        "country": country_name,
        "admin1": admin1,
        "admin2": admin2,
        "admin3": "",
        "location": _text(site["place_name"]) if site is not None else "",
        "latitude": "" if _missing(lat) else f"{float(lat):.4f}",
        "longitude": "" if _missing(lon) else f"{float(lon):.4f}",
        "geo_precision": str(GEO_PRECISION[LocationPrecision(site["location_precision"])])
        if site is not None
        else "",
        "source": _text(incident["outlets"]),
        "source_scale": "",
        "notes": " ".join(notes),
        "fatalities": str(0 if _missing(incident["killed_min"]) else int(incident["killed_min"])),
        "tags": "; ".join(f"imap:{k}={v}" for k, v in tags.items()),
        "timestamp": "",
    }
    if record is not None and record.acled:
        # An imported record: ACLED's own values stand; only the toll and notes come from the record.
        row.update(record.acled)
        if "notes" not in record.acled:
            row["notes"] = record.sources[0].quotes[0]
        with contextlib.suppress(ValueError):
            row["year"] = str(parse_date(row["event_date"]).year)
    return row


# --- row -> record -------------------------------------------------------------------------------


def parse_tags(tags: str) -> dict[str, str]:
    """Our `imap:key=value` tags from an ACLED tags cell (other tags are ACLED's own, kept as they are)."""
    found = {}
    for part in tags.split(";"):
        part = part.strip()
        if part.startswith("imap:") and "=" in part:
            key, value = part[5:].split("=", 1)
            found[key.strip()] = value.strip()
    return found


def parse_date(text: str) -> dt.date:
    """ACLED dates: ISO (the API) or '13 January 2021' (older CSV exports)."""
    text = text.strip()
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d %B %Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r}")


def slug(text: str) -> str:
    """A lowercase slug of free text (ASCII letters and digits)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def record_id(event_id_cnty: str) -> str:
    """Our id for an ACLED row: ours back for our own rows, `acled-<event id>` for ACLED's."""
    if event_id_cnty.startswith(ID_PREFIX):
        return event_id_cnty[len(ID_PREFIX) :]
    return "acled-" + slug(event_id_cnty)


def event_type_of(row: Mapping[str, str], tags: Mapping[str, str]) -> EventType:
    if tags.get("event_type") in {t.value for t in EventType}:
        return EventType(tags["event_type"])
    sub = row.get("sub_event_type", "")
    if sub == "Air/drone strike":
        notes = row.get("notes", "").lower()
        return EventType.DRONE_STRIKE if re.search(r"\b(drone|uav)s?\b", notes) else EventType.AIR_STRIKE
    if sub == "Shelling/artillery/missile attack":
        return EventType.SHELLING
    if sub == "Change to group/activity":
        return EventType.TROOP_MOVEMENT
    return EventType.OTHER


def attacker_of(actor1: str, tags: Mapping[str, str]) -> Attacker:
    if tags.get("attacker") in {a.value for a in Attacker}:
        return Attacker(tags["attacker"])
    for attacker, (name, _) in ACTORS.items():
        if attacker is not Attacker.UNKNOWN and actor1.startswith(name):
            return attacker
    return Attacker.UNKNOWN


TIME_PRECISION_WORDS = {"1": "the day", "2": "the week", "3": "the month or a longer period"}


def date_of(row: Mapping[str, str], tags: Mapping[str, str]) -> dict[str, Any]:
    """Our date block for a row: our own range from the tags, else one from ACLED's precision code."""
    event_date = parse_date(row["event_date"])
    code = row.get("time_precision", "").strip() or "1"
    meaning = TIME_PRECISION_WORDS.get(code, f"code {code}")
    if "date" in tags and tags.get("date_precision"):
        first, last = (dt.date.fromisoformat(x) for x in tags["date"].split("/"))
        return {
            "start": first,
            "end": last,
            "precision": tags["date_precision"],
            "note": f"From our own export (imap tags); ACLED event_date {event_date}, time_precision "
            f"{code} ({meaning}).",
        }
    if code == "1":
        start = end = event_date
        precision = "day"
    elif code == "2":
        # ACLED does not say where in the week its date falls: the week around it.
        start, end, precision = event_date - dt.timedelta(days=3), event_date + dt.timedelta(days=3), "week"
    else:
        start = event_date.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        precision = "month"
    return {
        "start": start,
        "end": end,
        "precision": precision,
        "note": f"ACLED gives event_date {event_date} with time_precision {code} ({meaning}).",
    }


STORED_COLUMNS = tuple(c for c in COLUMNS if c not in ("year", "notes", "fatalities"))
"""ACLED values an imported record keeps verbatim in its `acled` field (the rest live in the record)."""


def to_record(
    row: Mapping[str, str], *, document: str, place_id: str, location_precision: LocationPrecision
) -> dict[str, Any]:
    """A record (plain data, ready for YAML and the schema) for one ACLED row."""
    row = {c: unneutralise(str(row.get(c) or "")).strip() for c in COLUMNS}
    tags = parse_tags(row["tags"])
    event_id = row["event_id_cnty"]
    event_type = event_type_of(row, tags)
    attacker = attacker_of(row["actor1"], tags)
    confidence = tags.get("confidence") or ("unknown" if attacker is Attacker.UNKNOWN else "possible")
    location = row["location"] or row["admin2"] or row["admin1"] or row["country"] or event_id
    title = f"{row['sub_event_type'] or row['event_type'] or 'Event'} at {location} (ACLED {event_id})"
    notes_text = row["notes"] or event_id
    record: dict[str, Any] = {
        "id": record_id(event_id),
        "title": title[:200],
        "event_type": event_type.value,
        "date": date_of(row, tags),
        "locations": [
            {
                "name_reported": location,
                "place_id": place_id,
                "role": "target",
                "precision": location_precision.value,
            }
        ],
        "claims": [],
        "assessment": {
            "attacker": attacker.value,
            "confidence": confidence,
            "reasoning": f"Imported from ACLED, which names {row['actor1'] or 'no actor'} as actor1; "
            "its attribution has not been reviewed against its sources.",
        },
        "targets": [t for t in [row["actor2"], *row["assoc_actor_2"].split("; ")] if t],
        "notes": f"Imported from ACLED event {event_id} ({document}).",
        "sources": [
            {
                "document": document,
                "outlet": row["source"] or "ACLED",
                "headline": f"ACLED event {event_id}",
                "quotes": [notes_text],
            }
        ],
        "acled": {c: row[c] for c in STORED_COLUMNS},
    }
    if not row["notes"]:
        record["acled"]["notes"] = ""
    if row["actor1"]:
        record["claims"].append(
            {
                "actor": row["actor1"],
                "attacker": attacker.value,
                "stance": "attributed-by-source",
                "by": f"ACLED ({row['source']})" if row["source"] else "ACLED",
            }
        )
    fatalities = int(float(row["fatalities"])) if row["fatalities"] else 0
    if fatalities > 0:
        record["killed"] = [
            {
                "min": fatalities,
                "reported_by": "ACLED",
                "note": "ACLED's fatality count, a conservative estimate.",
            }
        ]
    record["acled"] = record.pop("acled")  # last in the file: ACLED's own values, after ours
    return record
