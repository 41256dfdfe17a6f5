"""Dates a reader can trust: the Jan-Feb 2021 link counts certain and possible incidents apart."""

from __future__ import annotations

import datetime as dt

import pytest

from incidents import dates
from incidents.filters import Filter
from incidents.load import load_incidents
from tests.e2e.conftest import ARTIFACTS, map_frame, open_context, shown_count
from tests.e2e.test_dashboard import exported_ids

LINK = "/?from=2021-01-01&to=2021-02-28"


@pytest.fixture(scope="module")
def expected() -> tuple[set[str], set[str]]:
    """(certain, possible-only) ids of the period, worked out by the domain code, not the page."""
    incidents = load_incidents().incidents
    certain, possible = dates.period_masks(incidents, dt.date(2021, 1, 1), dt.date(2021, 2, 28))
    return set(incidents.loc[certain, "id"]), set(incidents.loc[possible & ~certain, "id"])


def test_period_link_counts_certain_and_possible_incidents_apart(server, page_and_traffic, expected):
    certain, possible = expected
    assert certain and possible
    assert not {i for i in possible if i.startswith(("sept-", "oct-"))}  # a known month elsewhere
    page, traffic = page_and_traffic
    page.goto(server.url + LINK)
    _, frame = map_frame(page)
    shown, total = shown_count(page)
    assert shown == len(certain) + len(possible) < total
    words = page.locator("[data-testid='date-certainty']").first.inner_text()
    assert words == f"{len(certain)} certainly in January-February 2021, {len(possible)} more possibly"
    assert frame.evaluate("() => window.incidentLayerInfo.incidents") == shown
    # The command line with the same dates exports exactly these incidents.
    assert exported_ids(["--from", "2021-01-01", "--to", "2021-02-28"]) == certain | possible
    assert traffic.blocked == [] and traffic.errors == []


def test_dates_within_keeps_only_the_certain_ones_and_says_so(server, page_and_traffic, expected):
    certain, possible = expected
    page, _ = page_and_traffic
    page.goto(server.url + LINK + "&dates=within")
    map_frame(page)
    assert shown_count(page)[0] == len(certain)
    words = page.locator("[data-testid='date-certainty']").first.inner_text()
    assert words == (
        f"only incidents certainly in January-February 2021 ({len(possible)} more possibly, not shown)"
    )
    filt, _ = Filter.from_query({"from": ["2021-01-01"], "to": ["2021-02-28"], "dates": ["within"]})
    assert filt.date_match == "within"


@pytest.mark.parametrize(
    ("link", "name", "viewport"),
    [
        (LINK, "jan-feb-2021-laptop", {"width": 1400, "height": 900}),
        ("/", "all-dates-laptop", {"width": 1400, "height": 900}),
        (LINK, "jan-feb-2021-phone", {"width": 390, "height": 844}),
    ],
)
def test_timeline_screenshots(server, browser, link, name, viewport):
    """Screenshots of the timeline to look at: ticks for days, no bar across the years."""
    context, traffic = open_context(browser, viewport=viewport)
    page = context.new_page()
    page.goto(server.url + link)
    map_frame(page)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.wait_for(timeout=30_000)
    chart.scroll_into_view_if_needed()
    page.wait_for_selector("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg")
    ARTIFACTS.mkdir(exist_ok=True)
    box = chart.bounding_box()
    assert box and box["width"] > 200
    page.screenshot(path=str(ARTIFACTS / f"timeline-{name}.png"), full_page=True)
    assert traffic.blocked == []
    context.close()
