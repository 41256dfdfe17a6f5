"""Many readers: twenty browser sessions at once, each from its own filter link, each see their own
view; the memory each extra session costs is measured; nothing the app does writes to the data.

One server of its own (so the measurement is not mixed with other tests' sessions). The count each
session must show is computed in-process with the same Filter and loader the app uses.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Browser

from geodata.gazetteer import load_gazetteer
from incidents.filters import Filter
from incidents.load import load_incidents
from tests.conftest import SUMMARY
from tests.e2e.conftest import ROOT, download, open_context, shown_count, start_server, stop_server

pytestmark = pytest.mark.slow

SESSIONS = 20
BATCH = 4
MAP = "iframe[title='streamlit_folium.st_folium']"
# Twenty different links (the page, then its filters): most narrow the count, none alike.
LINKS: list[tuple[str, dict[str, list[str]]]] = [
    ("", {}),
    ("", {"type": ["drone-strike"]}),
    ("", {"type": ["air-strike"]}),
    ("", {"type": ["unattributed-explosion"]}),
    ("", {"type": ["weapons-shipment", "troop-movement"]}),
    ("", {"attacker": ["united-states"]}),
    ("", {"attacker": ["israel"]}),
    ("", {"attacker": ["iran-backed-militias"]}),
    ("", {"attacker": ["unknown"], "type": ["drone-strike"]}),
    ("", {"confidence": ["likely"]}),
    ("", {"confidence": ["possible", "unknown"]}),
    ("", {"from": ["2021-01-01"], "to": ["2021-12-31"]}),
    ("", {"from": ["2022-01-01"], "dates": ["within"]}),
    ("", {"place": ["al-bukamal"]}),
    ("", {"place": ["al-bukamal"], "km": ["25"]}),
    ("", {"place": ["al-mayadin"], "km": ["60"], "attacker": ["united-states"]}),
    ("incidents", {"q": ["militia"]}),
    ("incidents", {"min_killed": ["5"]}),
    ("incidents", {"to": ["2019-12-31"]}),
    ("incidents", {"type": ["air-strike"], "confidence": ["confirmed", "likely"]}),
]
WATCHED = [ROOT / "incidents" / "records", ROOT / "incidents" / "briefings", ROOT / "geodata"]


def _snapshot() -> dict[str, tuple[float, str]]:
    """mtime and hash of every data and code file the app reads (bytecode caches aside)."""
    out = {}
    for top in WATCHED:
        for path in sorted(top.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                out[str(path.relative_to(ROOT))] = (
                    path.stat().st_mtime,
                    hashlib.sha256(path.read_bytes()).hexdigest(),
                )
    return out


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _established(port: int) -> int:
    """Open TCP connections to the server's port (each session holds one websocket)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                count += 1
    return count


def report(line: str) -> None:
    print(line)
    SUMMARY.append(line)


@pytest.fixture(scope="module")
def expected() -> list[int]:
    gazetteer = load_gazetteer()
    data = load_incidents(gazetteer=gazetteer)
    known = {
        "known_places": gazetteer.places.index,
        "known_governorates": gazetteer.places["governorate"].dropna().unique(),
    }
    counts = []
    for _, params in LINKS:
        filt, notices = Filter.from_query(params, **known)
        assert notices == [], (params, notices)
        counts.append(len(filt.apply(data.incidents, data.sites, gazetteer.places)[0]))
    assert len(set(counts)) >= 12, counts  # the links really are different views
    return counts


def test_twenty_readers_each_see_their_own_view(browser: Browser, expected: list[int]) -> None:
    assert len(LINKS) == SESSIONS
    before_files = _snapshot()
    server = start_server()
    contexts = []
    try:
        pid = server.process.pid
        # One reader first (kept open), so loading the records, the gazetteer and the first map
        # is in the baseline, not counted per session.
        context, _ = open_context(browser)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{server.url}/?type=drone-strike")
        shown_count(page)
        page.wait_for_selector(MAP, state="attached", timeout=60_000)
        rss_before = _rss_kib(pid)

        started = time.monotonic()
        pages = []
        # Opened a few at a time and kept open: twenty Streamlit front ends loading at once on a
        # two-core CI machine only measure its scheduler. A page whose view is checked is frozen
        # (its JS paused; its websocket, hence its server session, stays open) so it costs no CPU.
        for first in range(0, SESSIONS, BATCH):
            batch = []
            for index in range(first, min(first + BATCH, SESSIONS)):
                path, params = LINKS[index]
                context, traffic = open_context(browser, viewport={"width": 1000, "height": 700})
                contexts.append(context)
                page = context.new_page()
                page.goto(f"{server.url}/{path}?{urlencode(params, doseq=True)}", wait_until="commit")
                batch.append((index, page, traffic))
            for index, page, traffic in batch:
                params = LINKS[index][1]
                assert shown_count(page) == (expected[index], expected[0]), params
                kept = parse_qs(urlsplit(page.url).query)
                assert Filter.from_query(kept)[0] == Filter.from_query(params)[0], (params, page.url)
                if not LINKS[index][0]:  # the map's component has arrived: the run is complete
                    page.wait_for_selector(MAP, state="attached", timeout=60_000)
                assert traffic.blocked == [] and traffic.errors == []
                cdp = page.context.new_cdp_session(page)
                cdp.send("Page.setWebLifecycleState", {"state": "frozen"})
                pages.append((page, cdp))
        elapsed = time.monotonic() - started
        connections = _established(int(urlsplit(server.url).port or 0))
        rss_after = _rss_kib(pid)
        assert connections >= SESSIONS + 1, f"only {connections} connections: sessions were dropped"
        per_session = (rss_after - rss_before) / SESSIONS / 1024
        report(
            f"[many-readers] {SESSIONS} sessions open at once ({connections} connections) after "
            f"{elapsed:.0f} s; server RSS {rss_before / 1024:.0f} -> {rss_after / 1024:.0f} MiB: "
            f"{per_session:.1f} MiB per extra session"
        )
        for _page, cdp in pages:
            cdp.send("Page.setWebLifecycleState", {"state": "active"})

        # A second look after every session has run: still each its own count (no state leaked).
        for (page, _), (_, params), count in zip(pages, LINKS, expected, strict=True):
            assert shown_count(page)[0] == count, params
            assert Filter.from_query(parse_qs(urlsplit(page.url).query))[0] == Filter.from_query(params)[0]

        # Downloads are built from the shared data; building them writes nothing either.
        page, _ = pages[-1]
        for label in ("CSV", "Offline page (HTML)"):
            body = download(page, label).read_text(encoding="utf-8")
            if label == "CSV":
                assert len(list(csv.DictReader(io.StringIO(body)))) == expected[-1]
            else:
                assert body.startswith("<!DOCTYPE html>")
    finally:
        for context in contexts:
            context.close()
        stop_server(server)
    assert _snapshot() == before_files, "the served app changed a file it reads"
