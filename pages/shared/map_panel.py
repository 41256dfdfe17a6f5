"""The incident map in Streamlit: a fixed offline base map plus one swappable incident layer.

Both are rendered once and kept (pages/shared/map_component.py): the base map per set of
options, the layer per table version, rows shown and view options.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import folium
import pandas as pd

from incidents.filters import View
from incidents.maps.basemap import DEFAULT_CENTER, DEFAULT_ZOOM, fit_view
from incidents.maps.incident_layer import IncidentLayer
from pages.shared.data import AppData
from pages.shared.map_component import cached_layer_script, offline_base_map, rows_digest, show_map

_CLICKED_ID = re.compile(r"\[incident:([a-z0-9-]+)\]")
# Only a marker click reruns the app; panning and zooming stay in the browser.
RETURNED_OBJECTS = ["last_object_clicked_tooltip"]


def town_labels(places: pd.DataFrame) -> tuple[tuple[str, float, float], ...]:
    """Names of the main towns, drawn on the offline basemap for orientation."""
    towns = places[places["feature_type"].isin(["city"])]
    return tuple((row["name"], float(row["lat"]), float(row["lon"])) for _, row in towns.iterrows())


def credit_line(incidents: pd.DataFrame, limit: int = 6) -> str:
    """'Sources: Reuters, AP and 12 more · Made with Natural Earth', for a picture of the map."""
    outlets = incidents["outlets"].fillna("").str.split(";").explode().str.strip() if len(incidents) else []
    counts = pd.Series(outlets, dtype="str").loc[lambda s: s != ""].value_counts()
    named = list(counts.index[:limit])
    more = len(counts) - len(named)
    sources = ", ".join(named) + (f" and {more} more" if more > 0 else "")
    return (f"Sources: {sources} · " if sources else "") + "Made with Natural Earth"


def _layer(
    incidents: pd.DataFrame, sites: pd.DataFrame, view: View, caption: dict[str, str], lookups: dict
) -> tuple[tuple, Callable[[], folium.FeatureGroup]]:
    """The cache key of the incident layer for these rows and options, and how to build it."""
    fit = view.center is None
    options = (view.incident, view.cluster, view.heat, fit, tuple(sorted(caption.items())))
    key = (rows_digest(incidents), rows_digest(sites), *options)

    def build() -> folium.FeatureGroup:
        return IncidentLayer(
            incidents,
            sites,
            selected=view.incident,
            cluster=view.cluster,
            heat=view.heat,
            fit=fit,
            listing=True,
            caption=caption,
            lookups=lookups,
        )

    return key, build


def incident_map(
    data: AppData,
    incidents: pd.DataFrame,
    sites: pd.DataFrame,
    view: View,
    caption: dict[str, str],
    key: str = "incident-map",
    height: int = 720,
) -> str | None:
    """Draw the map; return the id of an incident whose marker was just clicked, if any.

    `caption` ({count, description}) goes into a saved picture of the map, with the credits.
    A link without `center`/`zoom` opens fitted to the incidents shown (in the browser, which
    knows the map's size); the centre and zoom given here are only where it starts.
    """
    lookups = data.facets.lookups
    base = offline_base_map(view.online_tiles, town_labels(data.places), json.dumps(lookups))
    caption = {**caption, "credit": credit_line(incidents)}
    layer_key, build = _layer(incidents, sites, view, caption, lookups)
    script = cached_layer_script((data.version, *layer_key), build)
    center = view.center
    zoom = view.zoom
    if center is None:
        chosen = sites[sites["incident_id"] == view.incident] if view.incident else sites.iloc[0:0]
        points = chosen if len(chosen) else sites
        fitted = fit_view(points["lat"], points["lon"], max_zoom=9)
        if fitted is not None:
            center, zoom = fitted.center, zoom or fitted.zoom
    result = show_map(
        base,
        script,
        key=key,
        height=height,
        center=center or DEFAULT_CENTER,
        zoom=zoom or DEFAULT_ZOOM,
        returned_objects=RETURNED_OBJECTS,
    )
    clicked = (result or {}).get("last_object_clicked_tooltip") or ""
    match = _CLICKED_ID.search(clicked)
    return match[1] if match else None
