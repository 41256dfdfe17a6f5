"""The source store and the hash check: a kept text that changes is reported by validate."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from incidents import paths, sources
from incidents.files import inside

ROOT = Path(__file__).resolve().parents[2]


def test_save_names_the_text_by_its_hash_and_keeps_it_once(tmp_path: Path) -> None:
    first = sources.save("Explosions hit al-Bukamal.\n", tmp_path)
    again = sources.save("Explosions hit al-Bukamal.\n", tmp_path)
    assert first == again
    assert first.name == f"{first.sha256[:16]}.txt"
    kept = tmp_path / first.name
    assert sources.sha256_of(kept.read_bytes()) == first.sha256
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # no temporary file left behind


def test_locate_looks_in_the_seeds_then_the_store_and_never_outside(tmp_path: Path) -> None:
    seeds, store = tmp_path / "seeds", tmp_path / "store"
    seeds.mkdir()
    (seeds / "a.txt").write_text("seed", encoding="utf-8")
    stored = sources.save("kept", store)
    assert sources.locate("a.txt", seeds, store) == (seeds / "a.txt").resolve()
    assert sources.locate(stored.name, seeds, store) == (store / stored.name).resolve()
    assert sources.locate("missing.txt", seeds, store) is None
    assert sources.locate("../seeds/a.txt", store, store) is None
    with pytest.raises(ValueError, match="not a plain name"):
        inside(store, "../a.txt")


def test_every_record_source_carries_the_hash_of_its_kept_text() -> None:
    from incidents.load import load_incidents

    result = load_incidents(check_quotes=True)
    assert not result.errors
    for incident in result.records:
        for source in incident.sources:
            kept = sources.locate(source.document)
            assert kept is not None and source.sha256 == sources.sha256_of(kept.read_bytes())


@pytest.mark.skipif(not paths.seeds_dir().is_dir(), reason="the seed articles are not checked out")
def test_validate_fails_on_a_tampered_copy_of_a_seed(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(paths.seeds_dir(), seeds)
    tampered = sorted(seeds.iterdir())[0]
    tampered.chmod(0o644)
    tampered.write_bytes(tampered.read_bytes().replace(b"the", b"a", 1))
    run = subprocess.run(
        [sys.executable, "-m", "incidents", "validate", "--seeds", str(seeds)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    changed = [line for line in run.stdout.splitlines() if "sha256" in line]
    assert changed and all(f"source text {tampered.name} has changed" in line for line in changed)


def test_the_reader_is_told_whether_the_text_is_kept(tmp_path: Path, monkeypatch) -> None:
    import datetime as dt

    monkeypatch.setenv("INCIDENTS_SOURCES_DIR", str(tmp_path))
    stored = sources.save("An article.", tmp_path)
    day = dt.date(2026, 12, 6)
    assert sources.kept_sentence(stored.name, stored.sha256, day) == (
        f"source text kept, sha256 {stored.sha256}, retrieved 6 December 2026"
    )
    assert "day of retrieval not recorded" in sources.kept_sentence(stored.name, stored.sha256, None)
    assert sources.kept_sentence("gone.txt", stored.sha256, day) == "source text not kept"
    assert sources.kept_sentence(stored.name, None, day) == "source text not kept"
    (tmp_path / stored.name).write_text("An edited article.", encoding="utf-8")
    assert sources.kept_sentence(stored.name, stored.sha256, day).startswith("source text changed")
