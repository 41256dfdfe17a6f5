"""End-to-end harness: a real `streamlit run` on a free loopback port and Debian's Chromium.

Every page records each request it makes; a request to any host but 127.0.0.1 is aborted
and remembered, so a test can assert that the app made no third-party request.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Frame, Page, Playwright, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bench.harness import CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit, stop
from tests.counts import parse_count

ROOT = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1"}
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.e2e
T = TypeVar("T")


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def start_server(
    env_extra: dict[str, str] | None = None, timeout: float = 90.0, script: str = "app.py"
) -> Server:
    """Start `streamlit run <script>` on 127.0.0.1 and wait for its health check."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"streamlit-{port}.log"
    env = {**os.environ, **(env_extra or {})}
    process = start_streamlit(["streamlit", "run", script], port, env, log, timeout)
    return Server(f"http://127.0.0.1:{port}", process, log)


def stop_server(server: Server) -> None:
    stop(server.process)


def run_async(coroutine: Coroutine[Any, Any, T], timeout: float = 300) -> T:
    """`asyncio.run` in a thread of its own: once a test has used the sync Playwright fixtures,
    the main thread has an event loop running, and `asyncio.run` there refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=timeout)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    srv = start_server(script=os.environ.get("E2E_APP", "app.py"))
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@dataclass
class Traffic:
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_context(browser: Browser, viewport: dict | None = None):
    """A fresh browser context (no shared cookies or storage) that blocks third-party hosts and
    records every page error in `traffic.errors`."""
    traffic = Traffic()
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000})

    def route(route_obj) -> None:
        url = route_obj.request.url
        traffic.requests.append(url)
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route_obj.continue_()
        else:
            traffic.blocked.append(url)
            route_obj.abort()

    context.route("**/*", route)
    # Every uncaught script error of every page of this context (and its map iframes).
    context.on("page", lambda page: page.on("pageerror", lambda exc: traffic.errors.append(str(exc))))
    return context, traffic


@pytest.fixture
def page_and_traffic(browser: Browser) -> Iterator[tuple[Page, Traffic]]:
    context, traffic = open_context(browser)
    page = context.new_page()
    yield page, traffic
    context.close()


def map_frame(page: Page, timeout: float = 60_000):
    """The streamlit-folium iframe once its incident layer has been built."""
    page.wait_for_selector("iframe[title='streamlit_folium.st_folium']", timeout=timeout)
    frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
    handle = page.query_selector("iframe[title='streamlit_folium.st_folium']").content_frame()
    handle.wait_for_function("() => window.incidentLayerInfo !== undefined", timeout=timeout)
    return frame, handle


def wait_until_idle(page: Page, timeout: float = 60_000) -> None:
    """Wait until the page's current run has finished (Streamlit's "Running" badge is gone)."""
    running = "[data-testid='stStatusWidget'] >> text=Running"
    page.wait_for_selector(running, state="detached", timeout=timeout)


def download(page: Page, label: str) -> Path:
    """Click the download button `label` once the page is idle; the downloaded file's path.

    A deferred download is registered per run: a click that lands while a rerun replaces the
    button (the map reports its first view, say) asks for an id that is gone and gets no file.
    A person clicks again; so does this, once, after the run has finished.
    """
    for attempt in (1, 2):
        wait_until_idle(page)
        try:
            with page.expect_download(timeout=30_000 * attempt) as info:
                page.get_by_role("button", name=label, exact=True).click()
            return Path(info.value.path())
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def shown_count(page: Page) -> tuple[int, int]:
    """('7 of 19 incidents') as numbers, from the page's own count line."""
    text = page.locator("[data-testid='incident-count']").first.inner_text(timeout=30_000)
    counted = parse_count(text)
    assert counted is not None, text
    return counted


def marker_on_top(marker) -> str:
    """The incident whose marker is on top at `marker`'s centre (several can share a place)."""
    return marker.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)"
        ".closest('.incident-icon').dataset.incident; }"
    )


def drawn_groups(frame: Frame) -> list[dict]:
    """Every cluster and single marker the layer has drawn, with a cluster's shown number."""
    return frame.evaluate(
        """() => Array.from(document.querySelectorAll('.incident-cluster-icon, .incident-icon'))
            .filter(el => !el.classList.contains('incident-icon-selected'))
            .map(el => ({
                cluster: el.classList.contains('incident-cluster-icon'),
                id: el.dataset.clusterId ? Number(el.dataset.clusterId) : null,
                count: el.dataset.count ? Number(el.dataset.count) : null,
                text: el.innerText.trim(),
                name: el.getAttribute('aria-label'),
            }))"""
    )
