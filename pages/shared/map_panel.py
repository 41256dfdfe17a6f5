"""The incident map in Streamlit: a fixed offline base map plus one swappable incident layer.

Both are rendered once and kept (pages/shared/map_component.py): the base map per set of
options, the layer per table version, rows shown and view options. Beyond
viewport.VIEWPORT_THRESHOLD drawable sites the layer holds only the area around the view
(incidents/maps/viewport.py): the map then reports its view, and each pan or zoom reruns the map
alone (a fragment), which sends a new area once the view has left the old one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import folium
import numpy as np
import pandas as pd
import streamlit as st

from geodata import countries
from incidents import i18n, labels
from incidents.filters import View
from incidents.i18n import _
from incidents.maps import viewport
from incidents.maps.basemap import DEFAULT_CENTER, DEFAULT_ZOOM, label_zoom
from incidents.maps.incident_layer import IncidentLayer, drawable
from incidents.maps.legend import colour_by_dataset
from incidents.maps.messages import localized
from incidents.maps.projection import fit_view
from pages.shared import memo
from pages.shared.data import AppData
from pages.shared.map_component import (
    BaseMap,
    cached_layer_script,
    cached_points,
    offline_base_map,
    rows_digest,
    show_map,
)
from pages.shared.rerun_rate import paced
from pages.shared.run_slots import run_slot

_CLICKED_ID = re.compile(r"\[incident:([a-z0-9-]+)\]")
# Up to viewport.VIEWPORT_THRESHOLD sites only a marker click reruns the app; panning and
# zooming stay in the browser.
RETURNED_OBJECTS = ["last_object_clicked_tooltip"]
VIEWPORT_RETURNED_OBJECTS = [*RETURNED_OBJECTS, "bounds", "zoom", "center"]
"""A large table's map also reports its view: a pan or zoom reruns the map fragment."""
_LAST_CLICK = "_last_click"
_NEW_CLICK = "_new_click"


def town_labels(data: AppData) -> tuple[tuple[str, float, float, int], ...]:
    """The gazetteer's cities, towns and villages in the reader's language with the zoom from which
    the offline basemap names them (basemap.label_zoom): (name, lat, lon, zoom). Not its countries
    (route ends): the basemap names every country already (basemap.country_labels)."""
    places = data.places
    kinds = places["feature_type"].astype(str)
    zooms = kinds.map(label_zoom).where(kinds != countries.FEATURE_TYPE)
    named = places[zooms.notna() & places["lat"].notna() & places["lon"].notna()]
    local = pd.Series(named.index.map(data.place_names.get), index=named.index)
    names = local.where(local.notna(), named["name"])
    return tuple(
        zip(
            names,
            named["lat"].astype(float),
            named["lon"].astype(float),
            zooms[named.index].astype(int),
            strict=True,
        )
    )


def local_sites(data: AppData, sites: pd.DataFrame) -> pd.DataFrame:
    """The sites with their place names in the reader's language (a table's own names otherwise)."""
    return labels.local_sites(sites, data.place_names)


def credit_line(incidents: pd.DataFrame, limit: int = 6) -> str:
    """'Sources: Reuters, AP and 12 more · Made with Natural Earth', for a picture of the map."""
    outlets = incidents["outlets"].fillna("").str.split(";").explode().str.strip() if len(incidents) else []
    counts = pd.Series(outlets, dtype="str").loc[lambda s: s != ""].value_counts()
    named = list(counts.index[:limit])
    more = len(counts) - len(named)
    sources = _(", ").join(named) + (_(" and {n} more").format(n=i18n.number(more)) if more > 0 else "")
    credit = _("Made with Natural Earth")
    return _("Sources: {sources} · {credit}").format(sources=sources, credit=credit) if sources else credit


def _layer(
    incidents: pd.DataFrame, sites: pd.DataFrame, view: View, caption: dict[str, str], lookups: dict
) -> tuple[tuple, Callable[[], folium.FeatureGroup]]:
    """The cache key of the incident layer for these rows and options, and how to build it."""
    fit = view.center is None
    options = (
        view.incident,
        view.cluster,
        view.heat,
        view.colour,
        fit,
        tuple(sorted(caption.items())),
        i18n.current(),
    )
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


def map_lookups(data: AppData, view: View) -> dict:
    """The legend's lookups in the reader's language; with `colour=dataset` (and several datasets
    shown) the colours show each incident's dataset instead of its attacker."""
    lookups = localized(data.facets.lookups)
    if view.colour == "dataset" and len(data.facets.datasets) > 1:
        lookups = {**lookups, "colour_by": colour_by_dataset(data.facets.datasets)}
    return lookups


def _start_view(sites: pd.DataFrame, view: View) -> tuple[tuple[float, float], int]:
    """Where the map starts: the link's view, or one fitted to the sites shown (the selected
    incident's, if any)."""
    center = view.center
    zoom = view.zoom
    if center is None:
        chosen = sites[sites["incident_id"] == view.incident] if view.incident else sites.iloc[0:0]
        points = chosen if len(chosen) else sites
        fitted = fit_view(points["lat"], points["lon"], max_zoom=9)
        if fitted is not None:
            center, zoom = fitted.center, zoom or fitted.zoom
    return center or DEFAULT_CENTER, zoom or DEFAULT_ZOOM


def _take_click(result: dict | None) -> bool:
    """Keep a marker click for the page the first time the component reports it (it keeps
    returning the last click on every rerun, and a click must be acted on once)."""
    clicked = (result or {}).get("last_object_clicked_tooltip") or ""
    match = _CLICKED_ID.search(clicked)
    if match is None or st.session_state.get(_LAST_CLICK) == match[1]:
        return False
    st.session_state[_LAST_CLICK] = st.session_state[_NEW_CLICK] = match[1]
    return True


def incident_map(
    data: AppData,
    incidents: pd.DataFrame,
    sites: pd.DataFrame,
    view: View,
    caption: dict[str, str],
    key: str = "incident-map",
    height: int = 720,
) -> str | None:
    """Draw the map; return the id of an incident whose marker was just clicked (once per click).

    `incidents` and `sites` are rows of `data`'s tables (kept by a filter). `caption`
    ({count, description}) goes into a saved picture of the map, with the credits.
    A link without `center`/`zoom` opens fitted to the incidents shown (in the browser, which
    knows the map's size; for a large table on the server); the centre and zoom given here are
    only where it starts.
    """
    lookups = map_lookups(data, view)
    base = offline_base_map(view.online_tiles, town_labels(data), json.dumps(lookups))
    sites = local_sites(data, sites)
    incidents_digest, sites_digest = rows_digest(incidents), rows_digest(sites)
    # 1.4 s at a million incidents: once per table version and rows.
    caption = {**caption, "credit": memo.per_rows("credit", incidents, lambda: credit_line(incidents))}
    start = _start_view(sites, view)
    points = None
    if _large(sites):
        points = cached_points(
            (data.version, sites_digest, view.colour), sites, lookups, _positions(data.sites, sites)
        )
    if points is not None and _large(points):
        # The fragment keeps only what it needs of the rows: the filtered tables would otherwise
        # stay alive as long as the reader's session.
        selected = sites[sites["incident_id"] == view.incident] if view.incident else sites.iloc[0:0]
        selected_rows = _positions(data.sites, selected[drawable(selected).to_numpy()])
        options = (
            view.incident,
            view.cluster,
            view.heat,
            view.colour,
            tuple(sorted(caption.items())),
            i18n.current(),
        )
        layer = (data.version, incidents_digest, sites_digest, *options)
        viewport_map(data, base, points, layer, start, selected_rows, view, caption, key, height)
    else:
        layer_key, build = _layer(incidents, sites, view, caption, lookups)
        script = cached_layer_script((data.version, *layer_key), build)
        result = show_map(
            base,
            script,
            key=key,
            height=height,
            center=start[0],
            zoom=start[1],
            returned_objects=RETURNED_OBJECTS,
        )
        _take_click(result)
    return st.session_state.pop(_NEW_CLICK, None)


def _positions(table: pd.DataFrame, rows: pd.DataFrame) -> np.ndarray:
    """Positions in `table` of `rows`, a subset of it (by index label)."""
    index = table.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return rows.index.to_numpy()
    return index.get_indexer(rows.index)


def _large(rows: pd.DataFrame | viewport.Points) -> bool:
    return len(rows) > viewport.VIEWPORT_THRESHOLD


def _reported_view(key: str, start: tuple[tuple[float, float], int]) -> tuple[viewport.Bounds, int] | None:
    """The view the map last reported, if it has reported one since it was drawn at `start`.

    streamlit-folium reports the base map's own first view (DEFAULT_CENTER, DEFAULT_ZOOM) once,
    before it moves the map to the view it was given: that report is not the reader's view.
    """
    value = st.session_state.get(key) or {}
    bounds, zoom, center = value.get("bounds") or {}, value.get("zoom"), value.get("center") or {}
    south_west, north_east = bounds.get("_southWest") or {}, bounds.get("_northEast") or {}
    edges = (south_west.get("lat"), south_west.get("lng"), north_east.get("lat"), north_east.get("lng"))
    if zoom is None or None in edges:
        return None
    at_base = (
        zoom == DEFAULT_ZOOM
        and abs(center.get("lat", 0) - DEFAULT_CENTER[0]) < 1e-6
        and abs(center.get("lng", 0) - DEFAULT_CENTER[1]) < 1e-6
    )
    if at_base and start != (DEFAULT_CENTER, DEFAULT_ZOOM):
        return None
    return viewport.Bounds(*(float(e) for e in edges)), int(zoom)


@st.fragment
@paced()  # a pan reruns only this function: it waits its turn like a page run
@run_slot()
def viewport_map(
    data: AppData,
    base: BaseMap,
    points: viewport.Points,
    layer: tuple,
    start: tuple[tuple[float, float], int],
    selected_rows: np.ndarray,
    view: View,
    caption: dict[str, str],
    key: str,
    height: int,
) -> None:
    """The map of a large table: the layer holds the area around the reader's view.

    A fragment: the map's report of a pan or zoom reruns only this function, which sends a new
    area when the view has left the one sent (a short pan sends nothing). `points` are the shown
    sites, `layer` says what the layer depends on besides the area (a cache key), `start` is where
    the page's run put the map, `selected_rows` the selected incident's sites (positions in
    `data.sites`). The centre and zoom given to the component stay `start`, so the map is never
    moved back.
    """
    state = st.session_state.setdefault(f"{key}-viewport", {})
    reported = _reported_view(key, start)
    if reported is not None:
        state["reported"], state["size"] = reported, viewport.size_px(*reported)
    if start != state.get("start") or "reported" not in state:
        # A new start moves the map there (the link's view, which the map keeps current as
        # the reader moves); its size is known once it has reported a view.
        state["start"] = start
        state.pop("reported", None)
        zoom = start[1]
        bounds = viewport.view_bounds(start[0], zoom, state.get("size", viewport.MAP_SIZE_PX))
    else:
        bounds, zoom = state["reported"]
    area = state.get("area")
    if state.get("layer") != layer or area is None or not area.covers(bounds, zoom):
        area = viewport.covering(bounds, zoom)
        state.update(layer=layer, area=area)

    def build() -> folium.FeatureGroup:
        cell_px = viewport.CELL_PX if view.cluster else viewport.CELL_PX_UNGROUPED
        shown = viewport.aggregate(points, area, cell_px)
        rows = points.rows[shown.individual]
        # The selected incident's sites are drawn wherever the view is.
        rows = np.concatenate([rows, selected_rows[~np.isin(selected_rows, rows)]])
        of = data.facets.site_positions[rows]
        return IncidentLayer(
            data.incidents.iloc[pd.unique(of[of >= 0])],
            local_sites(data, data.sites.iloc[rows]),
            selected=view.incident,
            cluster=view.cluster,
            heat=view.heat,
            listing=True,
            caption=caption,
            lookups=map_lookups(data, view),
            viewport=shown.payload(points.skipped),
        )

    script = cached_layer_script((*layer, "viewport", area), build)
    result = show_map(
        base,
        script,
        key=key,
        height=height,
        center=start[0],
        zoom=start[1],
        returned_objects=VIEWPORT_RETURNED_OBJECTS,
    )
    if _take_click(result):
        st.rerun()  # the page acts on the click (a full run)
