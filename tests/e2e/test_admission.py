"""A burst of new readers is let in at the stack's rate, the others told to retry at once
(deploy/haproxy.cfg.template: NEW_READERS_PER_10S), through the real HAProxy.

Each request comes from a loopback address of its own, as readers have their own addresses, so
the per-client limits never apply here: what answers is the stack-wide admission.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from deploy.serve import Stack, start_on_free_ports
from tests.e2e.test_proxy import check_headers, get

LIMIT = 5


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack = start_on_free_ports(tmp_path_factory.mktemp("admission"), replicas=1, new_readers_per_10s=LIMIT)
    yield stack
    stack.stop()


def _reader(n: int) -> str:
    return f"127.0.{20 + n // 250}.{n % 250 + 1}"


def test_a_burst_past_the_admission_rate_gets_the_429_page_and_comes_in_later(stack: Stack) -> None:
    statuses = [get(stack, "/?type=drone-strike", source=_reader(n)).status for n in range(LIMIT + 3)]
    assert statuses == [200] * LIMIT + [429] * 3, statuses
    refused = get(stack, "/", source=_reader(50))
    assert refused.status == 429 and refused.getheader("Retry-After")
    check_headers(dict(refused.getheaders()), "admission 429 page")
    # What an admitted reader's page needs next is not a new reader: never refused.
    for path in ("/_stcore/health", "/static/vendor/leaflet/leaflet.js"):
        assert get(stack, path, source=_reader(60)).status == 200, path
    # Readers told to retry who do retry do not keep the door shut: only admitted page loads
    # count, so once the window has passed a reader is let in although refusals went on.
    deadline = time.monotonic() + 25
    n = 100
    while time.monotonic() < deadline:
        n += 1
        if get(stack, "/", source=_reader(n)).status == 200:
            break
        time.sleep(1)
    else:
        pytest.fail("no reader let in 25 s after the burst, with refused readers retrying every second")
