"""A basemap to orient by (issue 29): country names and the gazetteer's towns appear by zoom, and
a name moves out from under the markers where a place round its point is free. Real Chromium,
our records (al-Bukamal's groups sat on its name)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, Server, map_frame, open_context, wait_until_idle

CROWDED = ("al-Bukamal", "al-Qa'im", "al-Sukkariyah", "al-Mayadin")


def _labels(page, frame) -> list[dict]:
    """The names drawn, each with whether a marker or group covers it (measured here, in the DOM)."""
    wait_until_idle(page)
    frame.wait_for_function("() => window.placeLabelInfo && window.incidentLayerInfo", timeout=30_000)
    page.wait_for_timeout(300)  # the last drawing's labels
    return frame.evaluate(
        """() => {
            const boxes = Array.from(document.querySelectorAll('.incident-icon, .incident-cluster-icon'))
                .map(el => el.getBoundingClientRect()).filter(r => r.width);
            const hit = (a, b) =>
                a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            return Array.from(document.querySelectorAll('.place-label'))
                .filter(el => el.style.display !== 'none')
                .map(el => { const r = el.getBoundingClientRect();
                    return {name: el.textContent, covered: boxes.some(b => hit(r, b)),
                            free: el.dataset.underMarker === '0'}; });
        }"""
    )


@pytest.mark.parametrize(("width", "zoom"), [(1400, 7), (1400, 10), (390, 9)])
def test_names_stand_clear_of_the_markers(server: Server, browser, width: int, zoom: int) -> None:
    context, traffic = open_context(browser, {"width": width, "height": 1000 if width > 900 else 844})
    page = context.new_page()
    page.goto(f"{server.url}/?center=34.7000,40.6000&zoom={zoom}")
    _, frame = map_frame(page)
    labels = _labels(page, frame)
    page.screenshot(path=str(ARTIFACTS / f"labels-{width}-z{zoom}.png"))
    names = {label["name"] for label in labels}
    assert "al-Bukamal" in names
    # A name that says it found a free place is not covered; the crowded towns all found one.
    assert [label for label in labels if label["free"] and label["covered"]] == []
    assert [label["name"] for label in labels if label["name"] in CROWDED and label["covered"]] == []
    assert traffic.errors == [] and traffic.blocked == []
    context.close()


def test_countries_always_and_towns_from_their_zoom(server: Server, browser) -> None:
    from incidents.maps.basemap import label_zoom

    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(f"{server.url}/?center=34.7000,40.6000&zoom=7")
    _, frame = map_frame(page)
    far = {label["name"] for label in _labels(page, frame)}
    assert {"Syria", "Iraq", "Turkey", "Jordan"} <= far  # country names, offline
    assert {"Deir ez-Zor", "Ar Raqqah", "Mosul"} <= far  # cities from zoom label_zoom("city")
    assert label_zoom("town") > 7 and "Hajin" not in far  # a town waits for its zoom
    frame.evaluate(f"() => {{ map_div.setZoom({label_zoom('town')}, {{animate: false}}); }}")
    near = {label["name"] for label in _labels(page, frame)}
    assert "Hajin" in near
    context.close()
