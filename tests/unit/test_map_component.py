"""The map component is fed exactly what st_folium would send it (pages/shared/map_component.py).

The app renders the base map and the incident layer once and calls streamlit-folium's component
itself; if a streamlit-folium upgrade changed what st_folium sends, these tests say so.
"""

from __future__ import annotations

import re

import pytest
import streamlit_folium
from streamlit_folium import st_folium

from bench.generate import generate
from geodata.gazetteer import load_gazetteer
from incidents.load import load_incidents
from incidents.maps.basemap import base_map
from incidents.maps.incident_layer import IncidentLayer
from incidents.maps.large_layer import LargeIncidentLayer
from incidents.tables import from_acled
from pages.shared.map_component import layer_script, render_base_map, rows_digest, show_map
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
            return LargeIncidentLayer(records.sites, selected="2021-01-13-air-raids-al-bukamal-border")
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
