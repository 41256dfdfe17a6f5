"""Two tables (ACLED's current 31 columns and UCDP GED) and our records on one map in real
Chromium: a link keeps one dataset, the map colours by dataset, each file converted once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from incidents.load import load_incidents
from tests.e2e.conftest import ARTIFACTS, map_frame, open_context, shown_count, start_server, stop_server

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ACLED = FIXTURES / "acled" / "acled-either-side.csv"  # 9 events
UCDP = FIXTURES / "ucdp" / "ucdp-ged-sample.csv"  # 7 events


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("conversions")


@pytest.fixture(scope="module")
def three_server(cache: Path):
    sources = os.pathsep.join([str(ACLED), str(UCDP), "@records"])
    server = start_server({"INCIDENTS_SOURCE": sources, "INCIDENTS_CACHE": str(cache)}, timeout=240)
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def n_records() -> int:
    return len(load_incidents().incidents)


def _legend(frame) -> list[str]:
    return frame.evaluate(
        "() => Array.from(document.querySelectorAll('.legend-title, .legend-row'))"
        ".map(e => e.textContent.trim())"
    )


@pytest.mark.parametrize("width", [1400, 390])
def test_a_link_keeps_one_dataset_coloured_by_dataset(three_server, browser, n_records, width) -> None:
    context, traffic = open_context(browser, viewport={"width": width, "height": 1000})
    page = context.new_page()
    page.goto(f"{three_server.url}/?dataset=ucdp-ged-sample&colour=dataset", wait_until="domcontentloaded")
    _, frame = map_frame(page, timeout=180_000)
    total = 9 + 7 + n_records
    assert shown_count(page) == (7, total)
    assert frame.evaluate("() => window.incidentLayerInfo")["incidents"] == 7
    counts = page.locator("[data-testid='dataset-counts']").first.inner_text()
    assert counts == (
        f"acled-either-side.csv: 0 of 9, ucdp-ged-sample.csv: 7 of 7, our curated records: 0 of {n_records}"
    )
    assert page.get_by_text("Incidents from ucdp-ged-sample.csv").first.is_visible()
    legend = _legend(frame)
    assert "Colour: dataset" in legend and "Colour: assessed attacker" not in legend
    assert {"acled-either-side.csv", "ucdp-ged-sample.csv", "our curated records"} <= set(legend)
    # Every marker drawn has the UCDP file's colour (the second of styles.json's dataset colours).
    # Single markers' fills, and the rings of the groups sites stacked on one pixel open from.
    colours = frame.evaluate(
        """() => Array.from(document.querySelectorAll('.incident-icon svg g'))
            .map(g => g.getAttribute('fill'))
            .concat(Array.from(document.querySelectorAll('.incident-cluster')).flatMap(
                c => (c.getAttribute('style') || '').match(/#[0-9A-Fa-f]{6}/g) || []))"""
    )
    assert colours and set(colours) == {"#E69F00"}
    page.screenshot(path=str(ARTIFACTS / f"datasets-ucdp-coloured-{width}.png"), full_page=True)
    iframe = page.locator("iframe[title='streamlit_folium.st_folium']")
    iframe.screenshot(path=str(ARTIFACTS / f"datasets-ucdp-coloured-map-{width}.png"))
    assert traffic.errors == [] and traffic.blocked == []
    context.close()


def test_records_and_a_table_from_a_link_on_the_list(three_server, browser, n_records, cache: Path) -> None:
    context, traffic = open_context(browser)
    page = context.new_page()
    page.goto(
        f"{three_server.url}/incidents?dataset=records&dataset=acled-either-side",
        wait_until="domcontentloaded",
    )
    page.locator("[data-testid='incident-count']").first.wait_for(timeout=180_000)
    assert shown_count(page) == (9 + n_records, 9 + 7 + n_records)
    sentence = page.locator("[data-testid='incident-count']").first.inner_text()
    assert "Incidents from our curated records or acled-either-side.csv" in sentence  # the link's order
    # The sidebar's dataset filter shows the link's choice by the datasets' labels.
    chosen = page.locator("[data-testid='stMultiSelect']").filter(has_text="Dataset")
    assert "our curated records" in chosen.inner_text() and "acled-either-side.csv" in chosen.inner_text()
    page.screenshot(path=str(ARTIFACTS / "datasets-list-records-and-acled.png"), full_page=True)
    # Each table was converted once, however many pages and readers opened it.
    assert len([d for d in cache.iterdir() if (d / "meta.json").is_file()]) == 2
    assert traffic.errors == [] and traffic.blocked == []
    context.close()


def test_every_dataset_in_its_own_colour(three_server, browser, n_records) -> None:
    context, traffic = open_context(browser)
    page = context.new_page()
    page.goto(f"{three_server.url}/?colour=dataset&cluster=0", wait_until="domcontentloaded")
    _, frame = map_frame(page, timeout=180_000)
    assert shown_count(page) == (9 + 7 + n_records,) * 2
    # Single markers' fills, and the rings of the groups sites stacked on one pixel open from.
    colours = frame.evaluate(
        """() => Array.from(document.querySelectorAll('.incident-icon svg g'))
            .map(g => g.getAttribute('fill'))
            .concat(Array.from(document.querySelectorAll('.incident-cluster')).flatMap(
                c => (c.getAttribute('style') || '').match(/#[0-9A-Fa-f]{6}/g) || []))"""
    )
    assert set(colours) == {"#0072B2", "#E69F00", "#009E73"}  # styles.json's first three, in order
    frame.locator("summary", has_text="Legend").click()
    iframe = page.locator("iframe[title='streamlit_folium.st_folium']")
    iframe.screenshot(path=str(ARTIFACTS / "datasets-three-colours-map.png"))
    assert traffic.errors == [] and traffic.blocked == []
    context.close()
