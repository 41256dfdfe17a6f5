"""The per-session token bucket (pages/shared/rerun_rate.py): a burst, then a steady rate."""

from __future__ import annotations

import pytest

from pages.shared.rerun_rate import Bucket


def test_a_burst_runs_at_once_then_one_run_per_interval() -> None:
    bucket = Bucket.full(per_s=2.0, burst=3, now=100.0)
    assert [bucket.take(100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take(100.0) == pytest.approx(0.5)  # the next run is due in 1 / 2 s
    assert bucket.take(100.25) == pytest.approx(0.25)  # asking again takes nothing
    assert bucket.take(100.5) == 0.0
    assert bucket.take(100.5) == pytest.approx(0.5)


def test_a_quiet_session_gets_its_burst_back_but_no_more() -> None:
    bucket = Bucket.full(per_s=1.0, burst=2, now=0.0)
    assert bucket.take(0.0) == bucket.take(0.0) == 0.0
    assert bucket.take(0.0) > 0
    # An hour of reading the map earns the burst again, never more.
    runs = [bucket.take(3600.0) for _ in range(3)]
    assert runs[:2] == [0.0, 0.0] and runs[2] > 0
