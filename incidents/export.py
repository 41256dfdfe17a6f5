"""Exports of the current view: csv, geojson, acled, ucdp and a standalone html briefing.

Every format is one function from an `ExportView` (the filtered tables, the records behind them and
the words describing the view) to text, registered in FORMATS, so the command line, the app's
download buttons and the tests share one implementation. The view is chosen with the app's own
`incidents.filters.Filter`, so `export --type drone-strike` and `?type=drone-strike` mean the same.

For the app:

>>> data = export_bytes("csv", incidents, sites, filter_description=filt.describe())  # doctest: +SKIP

CSV and ACLED cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
tab or CR) get a leading `'` (see `incidents.acled.neutralise`).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from incidents import acled, parties, paths, standalone
from incidents.export_view import DEFAULT_BASE_URL, Exporter, ExportView
from incidents.filters import Filter, labels_of
from incidents.ingest import IngestReport
from incidents.load import INCIDENT_COLUMNS, LoadResult
from incidents.maps.legend import legend_lookups
from incidents.model import Incident

CSV_COLUMNS = tuple(
    c for c in INCIDENT_COLUMNS if c not in ("search_text", "target_text", "source_path", "description")
)
"""The flat CSV: the incidents table without the internal search text and file path."""


def _json_value(value: Any) -> Any:
    """Pandas/numpy scalars as JSON values; missing values as null."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return _json_value(value.item())
    return value


# --- geojson ---------------------------------------------------------------------------------------

GEOJSON_PROPERTIES = (
    "id",
    "title",
    "event_type",
    "date_start",
    "date_end",
    "date_precision",
    "date_words",
    "year_inferred",
    "attacker",
    "confidence",
    "place_id",
    "place_name",
    "location_precision",
    "killed_min",
    "killed_max",
)


def geojson_features(sites: pd.DataFrame, incidents: pd.DataFrame | None = None) -> Iterable[dict[str, Any]]:
    """One RFC 7946 Feature per incident-location; a place without coordinates has null geometry.

    The incident's date in words (`date_words`, as every page says it) and whether its year is
    inferred come from `incidents`, so a reader of the file is not told more than the record knows.
    """
    dated: dict[str, dict[str, Any]] = {}
    if incidents is not None and {"date_words", "year_inferred"} <= set(incidents.columns):
        dated = incidents.set_index("id")[["date_words", "year_inferred"]].to_dict("index")
    for row in sites.to_dict("records"):
        row = {**row, **dated.get(row["incident_id"], {})}
        lat, lon = _json_value(row["lat"]), _json_value(row["lon"])
        geometry = None
        if lat is not None and lon is not None:
            # RFC 7946: longitude first, WGS 84, about 6 decimals is plenty (< 1 m).
            geometry = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
        properties = {"id": row["incident_id"], "location_precision": row["location_precision"]}
        properties |= {key: row[key] for key in GEOJSON_PROPERTIES if key in row and key not in properties}
        properties |= {
            "site_index": row["site_index"],
            "role": row["role"],
            "name_reported": row["name_reported"],
            "precision_m": row["precision_m"],
        }
        yield {
            "type": "Feature",
            "id": f"{row['incident_id']}#{row['site_index']}",
            "geometry": geometry,
            "properties": {key: _json_value(value) for key, value in properties.items()},
        }


def to_geojson(view: ExportView) -> str:
    """A GeoJSON FeatureCollection (RFC 7946) of the sites."""
    collection: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": list(geojson_features(view.sites, view.incidents)),
    }
    if view.report is not None:
        collection["ingest"] = view.report.to_dict()  # a foreign member (RFC 7946 section 6.1)
    # Strict JSON (RFC 8259): a NaN or infinity raises here instead of writing a bare `NaN`.
    return json.dumps(collection, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


# --- csv -------------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    value = _json_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return acled.neutralise(value)


def _write_csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def to_csv(view: ExportView) -> str:
    """One flat row per incident (the incidents table's columns, dates as YYYY-MM-DD); rows of
    several datasets (INCIDENTS_SOURCE) say which each came from (`dataset`, its slug)."""
    columns = CSV_COLUMNS + (("dataset",) if _several_datasets(view.incidents) else ())
    rows = ([_cell(row[c]) for c in columns] for row in view.incidents.to_dict("records"))
    return _write_csv(columns, rows)


def _several_datasets(incidents: pd.DataFrame) -> bool:
    return "dataset" in incidents and incidents["dataset"].astype(str).nunique() > 1


def to_acled(view: ExportView) -> str:
    """One row per incident site in ACLED's column layout (mapping: incidents.acled).

    Incidents whose possible days ACLED cannot code (a year unknown, a span over a month) are
    left out unless `view.acled_uncertain`; `acled_left_out` counts them for the caller to say so.
    """
    by_incident = {key: group for key, group in view.sites.groupby("incident_id", sort=False)}
    empty = view.sites.iloc[0:0]
    tags = acled.date_tags(view.incidents)
    rows = []
    for row, tag in zip(view.incidents.to_dict("records"), tags, strict=True):
        if tag is not None and not view.acled_uncertain:
            continue
        for acled_row in acled.to_rows(
            row, by_incident.get(row["id"], empty), view.records.get(row["id"]), view.places
        ):
            rows.append(
                [
                    acled_row[c] if c in acled.NUMERIC else acled.neutralise(acled_row[c])
                    for c in acled.COLUMNS
                ]
            )
    return _write_csv(acled.COLUMNS, rows)


def acled_left_out(incidents: pd.DataFrame) -> dict[str, int]:
    """How many incidents the ACLED export leaves out, by reason tag ('year-unknown': 12)."""
    counts = acled.date_tags(incidents).dropna().value_counts()
    return {str(tag): int(n) for tag, n in counts.items()}


def to_ucdp(view: ExportView) -> str:
    """One row per incident in UCDP GED's columns (mapping: incidents.ucdp_export)."""
    from incidents import ucdp, ucdp_export

    rows = ucdp_export.to_rows(view.incidents, view.sites)
    return _write_csv(ucdp.COLUMNS, ([row[c] for c in ucdp.COLUMNS] for row in rows))


def to_html(view: ExportView) -> str:
    """A standalone briefing page that works with no network (see incidents.standalone)."""
    return standalone.render(view)


FORMATS: dict[str, Exporter] = {
    "csv": to_csv,
    "geojson": to_geojson,
    "acled": to_acled,
    "ucdp": to_ucdp,
    "html": to_html,
}
SUFFIXES = {"csv": ".csv", "geojson": ".geojson", "acled": ".acled.csv", "ucdp": ".ucdp.csv", "html": ".html"}
MIME_TYPES = {
    "csv": "text/csv",
    "geojson": "application/geo+json",
    "acled": "text/csv",
    "ucdp": "text/csv",
    "html": "text/html",
}


# --- choosing the view -----------------------------------------------------------------------------


def select(
    incidents: pd.DataFrame,
    sites: pd.DataFrame,
    selection: Filter | None = None,
    places: pd.DataFrame | None = None,
    order: list[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The filtered tables; with `order` (a briefing's ids) only those incidents, in that order."""
    if selection is not None:
        incidents, sites = selection.apply(incidents, sites, places)
    if order is not None:
        position = {incident_id: i for i, incident_id in enumerate(order)}
        incidents = incidents[incidents["id"].isin(position)]
        incidents = incidents.iloc[incidents["id"].map(position).argsort(kind="stable")]
        sites = sites[sites["incident_id"].isin(position)]
        sites = sites.iloc[sites["incident_id"].map(position).argsort(kind="stable")]
    return incidents, sites


@lru_cache(maxsize=512)
def _read_record(path: str, mtime_ns: int, size: int) -> Incident | None:
    """A record file through the one loader (`validate.check_file`), once per content."""
    from incidents.validate import check_file

    incident, errors = check_file(Path(path), path)
    return incident if not errors else None


def records_for(incidents: pd.DataFrame) -> dict[str, Incident]:
    """The records behind the rows, read again from each row's `source_path` (for the app's tables).

    Each file passes the checks `validate` runs on a record alone (places were checked when the
    table was built, against the gazetteer of its directory); a file that no longer passes is left out.
    """
    found: dict[str, Incident] = {}
    for incident_id, source_path in zip(incidents["id"], incidents["source_path"], strict=True):
        for path in (Path(source_path), paths.REPO_ROOT / source_path):
            if path.is_file():
                stat = path.stat()
                record = _read_record(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
                if record is not None and record.id == incident_id:
                    found[incident_id] = record
                break
    return found


def _default_places() -> pd.DataFrame | None:
    try:
        from geodata.gazetteer import load_gazetteer

        return load_gazetteer().places
    except Exception:  # the exports still work without admin names
        return None


def export_bytes(
    fmt: str,
    incidents: pd.DataFrame,
    sites: pd.DataFrame,
    *,
    filter_description: str = "",
    link: str = "",
    title: str = "",
    records: Iterable[Incident] | Mapping[str, Incident] | None = None,
    places: pd.DataFrame | None = None,
    sentences: Mapping[str, str] | None = None,
    base_url: str = DEFAULT_BASE_URL,
    report: IngestReport | None = None,
    acled_uncertain: bool = False,
    lookups: dict | None = None,
) -> bytes:
    """The already filtered tables as a downloadable file in format `fmt` (a FORMATS key), UTF-8.

    `filter_description` (Filter.describe()), `link` (the live view's URL) and `title` are shown
    in the html briefing; `sentences` (a briefing's) too. Without `records` they are read again
    from the tables' `source_path`; without `places` the default gazetteer names admin areas.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if records is None:
        record_map = records_for(incidents)
    elif isinstance(records, Mapping):
        record_map = dict(records)
    else:
        record_map = {r.id: r for r in records}
    view = ExportView(
        incidents=incidents,
        sites=sites,
        records=record_map,
        places=places if places is not None else _default_places(),
        title=title,
        description=filter_description,
        link=link,
        sentences=sentences or {},
        base_url=base_url,
        report=report,
        acled_uncertain=acled_uncertain,
        lookups=lookups,
    )
    return FORMATS[fmt](view).encode("utf-8")


def live_link(base_url: str, selection: Filter | None = None, briefing: str | None = None) -> str:
    """The URL of the same view in the live app: the map page, or the briefing page for a briefing."""
    from urllib.parse import urlencode

    query: dict[str, Any] = dict(selection.to_query()) if selection is not None else {}
    page = ""
    if briefing:
        page, query["briefing"] = "briefing", briefing
    encoded = urlencode(query, doseq=True)
    return base_url + page + ("?" + encoded if encoded else "")


def export(
    result: LoadResult,
    fmt: str,
    out: TextIO,
    selection: Filter | None = None,
    *,
    briefing: Any | None = None,
    places: pd.DataFrame | None = None,
    base_url: str = DEFAULT_BASE_URL,
    acled_uncertain: bool = False,
) -> dict[str, int]:
    """Write the incidents of `result` chosen by `selection` (and `briefing`) to `out` as `fmt`.

    A briefing (incidents.briefings.Briefing) adds its own filters to `selection`'s, keeps only its
    incidents, in its order, and gives the html export its title, summary and sentences. Returns
    what the ACLED export left out, by reason (empty for other formats).
    """
    title = ""
    # The table's own attackers, types and parties
    table_legend = legend_lookups(result.incidents)  # the whole table's: its colours, whatever the filter
    labels = labels_of(table_legend, parties.listing(result.incidents["parties"]))
    description = (
        selection.describe(labels=labels) if selection is not None and not selection.is_empty else ""
    )
    sentences: dict[str, str] = {}
    incidents, sites = select(result.incidents, result.sites, selection, places)
    if briefing is not None:
        incidents, sites = select(incidents, sites, briefing.filter(), places, order=briefing.ids)
        title = briefing.title
        sentences = briefing.sentences
        description = briefing.summary + (" " + description if description else "")
    data = export_bytes(
        fmt,
        incidents,
        sites,
        filter_description=description,
        link=live_link(base_url, selection, briefing.name if briefing is not None else None),
        title=title,
        records=result.records,
        places=places,
        sentences=sentences,
        base_url=base_url,
        report=result.report,
        acled_uncertain=acled_uncertain,
        lookups=table_legend,
    )
    out.write(data.decode("utf-8"))
    return acled_left_out(incidents) if fmt == "acled" and not acled_uncertain else {}
