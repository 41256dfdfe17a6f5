"""What the curator's workbench does besides drafting: read an upload, keep drafts apart, save a record.

Drafts live in the curator's own state folder, never under the records, so a public replica that
restarts from the checkout can never publish a record nobody reviewed. A saved record's file name
comes from its id (date and place), never from typed text, and is written atomically.
"""

from __future__ import annotations

import os
from pathlib import Path

UPLOAD_MB = 2
"""Largest upload (and pasted article) the workbench accepts, in megabytes (streamlit's own cap too)."""
MAX_BYTES = UPLOAD_MB * 1024 * 1024
UPLOAD_SUFFIXES = (".txt", ".html", ".htm")


class UploadRefused(ValueError):
    """An upload the workbench will not read; the message says why, for the curator."""


def state_dir() -> Path:
    """The curator's own folder for drafts in progress (env CURATOR_STATE; default the XDG state dir)."""
    configured = os.environ.get("CURATOR_STATE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "eastern-syria-incident-map" / "drafts"


def read_upload(name: str, data: bytes) -> str:
    """An uploaded article as text: size-capped, UTF-8, a saved web page reduced to its text.

    The HTML is never kept or shown as HTML: only the text taken from it goes on.
    """
    if len(data) > MAX_BYTES:
        raise UploadRefused(
            f"{name}: the file is {len(data) / 1024 / 1024:.1f} MB; the workbench takes articles up to "
            f"{UPLOAD_MB} MB (save the article's text alone, or paste it)"
        )
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadRefused(f"{name}: expected a .txt file or a saved web page (.html)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRefused(f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    if suffix in (".html", ".htm"):
        from incidents.draft import reduce_html

        text = reduce_html(text)
    if not text.strip():
        raise UploadRefused(f"{name}: no text in the file")
    return text
