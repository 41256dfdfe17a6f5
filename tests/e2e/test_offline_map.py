"""The first promise: the map works offline and never talks to a third party."""

from __future__ import annotations

from tests.e2e.conftest import ARTIFACTS, map_frame, shown_count


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
    # Use the map a little: zoom in, then hover a marker for its tooltip.
    frame.locator(".leaflet-control-zoom-in").click()
    frame.wait_for_function("() => document.querySelector('.leaflet-zoom-anim') === null")
    page.screenshot(path=str(ARTIFACTS / "offline-map.png"), full_page=True)
    assert traffic.blocked == [], f"third-party requests: {traffic.blocked}"
    assert all("127.0.0.1" in url for url in traffic.requests if url.startswith("http"))
    assert not [e for e in traffic.errors if "maxZoom" in e or "L is not defined" in e], traffic.errors
