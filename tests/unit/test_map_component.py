"""The map component is fed exactly what st_folium would send it (pages/shared/map_component.py).

The app renders the base map and the incident layer once and calls streamlit-folium's component
itself; if a streamlit-folium upgrade changed what st_folium sends, these tests say so.
"""

from __future__ import annotations

import base64
import re

import folium
import numpy as np
import pandas as pd
import pytest
import streamlit_folium
from streamlit_folium import st_folium

from bench.generate import generate
from geodata.gazetteer import load_gazetteer
from incidents import standalone
from incidents.export import ExportView
from incidents.labels import casualty_label
from incidents.load import load_incidents
from incidents.maps import assets
from incidents.maps.basemap import base_map
from incidents.maps.incident_layer import IncidentLayer, layer_data
from incidents.tables import from_acled
from pages.shared.map_component import (
    ScriptCache,
    layer_script,
    render_base_map,
    rows_digest,
    show_map,
)
from pages.shared.map_panel import RETURNED_OBJECTS

LABELS = [("Deir ez-Zor", 35.336, 40.140), ("Albu Kamal", 34.453, 40.918)]
FOLIUM_ID = re.compile(r"_[0-9a-f]{32}")


@pytest.fixture(scope="module")
def records():
    return load_incidents(gazetteer=load_gazetteer())


def _normalise(value):
    """folium gives every element a random 32-hex id; compare the arguments without them."""
    if isinstance(value, str):
        return FOLIUM_ID.sub("_ID", value)
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    return value


def _component_calls(monkeypatch) -> list[dict]:
    calls: list[dict] = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: calls.append(kwargs))
    return calls


@pytest.mark.parametrize("online_tiles", [False, True])
@pytest.mark.parametrize("large", [False, True])
def test_arguments_equal_what_st_folium_sends(monkeypatch, records, online_tiles, large) -> None:
    calls = _component_calls(monkeypatch)

    def layer():
        if large:
            incidents, sites = from_acled(generate(5000, seed=4))
            return IncidentLayer(incidents, sites, selected="syr1000", fit=True, listing=True)
        return IncidentLayer(records.incidents, records.sites, heat=True)

    st_folium(
        base_map(online_tiles=online_tiles, labels=LABELS),
        key="incident-map",
        height=560,
        use_container_width=True,
        returned_objects=RETURNED_OBJECTS,
        feature_group_to_add=layer(),
        center=(35.0, 40.5),
        zoom=8,
    )
    base = render_base_map(base_map(online_tiles=online_tiles, labels=LABELS))
    show_map(
        base,
        layer_script(layer()),
        key="incident-map",
        height=560,
        center=(35.0, 40.5),
        zoom=8,
        returned_objects=RETURNED_OBJECTS,
    )
    expected, ours = (dict(_normalise(c)) for c in calls)
    assert callable(expected.pop("on_change")) and callable(ours.pop("on_change"))
    assert set(ours) == set(expected)
    for name in expected:
        assert ours[name] == expected[name], name
    assert "IncidentMap.placeLabels" in ours["script"] and ours["feature_group"]


def test_rows_digest_tells_row_sets_apart() -> None:
    _, sites = from_acled(generate(500, seed=2))
    assert rows_digest(sites) == rows_digest(sites.copy())
    assert rows_digest(sites.iloc[:-1]) != rows_digest(sites)
    assert rows_digest(sites.iloc[::-1]) != rows_digest(sites)  # order is drawn order
    assert rows_digest(sites.set_index("incident_id")) == rows_digest(sites.set_index("incident_id"))


def test_the_map_loads_the_assets_the_layer_declares_once(records) -> None:
    base = render_base_map(base_map(labels=LABELS))
    declared_js = [url for _, url in IncidentLayer.default_js]
    declared_css = [url for _, url in IncidentLayer.default_css]
    assert list(base.js_links) == declared_js
    assert list(base.css_links) == declared_css
    # Every declared file is served by the app (installed under static/vendor), and the bundle
    # holds the clustering and picture libraries the layer's script calls.
    for url in declared_js + declared_css:
        assert (assets.VENDOR_DIR / url.removeprefix(assets.URL_PREFIX + "/")).is_file(), url
    bundle = (assets.VENDOR_DIR / assets.MAP_BUNDLE).read_text(encoding="utf-8")
    for library in ("supercluster", "html-to-image", "leaflet-heat"):
        assert f"/* {library}/" in bundle
    assert "markercluster" not in " ".join(declared_js + declared_css) + base.script
    assert IncidentLayer.browser_code() in base.script  # the code the layer script calls
    # Stacked sites (stacked_sites.js) come after the layer's script, whose helpers they use.
    code = IncidentLayer.browser_code()
    assert code.index("window.IncidentMap = {") < code.index("window.IncidentStacks = {")
    # The offline export inlines the same files: no reference to the app's URLs is left.
    page = standalone.inline_assets(standalone.map_html(ExportView(records.incidents, records.sites)))
    assert assets.URL_PREFIX not in page
    assert "Supercluster" in page and "htmlToImage" in page


def test_the_layer_says_dates_and_casualties_as_the_pages_do(records) -> None:
    """The layer's popups read texts worked out once per distinct value; they are the pages' labels."""
    data = layer_data(records.incidents, records.sites)
    ids = pd.unique(records.sites["incident_id"])
    rows = records.incidents.set_index("id").loc[ids]
    codes = {name: _decode(col) for name, col in data["incident_columns"].items()}
    dates = [data["texts"]["date"][c] for c in codes["date"]]
    assert dates == rows["date_words"].tolist()  # the words incident pages and tables show
    killed = [data["texts"]["casualties"][c][0] for c in codes["casualties"]]
    assert killed == [casualty_label(r.killed_min, r.killed_max) for r in rows.itertuples()]
    titles = [data["texts"]["title"][c] for c in codes["title"]]
    assert titles == rows["title"].tolist()


def _decode(column: dict) -> np.ndarray:
    dtype = {"u8": "<u1", "u16": "<u2", "u32": "<u4", "i32": "<i4"}[column["type"]]
    return np.frombuffer(base64.b64decode(column["data"]), dtype=dtype)


def test_layer_scripts_are_built_once_and_bounded_by_size() -> None:
    """A key is built once while it is kept; beyond the budget the least recently used goes."""
    built: list[str] = []

    def layer(name: str, markers: int):
        def build() -> folium.FeatureGroup:
            built.append(name)
            group = folium.FeatureGroup(name=name)
            for i in range(markers):
                folium.Marker([35 + i / 100, 40]).add_to(group)
            return group

        return build

    size = len(layer_script(layer("probe", 20)()))
    built.clear()
    cache = ScriptCache(budget=int(size * 2.5))
    first = cache.get(("a",), layer("a", 20))
    assert cache.get(("a",), layer("a", 20)) == first
    cache.get(("b",), layer("b", 20))
    cache.get(("a",), layer("a", 20))  # a is now the most recently used
    cache.get(("c",), layer("c", 20))  # over budget: b goes, a stays
    cache.get(("a",), layer("a", 20))
    cache.get(("b",), layer("b", 20))
    assert built == ["a", "b", "c", "b"]
    # One script larger than the budget is still served (and kept alone).
    big = cache.get(("big",), layer("big", 200))
    assert big and cache.get(("big",), layer("big", 200)) == big
    assert built[-1] == "big" and built.count("big") == 1


def test_the_layer_s_popups_say_who_says_so_in_the_reader_s_language(records) -> None:
    from incidents import i18n

    english = layer_data(records.incidents, records.sites)["texts"]["claims"]
    with i18n.using("ar"):
        arabic = layer_data(records.incidents, records.sites)["texts"]["claims"]
    assert any("suspects" in t for t in english)
    assert any("يشتبه في" in t for t in arabic) and not any("suspects" in t for t in arabic), arabic
