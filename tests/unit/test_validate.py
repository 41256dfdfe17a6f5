"""The broken-record corpus: every kind of error gets its exact place and message."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata import gazetteer
from incidents.load import load_incidents
from incidents.validate import MAX_BYTES, RecordError, check_files, read_record_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BROKEN = FIXTURES / "broken"
VALID = FIXTURES / "valid" / "valid-record.yaml"
SEEDS = FIXTURES / "seeds"
ROOT = FIXTURES.parents[1]
EXPECTED = list(csv.DictReader((BROKEN / "expected.csv").open(encoding="utf-8")))


@pytest.fixture(scope="module")
def mini_gazetteer():
    return gazetteer.load_gazetteer(FIXTURES / "gazetteer-mini.csv")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, mini_gazetteer):
    """Every broken fixture plus the valid record (named to sort first, so it owns its id)."""
    directory = tmp_path_factory.mktemp("corpus")
    for path in BROKEN.glob("*.yaml"):
        shutil.copy(path, directory / path.name)
    shutil.copy(VALID, directory / "00-valid-record.yaml")
    result = load_incidents(directory, gazetteer=mini_gazetteer, seeds_dir=SEEDS, check_quotes=True)
    return directory, result


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(row["file"] for row in EXPECTED)
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize("row", EXPECTED, ids=[row["file"] for row in EXPECTED])
def test_broken_fixture_gets_its_message(corpus, row: dict[str, str]) -> None:
    _, result = corpus
    errors = [e for e in result.errors if Path(e.path).name == row["file"]]
    wanted = (int(row["line"]), row["field"], row["message"])
    assert any((e.line, e.field) == wanted[:2] and wanted[2] in e.message for e in errors), (
        f"expected line {wanted[0]} {wanted[1]}: ...{wanted[2]}..., got:\n" + "\n".join(map(str, errors))
    )


def test_valid_record_loads_beside_broken_ones(corpus) -> None:
    _, result = corpus
    assert [r.id for r in result.records] == ["fixture-drone-strike-al-bukamal"]
    assert list(result.incidents["id"]) == ["fixture-drone-strike-al-bukamal"]
    broken_with_errors = {Path(e.path).name for e in result.errors}
    assert broken_with_errors == {row["file"] for row in EXPECTED}


def test_error_string_is_path_line_field_message() -> None:
    assert str(RecordError("a.yaml", 3, "date.start", "bad")) == "a.yaml:3: date.start: bad"
    assert str(RecordError("a.yaml", None, "(file)", "bad")) == "a.yaml: (file): bad"


def test_oversized_file_refused_before_parsing(tmp_path: Path, mini_gazetteer) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"notes: '" + b"x" * (MAX_BYTES + 10) + b"'\n")
    result = load_incidents(tmp_path, gazetteer=mini_gazetteer)
    assert [(e.field, e.line) for e in result.errors] == [("(file)", None)]
    assert "limited to 1,000,000 bytes" in result.errors[0].message


def test_alias_bomb_refused_quickly(tmp_path: Path, mini_gazetteer) -> None:
    lines = ['a0: &a0 "lol"'] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 30)
    ]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines))
    started = time.perf_counter()
    result = load_incidents(tmp_path, gazetteer=mini_gazetteer)
    assert time.perf_counter() - started < 1
    assert "anchor" in result.errors[0].message


def test_byte_order_mark_is_accepted(tmp_path: Path, mini_gazetteer) -> None:
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + VALID.read_bytes())
    result = load_incidents(tmp_path, gazetteer=mini_gazetteer, seeds_dir=SEEDS, check_quotes=True)
    assert result.errors == [] and len(result.records) == 1


def test_real_records_pass_validate_command() -> None:
    """`python -m incidents validate` is what `make test` runs on the real records."""
    run = subprocess.run(
        [sys.executable, "-m", "incidents", "validate"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_validate_command_fails_on_broken_fixtures() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "incidents", "validate", str(BROKEN), "--seeds", str(SEEDS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "tests/fixtures/broken/alias-bomb.yaml:2: (yaml): YAML anchor &l0 is not allowed" in run.stdout
    assert "tests/fixtures/broken/impossible-date.yaml:7: date.start:" in run.stdout


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_errors_never_exceptions(data: bytes) -> None:
    """Whatever a file holds, reading it returns data or errors; it never raises."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "x.yaml"
        path.write_bytes(data)
        parsed, errors = read_record_file(path)
        checked = check_files([path])
    assert (parsed is None) == bool(errors)
    assert len(checked.records) + len({e.path for e in checked.errors}) == 1


def test_yaml_is_only_loaded_safely() -> None:
    """No module of ours may call an unsafe YAML loader (the hostile-input issue)."""
    for path in (ROOT / "incidents").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not re.search(r"yaml\.(load|load_all|unsafe_load|full_load)\(", line), f"{path}:{number}"
            assert not re.search(r"\b(Full|Unsafe)Loader\b", line), f"{path}:{number}"
