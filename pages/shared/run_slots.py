"""A few page runs at a time in this process; the others wait their turn.

Streamlit runs each session's script in a thread of its own. When a hundred readers open a link
at once (a briefing posted on a busy story), a hundred threads share one interpreter lock: every
run takes as long as all of them together, and the server's event loop (which sends the
results and answers the proxy's health check) gets the lock once per round of a hundred
threads, seconds late, so the proxy took busy replicas out and cut their readers
(bench/RESULTS.md). A thread waiting on a semaphore holds no lock and uses no CPU: runs finish
in arrival order, each in its own time, and the event loop stays responsive.

`INCIDENTS_RUN_SLOTS` (default 2) sets the number; more than the cores a process can use buys
nothing under one interpreter lock.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_SLOTS = 2


def _slots() -> int:
    raw = os.environ.get("INCIDENTS_RUN_SLOTS", "")
    try:
        return max(1, int(raw)) if raw else DEFAULT_SLOTS
    except ValueError:
        raise SystemExit(f"INCIDENTS_RUN_SLOTS must be a whole number, not {raw!r}") from None


SLOTS = _slots()
_semaphore = threading.BoundedSemaphore(SLOTS)
_holding = threading.local()


@contextmanager
def run_slot() -> Iterator[None]:
    """Hold one of the process's run slots for the page run (waiting for one if all are taken)."""
    if getattr(_holding, "slot", False):  # the map fragment, run inline in a page run holding one
        yield
        return
    _semaphore.acquire()
    _holding.slot = True
    try:
        yield
    finally:
        _holding.slot = False
        _semaphore.release()


@contextmanager
def slot_released() -> Iterator[None]:
    """Give the slot back while this run only waits (a conversion in a child process), so
    other readers are not kept waiting behind it; take one again before going on."""
    if not getattr(_holding, "slot", False):
        yield
        return
    _holding.slot = False
    _semaphore.release()
    try:
        yield
    finally:
        _semaphore.acquire()
        _holding.slot = True
