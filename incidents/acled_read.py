"""ACLED rows read into our fields: one mapping for `import-acled` and for large tables alike.

`normalise` turns an ACLED table (its cells, our `imap:` tags) into our columns, reporting every
row it skips and why; `to_record` makes a record of one normalised row (through
incidents.imported_record, as UCDP's import does). The other direction
(record -> rows) and ACLED's layout are in incidents/acled.py; the vocabulary in
incidents/acled_vocabulary.json.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import operator
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from incidents import actors, event_types, imported_record, ingest
from incidents.acled import (
    COLUMNS,
    ID_PREFIX,
    NUMERIC,
    VOCABULARY,
    RowReason,
    _missing,
    _text,
    parse_date,
    unneutralise,
)
from incidents.model import (
    Confidence,
    EventType,
    LocationPrecision,
    LocationRole,
)
from incidents.text import slug, slug_series, spread

# --- ACLED row -> our fields: one mapping for import-acled and for large tables ------------------

DRONE_WORDS = re.compile(r"\b(?:drones?|uavs?|unmanned aerial)\b", re.IGNORECASE)
"""Notes that say the aircraft was a drone make ACLED's "Air/drone strike" our drone strike."""
REQUIRED = ("event_id_cnty", "event_date", "latitude", "longitude")
_TOLL = re.compile(r"^(?P<n>\d+)(?:\.0+)?(?P<plus>\s*\+)?$")


def is_acled(columns: Iterable[str]) -> bool:
    """ACLED's layout, current or older: it has event ids and actors."""
    names = set(columns)
    return "event_id_cnty" in names or {"event_date", "actor1", "event_type"} <= names


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


def _strike_by_type() -> dict[str, bool]:
    """An event type whose sub-types all say the same (Explosions/Remote violence: all strikes)."""
    said: dict[str, set[bool]] = {}
    for (kind, _), entry in _TYPES.items():
        said.setdefault(kind, set()).add(bool(entry["strike"]))
    return {kind: values.pop() for kind, values in said.items() if len(values) == 1}


_STRIKE_TYPES = _strike_by_type()


def classify(acled_type: str, sub_type: str) -> tuple[str | None, str | None, bool]:
    """(our event type or None, ACLED's label or None, whether it is a strike) for ACLED's event
    type and sub-type, from acled_vocabulary.json: by the pair, else by the sub-type alone.

    A strike (remote violence) is one whose actor1 is the one who struck; a pair not listed is one
    by its event type when all that type's sub-types agree, and no strike for a type not listed.
    """
    sub = sub_type.strip().casefold()
    entry = _TYPES.get((acled_type.strip().casefold(), sub)) or (_SUB_TYPES.get(sub) if sub else None)
    if entry is None:
        return None, None, _STRIKE_TYPES.get(acled_type.strip().casefold(), False)
    return entry["ours"], entry.get("label"), bool(entry["strike"])


def event_type(acled_type: str, sub_type: str, notes: str, tags: Mapping[str, str]) -> tuple[str, str]:
    """(our event type slug, its label): ours where one means the same, else ACLED's own type."""
    if tags.get("event_type") in {t.value for t in EventType}:
        return tags["event_type"], EventType(tags["event_type"]).label
    ours, label, _ = classify(acled_type, sub_type)
    if ours == EventType.AIR_STRIKE.value and DRONE_WORDS.search(notes):
        ours = EventType.DRONE_STRIKE.value
    if ours:
        return ours, EventType(ours).label
    name = label or sub_type.strip() or acled_type.strip() or "Event"
    return event_types.own_slug(name), " ".join(name.split())


def is_strike(acled_type: str, sub_type: str) -> bool:
    """Whether ACLED's actor1 is the one who struck (`classify`)."""
    return classify(acled_type, sub_type)[2]


def attacker(actor1: str, tags: Mapping[str, str], strike: bool = True) -> actors.Actor:
    """The actor ACLED names as actor1 for a strike (a known one only by its exact name, else
    its own); `no-attacker` for any other event, whose actors are parties, not an attacker.
    Our own rows' `imap:attacker` tag (a curator's assessment) is kept as it is."""
    tagged = tags.get("attacker", "")
    if tagged in actors.known_actors():
        return actors.known_actors()[tagged]
    if not strike:
        return actors.known_actors()[actors.NO_ATTACKER]
    return actors.resolve(actor1)


_CONFIDENCES = frozenset(c.value for c in Confidence)


def confidence(actor: actors.Actor, tags: Mapping[str, str]) -> str:
    """Never stronger than ACLED states it: a named actor1 is 'attributed by the source'; an
    unidentified one, or none (not a strike), 'unknown'."""
    if tags.get("confidence") in _CONFIDENCES:
        return tags["confidence"]
    unnamed = actor.slug in (actors.UNKNOWN, actors.NO_ATTACKER)
    return Confidence.UNKNOWN.value if unnamed else Confidence.ATTRIBUTED.value


class _PerValue:
    """`build(*key)` once per distinct key of the rows; row i's answer is `results[codes[i]]`.

    A table of 100,000 events has a few thousand distinct dates and actor names: each is mapped
    once, by the same function `to_record`'s rows go through. A RowReason skips every row with
    that key, with the reason, in `report`.
    """

    def __init__(self, keys: list[pd.Series], build, column: str, shown: pd.Series, rows: pd.Series, report):
        # Each key column as codes, combined into one code per distinct tuple of values.
        self.codes = np.zeros(len(keys[0]), dtype="int64")
        for key in keys:
            codes, uniques = pd.factorize(key)
            self.codes = pd.factorize(self.codes * (len(uniques) + 1) + codes)[0]
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

    def text(self, get, keep: np.ndarray, index: pd.Index) -> pd.Series:
        """`field` of a text answer, as a text column (spread in Arrow, not a string per row)."""
        values = ["" if isinstance(r, RowReason) else get(r) for r in self.results]
        return spread(values, self.codes[keep], index)

    def field(self, get, keep: np.ndarray) -> np.ndarray:
        values = np.array(
            [None if isinstance(r, RowReason) else get(r) for r in self.results] + [None], dtype=object
        )
        return values[self.codes[keep]]

    def columns(self, keep: np.ndarray, index: pd.Index, **getters) -> dict[str, pd.Series]:
        """Named columns of the kept rows, each a part of the answers (`getters`: name -> get);
        a part whose answers are all text is a text column (`text`), others hold the values."""
        out: dict[str, pd.Series] = {}
        for name, get in getters.items():
            parts = [get(r) for r in self.results if not isinstance(r, RowReason)]
            if all(isinstance(p, str) for p in parts):
                out[name] = self.text(get, keep, index)
            else:
                out[name] = pd.Series(self.field(get, keep), index=index)
        return out


DATE_COLUMNS = {c: operator.itemgetter(k) for c, k in (("date_start", "start"), ("date_end", "end"))}
DATE_COLUMNS |= {
    c: operator.itemgetter(k) for c, k in (("date_precision", "precision"), ("date_note", "note"))
}
"""Our date columns from a `date_range` answer (ACLED's and UCDP's alike)."""
WHERE_COLUMNS = {
    c: operator.itemgetter(i) for i, c in enumerate(("location_precision", "precision_m", "geo_note"))
}
"""Our location columns from a `location_precision` answer (precision, radius, note)."""


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
        [txt["actor1"], tag("attacker"), tag("confidence"), txt["event_type"], txt["sub_event_type"]],
        lambda actor1, ours, graded, kind, sub: (
            actor := attacker(actor1, {"attacker": ours}, is_strike(kind, sub)),
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
        ingest.warn_implausible_points(
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
            "id": record_ids(ids[k]),
            "event_id_cnty": ids[k],
            **types.columns(
                k, kept, event_type=operator.itemgetter(0), event_type_label=operator.itemgetter(1)
            ),
            **who.columns(
                k,
                kept,
                attacker=lambda w: w[0].slug,
                attacker_label=lambda w: w[0].label,
                confidence=operator.itemgetter(1),
            ),
            **dates.columns(k, kept, **DATE_COLUMNS),
            **where.columns(k, kept, **WHERE_COLUMNS),
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


ACLED_SLUG_MAX = 60
"""ACLED's names (places, admin areas, event ids) made slugs (incidents.text.slug) are cut to this
length, by the import and the large tables alike, so both give a place the same id."""


def record_id(event_id_cnty: str) -> str:
    """Our id for an ACLED row: ours back for our own rows, `acled-<event id>` for ACLED's."""
    if event_id_cnty.startswith(ID_PREFIX):
        return event_id_cnty[len(ID_PREFIX) :].split(".", 1)[0]  # `.<n>`: another site of it
    return "acled-" + slug(event_id_cnty, ACLED_SLUG_MAX)


def record_ids(event_ids: pd.Series) -> pd.Series:
    """`record_id` over a column, vectorised: `slug_series` (kept equal to `slug` by a test)."""
    ours = event_ids.str.startswith(ID_PREFIX)
    out = "acled-" + slug_series(event_ids, ACLED_SLUG_MAX)
    if ours.any():
        out[ours] = event_ids[ours].str.slice(len(ID_PREFIX)).str.split(".", n=1).str[0]
    return out


def published_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """When the ACLED row was published: after the event's first day, by its `timestamp` if given."""
    published: dict[str, Any] = {"earliest": row["date_start"]}
    note = "An ACLED row is published after the event it codes, so no earlier than its first day"
    with contextlib.suppress(ValueError, TypeError, OverflowError, OSError):
        stamp = dt.datetime.fromtimestamp(int(float(row.get("timestamp", ""))), tz=dt.UTC).date()
        if stamp >= pd.Timestamp(row["date_start"]).date():
            published["latest"] = stamp
            note += f"; ACLED's timestamp {row['timestamp']} says the row existed by {stamp}"
    published["note"] = note + "."
    return published


def _reasoning(row: Mapping[str, Any]) -> str:
    """Why the record's attacker is what it is, in words: ACLED's actor1, or no attacker at all."""
    if row["attacker"] == actors.NO_ATTACKER:
        named = "; ".join(n for n in (row["actor1"], row["actor2"]) if n) or "no actor"
        return (
            f"Imported from ACLED as {row['event_type_label']}, not a strike: ACLED names its parties "
            f"({named}) without saying who attacked, so it has no assessed attacker."
        )
    return (
        f"Imported from ACLED, which names {row['actor1'] or 'no actor'} as actor1; "
        "its attribution has not been reviewed against its sources."
    )


STORED_COLUMNS = tuple(c for c in COLUMNS if c not in ("year", "notes", "fatalities"))
"""ACLED values an imported record keeps verbatim in its `acled` field (the rest live in the record)."""


ACLED = imported_record.Source("ACLED", "ACLED")


def to_record(row: Mapping[str, Any], *, document: str, place_id: str) -> dict[str, Any]:
    """A record (plain data, ready for YAML and the schema) for one row of `normalise`."""
    event_id = row["event_id_cnty"]
    role = parse_tags(_text(row.get("tags"))).get("role")  # our own export's site rows say
    killed = None
    if not _missing(row["killed_min"]):  # ACLED codes "no fatalities reported" as 0
        high = None if _missing(row["killed_max"]) else int(row["killed_max"])
        note = "ACLED's fatality count, a conservative estimate" + (
            "." if high is not None else f" ({row['fatalities']}: at least this many)."
        )
        killed = (int(row["killed_min"]), high, note)
    record = imported_record.record(
        row,
        imported_record.Imported(
            source=ACLED,
            source_id=event_id,
            place=row["location"] or row["admin2"] or row["admin1"] or row["country"] or event_id,
            quote=row["notes"] or event_id,
            reasoning=_reasoning(row),
            outlet=row["source"],
            published=published_of(row),
            targets=[t for t in [row["actor2"], *row["assoc_actor_2"].split("; ")] if t],
            claimant=row["actor1"] if row["attacker"] != actors.NO_ATTACKER else "",
            killed=killed,
            role=role if role in {r.value for r in LocationRole} else "target",
        ),
        document=document,
        place_id=place_id,
    )
    stored = {**row, "event_type": row["acled_event_type"]}
    record["acled"] = {c: stored[c] for c in STORED_COLUMNS if c in stored}
    if not row["notes"]:
        record["acled"]["notes"] = ""
    return record
