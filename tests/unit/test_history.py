"""The change history read from git, on a repository the test makes, and without one."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from incidents import history

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

VERSIONS = [
    "id: strike\ntitle: Drone strike near al-Bukamal\ndate:\n  start: 2021-01-12\nkilled: []\n",
    "id: strike\ntitle: Drone strike near al-Bukamal\ndate:\n  start: 2021-01-13\nkilled: []\n",
    "id: strike\ntitle: Drone strike in al-Bukamal\ndate:\n  start: 2021-01-13\nkilled:\n  - min: 3\n",
]
MESSAGES = ["Record added", "Date: the article's 'yesterday' is 13 January", "Title and toll from SOHR"]


def git(repo: Path, *args: str, day: str = "2024-01-01") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00",
        "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00",
    }
    run = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return run.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose one record is committed three times, on three days."""
    root = tmp_path / "repo"
    records = root / "incidents" / "records"
    records.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (records / "other.yaml").write_text("id: other\ntitle: Another record\n", encoding="utf-8")
    for day, text, message in zip(
        ("2024-01-01", "2024-02-01", "2024-03-01"), VERSIONS, MESSAGES, strict=True
    ):
        (records / "strike.yaml").write_text(text, encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", message, day=day)
    return records


def test_three_commits_to_one_record_give_three_entries_with_their_fields(repo: Path) -> None:
    entries = history.record_history(repo / "strike.yaml")
    assert [e.message for e in entries] == MESSAGES[::-1]
    assert [e.kind for e in entries] == ["changed", "changed", "added"]
    assert [e.date.date() for e in entries] == [dt.date(2024, 3, 1), dt.date(2024, 2, 1), dt.date(2024, 1, 1)]
    assert [c.sentence() for c in entries[0].fields] == [
        "title changed from 'Drone strike near al-Bukamal' to 'Drone strike in al-Bukamal'",
        "killed[0].min added: '3'",
    ]
    assert [c.sentence() for c in entries[1].fields] == [
        "date.start changed from '2021-01-12' to '2021-01-13'"
    ]
    assert entries[2].fields == []


def test_changes_since_a_day_lists_records_added_changed_and_removed(repo: Path) -> None:
    root = repo.parents[1]
    (repo / "other.yaml").unlink()
    (repo / "new.yaml").write_text("id: new\ntitle: New\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Other withdrawn, new added", day="2024-04-01")
    changes = {c.id: c for c in history.changes_since(repo, dt.date(2024, 2, 15))}
    assert {i: c.kind for i, c in changes.items()} == {
        "new": "added",
        "other": "removed",
        "strike": "changed",
    }
    assert [c.message for c in changes["strike"].changes] == [MESSAGES[2]]
    assert history.changes_since(repo, dt.date(2024, 5, 1)) == []
    everything = history.changes_since(repo, dt.date(2023, 1, 1))
    assert {c.id: c.kind for c in everything} == {"new": "added", "strike": "added"}


def test_a_shallow_clone_says_its_history_is_incomplete(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.parents[1]}", str(clone)], check=True
    )
    with pytest.raises(history.HistoryUnavailable, match="shallow clone"):
        history.record_history(clone / "incidents" / "records" / "strike.yaml")


def test_a_folder_outside_git_says_so(tmp_path: Path) -> None:
    (tmp_path / "strike.yaml").write_text(VERSIONS[0], encoding="utf-8")
    with pytest.raises(history.HistoryUnavailable, match="not in a git repository"):
        history.record_history(tmp_path / "strike.yaml")
