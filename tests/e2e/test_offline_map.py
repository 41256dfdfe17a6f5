"""The first promise: the map works offline and never talks to a third party."""

from __future__ import annotations

from incidents.load import load_incidents
from tests.e2e.conftest import ARTIFACTS, map_frame, marker_on_top, shown_count


def test_map_draws_incidents_with_no_third_party_request(server, page_and_traffic):
    page, traffic = page_and_traffic
    page.goto(server.url + "/", wait_until="domcontentloaded")
    _, frame = map_frame(page)
    iframe = page.locator("iframe[title='streamlit_folium.st_folium']")
    box = iframe.bounding_box()
    assert box is not None and box["height"] > 200, box
    shown, total = shown_count(page)
    assert total > 0 and shown == total
    info = frame.evaluate("() => window.incidentLayerInfo")
    assert info["incidents"] == shown
    # Something is painted: the basemap (on canvas) and incident markers or clusters.
    frame.wait_for_selector(".leaflet-overlay-pane canvas", timeout=30_000)
    frame.wait_for_selector(".incident-icon, .incident-cluster-icon", timeout=30_000)
    # Use the map a little: zoom in, then (markers ungrouped) hover a marker for its tooltip.
    frame.locator(".leaflet-control-zoom-in").click()
    frame.wait_for_function("() => document.querySelector('.leaflet-zoom-anim') === null")
    page.screenshot(path=str(ARTIFACTS / "offline-map.png"), full_page=True)
    page.goto(server.url + "/?cluster=0", wait_until="domcontentloaded")
    _, frame = map_frame(page)
    marker = frame.locator(".incident-icon").first
    marker.wait_for(timeout=30_000)
    on_top = marker_on_top(marker)
    marker.hover(force=True)
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for(timeout=10_000)
    incidents = load_incidents().incidents
    title = incidents.loc[incidents["id"] == on_top, "title"].iloc[0]
    assert title in tooltip.inner_text()
    assert traffic.blocked == [], f"third-party requests: {traffic.blocked}"
    assert all("127.0.0.1" in url for url in traffic.requests if url.startswith("http"))
    assert traffic.errors == []
