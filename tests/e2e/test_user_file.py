"""A reader's own broken ACLED file in real Chromium: every good row drawn, the rest listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS, map_frame, open_context, shown_count, start_server, stop_server

MIXED = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "acled-current-defects.csv"
ROWS, SKIPPED = 20, 12


@pytest.fixture(scope="module")
def mixed_server():
    server = start_server({"INCIDENTS_SOURCE": str(MIXED)})
    yield server
    stop_server(server)


def test_mixed_file_draws_every_good_row_and_lists_the_rest(mixed_server, browser) -> None:
    context, traffic = open_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(mixed_server.url + "/", wait_until="domcontentloaded")
    _, frame = map_frame(page)
    info = frame.evaluate("() => window.incidentLayerInfo")
    shown, total = shown_count(page)
    assert shown == total == info["incidents"] == ROWS - SKIPPED
    notice = page.get_by_text(f"{SKIPPED} of {ROWS} rows").first
    assert notice.is_visible()
    page.get_by_text("Rows skipped or drawn with a warning").first.click()
    listing = page.locator("[data-testid='stExpander'] [data-testid='stDataFrame']").first
    listing.wait_for(timeout=20_000)
    # The grid draws on a canvas; its accessible cells carry the text.
    page.wait_for_function("() => document.querySelectorAll('td[role=gridcell]').length > 0", timeout=20_000)
    reasons = page.locator("td[role='gridcell'][aria-colindex='5']").evaluate_all(
        "cells => cells.map(c => c.textContent)"
    )
    assert "latitude is blank" in reasons and len(reasons) >= SKIPPED
    page.screenshot(path=str(ARTIFACTS / "user-file-skipped-rows.png"), full_page=True)
    assert not [e for e in errors if "LatLng" in e or "NaN" in e], errors
    assert traffic.blocked == []
    context.close()
