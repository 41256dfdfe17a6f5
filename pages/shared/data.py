"""The app's data, loaded once per process (the table is cached, the filtering is not)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from geodata.gazetteer import load_gazetteer
from incidents import tables
from incidents.load import LoadResult, RecordError, load_incidents


@dataclass(frozen=True)
class AppData:
    incidents: pd.DataFrame
    sites: pd.DataFrame
    errors: list[RecordError]
    places: pd.DataFrame

    @property
    def place_names(self) -> dict[str, str]:
        return self.places["name"].to_dict()


@st.cache_resource(show_spinner="Loading incidents…")
def _load(source: str | None = None, mtime: float | None = None) -> tuple[LoadResult, pd.DataFrame]:
    # source and mtime are the cache key: editing the file reloads it.
    gazetteer = load_gazetteer()
    if source is None:
        return load_incidents(gazetteer=gazetteer), gazetteer.places
    result = tables.load_result(Path(source))
    return result, tables.places_for(result.sites, gazetteer.places)


def app_data() -> AppData:
    """Records (or the INCIDENTS_SOURCE table) and gazetteer, shared read-only by every session."""
    source = tables.source_path()
    if source is None:
        result, places = _load()
    else:
        result, places = _load(str(source), source.stat().st_mtime)
    return AppData(result.incidents, result.sites, list(result.errors), places)
