"""Reading on a phone (issue 29): the filters in force as chips above the map, playback folded
until asked for, the selected incident soon after the map, the incident page's map near its top.
At 390 px wide, Chromium; screenshots in test-artifacts/."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.conftest import ARTIFACTS, Server, map_frame, open_context, wait_until_idle

PHONE = {"width": 390, "height": 844}
LINK = "/?attacker=israel&from=2021-01-01&to=2021-02-28&incident=2021-01-13-air-raids-al-bukamal-border"
MAP = "iframe[title='streamlit_folium.st_folium']"


def _top(page: Page, selector: str) -> float:
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


def _bottom(page: Page, selector: str) -> float:
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().bottom + window.scrollY")


def test_a_phone_shows_the_filters_as_chips_and_the_incident_soon_after_the_map(
    server: Server, browser
) -> None:
    context, traffic = open_context(browser, PHONE)
    page = context.new_page()
    page.goto(server.url + LINK)
    map_frame(page)
    wait_until_idle(page)
    chips = page.locator(".st-key-filter-chips a.filter-chip")
    texts = [" ".join(t.split()) for t in chips.all_inner_texts()]
    assert texts == ["between 2021-01-01 and 2021-02-28 ✕", "attributed to Israel ✕"]
    assert chips.first.is_visible() and _bottom(page, ".st-key-filter-chips") <= _top(page, MAP)
    # Playback is folded: its controls are not in the way until asked for.
    assert not page.get_by_role("button", name="Play", exact=True).is_visible()
    # The selected incident comes right after the map, before the timeline.
    gap = _top(page, "[data-testid='stHeading']:has-text('Air raids')") - _bottom(page, MAP)
    page.screenshot(path=str(ARTIFACTS / "phone-map.png"), full_page=True)
    assert 0 < gap < 150, gap  # was 790 px: the timeline, its buttons and playback came first
    # A chip removes its filter and keeps the others.
    page.get_by_role("link", name="Remove the filter: attributed to Israel").click()
    page.wait_for_function("() => !location.search.includes('attacker=')", timeout=30_000)
    assert "from=2021-01-01" in page.url and "to=2021-02-28" in page.url
    page.locator(".st-key-filter-chips a.filter-chip").first.wait_for()
    assert page.locator(".st-key-filter-chips a.filter-chip").count() == 1
    assert traffic.errors == [] and traffic.blocked == []
    context.close()


def test_the_chips_stay_out_of_the_desktop_where_the_sidebar_lists_the_filters(
    server: Server, browser
) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(server.url + LINK)
    map_frame(page)
    wait_until_idle(page)
    assert page.locator(".st-key-filter-chips a.filter-chip").count() == 2
    assert not page.locator(".st-key-filter-chips").is_visible()
    page.screenshot(path=str(ARTIFACTS / "desktop-map.png"))
    context.close()


def test_the_incident_pages_map_is_near_the_top_on_a_phone(server: Server, browser) -> None:
    context, _ = open_context(browser, PHONE)
    page = context.new_page()
    page.goto(server.url + "/incident?incident=2021-01-13-air-raids-al-bukamal-border")
    map_frame(page)
    wait_until_idle(page)
    sources = "[data-testid='stHeading']:has-text('Sources')"
    page.screenshot(path=str(ARTIFACTS / "phone-incident.png"), full_page=True)
    assert _top(page, MAP) < 450 and _top(page, MAP) < _top(page, sources)  # was after the sources
    context.close()


def test_the_incidents_table_reads_on_a_phone(server: Server, browser) -> None:
    """The nine-column grid showed one and a half columns at 390 px (issue 29): a phone gets a
    list whose every item gives the title, the date in words and the attacker in full, and opens
    the incident; a wider screen keeps the sortable grid."""
    from incidents.labels import attacker_words
    from incidents.load import load_incidents

    records = load_incidents().incidents.set_index("id")
    context, traffic = open_context(browser, PHONE)
    page = context.new_page()
    page.goto(server.url + "/incidents?attacker=israel")
    items = page.locator(".st-key-incident-list-phone li")
    items.first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert not page.locator("[data-testid='stDataFrame']").is_visible()
    shown = items.evaluate_all("els => els.map(el => [el.dataset.incident, el.innerText])")
    assert len(shown) == int(page.locator("[data-testid='incident-count'] strong").inner_text().split()[0])
    width = page.evaluate("() => document.documentElement.scrollWidth")
    for incident, text in shown:
        row = records.loc[incident]
        assert row["attacker"] == "israel"
        lines = text.split("\n")
        assert lines[0] == row["title"] and lines[1] == f"{row['date_words']} · {attacker_words(row)}", text
    assert width <= PHONE["width"]  # nothing beyond the screen's edge
    page.screenshot(path=str(ARTIFACTS / "phone-incidents.png"))
    first = shown[0][0]
    items.first.locator("a").click()
    page.wait_for_url(f"**/incident?*incident={first}*", timeout=30_000)
    assert "attacker=israel" in page.url  # the filters follow
    context.close()
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(server.url + "/incidents?attacker=israel")
    page.locator("[data-testid='stDataFrame']").wait_for(timeout=60_000)
    wait_until_idle(page)
    assert not page.locator(".st-key-incident-list-phone").is_visible()
    page.screenshot(path=str(ARTIFACTS / "desktop-incidents.png"))
    assert traffic.errors == []
    context.close()
