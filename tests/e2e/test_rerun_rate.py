"""A session rerunning as fast as the server answers is paced (pages/shared/rerun_rate.py), over
the real websocket protocol against a real `streamlit run`: its burst runs at once, then one run
a second, each view right; another session meanwhile is answered at once."""

from __future__ import annotations

import time

from bench.load import count_of, shared_links
from deploy.stream_client import StreamSession
from incidents.load import load_incidents
from pages.shared.rerun_rate import BURST, PER_S
from tests.e2e.conftest import Server, run_async

MORE = 6  # runs past the burst


def test_a_flooding_session_is_paced_and_another_is_not(server: Server) -> None:
    links = shared_links()
    total = len(load_incidents().incidents)

    async def scenario() -> tuple[float, float, list]:
        flooder, other = StreamSession(server.url), StreamSession(server.url)
        await flooder.connect()
        await other.connect()
        try:
            await other.view("")
            wrong = []
            began = time.monotonic()
            for i in range(int(BURST) + MORE):
                query, expected = links[i % len(links)]
                count = count_of(await flooder.view(query, history=i > 0))
                if count != (expected, total):
                    wrong.append((query, count))
                if i == int(BURST):  # the flooder now waits for its turn: the other reader does not
                    asked = time.monotonic()
                    await other.view(links[1][0], history=True)
                    other_took = time.monotonic() - asked
            return time.monotonic() - began, other_took, wrong
        finally:
            await flooder.close()
            await other.close()

    took, other_took, wrong = run_async(scenario())
    assert wrong == []
    # The burst at once, then one run per 1 / PER_S seconds (the first run of all opens the page).
    assert took >= (MORE - 0.5) / PER_S, took
    assert other_took < 1.0 / PER_S, other_took
