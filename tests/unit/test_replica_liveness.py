"""The replica's liveness answer (deploy/replica.py): at once while Streamlit is busy, 503 when
it has not answered for too long, and nothing before it has ever answered."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from bench.harness import free_port
from deploy.replica import Liveness, QuietServer, serve_liveness


class FakeStreamlit:
    """`/_stcore/health` answering after `delay` seconds (a busy event loop)."""

    def __init__(self) -> None:
        self.delay = 0.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                time.sleep(fake.delay)
                self.send_response(200 if self.path == "/_stcore/health" else 404)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def streamlit() -> Iterator[FakeStreamlit]:
    fake = FakeStreamlit()
    yield fake
    fake.server.shutdown()


def health_answer(port: int) -> tuple[int, bytes] | None:
    """What the proxy's check on a liveness port gets: (status, body), or None if nobody answers."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/health")
        response = conn.getresponse()
        answer = response.status, response.read()
        conn.close()
        return answer
    except OSError:
        return None


def _check(port: int) -> tuple[int, float]:
    """(status, seconds) of one check."""
    began = time.monotonic()
    answer = health_answer(port)
    assert answer is not None, "the liveness port did not answer"
    return answer[0], time.monotonic() - began


def test_nothing_is_alive_before_streamlit_has_answered() -> None:
    liveness = Liveness(free_port(), stall_seconds=1)  # nobody listens there
    liveness.probe()
    assert not liveness.alive()


def test_a_busy_replica_is_answered_for_at_once_and_a_stuck_one_is_not(streamlit: FakeStreamlit) -> None:
    # Margins wide enough for a busy 2-core machine: the liveness answer must come well before
    # Streamlit's (the fake's delay), and the stuck state is waited for, not slept into.
    liveness = Liveness(streamlit.port, stall_seconds=3)
    health = serve_liveness(liveness, free_port())
    port = health.server_address[1]
    try:
        threading.Thread(target=liveness.watch, daemon=True).start()
        _until(liveness.alive)
        assert _check(port)[0] == 200
        # Busy: Streamlit takes 1 s to answer (within the stall limit). The check is answered
        # without waiting for it, and still alive, for as long as that lasts.
        streamlit.delay = 1.0
        for _ in range(4):
            status, seconds = _check(port)
            assert status == 200 and seconds < streamlit.delay / 2, (status, seconds)
            time.sleep(0.5)
        # Stuck: no answer within the stall limit: 503, still without waiting for Streamlit.
        streamlit.delay = 30.0
        _until(lambda: not liveness.answered, seconds=15)  # the open question ends, the next times out
        status, seconds = _check(port)
        assert status == 503 and seconds < 1.0, (status, seconds)
    finally:
        streamlit.delay = 0
        health.shutdown()


def _until(condition: Callable[[], bool], seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within time"
        time.sleep(0.05)


def test_a_replica_is_not_ready_until_its_first_page_run_has_finished(streamlit: FakeStreamlit) -> None:
    finish = threading.Event()
    liveness = Liveness(streamlit.port, stall_seconds=1, first_run=finish.wait)
    health = serve_liveness(liveness, free_port())
    port = health.server_address[1]
    try:
        threading.Thread(target=liveness.watch, daemon=True).start()
        _until(lambda: liveness.answered)
        time.sleep(0.3)
        assert health_answer(port) == (503, b"warming up\n")  # Streamlit answers, but nothing has run yet
        finish.set()
        _until(liveness.alive)
        assert health_answer(port) == (200, b"ok\n")
    finally:
        health.shutdown()


def test_a_replica_whose_first_run_fails_serves_anyway_and_says_why(
    streamlit: FakeStreamlit, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> None:
        raise ConnectionRefusedError("no websocket")

    liveness = Liveness(streamlit.port, stall_seconds=1, first_run=broken)
    liveness.probe()
    liveness.warm_once()
    assert liveness.alive()
    assert "warm-up failed, serving cold: ConnectionRefusedError: no websocket" in capsys.readouterr().err
