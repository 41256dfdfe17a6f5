"""UCDP GED's column layout, read into our two tables through the same ingestion step as ACLED's.

The Uppsala Conflict Data Program's Georeferenced Event Dataset (GED) publishes one row per event
of organised violence: the yearly release (`GEDEvent_v24_1`: `id`, `relid`, `type_of_violence`,
`side_a`, `side_b`, `where_prec`, `date_prec`, `best`, `low`, `high`, ...), an older yearly layout
without `relid`/`code_status`/the `*_dset_id` columns, and the monthly candidate release with the
same columns. All are recognised by their columns (`is_ucdp`).

What each code means, and what it becomes here, is one table: incidents/ucdp_vocabulary.json.

- `type_of_violence` 1-3 becomes UCDP's own event type ("State-based armed conflict (UCDP)"):
  none of ours (air strike, drone strike...) says the same.
- `side_a`, `side_b`: both are the event's parties (the `actor` filter). Side A is not "the
  attacker": in state-based conflict it is always the government, in non-state conflict the order
  is arbitrary; only in one-sided violence is it the perpetrator. So side A is the attacker,
  "attributed by the source", for one-sided violence only; any other event has the attacker
  `no-attacker` (incidents/actors.csv, not `unknown`: nobody struck by UCDP's coding), and the
  row's reasoning says what UCDP means.
- `where_prec` 1-7 and `date_prec` 1-5: our location and date precision, with a radius per code;
  the date is UCDP's own `date_start` to `date_end` (its earliest and latest possible days).
- `low`/`best`/`high` deaths: low-high is the killed range, best is in the title, the split
  (side A, side B, civilians, unknown) in the reasoning.
- `where_coordinates` is the place named; `source_office` the outlets; `source_headline` and
  `source_date` are in the reasoning; `event_clarity` too.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from incidents import actors, event_types, ingest, parties
from incidents.acled import COUNTRIES, RowReason
from incidents.acled_read import ACLED_SLUG_MAX, DATE_COLUMNS, WHERE_COLUMNS, _PerValue
from incidents.ingest import IngestReport
from incidents.model import Confidence, DatePrecision
from incidents.text import fold_series, slug, slug_series

VOCABULARY_PATH = Path(__file__).with_name("ucdp_vocabulary.json")
VOCABULARY: dict[str, Any] = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
COLUMNS: tuple[str, ...] = tuple(VOCABULARY["layouts"]["yearly"])
"""The columns of UCDP GED's yearly and candidate releases, in their order."""
REQUIRED: tuple[str, ...] = tuple(VOCABULARY["required"])
DEATHS = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "high")
USED = frozenset(
    {"id", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "number_of_sources"}
    | {"source_office", "source_date", "source_headline", "where_prec", "where_coordinates"}
    | {"where_description", "adm_1", "adm_2", "latitude", "longitude", "country", "event_clarity"}
    | {"date_prec", "date_start", "date_end", *DEATHS}
)
"""The columns this mapping reads; a file's other columns are named in the report as not used."""
ID_PREFIX = "ucdp-"
COUNTRY_CODES = {name.casefold(): code for code, (_, name) in COUNTRIES.items()}


def is_ucdp(columns: Iterable[str]) -> bool:
    """UCDP GED's layout (yearly, older or candidate): its violence type, precisions and estimate."""
    return {"type_of_violence", "where_prec", "date_prec", "best"} <= set(columns)


def _code(text: str) -> str:
    return text.strip().removesuffix(".0")


def parse_day(text: str) -> dt.date:
    """A UCDP date cell: ISO, maybe with a time ("2017-01-01 00:00:00.000")."""
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise RowReason(f"not a date (UCDP writes 2021-01-13): {text.strip()!r}") from None


def date_range(start_text: str, end_text: str, code: str, today: dt.date | None = None) -> dict[str, Any]:
    """Our date block: UCDP's date_start..date_end, with the precision its date_prec names."""
    start = parse_day(start_text)
    end = parse_day(end_text) if end_text.strip() else start
    if end < start:
        raise RowReason(f"date_end {end} is before date_start {start}")
    if start > (today or dt.date.today()):
        raise RowReason(f"{start} is after today")
    meaning = VOCABULARY["date_prec"].get(_code(code)) or VOCABULARY["date_prec"][""]
    precision, note = meaning["precision"], meaning["note"]
    if precision == DatePrecision.DAY.value and end != start:
        precision = DatePrecision.RANGE.value
        note += " Yet date_end differs from date_start: shown as the whole span."
    return {
        "start": start,
        "end": end,
        "precision": precision,
        "note": f"{note} UCDP date_start {start}, date_end {end}.",
    }


def location_precision(code: str) -> tuple[str, int, str]:
    """(our location precision, radius in metres, note) for UCDP's where_prec."""
    meaning = VOCABULARY["where_prec"].get(_code(code)) or VOCABULARY["where_prec"][""]
    return meaning["precision"], int(meaning["radius_m"]), meaning["note"]


def violence(code: str) -> tuple[str, str, str, bool]:
    """(event type slug, its label, what UCDP's sides mean, whether side A is the perpetrator)."""
    meaning = VOCABULARY["type_of_violence"].get(_code(code)) or VOCABULARY["type_of_violence"][""]
    return (
        event_types.own_slug(meaning["label"]),
        meaning["label"],
        meaning["sides"],
        bool(meaning["side_a_perpetrator"]),
    )


KIND_COLUMNS = {
    c: operator.itemgetter(i)
    for i, c in enumerate(("event_type", "event_type_label", "sides_meaning", "perpetrator"))
}
"""Our columns from a `violence` answer."""


def clarity(code: str) -> str:
    """A sentence on UCDP's event_clarity (1: one clear event; 2: an aggregate or a summary)."""
    table = VOCABULARY["event_clarity"]
    return table.get(_code(code)) or table[""]


def _counts(txt: dict[str, pd.Series], rows: pd.Series, report: IngestReport) -> dict[str, pd.Series]:
    """Each death column as nullable integers; a cell that is not a whole number >= 0 skips its row."""
    out = {}
    for column in DEATHS:
        cells = txt[column]
        number = pd.to_numeric(cells.where(cells != ""), errors="coerce")
        bad = (cells != "") & (number.isna() | (number < 0) | (number % 1 != 0))
        if bad.any():
            report.skip_many(rows[bad], column, cells[bad], f"{column} must be a whole number of at least 0")
        out[column] = number.where(~bad).astype("Float64").round().astype("Int64")
    return out


def normalise(
    frame: pd.DataFrame, report: IngestReport, gazetteer=None, earlier: ingest.IdLedger | None = None
) -> pd.DataFrame:
    """UCDP rows -> one row of our fields per usable event; every other row is in `report`."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ingest.SourceError(
            f"{report.source}: UCDP GED's layout needs {', '.join(REQUIRED)}; no column {', '.join(missing)}"
        )
    txt = {c: ingest.text(frame, c) for c in USED}
    rows = frame[ingest.ROW]
    lat, lon = ingest.coordinates(frame, "latitude", "longitude", report)
    deaths = _counts(txt, rows, report)

    def per_value(keys: list[pd.Series], build, column: str) -> _PerValue:
        return _PerValue(keys, build, column, txt[column], rows, report)

    when = per_value([txt["date_start"], txt["date_end"], txt["date_prec"]], date_range, "date_start")
    where = per_value([txt["where_prec"]], location_precision, "where_prec")
    kind = per_value([txt["type_of_violence"]], violence, "type_of_violence")
    who = per_value([txt["side_a"]], actors.resolve, "side_a")
    ids = ingest.unique_ids(txt["id"], frame, "id", report, earlier)
    if gazetteer is not None:
        ingest.warn_implausible_points(
            frame,
            lat,
            lon,
            _bare(txt["where_coordinates"]),
            [_bare(txt["adm_2"]), _bare(txt["adm_1"])],
            gazetteer,
            report,
            governorate=txt["adm_1"],
            named_areas=[txt["adm_2"]],
        )
    k = ~rows.isin(list(report.skipped_rows)).to_numpy()
    kept = frame.index[k]
    kinds = kind.columns(k, kept, **KIND_COLUMNS)
    perpetrator = kinds.pop("perpetrator").astype(bool)
    # Side A is the attacker only where UCDP says it is the perpetrator; elsewhere no side attacked
    # by UCDP's coding: `no-attacker`, and both sides are the event's parties.
    none = actors.known_actors()[actors.NO_ATTACKER]
    named = who.columns(
        k, kept, attacker=operator.attrgetter("slug"), attacker_label=operator.attrgetter("label")
    )
    out = pd.DataFrame(
        {
            ingest.ROW: rows[k],
            "id": ID_PREFIX + _slug(ids[k]),
            "ucdp_id": ids[k],
            **kinds,
            "attacker": named["attacker"].where(perpetrator, none.slug),
            "attacker_label": named["attacker_label"].where(perpetrator, none.label),
            "confidence": perpetrator.map(
                {True: Confidence.ATTRIBUTED.value, False: Confidence.UNKNOWN.value}
            ),
            **when.columns(k, kept, **DATE_COLUMNS),
            **where.columns(k, kept, **WHERE_COLUMNS),
            "lat": lat[k],
            "lon": lon[k],
            **{c: deaths[c][k] for c in DEATHS},
            **{c: txt[c][k] for c in sorted(USED - {*DEATHS, "id", "date_start", "date_end"})},
        }
    )
    return out.reset_index(drop=True)


def _bare(names: pd.Series) -> pd.Series:
    """`ingest.bare_name` of each cell, worked out once per distinct name."""
    return names.map({name: ingest.bare_name(name) for name in pd.unique(names)})


def _slug(values: pd.Series) -> pd.Series:
    return values.map(slug).replace("", "row")


def _deaths_sentence(rows: pd.DataFrame) -> pd.Series:
    def number(column: str) -> pd.Series:
        return rows[column].astype("string").fillna("not given")

    return (
        "UCDP deaths: best estimate "
        + number("best")
        + " (low "
        + number("low")
        + ", high "
        + number("high")
        + "); side A "
        + number("deaths_a")
        + ", side B "
        + number("deaths_b")
        + ", civilians "
        + number("deaths_civilians")
        + ", unknown "
        + number("deaths_unknown")
        + "."
    )


def _joined(*parts: pd.Series) -> pd.Series:
    out = parts[0]
    for part in parts[1:]:
        out = out + " " + part
    return out


def from_ucdp(
    raw: pd.DataFrame,
    source: str = "",
    report: IngestReport | None = None,
    gazetteer=None,
    earlier: ingest.IdLedger | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """UCDP GED's layout -> (incidents, sites): one incident and one site per usable event."""
    from incidents import tables

    raw = tables._numbered(raw)
    report = report if report is not None else IngestReport(source=source, rows_in=len(raw))
    rows = normalise(raw, report, gazetteer, earlier)
    if not len(rows):
        return tables.empty_tables()
    place = rows["where_coordinates"]
    for fallback in ("adm_2", "adm_1", "country"):
        place = place.where(place != "", rows[fallback])
    side_a, side_b = rows["side_a"], rows["side_b"]
    best = rows["best"].astype("string")
    civilians = rows["deaths_civilians"].astype("string")
    title = (
        rows["event_type_label"]
        + " in "
        + place.where(place != "", "an unnamed place")
        + (": best estimate " + best + " killed").fillna("")
        + (" (civilians: " + civilians + ")").where(rows["deaths_civilians"].fillna(0) > 0, "").fillna("")
    )
    headlines = ("Sources: " + rows["source_headline"] + " (" + rows["source_date"] + ").").where(
        rows["source_headline"] != "", ""
    )
    reasoning = (
        "UCDP GED event "
        + rows["ucdp_id"]
        + " (conflict: "
        + rows["conflict_name"].replace("", "not named")
        + "; dyad: "
        + rows["dyad_name"].replace("", "not named")
        + "). "
        + rows["sides_meaning"]
        + " "
        + _deaths_sentence(rows)
        + " "
        + rows["event_clarity"].map(clarity)
        + " "
        + rows["geo_note"]
        + " "
        + headlines
    ).str.strip()
    claims = parties.sides_text(
        "UCDP", [parties.Side("side A", side_a, said_when_blank=True), parties.Side("side B", side_b)]
    )
    place_id = ID_PREFIX + slug_series(place, ACLED_SLUG_MAX).replace("", "unknown")
    governorate = slug_series(_bare(rows["adm_1"]), ACLED_SLUG_MAX)
    country = rows["country"].str.casefold().map(COUNTRY_CODES).fillna(rows["country"])
    outlets = rows["source_office"]
    low = pd.array(rows["low"].fillna(rows["best"]), dtype="Int64")
    high = pd.array(rows["high"].fillna(rows["best"]), dtype="Int64")
    event = {
        "title": title,
        "parties": parties.joined(side_a, side_b),
        "reasoning": reasoning,
        "claims_text": claims,
        "claims": "",  # no structured claims: claims_text is UCDP's own sides
        "targets": side_b,
        "killed_min": low,
        "killed_max": high,
        "outlets": outlets,
        "description": rows["source_headline"],
        "source_scale": "",
        "search_text": fold_series(
            _joined(title, side_a, side_b, rows["where_description"], rows["adm_2"], outlets)
            + " "
            + _joined(rows["source_headline"], rows["conflict_name"], rows["dyad_name"])
        ),
    }
    site = {
        "place_id": place_id,
        "place_name": place,
        "governorate": governorate,
        "country": country,
    }
    return tables.one_site_each(rows, event, site, source)
