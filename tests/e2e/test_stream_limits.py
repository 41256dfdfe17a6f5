"""The websocket behind the proxy (deploy/haproxy.cfg.template), and the opt-in online tiles.

Every run of the app is a message on `/_stcore/stream`, which the proxy cannot read: what it
limits is the sockets. Each needs a page load from its address first, an address holds at most
STREAMS_PER_CLIENT at once, and a socket idle for STREAM_IDLE_SECONDS is closed, while a reader
who only reads the map keeps it (its page reconnects). Small settings keep this fast: 3 sockets,
3 idle seconds. The same stack serves `tiles=online` (ONLINE_TILES=1): the tiles folium asks
for are allowed by the CSP, and answered here by Playwright, never by the internet.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import websockets
from playwright.sync_api import Browser

from deploy.serve import Stack, start_on_free_ports
from deploy.stream_client import Refused, StreamSession
from incidents.maps.basemap import online_tile_origins
from tests.e2e.conftest import map_frame, run_async, shown_count
from tests.e2e.test_proxy import CSP_PROBE, get

STREAMS = 3
IDLE = 3
# A 1x1 PNG standing in for every online tile.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack = start_on_free_ports(
        tmp_path_factory.mktemp("streams"),
        replicas=1,
        streams_per_client=STREAMS,
        stream_idle_seconds=IDLE,
        online_tiles=True,
    )
    yield stack
    stack.stop()


async def _open(stack: Stack, address: str) -> StreamSession:
    session = StreamSession(stack.url, address, open_timeout=30)
    await session.connect()
    return session


def test_a_stream_needs_a_page_load_from_its_address_first(stack: Stack) -> None:
    async def scenario() -> None:
        with pytest.raises(websockets.InvalidStatus) as refused:
            await _open(stack, "127.0.1.1")
        assert refused.value.response.status_code == 403
        assert get(stack, "/", source="127.0.1.1").status == 200
        session = await _open(stack, "127.0.1.1")
        await session.close()

    run_async(scenario())


def test_an_address_holds_at_most_its_streams_and_others_are_not_affected(stack: Stack) -> None:
    async def scenario() -> None:
        for address in ("127.0.1.2", "127.0.1.3"):
            assert get(stack, "/", source=address).status == 200
        held = [await _open(stack, "127.0.1.2") for _ in range(STREAMS)]
        with pytest.raises(Refused):
            await _open(stack, "127.0.1.2")
        other = await _open(stack, "127.0.1.3")  # another reader's address
        await held.pop().close()
        deadline = time.monotonic() + 5
        while True:  # the proxy counts the closed socket out once its connection has ended
            try:
                held.append(await _open(stack, "127.0.1.2"))
                break
            except Refused:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)
        for session in [*held, other]:
            await session.close()

    run_async(scenario())


def test_an_idle_stream_is_closed(stack: Stack) -> None:
    async def scenario() -> float:
        assert get(stack, "/", source="127.0.1.4").status == 200
        session = await _open(stack, "127.0.1.4")
        await session.view("type=drone-strike")
        last = time.monotonic()
        with pytest.raises(websockets.ConnectionClosed):
            while True:  # the run's last messages, then nothing either way
                await asyncio.wait_for(session.ws.recv(), IDLE + 10)
                last = time.monotonic()
        return time.monotonic() - last

    closed_after = run_async(scenario())
    assert IDLE - 0.5 <= closed_after <= IDLE + 2, closed_after


def test_a_reader_who_only_reads_the_map_keeps_it(stack: Stack, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    try:
        page.goto(f"{stack.url}/?type=drone-strike", wait_until="domcontentloaded")
        map_frame(page)
        counted = shown_count(page)
        # Reading, touching nothing, for longer than the idle timeout: the socket is closed and
        # the page reconnects by itself, keeping what it shows.
        page.wait_for_timeout(IDLE * 2500)
        assert len(sockets) >= 2, sockets
        assert shown_count(page) == counted
        # The next action is answered, with the link's filters. It is taken just after a
        # reconnection (the 3-s idle limit here closes the socket every few seconds; a click in the
        # instant a socket is being closed is not what this test is about).
        opened = len(sockets)
        for _ in range(IDLE * 20):
            if len(sockets) > opened:
                break
            page.wait_for_timeout(100)
        page.wait_for_timeout(300)
        page.get_by_role("link", name="Incidents").first.click()
        page.wait_for_url("**/incidents?*type=drone-strike*", timeout=30_000)
        page.locator("[data-testid='incident-count']").first.wait_for(timeout=30_000)
        assert shown_count(page) == counted
    finally:
        context.close()


def test_online_tiles_are_allowed_by_the_csp_exactly(stack: Stack, browser: Browser) -> None:
    allowed = online_tile_origins()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(CSP_PROBE)
    tiles: list[str] = []
    elsewhere: list[str] = []

    def route(route_obj) -> None:
        url = route_obj.request.url
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        if origin in allowed:
            tiles.append(url)
            route_obj.fulfill(status=200, content_type="image/png", body=TILE)
        elif urlsplit(url).hostname == "127.0.0.1" or not url.startswith("http"):
            route_obj.continue_()
        else:
            elsewhere.append(url)
            route_obj.abort()

    context.route("**/*", route)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    try:
        response = page.goto(f"{stack.url}/?tiles=online", wait_until="domcontentloaded")
        assert response is not None
        csp = response.headers["content-security-policy"]
        img_src = next(part.split()[1:] for part in csp.split(";") if part.split()[0] == "img-src")
        assert img_src == ["'self'", "data:", "blob:", *allowed], img_src
        _, handle = map_frame(page)
        for name in ("OpenStreetMap (online)", "Satellite, Esri World Imagery (online)"):
            handle.hover(".leaflet-control-layers")
            handle.get_by_text(name).click()
            handle.wait_for_function(
                "() => Array.from(document.querySelectorAll('img.leaflet-tile'))"
                ".some(img => img.complete && img.naturalWidth > 0)",
                timeout=30_000,
            )
    finally:
        context.close()
    assert {"{0.scheme}://{0.netloc}".format(urlsplit(url)) for url in tiles} == set(allowed), tiles
    assert elsewhere == []
    assert [line for line in console if "CSP violation" in line or "Content Security Policy" in line] == []
