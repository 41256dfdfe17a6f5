"""Load and faults through the serving stack (`make serve`'s HAProxy + replicas), on loopback only.

Chromium is too heavy for hundreds of readers on two cores, so each reader here is a protocol
client speaking Streamlit's own websocket protocol as the browser does (deploy/stream_client.py):
a page load (GET of the link, through the proxy: the sticky-session cookie, or a 429), the
websocket with a `rerun_script` carrying the link's query string, and about every 30 s a link
change (a history navigation to another link).

A view is complete when the run finishes; it is right when its count line ("5 of 28
incidents") is the count computed in this process, with the app's own Filter, for that
session's link. Every reader has its own loopback address (127.10.x.y), as readers have their
own addresses, so the proxy's per-client limits apply to each.

    python -m bench.load                          # 100, 200, 300 readers (5 min each), peak 600, faults
    python -m bench.load --levels 20 --duration 40 --arrival 10 --peak 60 --fault-sessions 20 \\
        --fault-seconds 60                        # a smoke run (about 4 min)
    python -m bench.load --only-abuse             # only the abuse scenario (below; about 6 min)

The abuse scenario: one address opens 55 websockets after one page load and reruns on each as
fast as the server answers, while 50 ordinary readers from other addresses change views; once
with the limits (the proxy's STREAMS_PER_CLIENT, the app's per-session pacing) and once without
them (the comparison). What counts is the ordinary readers' change times and errors.

Every level runs on a fresh stack (so VmHWM is that level's). Figures go to bench/out/load.json
and into bench/RESULTS.md between the `load:start` / `load:end` markers (the abuse scenario
between `load-abuse:start` / `load-abuse:end`). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import random
import re
import signal
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import websockets

from deploy.serve import Stack, start_on_free_ports
from deploy.stream_client import Refused, StreamSession

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS.md"
COUNT = re.compile(rb"([\d,]+) of ([\d,]+) incidents")
VIEW_TIMEOUT = 60.0  # a view not complete by then is an error


# --- links and what each must show --------------------------------------------------------------


def shared_links() -> list[tuple[str, int]]:
    """Distinct filter links (query strings) and the count each must show, from the app's Filter."""
    from geodata.gazetteer import load_gazetteer
    from incidents.filters import Filter
    from incidents.load import load_incidents

    gazetteer = load_gazetteer()
    data = load_incidents(gazetteer=gazetteer)
    options: list[dict[str, list[str]]] = [{}]
    for kind in sorted(data.incidents["event_type"].unique()):
        options.append({"type": [kind]})
    for actor in ("israel", "united-states", "iran-backed-militias", "unknown"):
        options.append({"attacker": [actor]})
        options.append({"attacker": [actor], "type": ["air-strike"]})
    for confidence in ("confirmed", "likely", "possible", "unknown"):
        options.append({"confidence": [confidence]})
    for year in ("2019", "2020", "2021", "2022", "2023", "2024"):
        options.append({"from": [f"{year}-01-01"], "to": [f"{year}-12-31"]})
    for place, km in (("al-bukamal", "25"), ("al-mayadin", "40"), ("deir-ez-zor", "30")):
        options.append({"place": [place], "km": [km]})
    for q in ("militia", "drone", "deir"):
        options.append({"q": [q]})
    links = []
    for params in options:
        filt, notices = Filter.from_query(params, known_places=gazetteer.places.index)
        if notices:
            continue
        count = len(filt.apply(data.incidents, data.sites, gazetteer.places)[0])
        links.append((urlencode(params, doseq=True), count))
    return links


# --- one reader ---------------------------------------------------------------------------------


@dataclass
class Reader:
    """What one protocol client saw."""

    index: int
    address: str
    replica: str = ""
    opened_s: float | None = None  # connect -> complete, right view
    changes_s: list[float] = field(default_factory=list)
    refused: int = 0  # 429 answers
    refused_within_s: float | None = None
    errors: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    disconnects: int = 0
    cuts: list[tuple[float, float]] = field(default_factory=list)  # (cut at, reconnected after)
    # Per cut answered: (cut at, 1 if it was waiting for a view when cut else 0, the wait from
    # asking for its first view after the cut to having it).
    recoveries: list[tuple[float, int, float]] = field(default_factory=list)
    held: bool = False  # connected with its view at the end


async def http_get(host: str, port: int, address: str, path: str, cookies: dict[str, str]) -> None:
    """GET `path` through the proxy from `address`; keep its cookies; raise Refused on 429."""
    reader, writer = await asyncio.open_connection(host, port, local_addr=(address, 0))
    try:
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
        request += f"Cookie: {cookie}\r\n\r\n" if cookie else "\r\n"
        writer.write(request.encode())
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        await reader.read()
    finally:
        writer.close()
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    for line in lines[1:]:
        if line.lower().startswith("set-cookie:"):
            name, _, rest = line.split(":", 1)[1].strip().partition("=")
            cookies[name] = rest.split(";", 1)[0]
    if status == 429:
        raise Refused
    if status != 200:
        raise RuntimeError(f"GET {path.split('?')[0]}: HTTP {status}")


def count_of(deltas: list[bytes]) -> tuple[int, int] | None:
    """The count line ("5 of 28 incidents") the last of a view's messages shows."""
    found = None
    for raw in deltas:
        found = COUNT.search(raw) or found
    return None if found is None else (int(found[1].replace(b",", b"")), int(found[2].replace(b",", b"")))


async def run_reader(
    reader: Reader,
    url: str,
    links: list[tuple[str, int]],
    total: int,
    stop_at: float,
    change_every: float,
    rng: random.Random,
    t0: float = 0.0,
    ask_on_reconnect: bool = False,
) -> None:
    """One reader: open a link, then change it about every `change_every` s until `stop_at`.

    Cut off (its replica died or froze), it reconnects as Streamlit's front end does: a health
    check, then the websocket again, and nothing more: the page it shows stays, and the server
    hears of it at its next action (Chromium sends nothing on a reconnect, tests/e2e/
    test_replica_failover.py). A reader cut while it waited for a view asks again at once.
    `ask_on_reconnect`: every cut reader asks for its view at once (a storm no browser makes, the
    worst case)."""
    host, port = url.removeprefix("http://").split(":")
    query, expected = links[reader.index % len(links)]
    cookies: dict[str, str] = {}
    started = time.monotonic()
    try:
        await asyncio.wait_for(http_get(host, int(port), reader.address, f"/?{query}", cookies), VIEW_TIMEOUT)
    except Refused:
        reader.refused += 1
        reader.refused_within_s = time.monotonic() - started
        return
    except Exception as exc:
        reader.errors.append(f"page load: {type(exc).__name__}: {exc}")
        return
    reader.replica = cookies.get("mapreplica", "")
    session = StreamSession(url, reader.address, cookies, open_timeout=VIEW_TIMEOUT)

    async def show(query: str, expected: int, history: bool) -> float:
        begin = time.monotonic()
        count = count_of(await asyncio.wait_for(session.view(query, history), VIEW_TIMEOUT))
        if count != (expected, total):
            reader.wrong.append(f"{query}: {count} instead of {(expected, total)}")
        return time.monotonic() - begin

    pending: list[float] = []  # when the reader was cut, until its next action is answered

    async def reconnect(lost_at: float, waiting_since: float | None = None) -> None:
        """Health check and websocket again with the same cookies (the proxy may move it to
        another replica); `waiting_since`: when the reader asked for the view it never got."""
        reader.disconnects += 1
        deadline = lost_at + VIEW_TIMEOUT
        while time.monotonic() < deadline:
            try:
                # Streamlit's front end checks the server's health, then opens the socket again;
                # it does not load the page again (so no page-load limit applies).
                await http_get(host, int(port), reader.address, "/_stcore/health", cookies)
                session.cookies = cookies
                await session.connect()
                reader.replica = cookies.get("mapreplica", "")
                reader.cuts.append((lost_at - t0, time.monotonic() - lost_at))
                if waiting_since is None and not ask_on_reconnect:
                    pending.append(lost_at)  # answered at its next action
                    return
                await show(query, expected, history=False)
                since = lost_at if waiting_since is None else waiting_since
                waiting = int(waiting_since is not None)
                reader.recoveries.append((lost_at - t0, waiting, time.monotonic() - since))
                return
            except Exception:  # the browser backs off and tries again
                await asyncio.sleep(1)
        raise TimeoutError("not reconnected within 60 s of the disconnect")

    try:
        try:
            await session.connect()
        except Refused:
            reader.refused += 1
            reader.refused_within_s = time.monotonic() - started
            return
        await show(query, expected, history=False)
        reader.opened_s = time.monotonic() - started
        while True:
            wait = change_every * rng.uniform(0.7, 1.3)
            if time.monotonic() + wait > stop_at:
                break
            try:
                # Listen while idle: a replica that dies or is cut closes the socket.
                raw = await asyncio.wait_for(session.ws.recv(), wait)
                del raw  # nothing is expected between runs; ignore stray messages
                continue
            except TimeoutError:
                pass
            except websockets.ConnectionClosed:
                await reconnect(time.monotonic())
                continue
            query, expected = links[rng.randrange(len(links))]
            asked = time.monotonic()
            try:
                took = await show(query, expected, history=True)
                reader.changes_s.append(took)
                if pending:
                    reader.recoveries.append((pending.pop() - t0, 0, took))
            except (websockets.ConnectionClosed, TimeoutError):
                pending.clear()
                await reconnect(time.monotonic(), waiting_since=asked)
        reader.held = True
    except Exception as exc:
        reader.errors.append(f"{type(exc).__name__}: {exc}"[:200])
    finally:
        with contextlib.suppress(Exception):
            await session.close()


# --- the stack's processes ----------------------------------------------------------------------


def proc_figures(pid: int) -> tuple[float, float]:
    """(CPU seconds used, VmHWM MiB) of a process."""
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return cpu, int(line.split()[1]) / 1024
    return cpu, float("nan")


def replica_pids(stack: Stack) -> dict[str, int]:
    return {f"r{i}": stack.replica_pid(i) for i in range(1, stack.settings.replicas + 1)}


# --- faults -------------------------------------------------------------------------------------


async def slowloris(host: str, port: int, connections: int, seconds: float, events: list) -> None:
    """`connections` sockets from one address sending a request header one byte every 2 s,
    for at most `seconds` (bounded); records how many the proxy closed and when."""
    opened, closed_after = [], []
    begin = time.monotonic()

    async def one() -> None:
        try:
            reader, writer = await asyncio.open_connection(host, port, local_addr=("127.9.9.9", 0))
        except OSError:
            return
        opened.append(1)
        start = time.monotonic()
        try:
            for byte in b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000:
                if time.monotonic() - begin > seconds:
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                with contextlib.suppress(TimeoutError):
                    if await asyncio.wait_for(reader.read(1), 2.0) == b"":
                        break
                if reader.at_eof():
                    break
            else:
                return
            if time.monotonic() - begin <= seconds:
                closed_after.append(time.monotonic() - start)
        except (ConnectionError, OSError):
            closed_after.append(time.monotonic() - start)
        finally:
            writer.close()

    await asyncio.gather(*(one() for _ in range(connections)))
    events.append(
        {
            "fault": "slowloris",
            "connections": len(opened),
            "closed_by_proxy": len(closed_after),
            "closed_after_s_max": max(closed_after, default=None),
        }
    )


def _taken_out_after(stack: Stack, server: str, since: float, within: float) -> float | None:
    """Seconds from `since` until the proxy marks `server` DOWN, polled every 20 ms in a thread
    of its own (the readers' event loop would add its own lag to the figure)."""
    while time.monotonic() - since < within:
        if any(r["svname"] == server and r["status"].startswith("DOWN") for r in stack.proxy_stat()):
            return time.monotonic() - since
        time.sleep(0.02)
    return None


async def faults(stack: Stack, start_at: float, events: list, plan: dict[str, float]) -> None:
    """Kill one replica, later SIGSTOP another for a while, later a slowloris; log what happened."""
    host, port = stack.url.removeprefix("http://").split(":")
    await asyncio.sleep(max(0, start_at + plan["kill_at"] - time.monotonic()))
    pid = stack.replica_pid(1)
    os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()
    events.append({"fault": "kill", "replica": "r1", "at_s": killed - start_at})
    restarted = None
    while time.monotonic() - killed < 60:
        await asyncio.sleep(0.5)
        rows = {r["svname"]: r["status"] for r in await asyncio.to_thread(stack.proxy_stat)}
        if await asyncio.to_thread(stack.replica_pid, 1) not in (0, pid) and rows.get("replica-1") == "UP":
            restarted = time.monotonic() - killed
            break
    events[-1]["restarted_and_up_after_s"] = restarted

    await asyncio.sleep(max(0, start_at + plan["stop_at"] - time.monotonic()))
    victim = stack.settings.replicas  # the last replica
    pid = stack.replica_pid(victim)
    os.kill(pid, signal.SIGSTOP)
    stopped = time.monotonic()
    try:
        down_after = await asyncio.to_thread(_taken_out_after, stack, f"replica-{victim}", stopped, 10.0)
        await asyncio.sleep(max(0, stopped + plan["stop_for"] - time.monotonic()))
    finally:
        os.kill(pid, signal.SIGCONT)
    events.append(
        {
            "fault": "sigstop",
            "replica": f"r{victim}",
            "at_s": stopped - start_at,
            "for_s": plan["stop_for"],
            "taken_out_after_s": down_after,
        }
    )
    await asyncio.sleep(max(0, start_at + plan["slowloris_at"] - time.monotonic()))
    events.append({"fault": "slowloris-start", "at_s": time.monotonic() - start_at})
    await slowloris(host, int(port), int(plan["slowloris_connections"]), plan["slowloris_for"], events)


# --- one address abusing the websocket ----------------------------------------------------------

ABUSER = "127.66.0.1"


@dataclass
class Abuse:
    """What the abusing address got."""

    sockets: int  # asked for
    opened: int = 0
    refused: int = 0  # 429 (or 403) on opening a socket
    runs: int = 0  # runs finished, all sockets together
    errors: list[str] = field(default_factory=list)


async def run_abuser(url: str, links: list[tuple[str, int]], abuse: Abuse, stop_at: float) -> None:
    """One page load, then `abuse.sockets` websockets from one address, each asking for a view
    and, as soon as it has it, the next one, until `stop_at`. No cookie: the proxy spreads the
    sockets over the replicas, the worst case."""
    host, port = url.removeprefix("http://").split(":")
    await http_get(host, int(port), ABUSER, "/", {})

    async def one(i: int) -> None:
        session = StreamSession(url, ABUSER, open_timeout=VIEW_TIMEOUT)
        try:
            await session.connect()
        except (Refused, websockets.InvalidStatus):
            abuse.refused += 1
            return
        abuse.opened += 1
        try:
            n = i
            while time.monotonic() < stop_at:
                n += 1
                await asyncio.wait_for(
                    session.view(links[n % len(links)][0], history=n > i + 1), VIEW_TIMEOUT
                )
                abuse.runs += 1
        except Exception as exc:  # the proxy or the server closing an abusive socket is fine
            abuse.errors.append(f"{type(exc).__name__}")
        finally:
            with contextlib.suppress(Exception):
                await session.close()

    await asyncio.gather(*(one(i) for i in range(abuse.sockets)))


# --- Chromium sample ----------------------------------------------------------------------------


def chromium_sample(url: str, links: list[tuple[str, int]], total: int, n: int, out: list) -> None:
    """`n` real Chromium readers during the load (in a thread): open a link, check its count."""
    from playwright.sync_api import sync_playwright

    from bench.harness import CHROMIUM, CHROMIUM_ARGS
    from tests.counts import parse_count

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for i in range(n):
                query, expected = links[(7 * i + 3) % len(links)]
                page = browser.new_page()
                begin = time.monotonic()
                try:
                    page.goto(f"{url}/?{query}", wait_until="domcontentloaded", timeout=60_000)
                    text = page.locator("[data-testid='incident-count']").first.inner_text(timeout=60_000)
                    out.append(
                        {
                            "link": query,
                            "seconds": time.monotonic() - begin,
                            "right": parse_count(text) == (expected, total),
                        }
                    )
                except Exception as exc:
                    out.append({"link": query, "error": f"{type(exc).__name__}"})
                finally:
                    page.close()
        finally:
            browser.close()


# --- a level ------------------------------------------------------------------------------------


def quantiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p95": None, "max": None, "n": 0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1], "n": len(ordered)}


async def run_level(
    name: str,
    sessions: int,
    arrival: float,
    duration: float,
    change_every: float,
    replicas: int,
    links: list[tuple[str, int]],
    total: int,
    fault_plan: dict[str, float] | None = None,
    chromium: int = 0,
    overrides: dict[str, int] | None = None,
    ask_on_reconnect: bool = False,
    abuser_sockets: int = 0,
    replica_env: dict[str, str] | None = None,
) -> dict:
    run_dir = Path(tempfile.mkdtemp(prefix=f"load-{re.sub(r'[^a-z0-9]+', '-', name)}-"))
    saved = {key: os.environ.get(key) for key in replica_env or {}}
    os.environ.update(replica_env or {})  # supervisord, and so the replicas, start with it
    try:
        stack = await asyncio.to_thread(start_on_free_ports, run_dir, replicas, **(overrides or {}))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    client_cpu = sum(os.times()[:2])
    try:
        pids = replica_pids(stack)
        cpu_before = {k: proc_figures(pid)[0] for k, pid in pids.items()}
        readers = [Reader(i, f"127.10.{i // 250}.{i % 250 + 1}") for i in range(sessions)]
        begin = time.monotonic()
        stop_at = begin + duration
        rng = random.Random(sessions)
        tasks = []
        events: list = []
        fault_task = None
        if fault_plan:
            fault_task = asyncio.create_task(faults(stack, begin, events, fault_plan))
        sample: list = []
        sampler = None
        if chromium:
            sampler = threading.Thread(
                target=chromium_sample, args=(stack.url, links, total, chromium, sample), daemon=True
            )
        for reader in readers:
            delay = rng.uniform(0, arrival) if arrival > 0 else 0.0
            tasks.append(
                asyncio.create_task(
                    _delayed(
                        delay,
                        run_reader(
                            reader,
                            stack.url,
                            links,
                            total,
                            stop_at,
                            change_every,
                            random.Random(reader.index),
                            begin,
                            ask_on_reconnect,
                        ),
                    )
                )
            )
        abuse = Abuse(abuser_sockets)
        if abuser_sockets:
            tasks.append(asyncio.create_task(run_abuser(stack.url, links, abuse, stop_at)))
        if sampler:
            await asyncio.sleep(min(arrival, duration / 2))
            sampler.start()
        await asyncio.gather(*tasks)
        if fault_task:
            await fault_task
        if sampler:
            sampler.join(timeout=120)
        elapsed = time.monotonic() - begin
        pids_after = replica_pids(stack)
        per_replica = {}
        for key, pid in pids_after.items():
            cpu, hwm = proc_figures(pid)
            used = cpu - cpu_before[key] if pid == pids[key] else cpu  # restarted: since its start
            per_replica[key] = {
                "vmhwm_mib": round(hwm, 1),
                "cpu_pct_of_core": round(100 * used / elapsed, 1),
                "restarted": pid != pids[key],
            }
        proxy_cpu, proxy_hwm = proc_figures(int(stack.ctl("pid", "proxy")))
        client_cpu = sum(os.times()[:2]) - client_cpu
    finally:
        await asyncio.to_thread(stack.stop)
    by_replica: dict[str, int] = {}
    for reader in readers:
        by_replica[reader.replica] = by_replica.get(reader.replica, 0) + 1
    return {
        "level": name,
        "sessions": sessions,
        "arrival_s": arrival,
        "duration_s": duration,
        "replicas": replicas,
        "held": sum(r.held for r in readers),
        "refused_429": sum(r.refused > 0 for r in readers),
        "refused_within_s_max": max((r.refused_within_s or 0 for r in readers if r.refused), default=None),
        "errors": sum(bool(r.errors) for r in readers),
        "error_samples": sorted({e for r in readers for e in r.errors})[:5],
        "wrong": sum(len(r.wrong) for r in readers),
        "wrong_samples": [w for r in readers for w in r.wrong][:5],
        "open_s": quantiles([r.opened_s for r in readers if r.opened_s is not None]),
        "opened_within_10s": sum(1 for r in readers if r.opened_s is not None and r.opened_s <= 10),
        "change_s": quantiles([s for r in readers for s in r.changes_s]),
        "disconnects": sum(r.disconnects for r in readers),
        "cuts": sorted((round(at, 1), round(after, 2)) for r in readers for at, after in r.cuts),
        "recoveries": sorted(
            (round(at, 1), waiting, round(waited, 2)) for r in readers for at, waiting, waited in r.recoveries
        ),
        "sessions_by_replica": by_replica,
        "replicas_figures": per_replica,
        "proxy": {"vmhwm_mib": round(proxy_hwm, 1), "cpu_s": round(proxy_cpu, 1)},
        "clients_cpu_pct_of_core": round(100 * client_cpu / elapsed, 1),
        "settings": {
            **(overrides or {}),
            **(replica_env or {}),
            **({"ask_on_reconnect": True} if ask_on_reconnect else {}),
        },
        "abuse": None
        if not abuser_sockets
        else {
            "sockets": abuse.sockets,
            "opened": abuse.opened,
            "refused": abuse.refused,
            "runs": abuse.runs,
            "runs_per_s": round(abuse.runs / elapsed, 1),
            "errors": len(abuse.errors),
            "error_samples": sorted(set(abuse.errors))[:3],
        },
        "faults": events,
        "chromium_sample": sample,
        "wall_s": round(elapsed, 1),
    }


async def _delayed(delay: float, coro) -> None:  # type: ignore[no-untyped-def]
    await asyncio.sleep(delay)
    await coro


# --- report -------------------------------------------------------------------------------------


def _fmt(q: dict) -> str:
    if not q.get("n"):
        return "–"
    return f"{q['p50']:.2f} / {q['p95']:.2f} / {q['max']:.2f}"


def report(results: list[dict], args: argparse.Namespace) -> str:
    load = os.getloadavg()
    busy = load[1] > (os.cpu_count() or 1)
    lines = [
        "<!-- load:start -->",
        "## Load and faults through the proxy (`python -m bench.load`)",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC: {os.cpu_count()} cores, Linux "
        f"{platform.release()}; load average at the end {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}"
        + (" (above the cores: other work shared the machine, figures are noisy)" if busy else "")
        + ". HAProxy + "
        f"{args.replicas} replicas under supervisord; protocol clients (no browser), each from its own "
        f"loopback address; arrivals over {args.arrival:.0f} s, a link change about every "
        f"{args.change:.0f} s, {args.duration:.0f} s per level; the curated records.",
        "",
        "| level | sessions | held | 429 | errors | wrong | open s p50 / p95 / max | change s p50 / p95 / "
        "max | per replica: sessions, VmHWM MiB, CPU % of a core |",
        "|---|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for r in results:
        replicas = "; ".join(
            f"{k}: {r['sessions_by_replica'].get(k, 0)}, {v['vmhwm_mib']:.0f}, {v['cpu_pct_of_core']:.0f}%"
            + (" (restarted)" if v["restarted"] else "")
            for k, v in r["replicas_figures"].items()
        )
        lines.append(
            f"| {r['level']} | {r['sessions']} | {r['held']} | {r['refused_429']} | {r['errors']} | "
            f"{r['wrong']} | {_fmt(r['open_s'])} | {_fmt(r['change_s'])} | {replicas} |"
        )
    lines.append("")
    for r in results:
        extra = []
        if r["level"].startswith("peak"):
            extra.append(
                f"served within 10 s: {r['opened_within_10s']} of {r['sessions']}; told to retry (429): "
                f"{r['refused_429']} (slowest 429 after {r['refused_within_s_max'] or 0:.1f} s); "
                f"neither (errors, hung): {r['errors']}"
            )
        if r["faults"]:
            extra.append("faults: " + json.dumps(r["faults"]))
            extra.append(f"disconnects seen by readers: {r['disconnects']}")
            for fault in r["faults"]:
                if "at_s" not in fault or fault["fault"] == "slowloris-start":
                    continue

                def near(rows: list, at: float = fault["at_s"]) -> list:
                    return [x for x in rows if at - 1 <= x[0] <= at + 30]

                cuts = near(r["cuts"])
                waiting = [x[2] for x in near(r["recoveries"]) if x[1]]
                idle = [x[2] for x in near(r["recoveries"]) if not x[1]]
                extra.append(
                    f"after the {fault['fault']} at {fault['at_s']:.0f} s: {len(cuts)} readers cut, "
                    f"reconnected within {max((x[1] for x in cuts), default=0):.1f} s; "
                    f"{len(waiting)} were waiting for a view when cut: theirs came "
                    f"{max(waiting, default=0):.1f} s at most after they asked; the others' next "
                    f"action answered in (p50 / p95 / max) {_fmt(quantiles(idle))} s"
                )
        if r["error_samples"]:
            extra.append("errors: " + "; ".join(r["error_samples"]))
        if r["wrong_samples"]:
            extra.append("wrong: " + "; ".join(r["wrong_samples"]))
        if r["chromium_sample"]:
            ok = [s for s in r["chromium_sample"] if s.get("right")]
            extra.append(
                f"Chromium sample during the load: {len(ok)} of {len(r['chromium_sample'])} readers saw "
                "their own count; open → count line s: "
                + ", ".join(f"{s['seconds']:.1f}" for s in r["chromium_sample"] if "seconds" in s)
            )
        extra.append(f"proxy: VmHWM {r['proxy']['vmhwm_mib']:.0f} MiB, CPU {r['proxy']['cpu_s']:.1f} s")
        extra.append(f"the bench's own clients: {r.get('clients_cpu_pct_of_core', 0):.0f} % of a core")
        if r.get("settings"):
            extra.append("settings: " + ", ".join(f"{k}={v}" for k, v in r["settings"].items()))
        lines.append(f"- **{r['level']}**: " + "; ".join(extra))
    lines.append("<!-- load:end -->")
    return "\n".join(lines)


def report_abuse(results: list[dict], args: argparse.Namespace) -> str:
    load = os.getloadavg()
    lines = [
        "<!-- load-abuse:start -->",
        "## One address abusing the websocket (`python -m bench.load --only-abuse`)",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC: {os.cpu_count()} cores; load average at the end "
        f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}"
        + (" (above the cores: other work shared the machine)" if load[1] > (os.cpu_count() or 1) else "")
        + f". HAProxy + {args.replicas} replicas; {args.abuse_readers} ordinary readers (protocol clients, "
        f"each from its own loopback address, a link change about every {args.abuse_change:.0f} s) and one "
        f"address ({ABUSER}) asking for {args.abuse_sockets} websockets after one page load, each asking "
        f"for a new view as soon as it has the last; {args.abuse_seconds:.0f} s per row.",
        "",
        "| limits | readers' change s p50 / p95 / max | readers' errors | wrong | abuser's sockets opened "
        "/ refused | abuser's runs a second |",
        "|---|---|---:|---:|---|---:|",
    ]
    for r in results:
        a = r["abuse"] or {"opened": "–", "refused": "–", "runs_per_s": "–"}
        lines.append(
            f"| {r['level']} | {_fmt(r['change_s'])} | {r['errors']} | {r['wrong']} | "
            f"{a['opened']} / {a['refused']} | {a['runs_per_s']} |"
        )
    lines.append("")
    for r in results:
        settings = ", ".join(f"{k}={v}" for k, v in r["settings"].items()) or "the defaults"
        cpu = "; ".join(
            f"{k}: {v['cpu_pct_of_core']:.0f} % of a core" for k, v in r["replicas_figures"].items()
        )
        lines.append(f"- **{r['level']}**: {settings}; replicas {cpu}; open s {_fmt(r['open_s'])}")
    lines.append("<!-- load-abuse:end -->")
    return "\n".join(lines)


def write_results(section: str, path: Path = RESULTS, marker: str = "load") -> None:
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"<!-- {marker}:start -->.*?<!-- {marker}:end -->", re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n")


async def abuse_async(args: argparse.Namespace) -> list[dict]:
    """The abuse scenario with the limits, then without them (the comparison)."""
    links = shared_links()
    from incidents.load import load_incidents

    total = len(load_incidents().incidents)
    runs = [("with the limits (defaults)", {}, {}, args.abuse_sockets)]
    if args.abuse_compare:
        unlimited = {"streams_per_client": args.abuse_sockets + 10, "connections_per_client": 200}
        runs.append(
            (
                "none (no stream limit, no pacing)",
                unlimited,
                {"INCIDENTS_RERUNS_PER_S": "1000000"},
                args.abuse_sockets,
            )
        )
        runs.append(("no abuser (the machine's baseline)", {}, {}, 0))
    results = []
    for name, overrides, env, sockets in runs:
        print(f"abuse, limits: {name}, {args.abuse_seconds:.0f} s ...", flush=True)
        results.append(
            await run_level(
                name,
                args.abuse_readers,
                min(args.arrival, 10),
                args.abuse_seconds,
                args.abuse_change,
                args.replicas,
                links,
                total,
                overrides={**args.overrides, **overrides},
                abuser_sockets=sockets,
                replica_env=env,
            )
        )
        print(json.dumps(results[-1], default=str)[:600], flush=True)
    return results


async def main_async(args: argparse.Namespace) -> list[dict]:
    links = shared_links()
    from incidents.load import load_incidents

    total = len(load_incidents().incidents)
    results = []
    for sessions in args.levels:
        print(f"level {sessions}: arriving over {args.arrival:.0f} s, {args.duration:.0f} s ...", flush=True)
        results.append(
            await run_level(
                str(sessions),
                sessions,
                args.arrival,
                args.duration,
                args.change,
                args.replicas,
                links,
                total,
                chromium=args.chromium,
                overrides=args.overrides,
            )
        )
        print(json.dumps(results[-1], default=str)[:600], flush=True)
    if args.peak:
        print(f"peak: {args.peak} at once, {args.peak_seconds:.0f} s ...", flush=True)
        results.append(
            await run_level(
                f"peak {args.peak}",
                args.peak,
                0,
                args.peak_seconds,
                args.change,
                args.replicas,
                links,
                total,
                overrides=args.overrides,
            )
        )
        print(json.dumps(results[-1], default=str)[:600], flush=True)
    if args.fault_sessions:
        plan = {
            "kill_at": args.fault_seconds * 0.2,
            "stop_at": args.fault_seconds * 0.45,
            "stop_for": min(20.0, args.fault_seconds * 0.15),
            "slowloris_at": args.fault_seconds * 0.7,
            "slowloris_for": min(30.0, args.fault_seconds * 0.2),
            "slowloris_connections": 200,
        }
        print(f"faults: {args.fault_sessions} readers, {args.fault_seconds:.0f} s ...", flush=True)
        results.append(
            await run_level(
                f"faults ({args.fault_sessions})",
                args.fault_sessions,
                min(args.arrival, 20),
                args.fault_seconds,
                min(args.change, 10),
                args.replicas,
                links,
                total,
                fault_plan=plan,
                overrides=args.overrides,
                ask_on_reconnect=args.ask_on_reconnect,
            )
        )
        print(json.dumps(results[-1], default=str)[:600], flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--levels", type=lambda s: [int(x) for x in s.split(",") if x], default=[100, 200, 300]
    )
    parser.add_argument("--arrival", type=float, default=60.0, help="seconds over which readers arrive")
    parser.add_argument("--duration", type=float, default=300.0, help="seconds per level")
    parser.add_argument("--change", type=float, default=30.0, help="seconds between a reader's link changes")
    parser.add_argument("--peak", type=int, default=600, help="readers arriving at once (0: none)")
    parser.add_argument("--peak-seconds", type=float, default=60.0)
    parser.add_argument("--fault-sessions", type=int, default=150, help="readers during the faults (0: none)")
    parser.add_argument("--fault-seconds", type=float, default=150.0)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--chromium", type=int, default=2, help="real Chromium readers sampled per level")
    parser.add_argument("--results", default=str(RESULTS), help="the RESULTS.md to update ('' = none)")
    parser.add_argument("--check-timeout-ms", type=int, default=0, help="override CHECK_TIMEOUT_MS")
    parser.add_argument(
        "--ask-on-reconnect",
        action="store_true",
        help="every reader cut by a fault asks for its view at once (a storm no browser makes)",
    )
    parser.add_argument("--check-fall", type=int, default=0, help="override CHECK_FALL")
    parser.add_argument(
        "--abuse-readers", type=int, default=50, help="ordinary readers in the abuse scenario"
    )
    parser.add_argument(
        "--abuse-sockets", type=int, default=55, help="websockets the abusing address asks for"
    )
    parser.add_argument("--abuse-seconds", type=float, default=120.0, help="seconds per abuse row (0: none)")
    parser.add_argument("--abuse-change", type=float, default=10.0, help="readers' seconds between changes")
    parser.add_argument(
        "--no-abuse-compare", dest="abuse_compare", action="store_false", help="skip the row without limits"
    )
    parser.add_argument("--only-abuse", action="store_true", help="only the abuse scenario")
    args = parser.parse_args()
    args.overrides = {
        k: v for k, v in (("check_timeout_ms", args.check_timeout_ms), ("check_fall", args.check_fall)) if v
    }
    if args.abuse_seconds:
        abuse = asyncio.run(abuse_async(args))
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "load-abuse.json").write_text(
            json.dumps({"args": vars(args), "results": abuse}, indent=1, default=str)
        )
        section = report_abuse(abuse, args)
        print(section)
        if args.results:
            write_results(section, Path(args.results), marker="load-abuse")
    if args.only_abuse:
        return
    results = asyncio.run(main_async(args))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "load.json").write_text(
        json.dumps({"args": vars(args), "results": results}, indent=1, default=str)
    )
    section = report(results, args)
    print(section)
    if args.results:
        write_results(section, Path(args.results))


if __name__ == "__main__":
    main()
