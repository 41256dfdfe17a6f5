"""The incident map in Streamlit: a fixed offline base map plus one swappable incident layer."""

from __future__ import annotations

import re

import pandas as pd
from streamlit_folium import st_folium

from incidents.filters import View
from incidents.maps.basemap import DEFAULT_CENTER, DEFAULT_ZOOM, base_map, fit_view
from incidents.maps.incident_layer import IncidentLayer
from incidents.maps.large_layer import LARGE_THRESHOLD, LargeIncidentLayer

_CLICKED_ID = re.compile(r"\[incident:([a-z0-9-]+)\]")
# Only a marker click reruns the app; panning and zooming stay in the browser.
RETURNED_OBJECTS = ["last_object_clicked_tooltip"]


def town_labels(places: pd.DataFrame) -> tuple[tuple[str, float, float], ...]:
    """Names of the main towns, drawn on the offline basemap for orientation."""
    towns = places[places["feature_type"].isin(["city"])]
    return tuple((row["name"], float(row["lat"]), float(row["lon"])) for _, row in towns.iterrows())


def incident_map(
    incidents: pd.DataFrame,
    sites: pd.DataFrame,
    places: pd.DataFrame,
    view: View,
    key: str = "incident-map",
    height: int = 560,
    all_sites: pd.DataFrame | None = None,
) -> str | None:
    """Draw the map; return the id of an incident whose marker was just clicked, if any."""
    # Built afresh each run: st_folium attaches the layer to the map object it is given, so a
    # shared cached map would leak one session's layer into another's.
    fmap = base_map(
        DEFAULT_CENTER, DEFAULT_ZOOM, online_tiles=view.online_tiles, labels=list(town_labels(places))
    )
    if len(sites) > LARGE_THRESHOLD:
        layer = LargeIncidentLayer(sites, selected=view.incident, cluster=view.cluster, heat=view.heat)
    else:
        layer = IncidentLayer(
            incidents,
            sites,
            selected=view.incident,
            cluster=view.cluster,
            heat=view.heat,
            precision_circles=len(sites) <= 2000,
        )
    center = view.center
    zoom = view.zoom
    if center is None:
        chosen = sites[sites["incident_id"] == view.incident] if view.incident else sites.iloc[0:0]
        # A link without a view opens on its selected incident, else on all of the data.
        points = chosen if len(chosen) else (all_sites if all_sites is not None else sites)
        center, fitted_zoom = fit_view(points["lat"].to_numpy(), points["lon"].to_numpy())
        zoom = zoom or min(fitted_zoom, 9)
    result = st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=RETURNED_OBJECTS,
        feature_group_to_add=layer,
        center=center or DEFAULT_CENTER,
        zoom=zoom or DEFAULT_ZOOM,
    )
    clicked = (result or {}).get("last_object_clicked_tooltip") or ""
    match = _CLICKED_ID.search(clicked)
    return match[1] if match else None
