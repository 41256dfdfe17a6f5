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
- disorder_type, event_type, sub_event_type: acled_vocabulary.json's `our_event_types`.
- actor1, inter1: the assessed attacker when "confirmed" or "likely" (actors.csv's acled_actor
  and acled_inter; ACLED's inter codes in numeric form: 1 state forces, 3 political militia,
  8 external forces); otherwise acled_vocabulary.json's `unidentified_actors` (`actor1_of`), with
  the suspected actor in `notes`. assoc_actor_1 is empty: our claims
  say who says who did it, not who took part.
- actor2, assoc_actor_2: the first target group; the others, `; `-separated. inter2 is empty
  (our targets are free text with no actor type); interaction is `<inter1>0`, ACLED's "sole
  actor" code, when there is no actor2, else empty.
- civilian_targeting, admin3, timestamp: empty; we do not assess them. source_scale: an imported
  table's own (empty for our records).
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
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from incidents import actors, dates, event_types, parties, precisions
from incidents.model import (
    ACLED_COLUMNS,
    EventType,
    Incident,
    LocationPrecision,
)

VOCABULARY_PATH = Path(__file__).with_name("acled_vocabulary.json")
VOCABULARY: dict[str, Any] = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d/%m/%Y")
"""ACLED's date styles besides ISO: "13 January 2021" (CSV exports), "13/01/2021" (older files)."""

COLUMNS = ACLED_COLUMNS
ID_PREFIX = "SYR-IMAP-"
REGION = "Middle East"

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


NAMED_CONFIDENCES = frozenset({"confirmed", "likely", "attributed"})
"""Attributions ACLED would name an actor for ("attributed": ACLED's own actor1, imported);
"possible" and "unknown" become Unidentified."""

MILITARY_EVENTS = frozenset({EventType.AIR_STRIKE, EventType.DRONE_STRIKE, EventType.SHELLING})


def actor1_of(
    attacker: str, label: str, confidence: str, event_type: EventType, country: str, party_names: str = ""
) -> tuple[str, int | str, str]:
    """(actor1, inter1, a sentence for notes): ACLED names only an established attacker.

    An attacker graded "possible" or "unknown" is "Unidentified Military Forces" (strikes and
    shelling) or "Unidentified Armed Group (<country>)", with the suspected actor in the notes.
    An actor of a dataset we imported (not one of ours) keeps the name the dataset gives it; an
    event with no attacker (not a strike) has its first party (`party_names`), as ACLED's actor1 was.
    """
    if attacker == actors.NO_ATTACKER:  # not a strike: its first party, as ACLED's actor1 was
        first = next((p for p in party_names.split(parties.SEPARATOR) if p), "")
        if first:
            return first, "", ""
    known = actors.known_actors().get(attacker)
    if confidence in NAMED_CONFIDENCES and attacker != actors.UNKNOWN:
        if known is not None:  # ACLED's name and inter code from actors.csv (else our label)
            return known.acled_actor or known.label, int(known.acled_inter) if known.acled_inter else "", ""
        return label, "", ""
    military = event_type in MILITARY_EVENTS
    unidentified = VOCABULARY["unidentified_actors"]["military" if military else "group"]
    name, inter = unidentified["actor"], unidentified["inter"]
    if not military and country:
        name = f"{name} ({country})"
    if attacker == actors.UNKNOWN:
        return name, inter, "Attacker: unidentified."
    if attacker == actors.NO_ATTACKER:
        return name, inter, "Not a strike: no attacker, and no party named."
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
    disorder, acled_type, sub_type = VOCABULARY["our_event_types"][event_type.value]
    if own_type:  # a type of ACLED's own, read from an ACLED table: ACLED's names back
        acled_type, sub_type = own_type_names().get(
            incident["event_type"], ("", incident["event_type_label"])
        )
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
            _text(incident.get("parties")),
        )
        district = ""
        if site is not None and places is not None and site["place_id"] in places.index:
            district = str(places.loc[site["place_id"], "district"] or "")
        admin1, admin2 = admin_names(places, _text(site["governorate"]) if site is not None else "", district)

        notes = [_sentence(_text(incident["title"]))]
        inferred = incident.get("year_inferred")
        if when.time_precision != 1 or (pd.notna(inferred) and bool(inferred)):  # what event_date hides
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
            "source_scale": _text(incident.get("source_scale")),
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


class RowReason(ValueError):
    """Why one ACLED cell cannot be used (the row is skipped with this reason)."""


@cache
def own_type_names() -> dict[str, tuple[str, str]]:
    """The slug of each ACLED type with no equivalent of ours -> ACLED's (event_type, sub_event_type),
    from acled_vocabulary.json, to write them back under ACLED's names."""
    return {
        event_types.own_slug(e.get("label") or e["sub_event_type"] or e["event_type"]): (
            e["event_type"],
            e["sub_event_type"],
        )
        for e in VOCABULARY["event_types"]
        if not e["ours"]
    }
