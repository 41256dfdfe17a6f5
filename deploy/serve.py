"""`make serve`: the whole stack on one machine, in the foreground, until Ctrl-C.

Renders the configurations (deploy/render.py) into a run directory, starts supervisord, which
starts the replicas and HAProxy and restarts whichever dies, waits until the proxy has every
replica up (each warm: deploy/replica.py), prints the address, and on Ctrl-C (or SIGTERM)
stops supervisord, which stops everything it started.

    REPLICAS=3 PORT=8080 python -m deploy.serve [RUN_DIR]
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from deploy.render import Settings, render
from deploy.replica import WARM_UP_SECONDS, healthy


@dataclass
class Stack:
    """A running supervisord (and, through it, the proxy and the replicas)."""

    settings: Settings
    run_dir: Path
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://{self.settings.bind_address}:{self.settings.port}"

    def ctl(self, *args: str, timeout: float = 30) -> str:
        """`supervisorctl` against this stack's supervisord (pid, status, restart...)."""
        done = subprocess.run(
            [_supervisorctl(), "-c", str(self.run_dir / "supervisord.conf"), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return done.stdout.strip()

    def replica_pid(self, index: int) -> int:
        return int(self.ctl("pid", f"replica-{index}") or 0)

    def proxy_stat(self) -> list[dict[str, str]]:
        """HAProxy's `show stat` for the replicas (status UP/DOWN, current sessions, ...)."""
        import socket

        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(str(self.run_dir / "haproxy.sock"))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        lines = data.decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
        return [
            row for row in rows if row.get("pxname") == "replicas" and row["svname"].startswith("replica")
        ]

    def stop(self, timeout: float = 30) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _supervisorctl() -> str:
    return shutil.which("supervisorctl") or "/usr/bin/supervisorctl"


def _supervisord() -> str:
    path = shutil.which("supervisord") or "/usr/bin/supervisord"
    if not Path(path).exists():
        raise RuntimeError("supervisord not found: `make serve` installs Debian's supervisor")
    return path


STARTUP_SECONDS = WARM_UP_SECONDS + 60
"""A replica's start (imports, 2-5 s here) and its warm-up run, which gives up after WARM_UP_SECONDS
(a large INCIDENTS_SOURCE converted on a first run can take that long)."""


def start(settings: Settings, run_dir: Path, timeout: float = STARTUP_SECONDS) -> Stack:
    """Start supervisord on freshly rendered configurations; return once every replica is UP
    (started and warm: deploy/replica.py)."""
    _, conf = render(settings, run_dir)
    log = (run_dir / "supervisord.out").open("w")
    process = subprocess.Popen(
        [_supervisord(), "-n", "-c", str(conf)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    stack = Stack(settings, run_dir, process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"supervisord exited:\n{(run_dir / 'supervisord.log').read_text()}")
        if healthy(stack.url):
            try:
                if all(row["status"] == "UP" for row in stack.proxy_stat()):
                    return stack
            except OSError:
                pass
        time.sleep(0.5)  # polling health checks while the replicas start
    stack.stop()
    raise RuntimeError(f"the stack did not become healthy in {timeout:.0f} s; logs in {run_dir}")


def start_on_free_ports(run_dir: Path, replicas: int = 2, **overrides: object) -> Stack:
    """The stack on free loopback ports (tests and the load bench)."""
    from bench.harness import free_port

    ports: set[int] = set()
    while len(ports) < 2 * replicas + 1:
        ports.add(free_port())
    port, *others = sorted(ports)
    settings = Settings(
        replicas=replicas,
        port=port,
        replica_port_list=tuple(others[:replicas]),
        health_port_list=tuple(others[replicas:]),
        **overrides,  # type: ignore[arg-type]
    )
    return start(settings, run_dir)


def main() -> None:
    settings = Settings.from_env()
    run_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="incident-map-serve-"))
    run_dir = run_dir.resolve()
    print(f"Starting HAProxy and {settings.replicas} replicas under supervisord (logs: {run_dir})")
    print("Each replica is let in once it has run the map page for itself (seconds; more for a large table)")
    stack = start(settings, run_dir)

    def stop_on_signal(signum, frame):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_signal)
    print(f"The incident map is served at {stack.url}  (Ctrl-C stops everything)", flush=True)
    try:
        while stack.process.poll() is None:
            time.sleep(1)
        print("supervisord exited", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nStopping the proxy and the replicas...")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
