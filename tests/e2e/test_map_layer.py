"""Reading the map (issue 16): clusters count incidents, the map fills the page, playback, a
picture for the article, the keyboard. At 28 curated records and on a large generated table,
through the same incident layer."""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

from bench.generate import write
from tests.e2e.conftest import (
    ARTIFACTS,
    Server,
    drawn_groups,
    map_frame,
    open_context,
    shown_count,
    start_server,
    stop_server,
)

LARGE_ROWS = 20_000


@pytest.fixture(scope="module")
def large_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    table = write(LARGE_ROWS, tmp_path_factory.mktemp("large") / "events.parquet")
    srv = start_server({"INCIDENTS_SOURCE": str(table)}, timeout=180)
    yield srv
    stop_server(srv)


@pytest.fixture(params=["records", "large"])
def any_server(request: pytest.FixtureRequest, server: Server) -> Server:
    return server if request.param == "records" else request.getfixturevalue("large_server")


def _zoom_to(frame: Frame, zoom: int) -> None:
    frame.evaluate(f"() => {{ map_div.setView(map_div.getCenter(), {zoom}, {{animate: false}}); }}")
    frame.wait_for_function(f"() => window.incidentLayerInfo.zoom === {zoom}", timeout=30_000)


def test_clusters_at_lowest_zoom_add_up_to_the_count_line(any_server: Server, browser) -> None:
    context, traffic = open_context(browser)
    page = context.new_page()
    page.goto(
        any_server.url + "/?type=drone-strike&type=air-strike&type=unattributed-explosion", timeout=120_000
    )
    _, frame = map_frame(page, timeout=120_000)
    shown, total = shown_count(page)
    assert 0 < shown < total
    _zoom_to(frame, frame.evaluate("() => map_div.getMinZoom()"))
    drawn = drawn_groups(frame)
    numbers = [d["count"] if d["cluster"] else 1 for d in drawn]
    assert sum(numbers) == shown, drawn
    # The number drawn is the number counted, and the name says it in words.
    for item in drawn:
        if item["cluster"]:
            assert item["text"] in (str(item["count"]), f"{round(item['count'] / 1000)}k")
            assert item["name"].startswith(f"{item['count']} incident"), item
    assert traffic.blocked == []
    context.close()


def test_each_cluster_counts_the_distinct_incidents_among_its_sites(
    any_server: Server, server: Server, browser
) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(any_server.url + "/", timeout=120_000)
    _, frame = map_frame(page, timeout=120_000)
    clusters = [d for d in drawn_groups(frame) if d["cluster"]]
    assert clusters
    more_sites_than_incidents = 0
    for cluster in clusters:
        ids = frame.evaluate(f"() => window.incidentLayer.leaves({cluster['id']})")
        assert cluster["count"] == len(set(ids)), (cluster, len(ids))
        more_sites_than_incidents += len(ids) > len(set(ids))
    if any_server is server:
        # The records have incidents with several sites: some cluster holds two sites of one.
        assert more_sites_than_incidents > 0
    context.close()


@pytest.mark.parametrize(("width", "height", "name"), [(1400, 900, "desktop"), (390, 844, "phone")])
def test_the_map_fills_the_page_and_nothing_scrolls_sideways(
    server: Server, browser, width, height, name
) -> None:
    context, traffic = open_context(browser, viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(server.url + "/")
    _, frame = map_frame(page)
    frame.wait_for_selector("#incidents-in-view li", timeout=30_000)
    box = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    assert box is not None
    page.screenshot(path=str(ARTIFACTS / f"map-page-{name}.png"))
    # The map (less the list of incidents in view at its foot) is in the first screen.
    assert box["y"] < height * 0.3, box
    assert box["height"] > height * 0.6, box
    if name == "desktop":
        assert box["width"] > (width - 300) * 0.7, box  # all the width the sidebar and details leave
    scroll = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert scroll <= 0, f"the page scrolls {scroll} px sideways at {width} px"
    # One navigation: Streamlit's page menu is hidden, the links at the top remain.
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    assert page.locator(".st-key-page-links a").count() >= 5
    assert traffic.blocked == []
    context.close()


def test_the_incidents_in_view_follow_the_map(server: Server, browser) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(server.url + "/")
    _, frame = map_frame(page)
    shown, _ = shown_count(page)
    heading = frame.locator("#incidents-in-view h2")
    assert heading.inner_text() == f"{shown} incidents in view"
    first = frame.locator("#incidents-in-view li").first.inner_text()
    assert "·" in first  # title, then date · place · attacker (grade)
    frame.evaluate("() => { map_div.setView([35.33, 40.14], 12, {animate: false}); }")  # Deir ez-Zor city
    frame.wait_for_function(
        f"() => document.querySelector('#incidents-in-view h2').innerText !== '{shown} incidents in view'"
    )
    fewer = int(heading.inner_text().split()[0])
    assert fewer < shown
    context.close()


def test_a_link_without_a_view_opens_fitted_to_the_incidents_shown(server: Server, browser) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(server.url + "/?type=drone-strike")
    _, frame = map_frame(page)
    page.wait_for_function("() => location.search.includes('zoom=')", timeout=30_000)
    fit = """() => { const b = L.latLngBounds(window.incidentLayer.points());
        return [map_div.getBounds().contains(b), map_div.getZoom(),
                Math.min(map_div.getBoundsZoom(b, false, L.point(60, 60)), 11)]; }"""
    # The frame takes its final height a moment after the first paint, and the map fits again.
    frame.wait_for_function(f"() => {{ const f = ({fit})(); return f[0] && f[1] === f[2]; }}", timeout=30_000)
    fitted = frame.evaluate(fit)
    assert fitted[0] and fitted[1] == fitted[2], fitted
    context.close()


def _frame_period(page: Page) -> str:
    return page.locator("[data-testid='incident-count']").first.inner_text()


def test_a_playback_link_opens_at_its_position_and_advances(server: Server, browser) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(server.url + "/?play=window&every=week&at=2021-01-20")
    map_frame(page)
    text = _frame_period(page)
    assert "2021-01-14" in text and "2021-01-20" in text, text
    paused, total = shown_count(page)
    assert 0 < paused < total
    page.goto(server.url + "/?play=window&every=week&at=2021-01-20&playing=1")
    map_frame(page)
    later = "new URLSearchParams(location.search).get('at') > '2021-01-20'"
    page.wait_for_function(f"() => {later}", timeout=30_000)
    # The count line follows: its period ends after the link's position.
    page.wait_for_function(
        "() => { const t = document.querySelector('[data-testid=incident-count]').innerText;"
        " const m = t.match(/and (\\d{4}-\\d{2}-\\d{2})/); return m && m[1] > '2021-01-20'; }",
        timeout=30_000,
    )
    assert "play=window" in page.url and "playing=1" in page.url
    context.close()


def test_the_picture_has_the_legend_and_makes_no_request(server: Server, browser) -> None:
    context, traffic = open_context(browser)
    page = context.new_page()
    page.goto(server.url + "/?type=drone-strike")
    _, frame = map_frame(page)
    with page.expect_download(timeout=60_000) as download:
        frame.locator(".incident-picture").click()
    data = Path(download.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    width, height = struct.unpack(">II", data[16:24])
    size = frame.evaluate("() => [map_div.getSize().x, map_div.getSize().y]")
    (ARTIFACTS / "map-picture.png").write_bytes(data)
    picture = frame.evaluate("() => window.incidentPicture")
    assert picture["state"] == "done"
    # For publication (issue 29): twice the screen's pixels; the caption above the map and the
    # legend below it, nothing but the scale drawn over the map.
    top = picture["map"][1]
    assert picture["map"] == [0, top, 2 * size[0], 2 * size[1]]
    assert width == 2 * size[0] and height > top + 2 * size[1] and top > 0
    assert [c for c in picture["over_map"] if "leaflet-control-scale" not in c] == []
    shown, total = shown_count(page)  # the picture says what the page's count line says
    assert picture["legend"] and f"{shown} of {total} incidents" in picture["caption"]
    assert "Made with Natural Earth" in picture["caption"]
    assert base64.b64decode(picture["url"].split(",", 1)[1]) == data
    assert traffic.blocked == []
    context.close()


def _tab_until(page: Page, frame: Frame, selector: str, limit: int = 80) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if frame.evaluate(f"() => !!document.activeElement && document.activeElement.matches({selector!r})"):
            return True
    return False


def test_keyboard_reaches_a_cluster_and_a_marker_and_enter_opens_them(server: Server, browser) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(server.url + "/?center=34.9000,40.3000&zoom=7")
    _, frame = map_frame(page)
    frame.locator(".leaflet-container").focus()
    assert _tab_until(page, frame, ".incident-cluster-icon")
    zoom = frame.evaluate("() => map_div.getZoom()")
    name = frame.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert "incident" in name
    page.keyboard.press("Enter")
    frame.wait_for_function(f"() => map_div.getZoom() > {zoom}", timeout=10_000)
    frame.locator(".leaflet-container").focus()
    assert _tab_until(page, frame, ".incident-icon")
    incident = frame.evaluate("() => document.activeElement.dataset.incident")
    title = frame.evaluate("() => document.activeElement.title")
    page.keyboard.press("Enter")
    # Enter does what a click does: the app selects the incident and shows it beside the map.
    page.wait_for_function(f"() => location.search.includes('incident={incident}')", timeout=30_000)
    page.get_by_role("heading", name=title[:20]).first.wait_for(timeout=30_000)
    context.close()


def test_a_single_incident_is_a_marker_never_a_ring_of_one(server: Server, browser) -> None:
    """A group of one incident's sites hid its shape and dashed outline (the Homs "1" of this link)."""
    context, traffic = open_context(browser)
    page = context.new_page()
    page.goto(server.url + "/?attacker=israel&from=2021-01-01&to=2021-02-28")
    _, frame = map_frame(page)
    for zoom in range(5, 13):
        _zoom_to(frame, zoom)
        ones = [g for g in drawn_groups(frame) if g["cluster"] and g["count"] == 1]
        assert ones == [], (zoom, ones)
    assert traffic.errors == []
    context.close()


def test_a_groups_arc_shows_its_share_of_uncertain_attributions(server: Server, browser) -> None:
    """Uncertain incidents kept their dashed outline alone but lost it in a group (issue 29): each
    group's dashed arc is the share of its incidents whose confidence is drawn dashed."""
    from incidents.load import load_incidents
    from incidents.maps.legend import styles

    dashed = {slug for slug, style in styles()["confidence_styles"].items() if style["dash"]}
    confidence = load_incidents().incidents.set_index("id")["confidence"]
    context, traffic = open_context(browser)
    page = context.new_page()
    page.goto(server.url + "/?center=34.9000,40.3000&zoom=8")
    _, frame = map_frame(page)
    groups = frame.evaluate(
        """() => Array.from(document.querySelectorAll('.incident-cluster-icon[data-cluster-id]')).map(el => {
            const arc = el.querySelector('.incident-cluster-arc');
            return {id: Number(el.dataset.clusterId), count: Number(el.dataset.count),
                    share: arc ? Number(arc.dataset.share) : 0, name: el.getAttribute('aria-label')}; })"""
    )
    assert groups and any(g["share"] for g in groups)
    for group in groups:
        ids = set(frame.evaluate(f"() => window.incidentLayer.leaves({group['id']})"))
        uncertain = sum(confidence[i] in dashed for i in ids)
        assert len(ids) == group["count"] and round(group["share"] * group["count"]) == uncertain, group
        assert (f"{uncertain} with an uncertain attribution" in group["name"]) == (uncertain > 0)
    # The legend says what the arc means.
    assert "Dashed arc round a group" in frame.locator(".incident-legend").text_content()
    assert traffic.errors == []
    context.close()
