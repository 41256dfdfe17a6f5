"""`python -m curator` (`make curate`): the workbench on 127.0.0.1 with a token made for this launch.

The token is printed here, in the curator's terminal, and handed to the server in its environment;
the page refuses every session that does not bring it. The server listens on loopback only,
accepts only loopback host names (DNS rebinding) and caps uploads at UPLOAD_MB.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from curator.gate import TOKEN_ENV, TOKEN_PARAM
from incidents.workbench import UPLOAD_MB, state_dir

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def server_command(port: int) -> list[str]:
    """The streamlit command of the workbench: loopback, loopback host names, small uploads."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "curate.py"),
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        "--server.allowedHosts",
        HOST,
        "--server.allowedHosts",
        "localhost",
        "--server.maxUploadSize",
        str(UPLOAD_MB),
        "--server.headless",
        "true",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m curator", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("CURATE_PORT", "8502")))
    args = parser.parse_args(argv)
    token = secrets.token_urlsafe(24)
    env = {**os.environ, TOKEN_ENV: token}
    print(f"Curator workbench, for you only: http://{HOST}:{args.port}/?{TOKEN_PARAM}={token}", flush=True)
    print(f"Drafts are kept in {state_dir()}, outside the records, until you save them.", flush=True)
    try:
        return subprocess.call(server_command(args.port), cwd=ROOT, env=env)
    except KeyboardInterrupt:  # Ctrl-C reached the server too (same process group); it stops itself
        return 0


if __name__ == "__main__":
    sys.exit(main())
