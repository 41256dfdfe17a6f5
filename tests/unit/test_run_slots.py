"""At most SLOTS page runs at a time per process (pages/shared/run_slots.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from pages.shared import run_slots


def _concurrency(work: Callable[[], None], threads: int = 8) -> int:
    """The most threads inside `work` at once, `threads` of them started together."""
    inside, most, lock = 0, 0, threading.Lock()

    def one() -> None:
        nonlocal inside, most
        with run_slots.run_slot():
            with lock:
                inside += 1
                most = max(most, inside)
            work()
            with lock:
                inside -= 1

    started = [threading.Thread(target=one) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in started)
    return most


def test_no_more_runs_than_slots_at_once() -> None:
    assert run_slots.SLOTS == run_slots.DEFAULT_SLOTS == 2
    assert _concurrency(lambda: time.sleep(0.05)) == run_slots.SLOTS


def test_a_run_inside_a_run_does_not_wait_for_itself() -> None:
    def nested() -> None:
        with run_slots.run_slot():  # st.navigation's page inside app.py's run
            time.sleep(0.01)

    assert _concurrency(nested, threads=4) == run_slots.SLOTS


def test_a_run_that_only_waits_lets_others_in() -> None:
    """Two runs waiting for a conversion (slot released) do not keep a third reader out."""
    waiting = threading.Event()
    finish = threading.Event()

    def converting() -> None:
        with run_slots.run_slot(), run_slots.slot_released():
            waiting.set()
            finish.wait(5)

    converters = [threading.Thread(target=converting) for _ in range(run_slots.SLOTS)]
    for thread in converters:
        thread.start()
    waiting.wait(5)
    time.sleep(0.05)
    ran = threading.Event()

    def read() -> None:
        with run_slots.run_slot():
            ran.set()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=2)
    got_in = ran.is_set()
    finish.set()
    for thread in converters:
        thread.join(timeout=5)
    reader.join(timeout=5)
    assert got_in, "a reader waited behind runs that only wait for a conversion"


def test_a_run_over_its_pace_takes_a_slot_only_once_no_other_run_waits() -> None:
    slots = run_slots.Slots(1)
    slots.acquire()  # a run holds the only slot
    order: list[str] = []

    def take(name: str, late: bool) -> None:
        slots.acquire(late=late)
        order.append(name)
        slots.release()

    def waiting_for(count: Callable[[], int]) -> None:
        deadline = time.monotonic() + 5
        while count() == 0:
            assert time.monotonic() < deadline
            time.sleep(0.01)

    flood = threading.Thread(target=take, args=("flood", True))
    flood.start()
    waiting_for(lambda: slots._late)
    reader = threading.Thread(target=take, args=("reader", False))
    reader.start()  # asks after the flood
    waiting_for(lambda: slots._waiting)
    slots.release()
    for thread in (flood, reader):
        thread.join(timeout=5)
    assert order == ["reader", "flood"]


def test_runs_over_their_pace_leave_a_slot_free_for_the_others() -> None:
    slots = run_slots.Slots(2)
    slots.acquire(late=True)  # a flood's run holds one slot
    flood_again = threading.Thread(target=slots.acquire, kwargs={"late": True})
    flood_again.start()
    flood_again.join(timeout=0.5)
    assert flood_again.is_alive(), "a second late run took the last free slot"
    slots.acquire()  # a reader's run takes it at once
    slots.release()
    slots.release(late=True)  # the first flood run ends: the waiting one goes
    flood_again.join(timeout=5)
    assert not flood_again.is_alive()
    slots.release(late=True)
