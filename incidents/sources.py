"""The source store: the text of every article a record cites, kept and checked by its hash.

A URL may vanish and a page may be edited; the text a record was made from is kept as a file
and its SHA-256 is written in the record, so `validate` can tell when the kept text changed.
The five seed articles stay in ../shared/seeds/; texts saved by the curator go to the store
beside the records (`paths.sources_dir()`), named by their hash so the same text is kept once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from incidents import dates, paths
from incidents.files import inside, write_atomic
from incidents.i18n import _

HASH_PREFIX = 16
"""Hex digits of the hash in a stored file's name: enough to never collide in a curated collection."""


@dataclass(frozen=True)
class Stored:
    """A kept source text: its file name (a record's `document`) and its SHA-256."""

    name: str
    sha256: str


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 of a text's bytes as kept on disk.

    >>> sha256_of(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def save(text: str, directory: Path | None = None) -> Stored:
    """Keep `text` (UTF-8) in the store; the name is derived from its hash, never from input."""
    data = text.encode("utf-8")
    digest = sha256_of(data)
    folder = directory or paths.sources_dir()
    name = f"{digest[:HASH_PREFIX]}.txt"
    target = inside(folder, name)
    if not (target.is_file() and sha256_of(target.read_bytes()) == digest):
        write_atomic(target, data)
    return Stored(name, digest)


def locate(document: str, seeds: Path | None = None, store: Path | None = None) -> Path | None:
    """Where a record's `document` is kept: the seeds first, then the store; None when in neither.

    A name that is not a plain file name (a path, `..`) is never looked up.
    """
    for folder in (seeds if seeds is not None else paths.seeds_dir(), store or paths.sources_dir()):
        try:
            path = inside(folder, document)
        except ValueError:
            return None
        if path.is_file():
            return path
    return None


def kept_sentence(document: str, sha256: str | None, retrieved: dt.date | None) -> str:
    """What a reader is told about a source's text: kept (with its hash and day), changed, or not kept.

    A text with no hash in the record counts as not kept: nothing proves it is the one cited.
    """
    path = locate(document)
    if path is None or sha256 is None:
        return _("source text not kept")
    if sha256_of(path.read_bytes()) != sha256:
        return _("source text changed since the record was made (the record gives sha256 {sha256})").format(
            sha256=sha256
        )
    if retrieved:
        return _("source text kept, sha256 {sha256}, retrieved {day}").format(
            sha256=sha256, day=dates.day_words(retrieved)
        )
    return _("source text kept, sha256 {sha256}, day of retrieval not recorded").format(sha256=sha256)
