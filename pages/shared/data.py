"""The app's data, loaded once per process (the table is cached, the filtering is not)."""

from __future__ import annotations

import gc
import os
import threading
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from geodata.gazetteer import gazetteer_csv, load_gazetteer
from incidents import columnar, combine, dataset, i18n, labels, ondisk, parties, paths, table_places, versions
from incidents.filters import Filter, labels_of
from incidents.i18n import _
from incidents.ingest import IngestReport, SourceError
from incidents.load import LoadResult, RecordError, load_incidents
from incidents.maps.legend import dataset_colours, legend_lookups
from incidents.model import Incident
from pages.shared import run_slots


@dataclass(frozen=True)
class Facets:
    """What the filter widgets offer, worked out once per loaded table (not on every rerun)."""

    sources: list[str]
    used_places: list[str]
    governorates: list[str]
    place_names: dict[str, str]
    local_place_names: dict[str, dict[str, str]]  # language -> the gazetteer's `name_<lang>`, else `name`
    site_positions: np.ndarray  # row position in `incidents` of each row of `sites`
    version: str  # unique to this load of the table: a key for what is cached from it
    lookups: dict  # the legend: every attacker and event type the table names, with colours
    incident_ids: pd.Index  # to check a link's `incident` against (built once: 2M ids take 2 s)
    labels: dict[str, dict[str, str]]  # the table's own attacker, event type and actor labels
    actors: list[dict]  # every party the table names, with its count (incidents.parties.listing)
    records_version: str | None = None  # the curated records' data version (`v=`); None for a table
    datasets: tuple[dict, ...] = ()  # each dataset shown: slug, title, description, count, colour


@dataclass(frozen=True)
class AppData:
    incidents: pd.DataFrame
    sites: pd.DataFrame
    errors: list[RecordError]
    places: pd.DataFrame
    facets: Facets
    report: IngestReport | None = None  # a table the user brought: every row's outcome (one table)
    reports: tuple[IngestReport, ...] = ()  # every table's report, in INCIDENTS_SOURCE's order

    @property
    def place_names(self) -> dict[str, str]:
        """Place id -> name in the reader's language (the gazetteer's `name_ar` in Arabic)."""
        return self.facets.local_place_names.get(i18n.current(), self.facets.place_names)

    @property
    def version(self) -> str:
        return self.facets.version


def _facets(result: LoadResult, places: pd.DataFrame, shown: combine.Combined | None = None) -> Facets:
    documents = result.incidents["documents"].fillna("").str.split("|").explode()
    names = places["name"].to_dict()
    used = pd.unique(result.sites["place_id"].dropna())
    used_places = sorted(used, key=lambda p: str(names.get(p, p)).lower())
    governorates = sorted(places.loc[places.index.isin(used), "governorate"].dropna().unique())
    if ondisk.ROW_KEY in result.sites:  # a converted table numbers each site by its incident's row
        positions = result.sites[ondisk.ROW_KEY].to_numpy()
    else:
        positions = pd.Index(result.incidents["id"]).get_indexer(result.sites["incident_id"])
    lookups = legend_lookups(result.incidents)
    listed = parties.listing(result.incidents["parties"])
    entries = dataset_entries(shown)
    return Facets(
        sources=sorted({d.removesuffix(".txt") for d in documents.unique() if d}),
        used_places=used_places,
        governorates=governorates,
        place_names=names,
        local_place_names=labels.local_names(places),
        site_positions=positions,
        version=uuid.uuid4().hex,
        lookups=lookups,
        incident_ids=pd.Index(result.incidents["id"].astype(str)),
        labels=labels_of(lookups, listed, entries),
        actors=listed,
        datasets=entries,
    )


def dataset_entries(shown: combine.Combined | None) -> tuple[dict, ...]:
    """Each dataset's slug, title, description, incident count and map colour (the legend's)."""
    if shown is None:
        return ()
    colours = dataset_colours([d.slug for d in shown.datasets])
    return tuple(
        {
            "slug": d.slug,
            "path": str(d.path) if d.path else "",  # to say it again in another reader's language
            "title": d.title,
            "label": d.label,
            "description": d.description,
            "count": shown.counts.get(d.slug, 0),
            "color": colours[d.slug],
        }
        for d in shown.datasets
    )


_conversions: dict[tuple[str, float, int], Path | None] = {}
_converting = threading.Lock()


def _converted(source: Path) -> Path | None:
    """The Parquet conversion of the user's file (made once, with a progress bar; None if the
    file is not data: `_load` then reports why). Hashed once per process and file version, and
    a file that is not data is tried once, not on every rerun."""
    stat = source.stat()
    key = (str(source), stat.st_mtime, stat.st_size)
    # Waiting for the child process (or for another reader's conversion) needs no run slot.
    with run_slots.slot_released(), _converting:  # one at a time; a second reader waits for it
        if key not in _conversions:
            bar = st.progress(0.0, text=_("Opening {name} for the first time…").format(name=source.name))
            try:
                # In a process of its own: the server never holds a conversion's peak memory.
                _conversions[key] = columnar.convert_in_child(
                    source, lambda p: bar.progress(p.fraction, text=p.line())
                )
            except SourceError:
                _conversions[key] = None
            finally:
                bar.empty()
    return _conversions[key]


# One set of datasets at a time: when a file changes, the new load replaces the old one in the cache.
@st.cache_resource(show_spinner=False, max_entries=1)  # the spinner is the caller's, translated
def _load(
    sources: tuple[tuple[str, str | None, float | None, str | None], ...] = (),
    gazetteer_version: tuple[int, int] | None = None,
    records_stamp: str = "",
) -> tuple[LoadResult, pd.DataFrame, Facets, tuple[IngestReport, ...]]:
    # `sources`: per dataset of INCIDENTS_SOURCE (incidents.dataset), (slug, file, its mtime, the
    # conversion _converted made or found); file None is our records. They are the cache key:
    # editing a file reloads it, as editing the gazetteer does (`gazetteer_version`: its mtime and
    # size). A conversion None: the file is not data, and loading it says why.
    # records_stamp: the records folder's state, so a record saved by the curator shows at once.
    gazetteer = load_gazetteer()

    def open_records() -> LoadResult:
        # Quotes are checked against the source documents when they are beside the repository,
        # so a record whose quote is not in its source is skipped (and listed), as in `validate`.
        seeds = paths.seeds_dir()
        return load_incidents(gazetteer=gazetteer, seeds_dir=seeds, check_quotes=seeds.is_dir())

    converted = {path: directory for _, path, _, directory in sources if path}

    def open_table(path: Path) -> LoadResult:
        directory = converted.get(str(path))
        return columnar.load_result(path, gazetteer, directory=Path(directory) if directory else None)

    shown = combine.load(
        [dataset.describe(Path(path) if path else None, slug) for slug, path, _, _ in sources],
        open_records,
        open_table,
    )
    result = shown.result
    version = None
    if any(path is None for _, path, _, _ in sources):
        try:
            version = versions.current_version(paths.records_dir())
        except OSError:
            version = None
    any_table = any(path is not None for _, path, _, _ in sources)
    places = table_places.places_for(result.sites, gazetteer.places) if any_table else gazetteer.places
    facets = replace(_facets(result, places, shown), records_version=version)
    return result, places, facets, tuple(shown.reports)


_frozen_version: str | None = None


def _freeze_long_lived_objects(version: str) -> None:
    """Take what lives as long as the process out of the cyclic garbage collector's scans.

    Python's full collections scan every tracked object; with pandas, pyarrow, altair and the
    table loaded that is ~150,000 objects and 0.1-0.15 s each (Streamlit's own collection after
    every run, `runner.postScriptGC`, is turned off in .streamlit/config.toml). Frozen objects
    are still freed by reference counting; cycles among them wait, so each newly loaded table
    first unfreezes and collects what the previous one left.
    """
    global _frozen_version
    if _frozen_version != version:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _frozen_version = version


def _current() -> tuple[LoadResult, pd.DataFrame, Facets, tuple[IngestReport, ...]]:
    sources = []
    for each in dataset.datasets():
        if each.path is None:
            sources.append((each.slug, None, None, None))
            continue
        directory = _converted(each.path) if each.path.is_file() else None
        sources.append((each.slug, str(each.path), _mtime(each.path), str(directory) if directory else None))
    stamp = _records_stamp() if any(path is None for _, path, _, _ in sources) else ""
    with st.spinner(_("Loading incidents…")):  # drawn only if the load takes more than a moment
        loaded = _load(tuple(sources), _gazetteer_version(), stamp)
    # After the cache has stored this table (and dropped the one it replaces).
    _freeze_long_lived_objects(loaded[2].version)
    return loaded


def _gazetteer_version() -> tuple[int, int] | None:
    try:
        stat = gazetteer_csv().stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _records_stamp() -> str:
    """The records folder's state from its metadata alone (cheap on every run): an added, replaced
    or edited record file changes it."""
    directory = paths.records_dir()
    try:
        stats = [entry.stat() for entry in os.scandir(directory) if entry.name.endswith((".yaml", ".yml"))]
        newest = max((stat.st_mtime_ns for stat in stats), default=0)
        return f"{directory.stat().st_mtime_ns}:{len(stats)}:{newest}"
    except OSError:
        return ""


def _mtime(source: Path) -> float | None:
    try:
        return source.stat().st_mtime
    except OSError:
        return None


def load_result() -> LoadResult:
    """The cached LoadResult behind app_data() (full records included), for record pages."""
    return _current()[0]


def app_data() -> AppData:
    """The datasets of INCIDENTS_SOURCE (our records when unset) and the gazetteer, shared read-only
    by every session."""
    result, places, facets, reports = _current()
    return AppData(
        result.incidents,
        result.sites,
        list(result.errors),
        places,
        _in_reader_language(facets),
        result.report,
        reports,
    )


_localised: dict[tuple[str, str], Facets] = {}


def _in_reader_language(facets: Facets) -> Facets:
    """The facets with the datasets' titles, labels and descriptions in this reader's language.
    The facets are built once for every reader, in whichever language the first one read; a
    dataset's words come from its own file (incidents.dataset), not from the catalogue."""
    key = (facets.version, i18n.current())
    found = _localised.get(key)
    if found is None:
        entries = []
        for entry in facets.datasets:
            said = dataset.describe(Path(entry["path"]) if entry["path"] else None, entry["slug"])
            words = {"title": said.title, "label": said.label, "description": said.description}
            entries.append({**entry, **words})
        labels = {**facets.labels, "datasets": {entry["slug"]: entry["label"] for entry in entries}}
        found = replace(facets, datasets=tuple(entries), labels=labels)
        if any(version != facets.version for version, _ in _localised):
            _localised.clear()  # a new table: the old one's facets go
        _localised[key] = found
    return found


def filtered(data: AppData, filt: Filter) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The incidents and sites the filter keeps (fast path through the cached site positions)."""
    return filt.apply(data.incidents, data.sites, data.places, site_positions=data.facets.site_positions)


def records_by_id() -> dict[str, Incident]:
    # The same cached LoadResult as app_data(), so the tables and the records never disagree.
    result = load_result()
    return {incident.id: incident for incident in result.records}


def incident_record(incident_id: str | None) -> Incident | None:
    """The validated record with this id, or None."""
    if not incident_id:
        return None
    return records_by_id().get(incident_id)
