"""What changed in the records, read from git: each change to a record, and the records changed since a day.

Records live in git, so their history is the repository's: no second log to keep in step. Every
answer comes from `git log`, `git ls-tree` and `git show` on committed files; a checkout without
that history (a shallow clone, an export without `.git`, no git installed) gets `HistoryUnavailable`
with a sentence saying why, never an empty history that would read as "never changed".
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from incidents.i18n import _
from incidents.labels import path_words

MAX_VALUE = 80
"""Characters of a value quoted in a change sentence; longer values are clipped with an ellipsis."""


class HistoryUnavailable(Exception):
    """The records' git history cannot be read here; the message says why, for the reader."""


@dataclass(frozen=True)
class FieldChange:
    """One field of a record that a commit added, removed or changed, with the values."""

    path: str
    before: Any
    after: Any

    def sentence(self) -> str:
        """The change in words: `date's start changed from 2021-01-12 to 2021-01-13`."""
        field = path_words(self.path)
        if self.before is None:
            return _("{field} added: {value}").format(field=field, value=_words(self.after))
        if self.after is None:
            return _("{field} removed (was {value})").format(field=field, value=_words(self.before))
        return _("{field} changed from {before} to {after}").format(
            field=field, before=_words(self.before), after=_words(self.after)
        )


@dataclass(frozen=True)
class Change:
    """One commit that touched a record: when, why (its message) and what it did to the fields."""

    commit: str
    date: dt.datetime
    message: str
    kind: str  # added, changed or removed
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class RecordChange:
    """A record added, changed or removed between a day and now, with the commits that did it."""

    id: str
    kind: str  # added, changed or removed
    changes: list[Change]


def _words(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…")


class Repository:
    """The git repository holding a records folder, read through the git command line."""

    def __init__(self, folder: Path) -> None:
        if shutil.which("git") is None:
            raise HistoryUnavailable("the change history needs git, which is not installed here")
        self.folder = folder.resolve()
        try:
            top = self._git("rev-parse", "--show-toplevel", cwd=self.folder)
        except HistoryUnavailable:
            raise HistoryUnavailable(
                f"{folder} is not in a git repository, so its history is unknown"
            ) from None
        self.root = Path(top.strip())
        if self._git("rev-parse", "--is-shallow-repository").strip() == "true":
            raise HistoryUnavailable(
                "this checkout is a shallow clone: the change history is incomplete, so none is shown "
                "(`git fetch --unshallow` restores it)"
            )
        self.prefix = self.folder.relative_to(self.root.resolve()).as_posix()

    def _git(self, *args: str, cwd: Path | None = None) -> str:
        try:
            run = subprocess.run(
                ["git", *args],
                cwd=cwd or self.root,
                capture_output=True,
                text=True,
                encoding="utf-8",
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise HistoryUnavailable(f"git could not be run: {exc}") from None
        if run.returncode != 0:
            raise HistoryUnavailable(f"git {args[0]} failed: {run.stderr.strip()[:200]}")
        return run.stdout

    def commits(self, *paths: str, since: dt.date | None = None) -> list[tuple[str, dt.datetime, str]]:
        """(commit, committer date, subject) of each commit touching `paths`, newest first."""
        args = ["log", "--format=%H%x1f%cI%x1f%s"]
        if since is not None:
            args.append(f"--since={since.isoformat()}T00:00:00")
        out = self._git(*args, "--", *paths)
        rows = []
        for line in out.splitlines():
            commit, date, subject = line.split("\x1f", 2)
            rows.append((commit, dt.datetime.fromisoformat(date), subject))
        return rows

    def show(self, commit: str, path: str) -> str | None:
        """The file's text at a commit, or None when it did not exist there."""
        try:
            return self._git("show", f"{commit}:{path}")
        except HistoryUnavailable:
            return None

    def blobs(self, commit: str | None) -> dict[str, str]:
        """File name -> blob id of every record file in the folder at `commit` (empty for None)."""
        if commit is None:
            return {}
        out = self._git("ls-tree", "-r", commit, "--", f"{self.prefix}/")
        blobs = {}
        for line in out.splitlines():
            meta, path = line.split("\t", 1)
            name = path.rsplit("/", 1)[-1]
            if name.endswith((".yaml", ".yml")):
                blobs[name] = meta.split()[2]
        return blobs

    def last_commit_before(self, day: dt.date) -> str | None:
        """The newest commit made before `day` began, or None when the history starts later."""
        out = self._git("rev-list", "-1", f"--before={day.isoformat()}T00:00:00", "HEAD")
        return out.strip() or None


def _flatten(data: Any, path: str = "") -> dict[str, Any]:
    """Field path -> scalar value, with validate's paths (`locations[1].place_id`)."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flatten(value, f"{path}.{key}" if path else str(key)))
        return out
    if isinstance(data, list):
        out = {}
        for index, value in enumerate(data):
            out.update(_flatten(value, f"{path}[{index}]"))
        return out  # an empty list is no field: filling it reads as `killed[0] added`
    return {path: data}


def _fields(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {"(file)": "not readable as YAML"}
    return _flatten(data) if isinstance(data, dict) else {"(file)": "not a mapping"}


def field_changes(before: str | None, after: str | None) -> list[FieldChange]:
    """The fields that differ between two versions of a record file, in the order they are written.

    >>> [c.sentence() for c in field_changes("title: A\\nkilled: []", "title: B\\nkilled: [3]")]
    ["title changed from 'A' to 'B'", "killed 1 added: '3'"]
    """
    old, new = _fields(before), _fields(after)
    changes = []
    for path in [*new, *(p for p in old if p not in new)]:
        if old.get(path) != new.get(path):
            changes.append(FieldChange(path, old.get(path), new.get(path)))
    return changes


def record_history(record: Path) -> list[Change]:
    """Every commit that touched one record file, newest first, with the fields it changed."""
    repo = Repository(record.parent)
    path = f"{repo.prefix}/{record.name}"
    history = []
    for commit, date, subject in repo.commits(path):
        after = repo.show(commit, path)
        before = repo.show(f"{commit}^", path)
        kind = "added" if before is None else "removed" if after is None else "changed"
        fields = field_changes(before, after) if kind == "changed" else []  # added: the record itself
        history.append(Change(commit, date, subject, kind, fields))
    return history


def changes_since(records: Path, since: dt.date) -> list[RecordChange]:
    """The records added, changed and removed from the start of `since` to the last commit.

    Compares the folder at the last commit before that day with the folder now (committed), so
    a record changed and changed back counts as unchanged; each entry lists the commits between.
    """
    repo = Repository(records)
    base = repo.last_commit_before(since)
    old, new = repo.blobs(base), repo.blobs("HEAD")
    out = []
    for name in sorted(old.keys() | new.keys()):
        if old.get(name) == new.get(name):
            continue
        kind = "added" if name not in old else "removed" if name not in new else "changed"
        path = f"{repo.prefix}/{name}"
        commits = [
            Change(commit, date, subject, kind) for commit, date, subject in repo.commits(path, since=since)
        ]
        out.append(RecordChange(Path(name).stem, kind, commits))
    return out
