"""ACLED's column layout and the mapping between our records and ACLED rows, both ways.

ACLED (the Armed Conflict Location & Event Data project) publishes one row per event with the
columns in `incidents.model.ACLED_COLUMNS`. We write the same layout so analysts can stack our
rows under ACLED's, and read it back (`python -m incidents import-acled`).

**One row per site.** ACLED codes one event per location and day, so an incident becomes one
row per site: `SYR-IMAP-<id>` for its main site (the first `target`-role location, else the
first), which carries the death toll, and `SYR-IMAP-<id>.<n>` for its n-th other site, each with
its own coordinates and fatalities 0. ACLED has one date per event and no precision coarser
than a month: `acled_date` maps our possible days by TIME_PRECISION_RULES, and an incident it
cannot date honestly (year unknown, a span over a month) is left out of the export unless asked
for (then tagged `year-unknown` or `date-range`). No row carries a day no source gives.

Mapping, record -> row (the import reverses it; our own `imap:` tags make our rows lossless):

- event_id_cnty: `SYR-IMAP-<id>` (`.<n>` for the other sites), stable because our ids never
  change (SYR names the dataset, not the row's country).
- event_date, year, time_precision: see TIME_PRECISION_RULES.
- disorder_type, event_type, sub_event_type: see EVENT_TYPES below.
- actor1, inter1: the assessed attacker when "confirmed" or "likely" (ACTORS below; ACLED's
  inter codes in numeric form: 1 state forces, 3 political militia, 8 external forces);
  otherwise "Unidentified Military Forces" or "Unidentified Armed Group" (`actor1_of`), with
  the suspected actor in `notes`. assoc_actor_1 is empty: our claims
  say who says who did it, not who took part.
- actor2, assoc_actor_2: the first target group; the others, `; `-separated. inter2 is empty
  (our targets are free text with no actor type); interaction is `<inter1>0`, ACLED's "sole
  actor" code, when there is no actor2, else empty.
- civilian_targeting, admin3, source_scale, timestamp: empty; we do not assess them.
- iso, country, region: from the place's country (760 Syria, 368 Iraq); "Middle East".
- admin1, admin2: the place's governorate and district, named as our gazetteer names them.
- location, latitude, longitude: the chosen site's gazetteer name and point (4 decimals).
- geo_precision: from incidents/location_precisions.csv (1 = exact, neighbourhood or town;
  2 = area; 3 = region).
- source: the outlets, `; `-separated.
- notes: the title; the date in words unless a single day; which site of how many, and the
  others; who says who did it; the suspected attacker; the death toll (and where it is counted).
- fatalities: the lowest reported death toll (`killed_min`), 0 when none is reported.
- tags: `imap:key=value` pairs (event type, attacker, confidence, date range and precision,
  candidate years, place id, location precision, site index and role) so importing our own
  rows restores them exactly; `year-unknown`/`date-range` first when the date is not ACLED's.

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
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from incidents import actors, dates, event_types, ingest, precisions
from incidents.model import (
    ACLED_COLUMNS,
    Attacker,
    Confidence,
    EventType,
    Incident,
    LocationPrecision,
    LocationRole,
)

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

GEO_PRECISION: dict[LocationPrecision, int | None] = {
    precision: rule.acled_geo_precision for precision, rule in precisions.rules().items()
}
"""Our location precision -> ACLED's geo_precision, from incidents/location_precisions.csv."""
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


@dataclass(frozen=True)
class AcledDate:
    """An incident's date as ACLED can hold it: a day and a time_precision, or why it cannot.

    `tag` is None when the row is honest as it is; otherwise it names what ACLED cannot hold
    (`year-unknown`, `date-range`), the row is left out of an export unless asked for, and
    `event_date` is then only the earliest possible day.
    """

    event_date: dt.date
    time_precision: int
    tag: str | None = None
    reason: str = ""


def acled_date(start: dt.date, end: dt.date, precision: str) -> AcledDate:
    """ACLED's event_date and time_precision for our possible days (TIME_PRECISION_RULES)."""
    if start == end:
        return AcledDate(start, 1)
    if (end - start).days <= 6 and precision not in dates.DISCRETE:
        return AcledDate(start, 2)
    if (start.year, start.month) == (end.year, end.month) and precision not in dates.DISCRETE:
        return AcledDate(start, 3)
    if start.year != end.year:
        return AcledDate(
            start,
            3,
            "year-unknown",
            "the year is unknown, and ACLED codes no event less precisely than a month",
        )
    return AcledDate(
        start, 3, "date-range", "the possible days span more than a month, which ACLED cannot code"
    )


TIME_PRECISION_RULES = """\
| our possible days | time_precision | event_date |
| --- | --- | --- |
| one day (day, day-inferred) | 1 | that day |
| a span of at most 7 days (week, range) | 2 | the first possible day; the span is in notes |
| a span within one calendar month (month, range) | 3 | the first possible day; the span in notes |
| wider: a day of unknown year, a weekday of unknown week, a span over a month | left out | \
with `--acled-uncertain`: the earliest possible day, time_precision 3, tag `year-unknown` \
or `date-range` |
"""
"""Our dates -> ACLED's time_precision (acled_date); the README shows this table."""


def time_precision(start: dt.date, end: dt.date, precision: str) -> int:
    """ACLED's 1-3 time precision for our date range (see TIME_PRECISION_RULES)."""
    return acled_date(start, end, precision).time_precision


def date_tags(incidents: pd.DataFrame) -> pd.Series:
    """The `acled_date` tag of every incident row (None when ACLED can hold its date), vectorised."""
    start, end = incidents["date_start"], incidents["date_end"].fillna(incidents["date_start"])
    discrete = incidents["date_precision"].isin(dates.DISCRETE)
    span = (end - start).dt.days
    same_month = (start.dt.year == end.dt.year) & (start.dt.month == end.dt.month)
    fits = (span == 0) | (~discrete & ((span <= 6) | same_month))
    tags = pd.Series(None, index=incidents.index, dtype=object)
    tags[~fits & (start.dt.year != end.dt.year)] = "year-unknown"
    tags[~fits & (start.dt.year == end.dt.year)] = "date-range"
    tags[start.isna()] = "date-unknown"
    return tags.where(tags.notna(), None)


UNIDENTIFIED_MILITARY = ("Unidentified Military Forces", 8)
UNIDENTIFIED_GROUP = ("Unidentified Armed Group", 3)
"""ACLED's names for an actor nobody has established: armed forces (air and drone strikes,
shelling) or an armed group (everything else); inter codes 8 and 3."""

NAMED_CONFIDENCES = frozenset({"confirmed", "likely", "attributed"})
"""Attributions ACLED would name an actor for ("attributed": ACLED's own actor1, imported);
"possible" and "unknown" become Unidentified."""

MILITARY_EVENTS = frozenset({EventType.AIR_STRIKE, EventType.DRONE_STRIKE, EventType.SHELLING})


def actor1_of(
    attacker: str, label: str, confidence: str, event_type: EventType, country: str
) -> tuple[str, int | str, str]:
    """(actor1, inter1, a sentence for notes): ACLED names only an established attacker.

    An attacker graded "possible" or "unknown" is "Unidentified Military Forces" (strikes and
    shelling) or "Unidentified Armed Group (<country>)", with the suspected actor in the notes.
    An actor of a dataset we imported (not one of ours) keeps the name the dataset gives it.
    """
    known = attacker in {a.value for a in Attacker}
    if confidence in NAMED_CONFIDENCES and attacker != Attacker.UNKNOWN.value:
        if known:
            name, inter = ACTORS[Attacker(attacker)]
            return name, inter, ""
        return label, "", ""
    name, inter = UNIDENTIFIED_MILITARY if event_type in MILITARY_EVENTS else UNIDENTIFIED_GROUP
    if name == UNIDENTIFIED_GROUP[0] and country:
        name = f"{name} ({country})"
    if attacker == Attacker.UNKNOWN.value:
        return name, inter, "Attacker: unidentified."
    return name, inter, f"Suspected attacker: {label} (attribution {confidence}, not established)."


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


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def _site_id(incident_id: str, site_index: int, primary: bool) -> str:
    """`SYR-IMAP-<id>` for the incident's main site, `SYR-IMAP-<id>.<n>` for its n-th site."""
    return ID_PREFIX + incident_id + ("" if primary else f".{site_index + 1}")


def to_rows(
    incident: Mapping[str, Any],
    sites: pd.DataFrame,
    record: Incident | None = None,
    places: pd.DataFrame | None = None,
) -> list[dict[str, str]]:
    """ACLED rows for one incident (a row of the incidents table): one per site, as ACLED codes
    one event per location and day.

    The main site (the first `target`, else the first site) keeps the id `SYR-IMAP-<id>` and the
    death toll; the others are `SYR-IMAP-<id>.<n>` with fatalities 0 (the toll is the incident's,
    counted once) and say so in their notes.
    """
    own_type = incident["event_type"] not in {t.value for t in EventType}
    event_type = EventType.OTHER if own_type else EventType(incident["event_type"])
    start = pd.Timestamp(incident["date_start"]).date()
    end = pd.Timestamp(incident["date_end"]).date()
    when = acled_date(start, end, incident["date_precision"])
    sites = sites.sort_values("site_index")
    targets = sites[sites["role"] == "target"]
    main = (targets if len(targets) else sites).iloc[0] if len(sites) else None
    # The main site first: an import builds the record from it (its toll, ACLED's own values).
    site_rows = [site for _, site in sites.iterrows()] or [None]
    site_rows.sort(
        key=lambda site: site is not None and main is not None and site["site_index"] != main["site_index"]
    )
    target_groups = [t for t in _text(incident["targets"]).split("; ") if t]
    disorder, acled_type, sub_type = EVENT_TYPES[event_type]
    if own_type:  # a type of ACLED's own, read from an ACLED table: ACLED's names back
        acled_type, sub_type = _OWN_TYPES.get(incident["event_type"], ("", incident["event_type_label"]))
        disorder = ""
    killed = _casualties(incident["killed_min"], incident["killed_max"])
    deaths = str(0 if _missing(incident["killed_min"]) else int(incident["killed_min"]))

    rows = []
    for site in site_rows:
        primary = site is None or main is None or site["site_index"] == main["site_index"]
        country = _text(site["country"]) if site is not None else ""
        iso, country_name = COUNTRIES.get(country, ("", country))
        actor1, inter1, actor_note = actor1_of(
            incident["attacker"],
            _text(incident["attacker_label"]),
            incident["confidence"],
            event_type,
            country_name,
        )
        district = ""
        if site is not None and places is not None and site["place_id"] in places.index:
            district = str(places.loc[site["place_id"], "district"] or "")
        admin1, admin2 = admin_names(places, _text(site["governorate"]) if site is not None else "", district)

        notes = [_sentence(_text(incident["title"]))]
        if when.time_precision != 1:
            notes.append(f"Date: {_text(incident.get('date_words')) or f'between {start} and {end}'}.")
        if len(sites) > 1 and site is not None:
            others = "; ".join(
                f"{_text(o['place_name'])}, {o['role_label'].lower()}"
                for _, o in sites.iterrows()
                if o["site_index"] != site["site_index"]
            )
            notes.append(
                f"Site {int(site['site_index']) + 1} of {len(sites)} of this incident "
                f"({site['role_label'].lower()}); other sites: {others}."
            )
        if _text(incident["claims_text"]):
            notes.append(_sentence(_text(incident["claims_text"])))
        if actor_note:
            notes.append(actor_note)
        if killed:
            notes.append(
                f"Killed: {killed}."
                if primary
                else f"Killed: {killed}, counted once for the incident, on row {ID_PREFIX}{incident['id']}."
            )

        tags = {
            "event_type": incident["event_type"],
            "attacker": incident["attacker"],
            "confidence": incident["confidence"],
            "date": f"{start}/{end}",
            "date_precision": incident["date_precision"],
            # ACLED writes 0 for "no toll reported"; our own range (or "/" for none) comes back exactly.
            "killed": f"{_text(incident['killed_min'])}/{_text(incident['killed_max'])}",
        }
        if _text(incident.get("date_years")):
            tags["date_years"] = _text(incident["date_years"])
        if site is not None:
            tags["place_id"] = site["place_id"]
            tags["location_precision"] = site["location_precision"]
            tags["site"] = str(int(site["site_index"]))
            tags["role"] = site["role"]
        tag_text = "; ".join(f"imap:{k}={v}" for k, v in tags.items())
        if when.tag:
            tag_text = f"{when.tag}; {tag_text}"
        lat = site["lat"] if site is not None else None
        lon = site["lon"] if site is not None else None
        row = {
            "event_id_cnty": _site_id(
                incident["id"], int(site["site_index"]) if site is not None else 0, primary
            ),
            "event_date": when.event_date.isoformat(),
            "year": str(when.event_date.year),
            "time_precision": str(when.time_precision),
            "disorder_type": disorder,
            "event_type": acled_type,
            "sub_event_type": sub_type,
            "actor1": actor1,
            "assoc_actor_1": "",
            "inter1": str(inter1),
            "actor2": target_groups[0] if target_groups else "",
            "assoc_actor_2": "; ".join(target_groups[1:]),
            "inter2": "",
            "interaction": "" if target_groups or not inter1 else f"{inter1}0",
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
            "geo_precision": _text(GEO_PRECISION[LocationPrecision(site["location_precision"])])
            if site is not None
            else "",
            "source": _text(incident["outlets"]),
            "source_scale": "",
            "notes": " ".join(notes),
            "fatalities": deaths if primary else "0",
            "tags": tag_text,
            "timestamp": "",
        }
        if record is not None and record.acled and not primary and site is not None:
            # Another site of an imported incident: its own row's notes are its location's note.
            index = int(site["site_index"])
            if index < len(record.locations) and record.locations[index].note:
                row["notes"] = record.locations[index].note
        if record is not None and record.acled and primary:
            # An imported record: ACLED's own values stand; only the toll and notes come from the record.
            row.update(record.acled)
            if "notes" not in record.acled:
                row["notes"] = record.sources[0].quotes[0]
            with contextlib.suppress(ValueError):
                row["year"] = str(parse_date(row["event_date"]).year)
        rows.append(row)
    return rows


# --- ACLED row -> our fields: one mapping for import-acled and for large tables ------------------

VOCABULARY_PATH = Path(__file__).with_name("acled_vocabulary.json")
VOCABULARY: dict[str, Any] = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
DRONE_WORDS = re.compile(r"\b(?:drones?|uavs?|unmanned aerial)\b", re.IGNORECASE)
"""Notes that say the aircraft was a drone make ACLED's "Air/drone strike" our drone strike."""
DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d/%m/%Y")
"""ACLED's date styles besides ISO: "13 January 2021" (CSV exports), "13/01/2021" (older files)."""
REQUIRED = ("event_id_cnty", "event_date", "latitude", "longitude")
_TOLL = re.compile(r"^(?P<n>\d+)(?:\.0+)?(?P<plus>\s*\+)?$")


class RowReason(ValueError):
    """Why one ACLED cell cannot be used (the row is skipped with this reason)."""


def is_acled(columns: Iterable[str]) -> bool:
    """ACLED's layout, current or older: it has event ids and actors."""
    names = set(columns)
    return "event_id_cnty" in names or {"event_date", "actor1", "event_type"} <= names


def parse_date(text: str) -> dt.date:
    """One ACLED date cell: ISO (the API, Parquet) or one of ACLED's written styles."""
    text = text.strip()
    iso = text[:10]
    if (len(text) >= 10 and text[10:].strip() in ("", "00:00:00", "T00:00:00")) or text[10:11] == "T":
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(iso)
    for style in DATE_FORMATS:
        with contextlib.suppress(ValueError):
            return dt.datetime.strptime(text, style).date()
    raise RowReason(
        f"not a date in any of ACLED's styles (2021-01-13, 13 January 2021, 13/01/2021): {text!r}"
    )


def date_range(event_date: str, code: str, tags: Mapping[str, str], today: dt.date | None = None) -> dict:
    """Our date block for an ACLED date and time_precision (our own range when tags carry one)."""
    day = parse_date(event_date)
    if day > (today or dt.date.today()):
        raise RowReason(f"{day} is after today")
    code = code.strip().removesuffix(".0")
    meaning = VOCABULARY["time_precision"].get(code) or VOCABULARY["time_precision"][""]
    if tags.get("date") and tags.get("date_precision"):
        with contextlib.suppress(ValueError):
            first, last = (dt.date.fromisoformat(x) for x in tags["date"].split("/"))
            return {
                "start": first,
                "end": last,
                "precision": tags["date_precision"],
                "note": f"From our own export (imap tags); ACLED event_date {day}, time_precision "
                f"{code or 'blank'}.",
            }
    precision = meaning["precision"]
    if precision == "day":
        start = end = day
    elif precision == "week":
        around = dt.timedelta(days=meaning["days_around"])
        start, end = day - around, day + around
    else:  # the month, also when the code is unknown: the widest ACLED gives
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    note = meaning["note"] + f" ACLED event_date {day}."
    return {"start": start, "end": end, "precision": precision, "note": note}


def location_precision(code: str, tags: Mapping[str, str]) -> tuple[str, int, str]:
    """(our location precision, radius in metres, note) for ACLED's geo_precision."""
    code = code.strip().removesuffix(".0")
    meaning = VOCABULARY["geo_precision"].get(code) or VOCABULARY["geo_precision"][""]
    precision = tags.get("location_precision")
    if precision not in {p.value for p in LocationPrecision}:
        precision = meaning["precision"]
    return precision, int(meaning["radius_m"]), meaning["note"]


def fatalities(text: str, tags: Mapping[str, str] | None = None) -> tuple[int | None, int | None]:
    """(killed_min, killed_max): "3" -> (3, 3); "10+" -> (10, None), at least ten; "" -> unknown.

    Our own rows carry the exact range in their `imap:killed=MIN/MAX` tag (blank for none).
    """
    tagged = (tags or {}).get("killed")
    if tagged is not None and re.fullmatch(r"\d*/\d*", tagged):
        low, high = tagged.split("/")
        return (int(low) if low else None), (int(high) if high else None)
    text = text.strip()
    if not text:
        return None, None
    found = _TOLL.match(text)
    if not found:
        raise RowReason("fatalities must be a whole number of at least 0 (or N+ for at least N)")
    n = int(found["n"])
    return (n, None) if found["plus"] else (n, n)


def _type_table() -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (e["event_type"].casefold(), e["sub_event_type"].casefold()): e for e in VOCABULARY["event_types"]
    }


_TYPES = _type_table()
_SUB_TYPES = {sub: e for (_, sub), e in _TYPES.items() if sub}
"""ACLED's current sub-event types are unique across its event types: a file may give only those."""


def event_type(acled_type: str, sub_type: str, notes: str, tags: Mapping[str, str]) -> tuple[str, str]:
    """(our event type slug, its label): ours where one means the same, else ACLED's own type."""
    if tags.get("event_type") in {t.value for t in EventType}:
        return tags["event_type"], EventType(tags["event_type"]).label
    sub = sub_type.strip().casefold()
    entry = _TYPES.get((acled_type.strip().casefold(), sub)) or (_SUB_TYPES.get(sub) if sub else None)
    ours = entry["ours"] if entry else None
    if ours == EventType.AIR_STRIKE.value and DRONE_WORDS.search(notes):
        ours = EventType.DRONE_STRIKE.value
    if ours:
        return ours, EventType(ours).label
    name = (entry or {}).get("label") or sub_type.strip() or acled_type.strip() or "Event"
    return event_types.register(name), " ".join(name.split())


def attacker(actor1: str, tags: Mapping[str, str]) -> actors.Actor:
    """The actor ACLED names as actor1: a known one only by its exact name, else its own."""
    tagged = tags.get("attacker", "")
    if tagged in actors.known_actors():
        return actors.known_actors()[tagged]
    return actors.resolve(actor1)


_CONFIDENCES = frozenset(c.value for c in Confidence)


def confidence(actor: actors.Actor, tags: Mapping[str, str]) -> str:
    """Never stronger than ACLED states it: a named actor1 is 'attributed by the source'."""
    if tags.get("confidence") in _CONFIDENCES:
        return tags["confidence"]
    return Confidence.UNKNOWN.value if actor.slug == actors.UNKNOWN else Confidence.ATTRIBUTED.value


class _PerValue:
    """`build(*key)` once per distinct key of the rows; row i's answer is `results[codes[i]]`.

    A table of 100,000 events has a few thousand distinct dates and actor names: each is mapped
    once, by the same function `to_record`'s rows go through. A RowReason skips every row with
    that key, with the reason, in `report`.
    """

    def __init__(self, keys: list[pd.Series], build, column: str, shown: pd.Series, rows: pd.Series, report):
        joined = keys[0].astype(str)
        for key in keys[1:]:
            joined = joined + "\x1f" + key.astype(str)
        self.codes, _ = pd.factorize(joined)
        first = np.unique(self.codes, return_index=True)[1]
        parts = [key.to_numpy() for key in keys]
        self.results: list[Any] = []
        for index in first:
            try:
                self.results.append(build(*(part[index] for part in parts)))
            except RowReason as reason:
                self.results.append(reason)
        failed = np.array([isinstance(r, RowReason) for r in self.results], dtype=bool)
        for position in np.flatnonzero(failed[self.codes]):
            report.skip(
                rows.iloc[position], column, shown.iloc[position], str(self.results[self.codes[position]])
            )

    def field(self, get, keep: np.ndarray) -> np.ndarray:
        values = np.array(
            [None if isinstance(r, RowReason) else get(r) for r in self.results] + [None], dtype=object
        )
        return values[self.codes[keep]]


def normalise(
    frame: pd.DataFrame, report: ingest.IngestReport, gazetteer=None, earlier: ingest.IdLedger | None = None
) -> pd.DataFrame:
    """ACLED rows -> one row of our fields per usable event; every other row is in `report`.

    `earlier` holds the ids of the file's chunks already read (a large file is read in chunks).

    Each distinct cell value is mapped once (`_PerValue`), by the same functions, row by row,
    as `import-acled` applies.
    """
    frame = frame.rename(columns={k: v for k, v in VOCABULARY["column_aliases"].items() if v not in frame})
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ingest.SourceError(
            f"{report.source}: ACLED's layout needs {', '.join(REQUIRED)}; no column {', '.join(missing)}"
        )
    txt = {c: ingest.text(frame, c) for c in (*COLUMNS, "ally_actor_1")}
    for column in COLUMNS:
        quoted = txt[column].str.startswith("'")
        if column not in NUMERIC and quoted.any():
            txt[column] = txt[column].where(~quoted, txt[column][quoted].map(unneutralise))
    rows = frame[ingest.ROW]
    lat, lon = ingest.coordinates(frame, "latitude", "longitude", report)
    tagged = txt["tags"].str.contains("imap:", regex=False)
    tags = pd.Series([{}] * len(frame), index=frame.index, dtype=object)
    if tagged.any():
        tags[tagged] = txt["tags"][tagged].map(parse_tags)

    def tag(name: str) -> pd.Series:
        values = pd.Series("", index=frame.index, dtype=object)
        if tagged.any():
            values[tagged] = tags[tagged].map(lambda t: t.get(name, ""))
        return values

    def per_value(keys: list[pd.Series], build, column: str) -> _PerValue:
        return _PerValue(keys, build, column, txt[column], rows, report)

    dates = per_value(
        [txt["event_date"], txt["time_precision"], tag("date"), tag("date_precision")],
        lambda day, code, span, precision: date_range(day, code, {"date": span, "date_precision": precision}),
        "event_date",
    )
    tolls = per_value(
        [txt["fatalities"], tag("killed"), tagged],
        lambda text, killed, has_tags: fatalities(text, {"killed": killed} if has_tags and killed else None),
        "fatalities",
    )
    drone = txt["notes"].str.contains(DRONE_WORDS.pattern, case=False, regex=True)
    types = per_value(
        [txt["event_type"], txt["sub_event_type"], drone, tag("event_type")],
        lambda kind, sub, says_drone, ours: event_type(
            kind, sub, "drone" if says_drone else "", {"event_type": ours}
        ),
        "event_type",
    )
    who = per_value(
        [txt["actor1"], tag("attacker"), tag("confidence")],
        lambda actor1, ours, graded: (
            actor := attacker(actor1, {"attacker": ours}),
            confidence(actor, {"confidence": graded}),
        ),
        "actor1",
    )
    where = per_value(
        [txt["geo_precision"], tag("location_precision")],
        lambda code, ours: location_precision(code, {"location_precision": ours}),
        "geo_precision",
    )
    ids = ingest.unique_ids(txt["event_id_cnty"], frame, "event_id_cnty", report, earlier)
    if gazetteer is not None:
        ingest.check_places(
            frame,
            lat,
            lon,
            txt["location"],
            [txt["admin2"], txt["admin1"]],
            gazetteer,
            report,
            governorate=txt["admin1"],
            named_areas=[txt["admin2"], txt["admin3"]],
        )

    k = ~rows.isin(list(report.skipped_rows)).to_numpy()
    kept = frame.index[k]

    def column(values) -> pd.Series:
        return pd.Series(values, index=kept)

    out = pd.DataFrame(
        {
            ingest.ROW: rows[k],
            "id": column([record_id(i) for i in ids[k]]),
            "event_id_cnty": ids[k],
            "event_type": column(types.field(lambda t: t[0], k)),
            "event_type_label": column(types.field(lambda t: t[1], k)),
            "attacker": column(who.field(lambda w: w[0].slug, k)),
            "attacker_label": column(who.field(lambda w: w[0].label, k)),
            "confidence": column(who.field(lambda w: w[1], k)),
            "date_start": column(dates.field(lambda d: d["start"], k)),
            "date_end": column(dates.field(lambda d: d["end"], k)),
            "date_precision": column(dates.field(lambda d: d["precision"], k)),
            "date_note": column(dates.field(lambda d: d["note"], k)),
            "location_precision": column(where.field(lambda w: w[0], k)),
            "precision_m": column(where.field(lambda w: w[1], k)),
            "geo_note": column(where.field(lambda w: w[2], k)),
            "lat": lat[k],
            "lon": lon[k],
            "killed_min": column(tolls.field(lambda t: t[0], k)),
            "killed_max": column(tolls.field(lambda t: t[1], k)),
            "place_tag": tag("place_id")[k],
            "acled_event_type": txt["event_type"][k],
            **{c: txt[c][k] for c in COLUMNS if c not in ("event_id_cnty", "event_type")},
        }
    )
    ally = txt["ally_actor_1"][k]
    out["assoc_actor_1"] = out["assoc_actor_1"].where(out["assoc_actor_1"] != "", ally)
    return out.reset_index(drop=True)


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


def slug(text: str) -> str:
    """A lowercase slug of free text (ASCII letters and digits)."""
    return actors.slug_of(text)[:60].strip("-")


def record_id(event_id_cnty: str) -> str:
    """Our id for an ACLED row: ours back for our own rows, `acled-<event id>` for ACLED's."""
    if event_id_cnty.startswith(ID_PREFIX):
        return event_id_cnty[len(ID_PREFIX) :].split(".", 1)[0]  # `.<n>`: another site of it
    return "acled-" + slug(event_id_cnty)


def published_of(row: Mapping[str, str], date: Mapping[str, Any]) -> dict[str, Any]:
    """When the ACLED row was published: after the event's first day, by its `timestamp` if given."""
    published: dict[str, Any] = {"earliest": date["start"]}
    note = "An ACLED row is published after the event it codes, so no earlier than its first day"
    with contextlib.suppress(ValueError, TypeError, OverflowError, OSError):
        stamp = dt.datetime.fromtimestamp(int(float(row.get("timestamp", ""))), tz=dt.UTC).date()
        if stamp >= pd.Timestamp(date["start"]).date():
            published["latest"] = stamp
            note += f"; ACLED's timestamp {row['timestamp']} says the row existed by {stamp}"
    published["note"] = note + "."
    return published


STORED_COLUMNS = tuple(c for c in COLUMNS if c not in ("year", "notes", "fatalities"))
"""ACLED values an imported record keeps verbatim in its `acled` field (the rest live in the record)."""


def to_record(row: Mapping[str, Any], *, document: str, place_id: str) -> dict[str, Any]:
    """A record (plain data, ready for YAML and the schema) for one row of `normalise`."""
    event_id = row["event_id_cnty"]
    location = row["location"] or row["admin2"] or row["admin1"] or row["country"] or event_id
    title = f"{row['event_type_label']} at {location} (ACLED {event_id})"
    notes_text = row["notes"] or event_id
    role = parse_tags(_text(row.get("tags"))).get("role")  # our own export's site rows say
    record_date = {
        "start": row["date_start"],
        "end": row["date_end"],
        "precision": row["date_precision"],
        "note": row["date_note"],
    }
    record: dict[str, Any] = {
        "id": row["id"],
        "title": title[:200],
        "event_type": row["event_type"],
        **({} if event_types.is_ours(row["event_type"]) else {"event_type_name": row["event_type_label"]}),
        "date": record_date,
        "locations": [
            {
                "name_reported": location,
                "place_id": place_id,
                "role": role if role in {r.value for r in LocationRole} else "target",
                "precision": row["location_precision"],
                "note": row["geo_note"],
            }
        ],
        "claims": [],
        "assessment": {
            **({} if row["attacker"] in actors.known_actors() else {"attacker_name": row["attacker_label"]}),
            "attacker": row["attacker"],
            "confidence": row["confidence"],
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
                "published": published_of(row, record_date),
                "quotes": [notes_text],
            }
        ],
    }
    if row["actor1"]:
        record["claims"].append(
            {
                "actor": row["actor1"],
                "attacker": row["attacker"],
                "stance": "attributed-by-source",
                "by": f"ACLED ({row['source']})" if row["source"] else "ACLED",
            }
        )
    if not _missing(row["killed_min"]):  # ACLED codes "no fatalities reported" as 0
        toll: dict[str, Any] = {"min": int(row["killed_min"]), "reported_by": "ACLED"}
        if not _missing(row["killed_max"]):
            toll["max"] = int(row["killed_max"])
        toll["note"] = "ACLED's fatality count, a conservative estimate" + (
            "." if not _missing(row["killed_max"]) else f" ({row['fatalities']}: at least this many)."
        )
        record["killed"] = [toll]
    stored = {**row, "event_type": row["acled_event_type"]}
    record["acled"] = {c: stored[c] for c in STORED_COLUMNS if c in stored}
    if not row["notes"]:
        record["acled"]["notes"] = ""
    return record


_OWN_TYPES: dict[str, tuple[str, str]] = {}
for _entry in VOCABULARY["event_types"]:
    if not _entry["ours"]:
        _name = _entry.get("label") or _entry["sub_event_type"] or _entry["event_type"]
        _OWN_TYPES[event_types.register(_name)] = (_entry["event_type"], _entry["sub_event_type"])
