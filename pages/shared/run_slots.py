"""A few page runs at a time in this process; the others wait their turn.

Streamlit runs each session's script in a thread of its own. When a hundred readers open a link
at once (a briefing posted on a busy story), a hundred threads share one interpreter lock: every
run takes as long as all of them together, and the server's event loop (which sends the
results and answers the proxy's health check) gets the lock once per round of a hundred
threads, seconds late, so the proxy took busy replicas out and cut their readers
(bench/RESULTS.md). A thread waiting on a semaphore holds no lock and uses no CPU: runs finish
in arrival order, each in its own time, and the event loop stays responsive.

A run of a session over its pace (pages/shared/rerun_rate.py: one rerunning as fast as the server
answers) takes a slot only when no other run is waiting for one: a reader's run goes first, and
a flood slows itself, not the others.

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


class Slots:
    """`count` slots. A late taker waits while any other taker waits, and late takers hold at
    most `count - 1` at once (one with a single slot): a slot stays free for the others."""

    def __init__(self, count: int) -> None:
        self._turn = threading.Condition()
        self._free = count
        self._late_most = max(1, count - 1)
        self._late_holding = 0
        self._waiting = 0  # takers who are not late, waiting
        self._late = 0  # late takers, waiting

    def _late_must_wait(self) -> bool:
        return bool(self._waiting) or self._late_holding >= self._late_most

    def acquire(self, late: bool = False) -> None:
        with self._turn:
            self._waiting += not late
            self._late += late
            try:
                while self._free == 0 or (late and self._late_must_wait()):
                    self._turn.wait()
            finally:
                self._waiting -= not late
                self._late -= late
            self._free -= 1
            self._late_holding += late

    def release(self, late: bool = False) -> None:
        with self._turn:
            self._free += 1
            self._late_holding -= late
            self._turn.notify_all()


SLOTS = _slots()
_slots_of_process = Slots(SLOTS)
_holding = threading.local()


@contextmanager
def behind_others() -> Iterator[None]:
    """The runs of this thread inside take a slot only when no other run waits for one."""
    _holding.late = True
    try:
        yield
    finally:
        _holding.late = False


@contextmanager
def run_slot() -> Iterator[None]:
    """Hold one of the process's run slots for the page run (waiting for one if all are taken)."""
    if getattr(_holding, "slot", False):  # the map fragment, run inline in a page run holding one
        yield
        return
    late = getattr(_holding, "late", False)
    _slots_of_process.acquire(late=late)
    _holding.slot = True
    try:
        yield
    finally:
        _holding.slot = False
        _slots_of_process.release(late=late)


@contextmanager
def slot_released() -> Iterator[None]:
    """Give the slot back while this run only waits (a conversion in a child process), so
    other readers are not kept waiting behind it; take one again before going on."""
    if not getattr(_holding, "slot", False):
        yield
        return
    late = getattr(_holding, "late", False)
    _holding.slot = False
    _slots_of_process.release(late=late)
    try:
        yield
    finally:
        _slots_of_process.acquire(late=late)
        _holding.slot = True
