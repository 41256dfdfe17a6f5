"""Curator mode is never public: nothing the public app or the deployment runs reaches it, and the
workbench listens on loopback with a token, loopback host names and capped uploads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from curator.__main__ import server_command
from incidents import paths
from incidents.workbench import MAX_BYTES, UploadRefused, read_upload, state_dir

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def public_python_files() -> list[Path]:
    files = [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "deploy").rglob("*.py")]
    return [f for f in files if "__pycache__" not in f.parts]


@pytest.mark.parametrize("path", public_python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_public_app_and_deploy_never_import_the_workbench(path: Path) -> None:
    assert not {m for m in imported_modules(path) if m == "curator" or m.startswith("curator.")}


def test_nothing_the_public_runs_launches_the_workbench() -> None:
    for path in (ROOT / "deploy").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not re.search(r"curate\.py|\bcurator\b|make curate", text), path
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = {}
    for block in makefile.split("\n\n"):
        for line in block.splitlines():
            if (
                line
                and not line.startswith(("\t", "#", " "))
                and ":" in line
                and "=" not in line.split(":")[0]
            ):
                recipes[line.split(":")[0]] = block
    for target in ("run", "serve"):
        assert "curat" not in recipes[target].split(f"{target}:", 1)[1], target
    assert "-m curator" in recipes["curate"]


def test_the_workbench_listens_on_loopback_with_loopback_hosts_and_small_uploads() -> None:
    command = server_command(8502)
    options = {command[i]: command[i + 1] for i in range(len(command) - 1) if command[i].startswith("--")}
    assert command[command.index("run") + 1].endswith("curate.py")
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.maxUploadSize"] == "2"
    hosts = [command[i + 1] for i, word in enumerate(command) if word == "--server.allowedHosts"]
    assert hosts == ["127.0.0.1", "localhost"]


def test_uploads_over_two_megabytes_are_refused_with_a_clear_message() -> None:
    assert read_upload("article.txt", b"Explosions in al-Bukamal.") == "Explosions in al-Bukamal."
    with pytest.raises(
        UploadRefused, match=r"big\.txt: the file is 2\.0 MB; the workbench takes articles up to 2 MB"
    ):
        read_upload("big.txt", b"x" * (MAX_BYTES + 1))
    with pytest.raises(UploadRefused, match=r"expected a \.txt file or a saved web page"):
        read_upload("article.pdf", b"%PDF")
    with pytest.raises(UploadRefused, match="not UTF-8"):
        read_upload("article.txt", b"\xff\xfe\x00")


def test_drafts_are_kept_outside_the_records(monkeypatch) -> None:
    monkeypatch.delenv("CURATOR_STATE", raising=False)
    drafts = state_dir().resolve()
    assert not drafts.is_relative_to(paths.records_dir().resolve())
    assert not drafts.is_relative_to(ROOT)
