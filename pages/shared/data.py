"""The app's data, loaded once per process (the table is cached, the filtering is not)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geodata.gazetteer import Gazetteer, load_gazetteer
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
def _load() -> tuple[LoadResult, Gazetteer]:
    gazetteer = load_gazetteer()
    return load_incidents(gazetteer=gazetteer), gazetteer


def app_data() -> AppData:
    """Records and gazetteer, shared read-only by every session of this server."""
    result, gazetteer = _load()
    return AppData(result.incidents, result.sites, list(result.errors), gazetteer.places)
