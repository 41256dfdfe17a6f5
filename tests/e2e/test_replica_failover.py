"""A replica dies while readers are connected (`make serve`'s stack, two replicas).

Four Chromium readers, each from its own filter link, spread over both replicas by the proxy.
One replica is killed (SIGKILL, as a crash would): its readers' pages reconnect through the
proxy to the other replica, which rebuilds each reader's own view from their URL (the count
line answers their link); the other replica's readers keep their websocket; supervisord
restarts the dead replica and the health check puts it back in rotation.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Browser

from deploy.serve import Stack, start_on_free_ports
from geodata.gazetteer import load_gazetteer
from incidents.filters import Filter
from incidents.load import load_incidents
from tests.conftest import SUMMARY
from tests.e2e.conftest import open_context, shown_count

pytestmark = pytest.mark.slow
SEARCH = "deir"

LINKS = [
    {"type": ["drone-strike"]},
    {"attacker": ["united-states"]},
    {"confidence": ["possible", "unknown"]},
    {"attacker": ["israel"]},
]


def watch(ws, sockets: list) -> None:  # type: ignore[no-untyped-def]
    """Keep the websocket and every frame the server sends on it (ws.frames)."""
    ws.frames = []
    ws.on("framereceived", lambda payload: ws.frames.append(payload))
    sockets.append(ws)


def said(ws, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the server sent `text` on this websocket (Streamlit's messages are protobuf)."""
    needle = text.encode()
    return any(needle in (p if isinstance(p, bytes) else p.encode()) for p in ws.frames)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack = start_on_free_ports(tmp_path_factory.mktemp("serve"), replicas=2)
    yield stack
    stack.stop()


def expected_count(params: dict[str, list[str]]) -> tuple[int, int]:
    """(shown, total) for a link, computed in-process with the app's own Filter."""
    gazetteer = load_gazetteer()
    data = load_incidents(gazetteer=gazetteer)
    filt, notices = Filter.from_query(params, known_places=gazetteer.places.index)
    assert notices == [], notices
    return len(filt.apply(data.incidents, data.sites, gazetteer.places)[0]), len(data.incidents)


def wait_until(condition, timeout: float, what: str, page=None) -> None:  # type: ignore[no-untyped-def]
    """Poll `condition`; with a `page`, wait in Playwright (its events arrive only then)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if page is not None:
            page.wait_for_timeout(200)
        else:
            time.sleep(0.2)  # polling the stack's state (supervisor, HAProxy)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def test_readers_of_a_killed_replica_get_their_view_back(stack: Stack, browser: Browser) -> None:
    expected = [expected_count(params) for params in LINKS]
    assert len({c[0] for c in expected}) == len(expected), expected  # four different views
    readers = []
    try:
        for params in LINKS:
            context, traffic = open_context(browser, viewport={"width": 1000, "height": 700})
            page = context.new_page()
            sockets: list = []
            page.on("websocket", lambda ws, sockets=sockets: watch(ws, sockets))
            page.goto(f"{stack.url}/?{urlencode(params, doseq=True)}", wait_until="domcontentloaded")
            readers.append((context, page, sockets, traffic))
        replica_of = []
        for (context, page, sockets, _), count in zip(readers, expected, strict=True):
            assert shown_count(page) == count
            cookie = {c["name"]: c["value"] for c in context.cookies()}[stack.settings.cookie_name]
            replica_of.append(int(cookie.removeprefix("r")))
            assert len(sockets) == 1
        assert set(replica_of) == {1, 2}, f"the proxy did not spread the readers: {replica_of}"

        victim = replica_of[0]
        old_pid = stack.replica_pid(victim)
        killed_at = time.monotonic()
        os.kill(old_pid, signal.SIGKILL)

        # Readers of the dead replica reconnect (a new websocket, through the proxy, to the live
        # replica). Streamlit's front end keeps showing the page it had and asks for no rerun on a
        # reconnect (it takes the server to have kept its session), so the new replica learns of
        # the reader at their next action, and answers it with the view of their URL (a new
        # session starts from the URL: the action itself is lost). The action after is theirs.
        for (context, page, sockets, traffic), params, count, replica in zip(
            readers, LINKS, expected, replica_of, strict=True
        ):
            if replica != victim:
                continue
            wait_until(lambda sockets=sockets: len(sockets) >= 2, 60, "the reader's new websocket", page)
            search = page.get_by_placeholder("Words, places in Latin or Arabic script")
            search.fill(SEARCH)
            search.press("Enter")
            # The count line of their own link, computed again by the live replica.
            wait_until(
                lambda ws=sockets[-1], c=count: said(ws, f"{c[0]} of {c[1]} incidents"), 60, "view", page
            )
            assert shown_count(page) == count
            kept, _ = Filter.from_query(parse_qs(urlsplit(page.url).query))
            assert kept == Filter.from_query(params)[0], page.url
            back_after = time.monotonic() - killed_at
            # And the next action is answered for their view and the change.
            search.fill(SEARCH)
            search.press("Enter")
            page.wait_for_url(f"**q={SEARCH}**", timeout=60_000)
            searched = expected_count({**params, "q": [SEARCH]})
            wait_until(lambda page=page, c=searched: shown_count(page) == c, 60, "the search", page)
            kept, _ = Filter.from_query(parse_qs(urlsplit(page.url).query))
            assert kept == Filter.from_query({**params, "q": [SEARCH]})[0], page.url
            moved = {c["name"]: c["value"] for c in context.cookies()}[stack.settings.cookie_name]
            assert moved != f"r{victim}", "the reader was not moved to a live replica"
            assert traffic.blocked == []

        # The other replica's readers noticed nothing: one websocket, never closed, same view.
        for (_, page, sockets, _), count, replica in zip(readers, expected, replica_of, strict=True):
            if replica == victim:
                continue
            assert len(sockets) == 1 and not sockets[0].is_closed()
            assert shown_count(page) == count

        # supervisord restarted the replica; the health check put it back.
        wait_until(lambda: stack.replica_pid(victim) not in (0, old_pid), 60, "supervisord's restart")
        wait_until(
            lambda: {row["svname"]: row["status"] for row in stack.proxy_stat()}[f"replica-{victim}"] == "UP",
            60,
            "the restarted replica to pass its health check",
        )
        restarted_after = time.monotonic() - killed_at
        line = (
            f"[replica-failover] killed replica-{victim} under {replica_of.count(victim)} of "
            f"{len(LINKS)} readers: their views back (at their next action) after {back_after:.1f} s; "
            f"replica restarted and UP after {restarted_after:.1f} s"
        )
        print(line)
        SUMMARY.append(line)
    finally:
        for context, *_ in readers:
            context.close()
