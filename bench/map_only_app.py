"""The floor: a Streamlit page with nothing but the map component and our incident layer.

No sidebar, filters, timeline or details: what Streamlit and streamlit-folium cost by
themselves to paint the same layer the app draws. Measured beside the app and the naive
baseline so RESULTS.md can say how much of the app's time is the framework's.

    BENCH_SOURCE=bench/out/acled-10000.csv streamlit run bench/map_only_app.py
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from incidents.maps.basemap import DEFAULT_CENTER, DEFAULT_ZOOM
from incidents.maps.incident_layer import IncidentLayer
from incidents.tables import load_table
from pages.shared.map_component import layer_script, offline_base_map, show_map

st.set_page_config(page_title="Map only", layout="wide")


@st.cache_resource
def layer(path: str) -> str:
    """The table's layer script, as the app would build it for all incidents."""
    incidents, sites = load_table(Path(path))
    return layer_script(IncidentLayer(incidents, sites))


show_map(
    offline_base_map(False, ()),
    layer(os.environ["BENCH_SOURCE"]),
    key="map",
    height=560,
    center=DEFAULT_CENTER,
    zoom=DEFAULT_ZOOM,
    returned_objects=["last_object_clicked_tooltip"],
)
