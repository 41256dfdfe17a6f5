"""Every page from a cold link in real Chromium: it renders, it asks no third party for anything."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import ARTIFACTS, map_frame, open_context, shown_count, start_server, stop_server

INCIDENT_ID = "2021-01-13-air-raids-deir-ez-zor-city"

COLD_LINKS = [
    ("/incidents?type=drone-strike", "Incidents", "incidents"),
    (f"/incident?incident={INCIDENT_ID}", "Air raids on Deir ez-Zor city", "incident"),
    ("/sources", "Sources", "sources"),
    ("/places", "Places", "places"),
    ("/method", "Method: how to read the records", "method"),
    ("/briefing?briefing=january-2021-raids", "The January 2021 raids", "briefing"),
]


def title(page: Page, text: str) -> None:
    page.locator("h1", has_text=text).first.wait_for(timeout=60_000)


def no_third_party(traffic) -> None:
    assert traffic.blocked == [], f"third-party requests: {traffic.blocked}"


@pytest.mark.parametrize(("path", "heading", "name"), COLD_LINKS, ids=[c[2] for c in COLD_LINKS])
def test_page_renders_from_a_cold_link_without_third_party_requests(
    server, page_and_traffic, path, heading, name
):
    page, traffic = page_and_traffic
    page.goto(server.url + path, wait_until="domcontentloaded")
    title(page, heading)
    if name in ("incident", "places", "briefing"):
        page.wait_for_selector("iframe[title='streamlit_folium.st_folium']", timeout=60_000)
    page.wait_for_selector("[data-testid='stPageLink']", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / f"page-{name}.png"), full_page=True)
    no_third_party(traffic)
    errors = page.locator("[data-testid='stException']").all_inner_texts()
    assert not errors, errors


def test_incident_page_draws_its_sites(server, page_and_traffic):
    page, traffic = page_and_traffic
    page.goto(f"{server.url}/incident?incident={INCIDENT_ID}", wait_until="domcontentloaded")
    _, frame = map_frame(page)
    info = frame.evaluate("() => window.incidentLayerInfo")
    assert info["incidents"] == 1 and info["markers"] >= 1, info
    frame.wait_for_selector(".incident-icon", timeout=30_000)
    # Record text shows as written: the Markdown escaping leaves no backslashes on screen.
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "1:10 a.m." in body and "\\" not in body
    no_third_party(traffic)


def test_page_links_carry_the_filters(server, page_and_traffic):
    page, traffic = page_and_traffic
    page.goto(server.url + "/incidents?type=drone-strike", wait_until="domcontentloaded")
    title(page, "Incidents")
    shown, total = shown_count(page)
    assert 0 < shown < total
    page.locator("[data-testid='stPageLink'] a", has_text="Sources").first.click()
    title(page, "Sources")
    page.wait_for_url(re.compile(r"/sources\?.*type=drone-strike"))
    assert shown_count(page) == (shown, total)
    no_third_party(traffic)


def test_choosing_a_table_row_opens_the_incident(server, page_and_traffic):
    page, traffic = page_and_traffic
    page.goto(server.url + "/incidents?type=drone-strike", wait_until="domcontentloaded")
    title(page, "Incidents")
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=30_000)
    box = grid.bounding_box()
    assert box is not None
    # The grid is a canvas: click the selection cell of the first data row (below the header).
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)
    page.wait_for_url(re.compile(r"/incident\?.*incident="), timeout=30_000)
    assert "type=drone-strike" in page.url
    page.locator("h1").first.wait_for(timeout=30_000)
    no_third_party(traffic)


def test_pages_fit_a_phone(server, browser):
    context, traffic = open_context(browser, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        for path, heading, name in COLD_LINKS[:2]:
            page.goto(server.url + path, wait_until="domcontentloaded")
            title(page, heading)
            page.wait_for_selector("[data-testid='stPageLink']", timeout=30_000)
            # app.py opens the sidebar expanded, which covers the page on a phone: close it to look.
            collapse = page.locator("[data-testid='stSidebarCollapseButton'] button")
            if collapse.count() and collapse.is_visible():
                collapse.click()
            # A page with no filters has no sidebar at all (the page menu is the links at the top).
            page.wait_for_function(
                "() => { const bar = document.querySelector('[data-testid=stSidebar]');"
                " return !bar || bar.getBoundingClientRect().right <= 1; }"
            )
            page.screenshot(path=str(ARTIFACTS / f"page-{name}-phone.png"), full_page=True)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 400, f"{path} scrolls sideways on a phone ({width}px)"
        no_third_party(traffic)
    finally:
        context.close()


def test_briefing_next_moves_to_the_next_incident(server, page_and_traffic):
    page, traffic = page_and_traffic
    page.goto(server.url + "/briefing?briefing=january-2021-raids", wait_until="domcontentloaded")
    page.locator("[data-testid='briefing-step']", has_text="Step 1 of").wait_for(timeout=60_000)
    _, frame = map_frame(page)
    before = frame.evaluate("() => window.incidentLayerInfo")
    page.get_by_role("button", name="Next").click()
    page.locator("[data-testid='briefing-step']", has_text="Step 2 of").wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"step=2"))
    assert before["incidents"] > 1  # the other steps stay on the map, the current one highlighted
    no_third_party(traffic)


def test_a_fresh_server_opens_a_page_link_inside_the_app(browser):
    """The first request a server gets is a link to a page (Streamlit's legacy pages/ mode trap)."""
    fresh = start_server()
    context, traffic = open_context(browser)
    try:
        page = context.new_page()
        page.goto(fresh.url + "/incidents?type=drone-strike", wait_until="domcontentloaded")
        title(page, "Incidents")
        # The one navigation: the page links at the top of every page (app.py hides Streamlit's).
        nav = page.locator(".st-key-page-links")
        nav.get_by_text("Places", exact=True).wait_for(timeout=30_000)
        assert not nav.get_by_text("app", exact=True).count()  # not the bare pages/ folder listing
        assert 0 < shown_count(page)[0] < shown_count(page)[1]
        no_third_party(traffic)
    finally:
        context.close()
        stop_server(fresh)
