"""A table too large to send whole (issue 17): the map receives the area around the view,
aggregated on the server (incidents/maps/viewport.py), and pan and zoom fetch the next one."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Frame, Page

from bench.generate import generate, write
from incidents.maps.incident_layer import IncidentLayer
from incidents.maps.viewport import VIEWPORT_THRESHOLD
from incidents.tables import from_acled
from tests.e2e.conftest import (
    Server,
    drawn_groups,
    map_frame,
    open_context,
    shown_count,
    start_server,
    stop_server,
    wait_until_idle,
)

ROWS = int(os.environ.get("VIEWPORT_E2E_ROWS", "75000"))
"""`make bench` runs these tests again on a million rows (VIEWPORT_E2E_ROWS=1000000)."""
KEPT = "/?type=drone-strike&type=air-strike&type=shelling"  # 82% of the events: still aggregated
AL_TANF = (33.49, 38.66)  # the generated table's sparsest town: few enough sites to send one by one


@pytest.fixture(scope="module")
def large_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    assert ROWS > VIEWPORT_THRESHOLD
    table = write(ROWS, tmp_path_factory.mktemp("viewport") / "events.parquet")
    srv = start_server({"INCIDENTS_SOURCE": str(table)}, timeout=300)
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def full_layer_bytes() -> int:
    """What the page would receive if the whole table were sent (the layer below the threshold)."""
    incidents, sites = from_acled(generate(ROWS))
    return IncidentLayer(incidents, sites, listing=True).payload_bytes()


def _wait_reported(frame: Frame) -> None:
    """Until streamlit-folium has sent the map's current view to the app (250 ms after a move)."""
    frame.wait_for_function(
        """() => { const sent = window.__GLOBAL_DATA__.previous_data || {}, c = map_div.getCenter();
            return sent.center && sent.zoom === map_div.getZoom()
                && Math.abs(sent.center.lat - c.lat) < 1e-9 && Math.abs(sent.center.lng - c.lng) < 1e-9; }""",
        timeout=60_000,
    )


def _open(page: Page, server: Server, query: str = "/") -> Frame:
    page.goto(server.url + query, timeout=180_000)
    _, frame = map_frame(page, timeout=180_000)
    # Once the map has reported its view: streamlit-folium animates the zoom to the link's view,
    # and the animation's end would undo a move made meanwhile.
    _wait_reported(frame)
    wait_until_idle(page, timeout=120_000)
    return frame


def _layers_received(frame: Frame) -> int:
    """How many incident layers streamlit-folium has put on the map (one per new area)."""
    return frame.evaluate("() => (window.feature_group || []).length")


def _move(frame: Frame, code: str) -> dict:
    """Move the map and wait until the layer on it is the one for the new view (its area holds
    the view, at the view's zoom): at once if the view stays in the area, else once it has come."""
    frame.evaluate(f"() => {{ {code}; }}")
    frame.wait_for_function(
        """() => { const info = window.incidentLayerInfo, a = info.area, b = map_div.getBounds();
            const clamp = (v, edge) => Math.max(-edge, Math.min(edge, v));
            return info.area_zoom === map_div.getZoom() && info.zoom === map_div.getZoom()
                && a[0] <= clamp(b.getSouth(), 85) && clamp(b.getNorth(), 85) <= a[2]
                && a[1] <= clamp(b.getWest(), 180) && clamp(b.getEast(), 180) <= a[3]; }""",
        timeout=60_000,
    )
    return frame.evaluate("() => window.incidentLayerInfo")


def test_the_page_receives_the_view_not_every_site(
    large_server: Server, browser, full_layer_bytes: int
) -> None:
    context, traffic = open_context(browser)
    page = context.new_page()
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.append(len(data))))
    frame = _open(page, large_server)
    info = frame.evaluate("() => window.incidentLayerInfo")
    assert info["mode"] == "grid" and info["cells"] > 0, info
    layer = frame.evaluate("() => window.__GLOBAL_DATA__.last_feature_group.length")
    assert layer * 20 < full_layer_bytes, (layer, full_layer_bytes)
    # Everything the page received over its connection, base map and timeline included.
    assert sum(received) < full_layer_bytes, (sum(received), full_layer_bytes)
    # The map's first reports of its view (streamlit-folium reports the base map's own view
    # before it moves to the link's) never ask for another area: one layer, and no rerun loop.
    _wait_reported(frame)
    page.wait_for_timeout(2000)  # nothing to wait for: the test is that nothing happens
    assert _layers_received(frame) == 1
    assert "center=" in page.url and "zoom=" in page.url
    assert traffic.blocked == [] and traffic.errors == []
    context.close()


def test_the_clusters_add_up_to_the_count_line_when_the_whole_area_is_in_view(
    large_server: Server, browser
) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    frame = _open(page, large_server, KEPT)
    shown, total = shown_count(page)
    assert total > VIEWPORT_THRESHOLD and 0 < shown < total
    # Zoom 7 shows the generated region whole (tests/unit/test_viewport.py counts the sites sent
    # one by one too).
    info = _move(frame, "map_div.setView([34.9, 38.9], 7, {animate: false})")
    assert info["mode"] == "grid"
    drawn = drawn_groups(frame)
    assert len(drawn) > 1, drawn
    assert sum(d["count"] if d["cluster"] else 1 for d in drawn) == shown, drawn
    for item in drawn:
        if item["cluster"]:
            assert item["name"].startswith(f"{item['count']} incident"), item
    context.close()


def test_zooming_into_a_small_area_shows_markers_with_popups(large_server: Server, browser) -> None:
    context, traffic = open_context(browser)
    page = context.new_page()
    frame = _open(page, large_server)
    info = _move(frame, f"map_div.setView({list(AL_TANF)}, 13, {{animate: false}})")
    assert info["mode"] == "sites" and 0 < info["sites"] < 3000, info
    marker = frame.locator(".incident-icon").first
    marker.wait_for(timeout=30_000)
    incident = marker.get_attribute("data-incident")
    title = marker.get_attribute("title")
    marker.click()
    # Read at once: the page's rerun for the selection brings a new layer (closing the popup).
    frame.wait_for_function(
        """title => Array.from(document.querySelectorAll('.incident-popup')).some(p =>
            p.innerText.includes(title) && p.innerText.includes('Open the full record'))""",
        arg=title,
        timeout=10_000,
    )
    # The click selects the incident, as on a small table: the page (not only the map) reruns.
    page.wait_for_function(f"() => location.search.includes('incident={incident}')", timeout=60_000)
    assert traffic.errors == []
    context.close()


def test_a_long_pan_fetches_the_next_area_and_a_short_one_needs_nothing_new(
    large_server: Server, browser
) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    frame = _open(page, large_server, "/?center=34.80,40.30&zoom=10")
    start = frame.evaluate("() => window.incidentLayerInfo")
    assert start["area_zoom"] == 10
    after = _move(frame, "map_div.panBy([2500, 0], {animate: false})")
    assert after["area"] != start["area"] and after["area_zoom"] == 10
    assert _layers_received(frame) == 2
    # The area reaches half a view beyond each edge: a pan of 40% of the map is inside it.
    _move(frame, "const s = map_div.getSize(); map_div.panBy([-0.4 * s.x, 0.4 * s.y], {animate: false})")
    _wait_reported(frame)
    page.wait_for_timeout(1500)  # nothing to wait for: the test is that no layer comes
    assert _layers_received(frame) == 2
    context.close()


def test_a_link_with_a_view_opens_on_it_aggregated_for_it(large_server: Server, browser) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    frame = _open(page, large_server, f"/?center={AL_TANF[0]},{AL_TANF[1]}&zoom=12")
    info = frame.evaluate("() => window.incidentLayerInfo")
    center = frame.evaluate("() => [map_div.getCenter().lat, map_div.getCenter().lng, map_div.getZoom()]")
    assert center == pytest.approx([*AL_TANF, 12], abs=1e-3)
    assert info["area_zoom"] == 12 and info["mode"] == "sites"
    south, west, north, east = info["area"]
    assert south < AL_TANF[0] < north and west < AL_TANF[1] < east
    assert _layers_received(frame) == 1
    context.close()
