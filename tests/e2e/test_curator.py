"""The curator's workbench end to end: `python -m curator` (what `make curate` runs) in Chromium.

An article is pasted, its drafts made, one field corrected (its message appears beside it and
clears), the record saved and found on the map and at its permalink. The records are a temporary
copy, never the repository's. The public app refuses the workbench's address.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from bench.harness import free_port
from deploy.replica import healthy
from incidents import paths
from tests.e2e.conftest import ARTIFACTS, ROOT, Server, map_frame, open_context

SEED = paths.seeds_dir() / "000_902b5b095033170b.txt"
EVENT = "According to SOHR sources"  # the draft of this seed that lacks only its outlet
OUTLET = "The Syrian Observatory For Human Rights"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not SEED.is_file(), reason="the seed articles are not here"),
]


@dataclass
class Workbench:
    url: str  # with the launch token
    base: str
    records: Path
    process: subprocess.Popen


@pytest.fixture(scope="module")
def workbench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    tmp = tmp_path_factory.mktemp("curator")
    records = tmp / "records"
    shutil.copytree(paths.records_dir(), records)
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    env = {**os.environ, "INCIDENTS_RECORDS_DIR": str(records), "CURATOR_STATE": str(tmp / "state")}
    log = (ARTIFACTS / f"curator-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "curator", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        start_new_session=True,  # the launcher and its server: stopped together below
    )
    assert process.stdout is not None
    printed = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=[\w-]+", printed)
    assert found and int(found[1]) == port, printed
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while not healthy(base):
        assert process.poll() is None and time.monotonic() < deadline, "the workbench did not start"
        time.sleep(0.2)  # polling a health check, not synchronising a test
    yield Workbench(found[0], base, records, process)
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def _ready(page: Page) -> None:
    page.wait_for_selector("[data-testid='stStatusWidget'] >> text=Running", state="detached", timeout=60_000)


def test_without_the_token_the_workbench_refuses_to_load(workbench: Workbench, browser: Browser) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    try:
        page.goto(workbench.base + "/draft")
        expect(page.get_by_text("needs the token printed by")).to_be_visible(timeout=60_000)
        assert page.get_by_text("Draft a record").count() == 0
    finally:
        context.close()


def test_paste_correct_save_and_find_the_record(workbench: Workbench, browser: Browser) -> None:
    context, traffic = open_context(browser, viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    try:
        page.goto(workbench.url)
        expect(page.get_by_role("heading", name="Draft a record")).to_be_visible(timeout=60_000)
        assert (
            "token" not in page.url or page.wait_for_url(re.compile(r"^(?!.*token=)"), timeout=10_000) is None
        )
        page.get_by_label("Paste the article's text").fill(SEED.read_text(encoding="utf-8"))
        page.get_by_label("The article's web address (URL)").fill("https://www.syriahr.com/en/example")
        page.get_by_role("spinbutton", name="year, Publication date").click()
        page.keyboard.type("20211009")  # year, month and day segments, each moving on to the next
        page.keyboard.press("Tab")
        page.get_by_role("button", name="Make drafts").click()
        expect(page.locator("mark.ev-place").first).to_be_visible(timeout=60_000)

        _ready(page)
        page.get_by_label(re.compile(r"\d+ drafts? from this article")).click()
        page.get_by_role("option", name=re.compile(EVENT)).click()
        # The form is the chosen draft's once its evidence reaches its sentence (a rerun may not
        # have started when the status widget is first looked at, and the first draft's form, its
        # evidence all near the article's top, is then still in the page).
        sentence = SEED.read_text(encoding="utf-8").find(EVENT)
        page.wait_for_function(
            """at => Array.from(document.querySelectorAll('.evidence a')).some(a => {
                const m = /^#ev-(\\d+)-/.exec(a.getAttribute('href') || '');
                return m && Number(m[1]) >= at; })""",
            arg=sentence - 200,
            timeout=30_000,
        )
        _ready(page)
        # A field's evidence links to its words in the article: clicking it scrolls them into view.
        # The link to the words furthest into the article; every scroller is moved to the end away
        # from them first, so the words start out of view whatever the layout.
        links = page.locator(".evidence a")
        expect(links.first).to_be_attached()
        hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href') || '')")
        href = max(hrefs, key=lambda h: int(m.group(1)) if (m := re.match(r"#ev-(\d+)-", h)) else -1)
        evidence = page.locator(f'.evidence a[href="{href}"]').first
        words = page.locator(href)
        words.evaluate(
            """el => { for (let p = el.parentElement; p; p = p.parentElement) {
                if (p.scrollHeight <= p.clientHeight) continue;
                const root = p === document.scrollingElement;
                const at = el.getBoundingClientRect().top + p.scrollTop
                    - (root ? 0 : p.getBoundingClientRect().top);
                p.scrollTop = at > p.scrollHeight / 2 ? 0 : p.scrollHeight; } }"""
        )
        expect(words).not_to_be_in_viewport()
        evidence.click()
        expect(words).to_be_in_viewport(timeout=10_000)
        message = page.get_by_text("may leave out sources[0].outlet")
        expect(message).to_be_visible(timeout=30_000)
        outlet = page.get_by_label("Outlet", exact=True)
        # The message sits at its field: just below the outlet box, inside the source's group.
        gap = message.bounding_box()["y"] - outlet.bounding_box()["y"]
        assert 0 < gap < 250, gap
        expect(page.get_by_role("button", name="Save the record")).to_be_disabled()
        outlet.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "curator-message.png"))  # the README's picture comes from here

        outlet.fill(OUTLET)
        outlet.press("Enter")
        _ready(page)
        expect(message).to_have_count(0, timeout=30_000)
        save = page.get_by_role("button", name="Save the record")
        expect(save).to_be_enabled(timeout=30_000)
        save.click()
        expect(page.get_by_text("Saved as")).to_be_visible(timeout=30_000)
        saved = sorted(
            set(p.name for p in workbench.records.iterdir())
            - set(p.name for p in paths.records_dir().iterdir())
        )
        assert len(saved) == 1
        record = yaml.safe_load((workbench.records / saved[0]).read_text(encoding="utf-8"))
        assert record["sources"][0]["outlet"] == OUTLET

        page.get_by_role("link", name="Show on the map").click()
        page.wait_for_url(re.compile(r"/map\?"), timeout=30_000)
        _ready(page)
        _, handle = map_frame(page)
        assert (
            handle.evaluate("() => window.incidentLayerInfo.incidents") == 30
        )  # the 29 records and the new one
        expect(page.get_by_text(record["title"][:60]).first).to_be_visible(timeout=30_000)
        # Its permalink, opened afresh (a new session, so with the launch token again).
        page.goto(workbench.url.replace("/?", f"/incident?incident={record['id']}&"))
        expect(page.get_by_role("heading", name=re.compile(re.escape(record["title"][:40])))).to_be_visible(
            timeout=60_000
        )
        expect(
            page.get_by_text(re.compile(r"source text kept, sha256 [0-9a-f]{64}, retrieved"))
        ).to_be_visible()
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "curator-failure.png"))
        (ARTIFACTS / "curator-failure.txt").write_text(page.locator("body").inner_text(), encoding="utf-8")
        raise
    finally:
        context.close()
    assert traffic.blocked == [], traffic.blocked
    assert traffic.errors == [], traffic.errors


def test_the_public_app_never_shows_the_workbench(server: Server, browser: Browser) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    try:
        for path in ("/draft", "/draft?token=anything", "/curate"):
            page.goto(server.url + path)
            page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
            _ready(page)
            assert page.get_by_text("Draft a record").count() == 0, path
            assert page.get_by_text("Make drafts").count() == 0, path
    finally:
        context.close()


def test_arabic_right_to_left_and_a_new_place_from_a_click_on_the_map(
    workbench: Workbench, browser: Browser
) -> None:
    context, traffic = open_context(browser, viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    try:
        page.goto(workbench.url)
        page.get_by_label("Paste the article's text").fill("استهدفت طائرة مسيرة سيارة قرب الميادين أمس.")
        page.get_by_role("button", name="Make drafts").click()
        expect(page.locator(".article[dir='rtl'] mark.ev-place")).to_have_text("الميادين", timeout=60_000)
        _ready(page)
        page.get_by_text("A place the gazetteer lacks?").click()
        place_map = page.locator("iframe[title='streamlit_folium.st_folium']").last
        place_map.scroll_into_view_if_needed()
        page.frame_locator("iframe[title='streamlit_folium.st_folium']").last.locator(
            ".leaflet-container"
        ).wait_for(timeout=60_000)
        place_map.click(position={"x": 200, "y": 150})
        expect(page.get_by_label("Latitude")).not_to_have_value("", timeout=30_000)
        expect(page.get_by_label("Longitude")).not_to_have_value("", timeout=30_000)
    finally:
        context.close()
    assert traffic.blocked == [], traffic.blocked
    assert traffic.errors == [], traffic.errors
