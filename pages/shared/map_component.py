"""streamlit-folium's map component, fed with arguments rendered once instead of on every rerun.

`st_folium` renders the whole folium map twice and the incident layer once on every script run,
then sends the resulting JavaScript to its component. The base map depends only on its options
and the layer only on the rows shown and the view's options, so here each is rendered once,
kept, and the component receives exactly the arguments `st_folium` would send (checked by
tests/unit/test_map_component.py against the pinned streamlit-folium). At 100,000 incidents this
takes rendering off the rerun path: a tenth to a third of a second per run.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import folium
import numpy as np
import pandas as pd
import streamlit as st
import streamlit_folium
from streamlit_folium import generate_js_hash

from incidents.maps.basemap import base_map
from incidents.maps.viewport import Points, points_of


@dataclass(frozen=True)
class BaseMap:
    """The rendered base map: what `st_folium` derives from the folium.Map it is given."""

    script: str
    header: str
    html: str
    map_id: str
    bounds: dict[str, dict[str, float | None]]
    zoom: int | None
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def _links(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every JSCSSMixin's css and js links, in document order, without repeats (as st_folium)."""
    css: list[str] = []
    js: list[str] = []
    stack: list[Any] = [fmap]
    while stack:
        element = stack.pop(0)
        css += [href for _, href in getattr(element, "default_css", [])]
        js += [src for _, src in getattr(element, "default_js", [])]
        stack[0:0] = list(getattr(element, "_children", {}).values())
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def _bounds(fmap: folium.Map) -> dict[str, dict[str, float | None]]:
    (south, west), (north, east) = fmap.get_bounds()
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def render_base_map(fmap: folium.Map) -> BaseMap:
    """Render `fmap` the way `st_folium` does before it calls its component."""
    fmap.get_root().render()
    fmap.render()
    html = streamlit_folium._get_html(fmap)
    header = streamlit_folium._get_header(fmap)
    script = streamlit_folium._get_map_string(fmap)
    css, js = _links(fmap)
    return BaseMap(
        script=script,
        header=header,
        html=html,
        map_id=streamlit_folium.get_full_id(fmap),
        bounds=_bounds(fmap),
        zoom=fmap.options.get("zoom"),
        css_links=css,
        js_links=js,
    )


@lru_cache(maxsize=4)
def offline_base_map(
    online_tiles: bool, labels: tuple[tuple[str, float, float], ...], lookups_json: str | None = None
) -> BaseMap:
    """The app's base map, rendered once per process for each set of options and legend."""
    lookups = json.loads(lookups_json) if lookups_json else None
    return render_base_map(base_map(online_tiles=online_tiles, labels=list(labels), lookups=lookups))


def layer_script(layer: folium.FeatureGroup) -> str:
    """The JavaScript `st_folium(feature_group_to_add=layer)` sends for the layer."""
    # Any map will do as the parent: its variable is renamed "map_div" in the result.
    return streamlit_folium._get_feature_group_string(layer, folium.Map(tiles=None))


def rows_digest(frame: pd.DataFrame) -> str:
    """Identifies which rows of a cached table `frame` holds (its index), in a millisecond."""
    index = frame.index.to_numpy()
    if index.dtype == object:
        return hashlib.blake2b(repr(index.tolist()).encode(), digest_size=16).hexdigest()
    return f"{len(index)}:" + hashlib.blake2b(index.tobytes(), digest_size=16).hexdigest()


class ScriptCache:
    """Layer scripts by key, shared by every session, the least recently used dropped once they
    add up to more than `budget` characters.

    A count of entries cannot bound them: a script is a few kilobytes for our records and tens of
    megabytes for 50,000 sites. With a count of 12, readers of more than 12 different links (a
    busy briefing day) rebuilt their layer on nearly every visit (bench/RESULTS.md, load runs).
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._scripts: OrderedDict[tuple, str] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple, build: Callable[[], folium.FeatureGroup]) -> str:
        """The script for `key` (it must say everything the layer depends on), built on first use."""
        with self._lock:
            script = self._scripts.get(key)
            if script is not None:
                self._scripts.move_to_end(key)
                return script
        script = layer_script(build())  # outside the lock: another reader's layer need not wait
        with self._lock:
            if key not in self._scripts:
                self._scripts[key] = script
                self._size += len(script)
            while self._size > self.budget and len(self._scripts) > 1:
                _, dropped = self._scripts.popitem(last=False)
                self._size -= len(dropped)
        return script


LAYER_SCRIPTS = ScriptCache(budget=64_000_000)


def cached_layer_script(key: tuple, build: Callable[[], folium.FeatureGroup]) -> str:
    """The layer's script for `key` (table version, rows, view options), built on first use.

    Shared by every session: a link opened by many readers, or a filter toggled back and forth,
    is rendered once.
    """
    return LAYER_SCRIPTS.get(key, build)


@st.cache_resource(max_entries=2, show_spinner=False)
def cached_points(key: tuple, _sites: pd.DataFrame, _lookups: dict, _positions: np.ndarray) -> Points:
    """The drawable sites as arrays for viewport aggregation, per `key` (table version, rows),
    their rows numbered by `_positions` (in the whole table).

    Worked out once per filter (0.2 s at a million sites), shared by every session; a pan only
    reads them.
    """
    return points_of(_sites, _lookups, _positions)


def show_map(
    base: BaseMap,
    feature_group: str,
    key: str,
    height: int,
    center: tuple[float, float],
    zoom: int,
    returned_objects: list[str],
) -> dict | None:
    """Draw the component as `st_folium(fmap, key, height, use_container_width=True, ...)` would."""
    defaults_all: dict[str, Any] = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        "all_drawings": None,
        "last_active_drawing": None,
        "bounds": base.bounds,
        "zoom": base.zoom,
        "last_circle_radius": None,
        "last_circle_polygon": None,
        "selected_layers": None,
        "selected_tags": None,
        "last_geocoder_result": None,
    }
    hash_key = generate_js_hash(base.script, key, False)

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

    return streamlit_folium._component_func(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=hash_key,
        height=height,
        width=None,
        returned_objects=returned_objects,
        default={k: v for k, v in defaults_all.items() if k in returned_objects},
        zoom=zoom,
        center=center,
        feature_group=feature_group,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(base.css_links),
        js_links=list(base.js_links),
        on_change=on_change,
        wrap_longitude=False,
    )
