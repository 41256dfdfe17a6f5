"""A replica reports ready to the proxy only once it has served a real page run to itself
(deploy/replica.py): until then its liveness port says "warming up" (503), so a replica the
supervisor restarts is not handed a crowd of reconnecting readers while its caches are cold."""

from __future__ import annotations

import os
import time

from bench.harness import free_port, start_streamlit, stop
from tests.e2e.conftest import ARTIFACTS
from tests.unit.test_replica_liveness import health_answer


def test_a_replica_is_ready_only_after_its_first_page_run() -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "replica-warm-up.log"
    health = free_port()
    replica = start_streamlit(
        ["deploy.replica", "--health-port", str(health), "--", "app.py"], free_port(), {**os.environ}, log
    )
    try:
        # Streamlit answers its own health check by now; the replica is not ready yet.
        answers = [health_answer(health)]
        deadline = time.monotonic() + 90
        while answers[-1] != (200, b"ok\n"):
            assert time.monotonic() < deadline, answers[-5:]
            time.sleep(0.1)  # polling the liveness port, as the proxy does
            answers.append(health_answer(health))
        assert (503, b"warming up\n") in answers, set(answers)
        # The warm-up was a page run that finished, not a failure let through.
        text = log.read_text()
        assert "deploy.replica: warmed up in" in text and "warm-up failed" not in text, text[-2000:]
    finally:
        stop(replica)
