"""Where the records and the source documents live.

Defaults follow the repository layout; the environment variables let tests, CI and other checkouts
point elsewhere without touching code.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def records_dir() -> Path:
    """The directory of incident records (env INCIDENTS_RECORDS_DIR overrides)."""
    return Path(os.environ.get("INCIDENTS_RECORDS_DIR") or REPO_ROOT / "incidents" / "records")


def seeds_dir() -> Path:
    """The directory of source documents, `../shared/seeds/` from the repo root (env INCIDENTS_SEEDS_DIR)."""
    return Path(os.environ.get("INCIDENTS_SEEDS_DIR") or REPO_ROOT.parent / "shared" / "seeds")


def sources_dir(records: Path | None = None) -> Path:
    """The source store: article texts kept beside the records (env INCIDENTS_SOURCES_DIR overrides).

    Default `sources/` beside the records directory (`records`, or the default one), so a copy of
    the records (a test's, a curator's) carries its own store.
    """
    return Path(os.environ.get("INCIDENTS_SOURCES_DIR") or (records or records_dir()).parent / "sources")


def cache_dir() -> Path:
    """Where converted tables are kept (env INCIDENTS_CACHE; default `.cache/` in the checkout)."""
    return Path(os.environ.get("INCIDENTS_CACHE") or REPO_ROOT / ".cache" / "columnar")


def listed(value: str) -> list[str]:
    """The parts of an environment variable that lists files (INCIDENTS_SOURCE, INCIDENTS_COMPARE),
    separated by the system's path separator as PATH is (':' on Linux, ';' on Windows): each
    stripped, blank ones left out."""
    return [part.strip() for part in value.split(os.pathsep) if part.strip()]


def absolute(part: str) -> Path:
    """A listed file as an absolute path (`~` expanded), so that one file named twice is one."""
    return Path(part).expanduser().resolve()


def compare_paths() -> list[Path]:
    """Datasets the incident page holds each incident against (env INCIDENTS_COMPARE, `listed`);
    none when unset."""
    return [absolute(part) for part in listed(os.environ.get("INCIDENTS_COMPARE", ""))]
