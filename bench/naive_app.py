"""The naive baseline: how most Streamlit map apps are written.

One `folium.Marker` with a popup per incident, added to the map and passed whole to
`st_folium`; the table is cached, the map is rebuilt on every rerun. It shares our offline
base map (a CDN-loaded map cannot start here) and the same attacker filter widget, so the
benchmark compares only the way incidents reach the browser.

    BENCH_SOURCE=bench/out/acled-1000.csv streamlit run bench/naive_app.py
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from incidents import actors
from incidents.maps import assets
from incidents.maps.basemap import base_map
from incidents.tables import load_table

st.set_page_config(page_title="Naive incident map", layout="wide")


@st.cache_data
def data(path: str):
    return load_table(Path(path))


incidents, sites = data(os.environ["BENCH_SOURCE"])
attackers = st.sidebar.multiselect(
    "Attacker (assessed)", list(actors.known_actors()), format_func=actors.label
)
shown = sites[sites["attacker"].isin(attackers)] if attackers else sites
st.markdown(
    f'<p data-testid="incident-count">{len(shown)} of {len(sites)} incidents</p>', unsafe_allow_html=True
)

fmap = base_map()
# folium.Popup needs jQuery, which the app itself no longer loads (its popups are plain Leaflet).
fmap.default_js = [*fmap.default_js, ("jquery", assets.url("jquery/jquery.min.js"))]
for row in shown.itertuples():
    folium.Marker(
        [row.lat, row.lon],
        popup=folium.Popup(
            f"<b>{html.escape(row.title)}</b><br>{row.date_start:%Y-%m-%d}<br>{html.escape(row.attacker_label)}",
            max_width=300,
        ),
        tooltip=html.escape(row.title),
    ).add_to(fmap)
st_folium(fmap, height=560, use_container_width=True, returned_objects=["last_object_clicked_tooltip"])
