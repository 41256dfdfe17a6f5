"""What the end-to-end tests and the benchmark both drive: Debian's Chromium and a loopback
`streamlit run` (never `playwright install`, never an address beyond 127.0.0.1).

Chromium's flags: headless, no sandbox (containers), and nothing that would make a request of
its own (QUIC, component updates, sync, background networking).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from deploy.replica import healthy

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A port nobody listens on at 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(
    module: list[str], port: int, env: dict[str, str], log: Path, timeout: float = 90.0
) -> subprocess.Popen:
    """`python -m <module...>` (a `streamlit run` or a wrapper of it) from the repository root,
    serving on 127.0.0.1:`port` without usage stats; returns once its health check answers."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            *module,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        if healthy(f"http://127.0.0.1:{port}"):
            return process
        time.sleep(0.2)  # polling a health check, not synchronising a test
    process.kill()
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """Terminate the server, killing it if it does not stop within 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
