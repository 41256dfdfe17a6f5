"""Routes on the map (issue 30): a record with an origin and a destination draws as a line with an
arrow pointing to the destination, in the app's map, in the picture it saves and in the
standalone HTML export. The curated shipment from Iraq to al-Mazare' is such a record."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Browser, Frame

from tests.e2e.conftest import ARTIFACTS, ROOT, Server, map_frame, open_context

ROUTE = "2021-02-22-fatemiyoun-weapons-shipment-al-mazare"
LINE = f"path.incident-route[data-incident='{ROUTE}']"


def _arrow(frame: Frame) -> dict:
    """The arrow's rotation and where it and the line are on the screen."""
    return frame.evaluate(
        """(line) => {
            const path = document.querySelector(line).getBoundingClientRect();
            const arrow = document.querySelector('.incident-route-arrow');
            const box = arrow.getBoundingClientRect();
            return {transform: arrow.style.transform, x: box.x + box.width / 2, y: box.y + box.height / 2,
                    line: [path.left, path.top, path.right, path.bottom]};
        }""",
        LINE,
    )


def _points_north_west_from_iraq(arrow: dict) -> None:
    degrees = float(re.fullmatch(r"rotate\((-?[\d.]+)deg\)", arrow["transform"])[1])
    assert -180 < degrees < -90  # from Iraq's centroid up and to the left, to al-Mazare'
    left, top, right, bottom = arrow["line"]
    assert left <= arrow["x"] <= right and top <= arrow["y"] <= bottom  # on the line, half-way


def _picture(page, frame: Frame) -> bytes:
    with page.expect_download(timeout=60_000) as download:
        frame.locator(".incident-picture").click()
    return Path(download.value.path()).read_bytes()


def test_a_route_is_a_line_with_an_arrow_in_the_map_and_its_picture(server: Server, browser: Browser) -> None:
    context, traffic = open_context(browser)
    page = context.new_page()
    page.goto(server.url + "/?type=weapons-shipment")
    _, frame = map_frame(page)
    frame.wait_for_selector(LINE, state="attached", timeout=30_000)
    assert frame.evaluate("() => window.incidentLayerInfo.routes") == 1
    assert frame.locator(".incident-route-arrow").count() == 1
    label = frame.locator(LINE).get_attribute("aria-label")
    assert label == "Route: from Iraq to al-Mazare'"
    _points_north_west_from_iraq(_arrow(frame))
    assert frame.locator(".incident-legend .route-note").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-route.png"))
    with_route = _picture(page, frame)
    (ARTIFACTS / "map-route-picture.png").write_bytes(with_route)
    frame.add_style_tag(content=".incident-route, .incident-route-arrow-icon { visibility: hidden; }")
    assert _picture(page, frame) != with_route  # the picture carries the line and the arrow
    assert traffic.blocked == [] and traffic.errors == []
    context.close()


def test_a_route_is_drawn_in_the_standalone_html(browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "shipments.html"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "incidents",
            "export",
            "--format",
            "html",
            "--type",
            "weapons-shipment",
            "-o",
            str(out),
        ],
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    blocked: list[str] = []
    context.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(("file://", "data:"))
            else (blocked.append(r.request.url), r.abort())
        ),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(out.resolve().as_uri(), wait_until="load")
    page.wait_for_function("() => window.incidentLayerInfo !== undefined", timeout=30_000)
    page.wait_for_selector(LINE, state="attached", timeout=30_000)
    assert page.evaluate("() => window.incidentLayerInfo.routes") == 1
    _points_north_west_from_iraq(_arrow(page.main_frame))
    page.screenshot(path=str(ARTIFACTS / "export-route.png"))
    assert blocked == [] and errors == []
    context.close()
