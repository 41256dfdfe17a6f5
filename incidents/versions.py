"""The data version a link was made on (`v=`), and what changed in the records since.

A version is a short hash of the record files, computed from git's blob ids: the same ids
`git ls-tree` gives for any commit, so the version of every past state of the records can be
recomputed from history without storing anything. Opening an old link finds the commit whose
records have its version and compares them with the records now.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from incidents import history

VERSION_LENGTH = 10
"""Hex digits of a version: short enough for a link, 16^10 states apart."""

MAX_COMMITS = 2000
"""Commits searched for an old version; older links are reported as not found."""


def blob_id(data: bytes) -> str:
    """Git's id of a file's content (`git hash-object`), so working files and commits compare.

    >>> blob_id(b"")
    'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'
    """
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def version_of(blobs: Mapping[str, str]) -> str:
    """The version of a set of record files (file name -> blob id), independent of their order."""
    lines = "".join(f"{name} {blobs[name]}\n" for name in sorted(blobs))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()[:VERSION_LENGTH]


def current_blobs(directory: Path) -> dict[str, str]:
    """File name -> blob id of the record files in the folder as they are now."""
    return {
        path.name: blob_id(path.read_bytes())
        for path in sorted(directory.iterdir())
        if path.suffix in (".yaml", ".yml") and not path.name.startswith(".") and path.is_file()
    }


def current_version(directory: Path) -> str:
    """The version of the records in the folder now (what a link made now carries)."""
    return version_of(current_blobs(directory))


@dataclass(frozen=True)
class Since:
    """The records added, changed and removed between a link's version and now (ids)."""

    commit: str
    date: dt.datetime
    added: list[str]
    changed: list[str]
    removed: list[str]

    @property
    def ids(self) -> list[str]:
        return [*self.added, *self.changed, *self.removed]


def changed_since(directory: Path, version: str) -> Since | None:
    """What changed since the records had `version`; None when no commit had that version.

    Raises history.HistoryUnavailable when the history cannot be read here.
    """
    repo = history.Repository(directory)
    now = current_blobs(directory)
    for commit, date, _subject in repo.commits(f"{repo.prefix}/")[:MAX_COMMITS]:
        then = repo.blobs(commit)
        if version_of(then) != version:
            continue
        return Since(
            commit,
            date,
            added=[Path(n).stem for n in sorted(now.keys() - then.keys())],
            changed=[Path(n).stem for n in sorted(now.keys() & then.keys()) if now[n] != then[n]],
            removed=[Path(n).stem for n in sorted(then.keys() - now.keys())],
        )
    return None
