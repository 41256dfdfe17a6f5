"""Links that remember (`v=`): the data version of the records and what changed since a link's."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from incidents import versions
from incidents.filters import View
from tests.unit.test_history import VERSIONS, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def records(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    folder = root / "records"
    folder.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (folder / "strike.yaml").write_text(VERSIONS[0], encoding="utf-8")
    (folder / "other.yaml").write_text("id: other\n", encoding="utf-8")
    (folder / "gone.yaml").write_text("id: gone\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "First records", day="2024-01-01")
    return folder


def test_the_version_is_git_s_blob_ids_hashed(records: Path) -> None:
    listed = git(records.parent, "ls-tree", "-r", "HEAD", "--", "records/")
    from_git = {line.split("\t")[1].split("/")[-1]: line.split()[2] for line in listed.splitlines()}
    assert versions.current_blobs(records) == from_git
    version = versions.current_version(records)
    assert len(version) == versions.VERSION_LENGTH and version == versions.version_of(from_git)


def test_a_link_made_before_a_change_finds_which_records_changed(records: Path) -> None:
    made_on = versions.current_version(records)
    (records / "strike.yaml").write_text(VERSIONS[1], encoding="utf-8")
    (records / "gone.yaml").unlink()
    (records / "new.yaml").write_text("id: new\n", encoding="utf-8")
    git(records.parent, "add", "-A")
    git(records.parent, "commit", "-q", "-m", "Date corrected, one withdrawn, one added", day="2024-02-01")
    assert versions.current_version(records) != made_on

    since = versions.changed_since(records, made_on)
    assert since is not None
    assert (since.added, since.changed, since.removed) == (["new"], ["strike"], ["gone"])
    assert since.date.date().isoformat() == "2024-01-01"
    nothing = versions.changed_since(records, versions.current_version(records))
    assert nothing is not None and nothing.ids == []
    assert versions.changed_since(records, "0123456789") is None


def test_a_change_not_yet_committed_counts_too(records: Path) -> None:
    made_on = versions.current_version(records)
    (records / "other.yaml").write_text("id: other\ntitle: Corrected\n", encoding="utf-8")
    since = versions.changed_since(records, made_on)
    assert since is not None and since.changed == ["other"]


def test_v_is_read_from_a_link_and_a_link_without_it_is_as_before() -> None:
    assert View.from_query({"v": ["0a1b2c3d4e"]}).version == "0a1b2c3d4e"
    assert View.from_query({"v": ["0a1b2c3d4e"]}).to_query() == {"v": "0a1b2c3d4e"}
    bad = View.from_query({"v": ["<script>"]})
    assert bad.version is None and bad.notices == [
        "The link’s “v” must be a data version (10 hexadecimal digits); it was ignored."
    ]
    plain = View.from_query({"incident": ["x"]})
    assert plain.version is None and "v" not in plain.to_query()


def test_the_repository_s_own_records_have_a_version_in_their_history() -> None:
    root = Path(__file__).resolve().parents[2]
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=root, capture_output=True, text=True, check=False
    )
    if shallow.stdout.strip() != "false":
        pytest.skip("not a full git checkout")
    head = git(root, "rev-parse", "HEAD").strip()
    listed = git(root, "ls-tree", "-r", head, "--", "incidents/records/")
    blobs = {line.split("\t")[1].split("/")[-1]: line.split()[2] for line in listed.splitlines()}
    since = versions.changed_since(root / "incidents" / "records", versions.version_of(blobs))
    assert since is not None
