"""Records -> validated models -> pandas tables, collecting every error.

`load_incidents` is pure and Streamlit-free so the app can wrap it in `st.cache_data` and the
command line, the exports and the tests can share it. Two tables come out: one row per incident
(lists, filters, timeline) and one row per incident-location (the map).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from incidents import dates, parties, paths
from incidents.ingest import IngestReport
from incidents.labels import claims_sentence, field_words
from incidents.model import Casualties, Incident
from incidents.text import fold
from incidents.validate import PlaceLookup, RecordError, check_files, record_files

INCIDENT_COLUMNS: dict[str, str] = {
    "id": "str",
    "title": "str",
    "event_type": "str",
    "event_type_label": "str",
    "weapon": "str",
    "date_start": "datetime64[ns]",
    "date_end": "datetime64[ns]",
    "date_precision": "str",
    "date_precision_label": "str",
    "date_years": "str",  # day-year-unknown: candidate years '2018|2020' ('' = every year, start to end)
    "date_words": "str",  # the date in words (incidents.dates.words), for tables and tooltips
    "year_inferred": "bool",
    "time_local": "str",
    "date_note": "str",
    "attacker": "str",
    "attacker_label": "str",
    "parties": "str",  # every actor named on either side, `|`-separated (incidents.parties)
    "confidence": "str",
    "confidence_label": "str",
    "reasoning": "str",
    "stances": "str",
    "claims_text": "str",
    "claims": "str",  # the claims as JSON [[stance, by, attacker label], ...] (labels.local_claims)
    "targets": "str",
    "damage": "str",
    "killed_min": "Int64",
    "killed_max": "Int64",
    "injured_min": "Int64",
    "injured_max": "Int64",
    "place_ids": "str",
    "place_names": "str",
    "governorates": "str",
    "documents": "str",
    "outlets": "str",
    "description": "str",  # an imported table's own account of the event (ACLED notes, UCDP headline)
    "source_scale": "str",  # ACLED's source scale (Local, National, ...); '' when not given
    "search_text": "str",
    "target_text": "str",  # targets folded once at load, for the `target` filter
    "n_sites": "int64",
    "source_path": "str",
}
"""Columns of `LoadResult.incidents` and their dtypes (the app and exports rely on these names)."""

SITE_COLUMNS: dict[str, str] = {
    "incident_id": "str",
    "site_index": "int64",
    "place_id": "str",
    "place_name": "str",
    "name_reported": "str",
    "role": "str",
    "role_label": "str",
    "location_precision": "str",
    "location_precision_label": "str",
    "lat": "float64",
    "lon": "float64",
    "precision_m": "Int64",
    "governorate": "str",
    "country": "str",
    "title": "str",
    "event_type": "str",
    "event_type_label": "str",
    "attacker": "str",
    "attacker_label": "str",
    "confidence": "str",
    "date_start": "datetime64[ns]",
    "date_end": "datetime64[ns]",
    "date_precision": "str",
    "killed_min": "Int64",
    "killed_max": "Int64",
}
"""Columns of `LoadResult.sites`; precision_m is nullable because a place may lack a gazetteer row."""


@dataclass(frozen=True)
class LoadResult:
    """Everything the app shows: the valid records, the files skipped and why, and the two tables."""

    records: list[Incident]  # accepted records only: drafts never reach the map or the exports
    errors: list[RecordError]
    incidents: pd.DataFrame = field(repr=False)
    sites: pd.DataFrame = field(repr=False)
    report: IngestReport | None = field(default=None, repr=False)  # a table's rows: drawn, skipped, why
    drafts: list[Incident] = field(default_factory=list, repr=False)  # valid drafts, checked but not shown


def load_incidents(
    records_dir: Path | None = None,
    gazetteer: PlaceLookup | None = None,
    seeds_dir: Path | None = None,
    check_quotes: bool = False,
) -> LoadResult:
    """Load every valid record; report each broken file in `errors` instead of stopping.

    Drafts (`status: draft`) are checked like any record but left out of `records` and both
    tables, so nothing a curator has not accepted reaches the map or the exports.
    Without a gazetteer the default one (geodata/gazetteer.csv) is loaded; if that fails the
    failure is one error and places go unchecked (sites then have no coordinates). Quotes are only
    checked when asked, against `seeds_dir` (default `../shared/seeds/`), as `validate` does.
    """
    directory = Path(records_dir) if records_dir is not None else paths.records_dir()
    errors: list[RecordError] = []
    if gazetteer is None:
        gazetteer, gz_error = _default_gazetteer()
        if gz_error:
            errors.append(gz_error)
    try:
        files = record_files(directory)
    except OSError as exc:
        errors.append(RecordError(str(directory), None, "(directory)", f"cannot list records: {exc}"))
        files = []
    seeds = (Path(seeds_dir) if seeds_dir is not None else paths.seeds_dir()) if check_quotes else None
    checked = check_files(files, gazetteer=gazetteer, seeds=seeds)
    errors += checked.errors
    accepted = [(incident, name) for incident, name in checked.records if not incident.is_draft]
    return LoadResult(
        records=[incident for incident, _ in accepted],
        errors=errors,
        incidents=incident_table(accepted, gazetteer),
        sites=site_table(accepted, gazetteer),
        drafts=[incident for incident, _ in checked.records if incident.is_draft],
    )


def _default_gazetteer() -> tuple[PlaceLookup | None, RecordError | None]:
    try:
        from geodata.gazetteer import load_gazetteer

        return load_gazetteer(), None
    except Exception as exc:  # any failure here must not hide the records themselves
        return None, RecordError(
            "geodata/gazetteer.csv", None, "(gazetteer)", f"gazetteer unavailable: {exc}"
        )


# --- tables -----------------------------------------------------------------------------------


def empty_frame(columns: dict[str, str]) -> pd.DataFrame:
    """An empty table with the contract's columns and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def _typed(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    if not rows:
        return empty_frame(columns)
    frame = pd.DataFrame(rows, columns=list(columns))
    for name, dtype in columns.items():
        if dtype == "datetime64[ns]":
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
        else:
            frame[name] = frame[name].astype(dtype)
    return frame


def casualty_range(reports: list[Casualties]) -> tuple[int | None, int | None]:
    """Several reports as one range: the smallest minimum, the largest maximum (None if any is open)."""
    if not reports:
        return None, None
    low = min(r.min for r in reports)
    high = None if any(r.max is None for r in reports) else max(r.max for r in reports if r.max is not None)
    return low, high


def claims_text(incident: Incident) -> str:
    """Who says who did it, in one plain English sentence per claim (search and exports)."""
    return claims_sentence(_claims(incident), translate=False)


def _claims(incident: Incident) -> list[list[str]]:
    return [[c.stance.value, c.by, c.attacker_label] for c in incident.claims]


def _place(gazetteer: PlaceLookup | None, place_id: str) -> dict[str, Any]:
    if gazetteer is None or place_id not in gazetteer:
        return {}
    row = gazetteer.places.loc[place_id]
    return {key: (None if pd.isna(value) else value) for key, value in row.items()}


def _unique(values: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values if v not in (None, "")))


def _search_text(incident: Incident, places: list[dict[str, Any]]) -> str:
    parts: list[str] = [incident.title, incident.notes or "", incident.damage or "", *incident.targets]
    parts += [incident.weapon or "", claims_text(incident)]
    parts += [q for s in incident.sources for q in s.quotes] + [s.outlet for s in incident.sources]
    parts += [c.quote or "" for c in incident.claims] + [c.actor for c in incident.claims]
    parts += [a.says for a in incident.accounts] + [loc.name_reported for loc in incident.locations]
    for place in places:
        parts += [str(place.get(key) or "") for key in ("name", "name_ar")]
        parts += str(place.get("aliases") or "").split("|")
    return " ".join(fold(p) for p in parts if p)


def incident_table(records: list[tuple[Incident, str]], gazetteer: PlaceLookup | None) -> pd.DataFrame:
    """One row per incident, in the INCIDENT_COLUMNS contract."""
    rows = []
    for incident, source_path in records:
        places = [_place(gazetteer, loc.place_id) for loc in incident.locations]
        killed_min, killed_max = casualty_range(incident.killed)
        injured_min, injured_max = casualty_range(incident.injured)
        rows.append(
            {
                "id": incident.id,
                "title": incident.title,
                "event_type": incident.event_type,
                "event_type_label": incident.event_type_label,
                "weapon": incident.weapon,
                "date_start": incident.date.start,
                "date_end": incident.date.end,
                "date_precision": incident.date.precision.value,
                "date_precision_label": incident.date.precision.label,
                "date_years": dates.format_years(incident.date.years),
                "date_words": dates.words_of(incident.date),
                "year_inferred": incident.date.year_inferred,
                "time_local": incident.date.time_local,
                "date_note": field_words(incident.date.note, [s.outlet for s in incident.sources]),
                "attacker": incident.assessment.attacker,
                "attacker_label": incident.assessment.attacker_label,
                "parties": parties.of_record(
                    incident.assessment.attacker, incident.assessment.attacker_label, incident.acled
                ),
                "confidence": incident.assessment.confidence.value,
                "confidence_label": incident.assessment.confidence.label,
                "reasoning": incident.assessment.reasoning,
                "stances": "|".join(_unique(c.stance.value for c in incident.claims)),
                "claims_text": claims_text(incident),
                "claims": json.dumps(_claims(incident), ensure_ascii=False) if incident.claims else "",
                "targets": "; ".join(incident.targets),
                "damage": incident.damage,
                "killed_min": killed_min,
                "killed_max": killed_max,
                "injured_min": injured_min,
                "injured_max": injured_max,
                "place_ids": "|".join(loc.place_id for loc in incident.locations),
                "place_names": "; ".join(
                    str(p.get("name") or loc.name_reported)
                    for p, loc in zip(places, incident.locations, strict=True)
                ),
                "governorates": "|".join(_unique(p.get("governorate") for p in places)),
                "documents": "|".join(_unique(s.document for s in incident.sources)),
                "outlets": "; ".join(_unique(s.outlet for s in incident.sources)),
                "description": "",  # a record's own notes, sources and quotes are on its page
                "source_scale": "",
                "search_text": _search_text(incident, places),
                "target_text": fold("; ".join(incident.targets)),
                "n_sites": len(incident.locations),
                "source_path": source_path,
            }
        )
    return _typed(rows, INCIDENT_COLUMNS)


def site_table(records: list[tuple[Incident, str]], gazetteer: PlaceLookup | None) -> pd.DataFrame:
    """One row per incident-location, in the SITE_COLUMNS contract; the map draws these."""
    rows = []
    for incident, _ in records:
        killed_min, killed_max = casualty_range(incident.killed)
        for index, location in enumerate(incident.locations):
            place = _place(gazetteer, location.place_id)
            rows.append(
                {
                    "incident_id": incident.id,
                    "site_index": index,
                    "place_id": location.place_id,
                    "place_name": place.get("name") or location.name_reported,
                    "name_reported": location.name_reported,
                    "role": location.role.value,
                    "role_label": location.role.label,
                    "location_precision": location.precision.value,
                    "location_precision_label": location.precision.label,
                    "lat": place.get("lat"),
                    "lon": place.get("lon"),
                    "precision_m": place.get("precision_m"),
                    "governorate": place.get("governorate"),
                    "country": place.get("country"),
                    "title": incident.title,
                    "event_type": incident.event_type,
                    "event_type_label": incident.event_type_label,
                    "attacker": incident.assessment.attacker,
                    "attacker_label": incident.assessment.attacker_label,
                    "confidence": incident.assessment.confidence.value,
                    "date_start": incident.date.start,
                    "date_end": incident.date.end,
                    "date_precision": incident.date.precision.value,
                    "killed_min": killed_min,
                    "killed_max": killed_max,
                }
            )
    return _typed(rows, SITE_COLUMNS)
