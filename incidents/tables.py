"""A large incident table from a file: ACLED's export, UCDP GED's or our own export, CSV or Parquet.

The curated YAML records stay the default. An analyst who wants tens of thousands of events on
the map points `INCIDENTS_SOURCE` at a file (or several: incidents.dataset), and `load_table`
turns each into the same two tables `incidents.load` builds (INCIDENT_COLUMNS, SITE_COLUMNS),
vectorised so 100,000 rows load in a few seconds. Rows carry their own coordinates: no gazetteer lookup.

Layouts, recognised by their columns:

- **ACLED** (`event_id_cnty`, `event_date`, `time_precision`, `sub_event_type`, `actor1`,
  `latitude`, `longitude`, `geo_precision`, `fatalities`, ...). One incident and one site per
  row; see `ACLED_*` below for how ACLED's codes become ours.
- **UCDP GED** (`id`, `type_of_violence`, `side_a`, `side_b`, `where_prec`, `date_prec`,
  `date_start`, `date_end`, `best`, `low`, `high`, ...): one incident per row; incidents/ucdp.py.
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

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from incidents import (
    acled,
    acled_read,
    actors,
    dates,
    event_types,
    ingest,
    parties,
    slice_pool,
    source_files,
    ucdp,
)
from incidents.ingest import IngestReport, SourceError
from incidents.load import INCIDENT_COLUMNS, SITE_COLUMNS, LoadResult
from incidents.model import (
    Confidence,
    DatePrecision,
    EventType,
    LocationPrecision,
    LocationRole,
)
from incidents.text import fold_joined, fold_series, slug_series

COUNTRY_CODES = {name.lower(): code for code, (_, name) in acled.COUNTRIES.items()}
_LABELS = {
    "event_type": {e.value: e.label for e in EventType},
    "confidence": {c.value: c.label for c in Confidence},
    "date_precision": {d.value: d.label for d in DatePrecision},
    "location_precision": {p.value: p.label for p in LocationPrecision},
    "role": {r.value: r.label for r in LocationRole},
}


TableError = SourceError
"""The file cannot be read as incidents; the message names the file and what is wrong."""


def read_table(path: Path, gazetteer=None) -> tuple[pd.DataFrame, pd.DataFrame, IngestReport]:
    """(incidents, sites, report) from a CSV, Parquet or GeoJSON file in ACLED's or our layout.

    Raises SourceError (TableError) only for a file that is not data at all; every row that
    cannot be drawn is in the report with its reason. `gazetteer` (default: ours) is used to warn
    about points far from the place their row names.
    """
    parts, report = read_table_chunks(path, gazetteer)
    chunks = list(parts)
    if len(chunks) == 1:
        return (*chunks[0], report)
    incidents = pd.concat([c[0] for c in chunks], ignore_index=True)
    sites = pd.concat([c[1] for c in chunks], ignore_index=True)
    return incidents, sites, report


def read_table_chunks(
    path: Path, gazetteer=None, rows: int | None = None, fast: bool = False, parallel: bool = False
) -> tuple[Iterator[tuple[pd.DataFrame, pd.DataFrame]], IngestReport]:
    """`read_table` a slice of about `rows` rows at a time: (incidents, sites) per slice.

    ACLED's and UCDP's layouts have one event per row, so each slice is mapped on its own (an id
    repeated across slices is told apart as within one: ingest.IdLedger). Our layout may spread one
    incident's sites over several rows, so it is always read whole. `fast`: see
    source_files.read_chunks (the slices may raise csv_arrow.Irregular). `parallel`: two slices
    mapped at a time (incidents.slice_pool, the same tables and report).
    """
    if gazetteer is None:
        from geodata.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    frames, report = source_files.read_chunks(Path(path), rows, fast)
    first = next(frames)
    columns = set(first.columns)
    per_event = (
        (ucdp.is_ucdp(columns), ucdp.USED, ucdp.from_ucdp),
        (acled_read.is_acled(columns), ACLED_USED, from_acled),
    )
    for recognised, used, convert in per_event:
        if not recognised:
            continue
        ledger = ingest.IdLedger() if rows is not None else None
        ingest.note_unused(report, list(first.columns), used)

        def mapped(convert=convert, ledger=ledger) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
            if parallel and ledger is not None:
                chain = itertools.chain([first], frames)
                yield from slice_pool.mapped(
                    convert, chain, str(path), report, gazetteer, ledger, empty_tables
                )
                return
            for raw in itertools.chain([first], frames):
                if len(raw):
                    yield convert(raw, str(path), report, gazetteer, ledger)
                else:
                    yield empty_tables()

        return mapped(), report
    if not is_ours(columns):
        shown = ", ".join(c for c in first.columns if c != ingest.ROW)
        raise SourceError(
            f"{path}: its columns match no layout we know; expected {EXPECTED}. Its columns: {shown}"
        )
    raw = pd.concat([first, *frames], ignore_index=True) if rows is not None else first
    if not len(raw):  # every row was skipped as it was read (ragged, oversized)
        return iter([empty_tables()]), report
    ingest.note_unused(report, list(first.columns), OURS_USED)
    return iter([from_ours(raw, str(path), report)]), report


EXPECTED = (
    "UCDP GED's (" + ", ".join(ucdp.REQUIRED) + ", ...), "
    "ACLED's (event_id_cnty or event_date with actor1 and event_type, latitude, longitude, ...) "
    "or ours (id or incident_id, lat or latitude, lon or longitude, date_start, ...)"
)
"""The layouts a table may come in, for the message refusing a file that matches none."""


def is_ours(columns: Iterable[str]) -> bool:
    """Our own export's layouts: an id, a point and a first day (GeoJSON gives the point as lat/lon)."""
    names = set(columns)
    return (
        bool({"incident_id", "id"} & names)
        and bool({"lat", "latitude"} & names)
        and bool({"lon", "longitude"} & names)
        and "date_start" in names
    )


def load_table(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(incidents, sites) from a file; see read_table for the report of skipped rows."""
    incidents, sites, _ = read_table(path)
    return incidents, sites


def load_result(path: Path, gazetteer=None) -> LoadResult:
    """The table as a LoadResult (no YAML records), with the report of every row's outcome.

    A file that is not data at all gives empty tables and the file's message in `report.error`.
    """
    try:
        incidents, sites, report = read_table(path, gazetteer)
    except SourceError as exc:
        report = IngestReport(source=str(path), error=str(exc))
        incidents, sites = empty_tables()
    return LoadResult(records=[], errors=[], incidents=incidents, sites=sites, report=report)


def empty_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """No incidents, no sites, with the loader's columns and dtypes."""
    incidents = _typed(
        pd.DataFrame({c: pd.Series([], dtype=object) for c in INCIDENT_COLUMNS}), INCIDENT_COLUMNS
    )
    sites = _typed(pd.DataFrame({c: pd.Series([], dtype=object) for c in SITE_COLUMNS}), SITE_COLUMNS)
    return incidents, sites


# --- helpers ----------------------------------------------------------------------------------


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

ACLED_USED = frozenset(
    {"event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1"}
    | {"assoc_actor_1", "actor2", "country", "admin1", "admin2", "admin3", "location", "latitude"}
    | {"longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags"}
    | set(acled.VOCABULARY["column_aliases"])
)
"""The ACLED columns a table reads (from_acled, acled_read.normalise); the file's others are named in the
report as not used (import-acled keeps them all in each record's `acled` field)."""


def from_acled(
    raw: pd.DataFrame,
    source: str = "",
    report: IngestReport | None = None,
    gazetteer=None,
    earlier: ingest.IdLedger | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """ACLED's export layout -> (incidents, sites); one incident and one site per usable event.

    The mapping is incidents.acled_read.normalise, the same that `import-acled` applies; rows it
    cannot use are in `report`.
    """
    raw = _numbered(raw)
    report = report if report is not None else IngestReport(source=source, rows_in=len(raw))
    rows = acled_read.normalise(raw, report, gazetteer, earlier)
    n = len(rows)
    if not n:
        return empty_tables()
    location = rows["location"]
    title = rows["event_type_label"] + " in " + location.where(location != "", "an unnamed place")
    actor1, assoc, actor2 = rows["actor1"], rows["assoc_actor_1"], rows["actor2"]
    reasoning = "ACLED names “" + actor1 + "” as actor1 (matched by exact name: incidents/actors.csv)."
    # Not a strike: ACLED's actors are its parties, on no side (acled_vocabulary.json, `strike`).
    none = (rows["attacker"] == actors.NO_ATTACKER).to_numpy()
    first = parties.Side("actor 1", actor1, assoc)
    claims = parties.sides_text(
        "ACLED", [first], none, [first, parties.Side("actor 2", actor2, rows["assoc_actor_2"])]
    )
    if none.any():
        reasoning = reasoning.where(
            ~none,
            "Not a strike (ACLED: " + rows["event_type_label"] + "): ACLED names its parties without "
            "saying who attacked (its actor order carries no direction), so there is no assessed attacker.",
        )
    place_id = rows["place_tag"].where(
        rows["place_tag"] != "",
        "acled-" + slug_series(location, acled_read.ACLED_SLUG_MAX).replace("", "unknown"),
    )
    outlets = rows["source"]
    event = {
        "title": title,
        "parties": parties.joined(actor1, assoc, actor2, rows["assoc_actor_2"]),
        "reasoning": reasoning,
        "claims_text": claims,
        "claims": "",  # no structured claims: claims_text is the source's own actor columns
        "targets": actor2,
        "killed_min": pd.array(rows["killed_min"].tolist(), dtype="Int64"),
        "killed_max": pd.array(rows["killed_max"].tolist(), dtype="Int64"),
        "outlets": outlets,
        "description": rows["notes"],
        "source_scale": rows["source_scale"],
        "search_text": fold_joined(
            [title, rows["notes"], location, actor1, assoc, actor2, rows["admin2"], outlets]
        ),
    }
    site = {
        "place_id": place_id,
        "place_name": location,
        "governorate": slug_series(rows["admin1"], acled_read.ACLED_SLUG_MAX),
        "country": rows["country"].str.lower().map(COUNTRY_CODES).fillna(rows["country"]),
    }
    return one_site_each(rows, event, site, source)


SAME_FIELDS = ("id", "event_type", "event_type_label", "date_start", "date_end", "date_precision")
SAME_FIELDS += ("date_note", "attacker", "attacker_label", "confidence")
"""The incident columns both layouts' `normalise` (acled_read, ucdp) give under our names."""


def one_site_each(
    rows: pd.DataFrame, event: dict[str, object], site: dict[str, object], source: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(incidents, sites) of a layout with one event and one site per row (ACLED's, UCDP's).

    `rows` is its `normalise` output (SAME_FIELDS, and location_precision, lat, lon and
    precision_m for the site); `event` gives the incident columns each layout makes its own way,
    `site` its site's place_id, place_name, governorate and country. What every such layout has
    alike (one target site, no injuries or weapon, labels from our vocabularies, the date in
    words) is filled here, once.
    """
    event = {**{name: rows[name] for name in SAME_FIELDS}, **event}
    n = len(rows)
    place_id, place_name = site["place_id"], site["place_name"]
    incidents = pd.DataFrame(
        {
            **event,
            "weapon": None,
            "date_start": pd.to_datetime(event["date_start"]).astype("datetime64[ns]"),
            "date_end": pd.to_datetime(event["date_end"]).astype("datetime64[ns]"),
            "date_precision_label": _label(rows["date_precision"], "date_precision"),
            "date_years": "",
            "date_words": "",  # filled below by incidents.dates.words_column
            "year_inferred": False,
            "time_local": None,
            "confidence_label": _label(rows["confidence"], "confidence"),
            "stances": "",
            "damage": None,
            "injured_min": pd.array([pd.NA] * n, dtype="Int64"),
            "injured_max": pd.array([pd.NA] * n, dtype="Int64"),
            "place_ids": place_id,
            "place_names": place_name,
            "governorates": site["governorate"],
            "documents": "",
            "target_text": fold_series(event["targets"]),  # type: ignore[arg-type]
            "n_sites": 1,
            "source_path": source,
        }
    )
    location_precision = rows["location_precision"]
    per_site = pd.DataFrame(
        {
            "incident_id": rows["id"],
            "site_index": 0,
            "place_id": place_id,
            "place_name": place_name,
            "name_reported": place_name,
            "role": "target",
            "role_label": _LABELS["role"]["target"],
            "location_precision": location_precision,
            "location_precision_label": _label(location_precision, "location_precision"),
            "lat": rows["lat"].astype("float64"),
            "lon": rows["lon"].astype("float64"),
            "precision_m": pd.array(rows["precision_m"].tolist(), dtype="Int64"),
            "governorate": site["governorate"],
            "country": site["country"],
        }
    )
    incidents = _typed(incidents[list(INCIDENT_COLUMNS)], INCIDENT_COLUMNS)
    incidents["date_words"] = dates.words_column(incidents)
    return incidents, _sites_from(incidents, per_site)


def _numbered(raw: pd.DataFrame) -> pd.DataFrame:
    """A frame read by ingest carries its row numbers; one built in memory gets lines 2, 3, ..."""
    if ingest.ROW in raw.columns:
        return raw
    raw = raw.reset_index(drop=True)
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    return raw.assign(**{ingest.ROW: np.arange(2, len(raw) + 2)})


# --- our own layouts ----------------------------------------------------------------------------

OURS_USED = frozenset(INCIDENT_COLUMNS) | frozenset(SITE_COLUMNS) | {"latitude", "longitude"}
"""The columns our own layouts read (from_ours); a file's others are named as not used."""


def from_ours(
    raw: pd.DataFrame, source: str = "", report: IngestReport | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Our export layouts -> (incidents, sites): one row per site or one row per incident.

    Rows that cannot be drawn (a bad coordinate or date, site lists of unequal length, a
    negative toll) are skipped with their reason in `report`.
    """
    frame = _numbered(raw).rename(columns={"latitude": "lat", "longitude": "lon"})
    report = report if report is not None else IngestReport(source=source, rows_in=len(frame))
    if "incident_id" not in frame.columns:
        frame = frame.rename(columns={"id": "incident_id"})
    for name in ("lat", "lon"):
        if name not in frame.columns:
            raise TableError(f"{source}: no {name} column; a large table must carry coordinates")
    # Repeated ids are the sites of one incident in this layout: only blank ones are named.
    frame["incident_id"] = ingest.named_blank_ids(
        ingest.text(frame, "incident_id"), frame, "incident_id", report
    )
    multi = frame["lat"].dtype == object or pd.api.types.is_string_dtype(frame["lat"])
    if multi and _text(frame["lat"]).str.contains("|", regex=False).any():
        frame = _explode_sites(frame, report)
    frame = frame.reset_index(drop=True)
    lat, lon = ingest.coordinates(frame, "lat", "lon", report)
    frame["lat"], frame["lon"] = lat, lon
    day_start = _checked_dates(frame, "date_start", report, required=True)
    day_end = _checked_dates(frame, "date_end", report, required=False).fillna(day_start)
    backwards = day_end < day_start
    if backwards.any():
        report.skip_many(
            frame.loc[backwards, ingest.ROW],
            "date_end",
            _text(frame.loc[backwards, "date_end"]),
            "date_end is before date_start",
        )
    frame["date_start"], frame["date_end"] = day_start, day_end
    for name in ("killed_min", "killed_max", "injured_min", "injured_max"):
        if name in frame.columns:
            frame[name] = _checked_count(frame, name, report)
    frame = ingest.drop_skipped(frame, report).reset_index(drop=True)
    if not len(frame):
        return empty_tables()
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
    # A blank precision claims nothing: "precision unknown", never the finest.
    location_precision = _text(_col(frame, "location_precision")).replace("", "unknown")
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
            "lat": frame["lat"].astype("float64"),
            "lon": frame["lon"].astype("float64"),
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
    attacker = _text(given("attacker")).replace("", actors.UNKNOWN)
    attacker_label = _text(given("attacker_label"))
    attacker_label = attacker_label.where(attacker_label != "", attacker.map(actors.label))
    event_type_label = _text(given("event_type_label"))
    event_type_label = event_type_label.where(event_type_label != "", event_type.map(event_types.label))
    confidence = _text(given("confidence")).replace("", "unknown")
    date_precision = _text(given("date_precision")).replace("", "unknown")
    title = _text(given("title"))
    place_names = _text(given("place_names", joined("place_name", "; ")))
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
            "event_type_label": event_type_label,
            "weapon": given("weapon"),
            "date_start": given("date_start"),
            "date_end": given("date_end"),
            "date_precision": date_precision,
            "date_precision_label": _label(date_precision, "date_precision"),
            "date_years": _text(given("date_years")),
            "date_words": "",  # filled below by incidents.dates.words_column
            "year_inferred": given("year_inferred", pd.Series(False, index=first.index))
            .map(lambda v: str(v).strip().lower() in ("true", "1", "yes"))
            .astype(bool),
            "time_local": given("time_local"),
            "date_note": given("date_note"),
            "attacker": attacker,
            "attacker_label": attacker_label,
            "parties": parties.of_table(first, attacker, attacker_label),
            "confidence": confidence,
            "confidence_label": _label(confidence, "confidence"),
            "reasoning": given("reasoning"),
            "stances": given("stances"),
            "claims_text": given("claims_text"),
            "claims": _text(given("claims")),
            "targets": given("targets"),
            "damage": given("damage"),
            "killed_min": _int(given("killed_min")),
            "killed_max": _int(given("killed_max")),
            "injured_min": _int(given("injured_min")),
            "injured_max": _int(given("injured_max")),
            "place_ids": _text(given("place_ids", joined("place_id", "|"))),
            "place_names": place_names,
            "governorates": _text(given("governorates", joined("governorate", "|"))),
            "documents": given("documents"),
            "outlets": given("outlets", _text(given("source_office"))),
            "description": _text(given("description", given("source_headline"))),
            "source_scale": _text(given("source_scale")),
            "search_text": given("search_text", fold_series(title + " " + place_names)),
            "target_text": fold_series(_text(given("targets"))),
            "n_sites": n_sites.astype("int64"),
            "source_path": _text(given("source_path")).replace("", source),
        }
    )
    incidents = _typed(incidents, INCIDENT_COLUMNS)
    incidents["date_words"] = dates.words_column(incidents)
    return incidents, _sites_from(incidents, per_site)


def _checked_dates(frame: pd.DataFrame, column: str, report: IngestReport, required: bool) -> pd.Series:
    """Each cell parsed on its own (ISO or ACLED's styles); a cell that parses in none is a reason."""
    if column not in frame.columns:
        if required:
            raise TableError(f"{report.source}: no {column} column")
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if pd.api.types.is_datetime64_any_dtype(frame[column]):
        values = frame[column].astype("datetime64[ns]")
        if required and values.isna().any():
            report.skip_many(
                frame.loc[values.isna(), ingest.ROW],
                column,
                [""] * int(values.isna().sum()),
                f"{column} is blank",
            )
        return values
    cells = ingest.text(frame, column)
    parsed: dict[str, object] = {}
    for cell in pd.unique(cells):
        if not cell:
            parsed[cell] = None
            continue
        try:
            parsed[cell] = pd.Timestamp(acled.parse_date(cell))
        except acled.RowReason as reason:
            parsed[cell] = reason
    mapped = cells.map(parsed)
    failed = mapped.map(lambda v: isinstance(v, acled.RowReason))
    for index in cells.index[failed]:
        report.skip(frame.at[index, ingest.ROW], column, cells[index], str(mapped[index]))
    if required:
        missing = cells == ""
        report.skip_many(frame.loc[missing, ingest.ROW], column, cells[missing], f"{column} is blank")
    return pd.to_datetime(mapped.where(~failed, None)).astype("datetime64[ns]")


def _checked_count(frame: pd.DataFrame, column: str, report: IngestReport) -> pd.Series:
    """A casualty count: blank is unknown; a negative or non-numeric one is a reason to skip."""
    cells = ingest.text(frame, column)
    number = pd.to_numeric(cells.where(cells != ""), errors="coerce")
    bad = (cells != "") & (number.isna() | (number < 0) | (number % 1 != 0))
    if bad.any():
        report.skip_many(
            frame.loc[bad, ingest.ROW], column, cells[bad], f"{column} must be a whole number ≥ 0"
        )
    return number.where(~bad).astype("Float64").round().astype("Int64")


def _explode_sites(frame: pd.DataFrame, report: IngestReport) -> pd.DataFrame:
    """One row per site from `|`-separated lat, lon (and place_ids/place_names when given).

    A row whose lists differ in length cannot be paired up: it is skipped with its reason.
    """
    parts = ["lat", "lon"] + [c for c in ("place_ids", "place_names") if c in frame.columns]
    split = frame.assign(**{c: ingest.text(frame, c).str.split("|") for c in parts})
    lengths = pd.DataFrame({c: split[c].str.len() for c in parts})
    ragged = lengths.nunique(axis=1) > 1
    for index in split.index[ragged]:
        counts = ", ".join(f"{c} {lengths.at[index, c]}" for c in parts)
        report.skip(
            split.at[index, ingest.ROW],
            "lat",
            _text(frame["lat"])[index],
            f"site lists differ in length ({counts})",
        )
    split = split[~ragged]
    if "place_ids" in split.columns:
        split["place_id"] = split["place_ids"]
    if "place_names" in split.columns:
        split["place_name"] = split["place_names"]
    exploded = split.explode([c for c in ["lat", "lon", "place_id", "place_name"] if c in split.columns])
    return exploded.drop(columns=[c for c in ("place_ids", "place_names") if c in exploded.columns])
