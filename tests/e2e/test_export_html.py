"""The standalone HTML export opens in Chromium with the network cut and draws every incident.

The page is opened from a file:// URL; every request that is not file:// or data: is aborted
and remembered, and the test fails if there was one. No streamlit server is needed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import ARTIFACTS, ROOT, Traffic

FIXTURES = ROOT / "tests" / "fixtures"
HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_QUOTE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[tuple[Page, Traffic, list[str]]]:
    traffic = Traffic()
    dialogs: list[str] = []
    context = browser.new_context(viewport={"width": 1200, "height": 900})

    def route(route_obj) -> None:
        url = route_obj.request.url
        traffic.requests.append(url)
        if url.startswith(("file://", "data:")):
            route_obj.continue_()
        else:
            traffic.blocked.append(url)
            route_obj.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: traffic.errors.append(str(exc)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page, traffic, dialogs
    context.close()


def _export(args: list[str], out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "incidents", "export", "--format", "html", *args, "-o", str(out)],
        cwd=ROOT,
        check=True,
        timeout=120,
    )


def _open(page: Page, path: Path) -> dict:
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("() => window.incidentLayerInfo !== undefined", timeout=30_000)
    return page.evaluate("() => window.incidentLayerInfo")


def test_briefing_export_works_offline(offline_page, tmp_path: Path) -> None:
    page, traffic, dialogs = offline_page
    out = tmp_path / "briefing.html"
    _export(["--briefing", "january-2021-raids", "--base-url", "http://example.org/map/"], out)
    info = _open(page, out)
    items = page.locator("li.incident")
    assert info["incidents"] == items.count() == 15
    page.wait_for_selector(".incident-icon, .incident-cluster-icon")
    assert page.locator("h1").inner_text() == "The January 2021 raids and their aftermath"
    link = page.locator("#live-link").get_attribute("href")
    assert link == "http://example.org/map/briefing?briefing=january-2021-raids"
    assert page.locator("blockquote").count() > 15  # the sources' quotes are in the file
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "export-briefing.png"), full_page=False)
    assert traffic.blocked == [], f"requests that needed the network: {traffic.blocked}"
    assert traffic.errors == [] and dialogs == []


def test_filtered_export_counts_every_incident(offline_page, tmp_path: Path) -> None:
    page, traffic, _ = offline_page
    out = tmp_path / "strikes.html"
    types = ["--type", "air-strike", "--type", "drone-strike"]
    _export(types, out)
    csv_out = tmp_path / "strikes.csv"
    subprocess.run(
        [sys.executable, "-m", "incidents", "export", "--format", "csv", *types, "-o", str(csv_out)],
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    rows = len(csv_out.read_text(encoding="utf-8").strip().splitlines()) - 1
    info = _open(page, out)
    assert rows > 5 and info["incidents"] == rows == page.locator("li.incident").count()
    assert traffic.blocked == [] and traffic.errors == []


def test_hostile_record_is_shown_as_text(offline_page, tmp_path: Path) -> None:
    page, traffic, dialogs = offline_page
    records = tmp_path / "records"
    records.mkdir()
    data = yaml.safe_load((FIXTURES / "valid" / "valid-record.yaml").read_text(encoding="utf-8"))
    data["title"] = HOSTILE_TITLE
    data["notes"] = '"><svg onload=alert(2)>'
    data["sources"][0]["quotes"].append(HOSTILE_QUOTE)
    data["locations"] = data["locations"][1:]  # one marker, never clustered, to click
    (records / "hostile.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shutil.copy(FIXTURES / "gazetteer-mini.csv", tmp_path / "gazetteer.csv")
    out = tmp_path / "hostile.html"
    _export(["--dir", str(records), "--gazetteer", str(tmp_path / "gazetteer.csv")], out)
    info = _open(page, out)
    assert info["incidents"] == 1
    assert page.locator("li.incident h3").inner_text() == HOSTILE_TITLE
    assert HOSTILE_QUOTE in page.locator("li.incident blockquote").all_inner_texts()
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"], svg[onload]').length") == 0
    assert (
        page.evaluate(
            "() => [...document.scripts].filter(s => s.textContent.includes('alert(1)')"
            " && !s.textContent.includes('\\\\u003c')).length"
        )
        == 0
    )
    # The marker's tooltip and popup are built from the same data: still text.
    page.locator(".incident-icon").first.click()
    page.wait_for_selector(".incident-popup")
    assert page.locator(".incident-popup strong").inner_text() == HOSTILE_TITLE
    assert dialogs == [] and traffic.blocked == []
