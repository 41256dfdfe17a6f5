"""Stacked sites come apart (issue 29): sixteen of our incidents have a site on al-Bukamal's point
(seven gazetteer places share it). Their group opens into a spiral on click or on Enter/Space at
any zoom, and every marker of the spiral opens its own incident."""

from __future__ import annotations

import pytest
from playwright.sync_api import Frame, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from incidents.load import load_incidents
from tests.e2e.conftest import ARTIFACTS, Server, map_frame, open_context, wait_until_idle

POINT = (34.45226, 40.91854)  # al-Bukamal in geodata/gazetteer.csv, shared by six more places


@pytest.fixture(scope="module")
def stacked() -> dict[str, str]:
    """id -> title of every incident with a site on the point, from the records themselves."""
    result = load_incidents()
    sites = result.sites
    ids = set(sites[(sites["lat"] == POINT[0]) & (sites["lon"] == POINT[1])]["incident_id"])
    titles = result.incidents.set_index("id")["title"]
    assert len(ids) > 8  # a spiral, not a circle
    return {i: str(titles[i]) for i in ids}


def _group_at_point(frame: Frame) -> dict | None:
    """The group marker drawn on (or nearest) the point, marked `data-at-point`: its count and kind."""
    return frame.evaluate(
        """([lat, lon]) => {
            const p = map_div.latLngToContainerPoint([lat, lon]);
            const box = map_div.getContainer().getBoundingClientRect();
            let best = null, gap = 30;  // a cluster sits at its sites' mean: the nearest one
            for (const el of document.querySelectorAll('.incident-cluster-icon')) {
                el.removeAttribute('data-at-point');
                const r = el.getBoundingClientRect();
                const x = r.x + r.width / 2 - box.x, y = r.y + r.height / 2 - box.y;
                if (Math.hypot(x - p.x, y - p.y) < gap) { best = el; gap = Math.hypot(x - p.x, y - p.y); }
            }
            if (!best) return null;
            best.setAttribute('data-at-point', '1');
            return {count: Number(best.dataset.count), stack: best.hasAttribute('data-stack')};
        }""",
        list(POINT),
    )


def _spread(frame: Frame) -> list[str]:
    return frame.evaluate(
        "() => Array.from(document.querySelectorAll('.incident-icon[data-spread]'))"
        ".map(el => el.dataset.incident)"
    )


def _open_group(page: Page, frame: Frame, expected: int) -> None:
    """Click the group on the point until it comes apart (a wider cluster first zooms in)."""
    for _ in range(6):
        wait_until_idle(page)  # a rerun redraws the layer: the group would be detached
        frame.wait_for_function(
            "() => !map_div._animatingZoom && window.incidentLayerInfo.zoom === map_div.getZoom()"
            " && document.querySelectorAll('.incident-cluster-icon').length > 0",
            timeout=30_000,
        )
        zoom = frame.evaluate("() => map_div.getZoom()")
        assert _group_at_point(frame) is not None, zoom
        frame.locator("[data-at-point]").click()
        try:
            frame.wait_for_function(
                f"() => map_div.getZoom() !== {zoom}"
                " || document.querySelectorAll('[data-spread]').length > 0",
                timeout=10_000,
            )
        except PlaywrightTimeoutError:
            continue  # the click fell between two drawings of the layer (a rerun): click again
        if _spread(frame):
            assert len(_spread(frame)) == expected
            return
    raise AssertionError("the group on the point never came apart")


@pytest.mark.parametrize(("zoom", "width"), [(9, 1400), (13, 1400), (16, 1400), (15, 390)])
def test_a_stacked_group_comes_apart_at_any_zoom(
    server: Server, browser, stacked, zoom: int, width: int
) -> None:
    context, traffic = open_context(browser, {"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/?center={POINT[0]},{POINT[1]}&zoom={zoom}")
    _, frame = map_frame(page)
    _open_group(page, frame, len(stacked))
    assert set(_spread(frame)) == set(stacked)
    # Every spread marker can be hit: the one on top at its centre is itself.
    on_top = frame.evaluate(
        """() => Array.from(document.querySelectorAll('.incident-icon[data-spread]')).map(el => {
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return hit && hit.closest('.incident-icon') === el; })"""
    )
    page.screenshot(path=str(ARTIFACTS / f"stacked-z{zoom}-{width}.png"))
    assert all(on_top), on_top
    assert traffic.errors == []
    context.close()


def test_every_marker_of_the_stacked_group_opens_its_incident(server: Server, browser, stacked) -> None:
    context, traffic = open_context(browser)
    page: Page = context.new_page()
    page.goto(f"{server.url}/?center={POINT[0]},{POINT[1]}&zoom=15")
    _, frame = map_frame(page)
    for incident, title in sorted(stacked.items()):
        _open_group(page, frame, len(stacked))
        marker = frame.locator(f".incident-icon[data-spread][data-incident='{incident}']")
        marker.click()
        # Leaflet fades a closed popup out for 200 ms before removing it: the open one is the
        # popup not fading, and there is exactly one.
        frame.wait_for_function(
            """title => {
                const open = Array.from(document.querySelectorAll('.leaflet-popup'))
                    .filter(p => p.style.opacity !== '0');
                const shown = open.map(p => (p.querySelector('.incident-popup strong') || {}).innerText);
                return shown.length === 1 && shown[0] === title;
            }""",
            arg=title,
            timeout=10_000,
        )
        # The click selects it as any marker's does: the link names it, the page shows it.
        page.wait_for_function(f"() => location.search.includes('incident={incident}')", timeout=30_000)
        frame.locator(f".incident-icon-selected[data-incident='{incident}']").first.wait_for(timeout=30_000)
    assert traffic.errors == []
    context.close()


def test_enter_or_space_opens_the_group_and_escape_closes_it(server: Server, browser, stacked) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(f"{server.url}/?center={POINT[0]},{POINT[1]}&zoom=16")
    _, frame = map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('.incident-cluster-icon').length > 0")
    assert _group_at_point(frame)["stack"]
    for key in ("Space", "Enter"):
        frame.locator("[data-at-point]").focus()
        page.keyboard.press(key)
        frame.wait_for_function("() => document.querySelectorAll('[data-spread]').length > 0", timeout=10_000)
        assert set(_spread(frame)) == set(stacked)
        # Focus moves into the spiral; Escape folds it and gives focus back to the group.
        assert frame.evaluate("() => document.activeElement.hasAttribute('data-spread')")
        page.keyboard.press("Escape")
        frame.wait_for_function(
            "() => document.querySelectorAll('[data-spread]').length === 0", timeout=10_000
        )
        assert frame.evaluate("() => document.activeElement.hasAttribute('data-at-point')")
    # Enter on a spiral marker selects its incident, as a click does.
    frame.locator("[data-at-point]").focus()
    page.keyboard.press("Enter")
    frame.wait_for_function("() => document.querySelectorAll('[data-spread]').length > 0", timeout=10_000)
    incident = frame.evaluate("() => document.activeElement.dataset.incident")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.search.includes('incident={incident}')", timeout=30_000)
    context.close()
