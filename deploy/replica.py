"""One replica: the Streamlit server, plus a liveness answer the proxy can trust under load.

The proxy used to ask Streamlit's own `/_stcore/health`, which the server's event loop answers:
the same loop that sends every reader's page. When 70 readers of a frozen replica reconnected to
another one at once, that one answered later than a second three times in a row, and the proxy
took a replica that was only busy out of rotation and cut its readers too (bench/RESULTS.md). A
busy replica and a frozen one looked alike.

Here a small HTTP server in a thread of its own answers the proxy's check on `--health-port` at
once, with what a watcher thread last saw: Streamlit's `/_stcore/health` answering within
STALL_SECONDS. A busy replica is reported alive (its loop is slow, not stuck); a frozen process
(SIGSTOP, a hung machine) answers nothing at all, so the proxy's short timeout takes it out
within seconds; a loop stuck for longer than STALL_SECONDS is reported 503 and taken out too.

A replica reports ready only after it has served one real page run to itself (`warm_up`, over
the same websocket protocol as a browser): the first run of a process loads the records, renders
the base map and builds the timeline template (2.4 s here), and every run after it is 20 times
cheaper. A replica restarted after a crash used to be put back cold, and the 83 readers cut from
a frozen one, all sent to it at once, waited up to 11 s for their views (bench/RESULTS.md).

    python -m deploy.replica --health-port 8505 -- app.py --server.port 8502 ...   (supervisord)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STALL_SECONDS = 15.0
"""Streamlit not answering its own health check for this long is a stuck replica, not a busy one."""
PROBE_EVERY = 1.0
WARM_UP_SECONDS = 120.0
"""A warm-up run not finished by then is given up (and logged); the replica serves anyway."""


def healthy(url: str, timeout: float = 2) -> bool:
    """Whether the Streamlit server at `url` answers its own health check with 200 within `timeout`."""
    if not url.startswith("http://"):
        raise ValueError(url)
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as response:  # noqa: S310
            return response.status == 200
    except OSError:  # refused, timed out, or an HTTP error status
        return False


def warm_up(port: int, query: str = "", timeout: float = WARM_UP_SECONDS) -> None:
    """Run the page at `query` once, as a reader would, on the Streamlit server at `port`."""
    from deploy.stream_client import StreamSession

    async def run() -> None:
        session = StreamSession(f"http://127.0.0.1:{port}", open_timeout=timeout)
        await session.connect()
        try:
            await session.view(query)
        finally:
            await session.close()

    asyncio.run(asyncio.wait_for(run(), timeout))


class Liveness:
    """Whether the Streamlit server on `port` answered its last health check within
    `stall_seconds` (while a question is open, the previous answer stands), and has finished
    its `first_run` (the warm-up; None: nothing to wait for)."""

    def __init__(
        self, port: int, stall_seconds: float = STALL_SECONDS, first_run: Callable[[], None] | None = None
    ) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.stall_seconds = stall_seconds
        self.answered = False  # the last question was answered with 200, in time
        self.first_run = first_run
        self.warm = first_run is None  # the first run has finished (or was given up)

    def probe(self) -> None:
        """Ask once, waiting as long as a busy loop may take."""
        self.answered = healthy(self.url, timeout=self.stall_seconds)

    def warm_once(self) -> None:
        """The first page run, once Streamlit answers; a failure is logged, never fatal."""
        if self.first_run is None:
            return
        began = time.monotonic()
        try:
            self.first_run()
            print(f"deploy.replica: warmed up in {time.monotonic() - began:.1f} s", file=sys.stderr)
        except Exception as exc:  # a replica that cannot warm up still serves
            failure = f"{type(exc).__name__}: {exc}"
            print(f"deploy.replica: warm-up failed, serving cold: {failure}", file=sys.stderr)
        self.warm = True

    def watch(self) -> None:
        while True:
            began = time.monotonic()
            self.probe()
            if self.answered and not self.warm:
                self.warm_once()
            time.sleep(max(0.0, PROBE_EVERY - (time.monotonic() - began)))

    def alive(self) -> bool:
        return self.answered and self.warm


class QuietServer(ThreadingHTTPServer):
    """A threaded HTTP server that does not print a traceback when a client hangs up early
    (the proxy closes a check it gave up on)."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def serve_liveness(liveness: Liveness, port: int) -> ThreadingHTTPServer:
    """Answer GET /health on 127.0.0.1:`port` (200 alive, 503 not), in a daemon thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/health":
                self.send_error(404)
                return
            alive = liveness.alive()
            body = b"ok\n" if alive else b"warming up\n" if liveness.answered else b"not answering\n"
            self.send_response(200 if alive else 503)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # one line per check, every second, is noise in the replica's log

    server = QuietServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, name="liveness-server", daemon=True).start()
    return server


def _streamlit_port(args: list[str]) -> int:
    for i, arg in enumerate(args):
        if arg == "--server.port":
            return int(args[i + 1])
        if arg.startswith("--server.port="):
            return int(arg.split("=", 1)[1])
    raise SystemExit("deploy.replica: give Streamlit's --server.port")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--health-port", type=int, required=True)
    parser.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="`streamlit run` arguments")
    args = parser.parse_args(argv)
    rest = [a for a in args.streamlit_args if a != "--"]
    port = _streamlit_port(rest)
    liveness = Liveness(port, first_run=lambda: warm_up(port))
    serve_liveness(liveness, args.health_port)
    threading.Thread(target=liveness.watch, name="liveness-watch", daemon=True).start()

    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *rest]
    cli.main()


if __name__ == "__main__":
    main()
