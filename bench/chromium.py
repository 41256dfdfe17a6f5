"""Debian's Chromium as the end-to-end tests and the benchmark drive it (never `playwright install`).

One place for the binary and its flags: headless, no sandbox (containers), and nothing that
would make a request of its own (QUIC, component updates, sync, background networking).
"""

from __future__ import annotations

import os

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
