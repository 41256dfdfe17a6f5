"""How often one session may run the app: a token bucket per session, checked at the start of
every run before it takes a run slot (pages/shared/run_slots.py).

Every run of the app is a message on the session's websocket, which the proxy cannot read
(deploy/README.md), so a client that reruns as fast as the server answers (55 sockets from one
address: 42 runs a second) took every core from the other readers. Here a session may run
`INCIDENTS_RERUN_BURST` times (default 5) at once, then `INCIDENTS_RERUNS_PER_S` times a
second (default 1). A run beyond waits for its turn, holding no slot and no CPU; a newer request
from the same session ends the waiting run (Streamlit's yield check raises its rerun), so a
flood costs one run per turn, the latest, instead of all of them; and when its turn comes it
takes a run slot only once no other session's run waits for one (run_slots.behind_others). A
reader who clicks or pans faster than that sees the latest view a moment later; none is lost.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_run_yield_check

from pages.shared import run_slots

DEFAULT_PER_S = 1.0
DEFAULT_BURST = 5
POLL_S = 0.05
"""How soon a waiting run notices a newer request from its session."""
STATE_KEY = "_rerun_rate_bucket"


def _setting(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise SystemExit(f"{name} must be a number, not {raw!r}") from None
    if value <= 0:
        raise SystemExit(f"{name} must be above 0, not {raw!r}")
    return value


@dataclass
class Bucket:
    """`burst` runs at once, then one per `1 / per_s` seconds."""

    per_s: float
    burst: float
    tokens: float
    stamp: float

    @classmethod
    def full(cls, per_s: float, burst: float, now: float) -> Bucket:
        return cls(per_s, burst, burst, now)

    def take(self, now: float) -> float:
        """Take a run if one is due (0.0); else the seconds until one is, taking nothing."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.per_s)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.per_s


PER_S = _setting("INCIDENTS_RERUNS_PER_S", DEFAULT_PER_S)
BURST = _setting("INCIDENTS_RERUN_BURST", DEFAULT_BURST)
_pacing = threading.local()


def _wait_for_turn(bucket: Bucket) -> bool:
    """Wait until the session may run; whether it had to wait (it is over its pace)."""
    yield_check = get_run_yield_check()
    waited = False
    while (wait := bucket.take(time.monotonic())) > 0:
        waited = True
        if yield_check is not None:
            yield_check()  # a newer request from this session: this run ends here, unrun
        time.sleep(min(wait, POLL_S))
    return waited


@contextmanager
def paced() -> Iterator[None]:
    """Wait for this session's turn, then run (a page run, or the map fragment's own run).
    Inside a page run (the fragment drawn inline) the page's turn covers it."""
    if getattr(_pacing, "inside", False):
        yield
        return
    bucket = st.session_state.get(STATE_KEY)
    if bucket is None:
        bucket = st.session_state[STATE_KEY] = Bucket.full(PER_S, BURST, time.monotonic())
    late = _wait_for_turn(bucket)
    _pacing.inside = True
    try:
        with run_slots.behind_others() if late else nullcontext():
            yield
    finally:
        _pacing.inside = False
