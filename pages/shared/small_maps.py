"""Small static maps: a few incidents with their precision circles, and the gazetteer's places.

Panning, zooming or clicking them never reruns the page (`returned_objects=[]`).
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
import pandas as pd
from streamlit_folium import st_folium

from incidents import i18n
from incidents.i18n import ngettext
from incidents.maps.basemap import DEFAULT_CENTER, DEFAULT_ZOOM, base_map
from incidents.maps.incident_layer import IncidentLayer
from incidents.maps.messages import localized
from incidents.maps.projection import fit_view
from pages.shared.escape import html_escape


def fit_zoom(sites: pd.DataFrame, default: int = 9) -> tuple[tuple[float, float] | None, int]:
    """Centre and zoom that show these sites and their precision circles on a small map.

    A small map sits in a page column: fitted as a 320 px square with no padding (the column
    leaves room around it), at zoom 5 (the region) to 13 (a town quarter).
    """
    fitted = fit_view(
        sites["lat"],
        sites["lon"],
        sites["precision_m"],
        width_px=320,
        height_px=320,
        padding_px=0,
        min_zoom=5,
        max_zoom=13,
    )
    return (None, default) if fitted is None else (fitted.center, fitted.zoom)


def site_map(
    incidents: pd.DataFrame,
    sites: pd.DataFrame,
    selected: str | None,
    center: tuple[float, float] | None,
    zoom: int,
    key: str,
    lookups: dict,
    height: int = 420,
) -> None:
    """A static map of a few incidents (the selected one highlighted, with precision circles).

    `returned_objects=[]`: panning, zooming or clicking never reruns the page. `lookups` is the
    table's legend (data.facets.lookups): these few incidents keep the colours the map gives them.
    """
    # The map starts at `center`/`zoom`; st_folium's own center/zoom only move it on later runs.
    lookups = localized(lookups)  # the legend and popups in the reader's language
    fmap = base_map(
        center or DEFAULT_CENTER, zoom if center else DEFAULT_ZOOM, follow_view=False, lookups=lookups
    )
    layer = IncidentLayer(incidents, sites, selected=selected, cluster=False, lookups=lookups)
    kwargs = {"center": center, "zoom": zoom} if center else {}
    st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=layer,
        **kwargs,
    )


def place_layer(places: pd.DataFrame, counts: pd.Series, names: Mapping[str, str]) -> folium.FeatureGroup:
    """The gazetteer's places as circles: filled where incidents are, sized by precision; each
    named (`names`: in the reader's language) with its count in a tooltip."""
    group = folium.FeatureGroup(name="Places", control=False)
    for place_id, row in places.dropna(subset=["lat", "lon"]).iterrows():
        n = int(counts.get(place_id, 0))
        count = ngettext("{n} incident", "{n} incidents", n).format(n=i18n.number(n))
        label = f"{names.get(place_id, row['name'])} ({count})"
        folium.CircleMarker(
            [float(row["lat"]), float(row["lon"])],
            radius=7 if n else 4,
            color="#8c2d04" if n else "#666666",
            weight=1.5,
            fill=True,
            fill_opacity=0.8 if n else 0.3,
            # Folium puts tooltip text into the page as HTML; gazetteer text is data.
            tooltip=html_escape(label),
        ).add_to(group)
    return group
