"""Hostile input, records side: every kind of broken file the issue names, the 5 MB file, the
hostile-but-valid fixtures, and a static check that our code has no unsafe loader or eval.

The broken corpus itself (one file per kind, each with its exact message) is tests/fixtures/broken/
with expected.csv, checked by tests/unit/test_validate.py; this file proves the corpus covers the
issue's list and adds what cannot be a committed fixture (a 5 MB file).
"""

from __future__ import annotations

import csv
import re
import shutil
import time
from pathlib import Path

import pytest

from geodata.gazetteer import load_gazetteer
from incidents.briefings import load_briefing
from incidents.load import load_incidents
from incidents.validate import MAX_BYTES

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BROKEN = FIXTURES / "broken"
HOSTILE = FIXTURES / "hostile"
VALID = FIXTURES / "valid" / "valid-record.yaml"

# The issue's list of broken-record kinds -> the fixture files that are that kind.
KINDS: dict[str, list[str]] = {
    "YAML syntax error": ["yaml-syntax-error.yaml", "yaml-tab-indent.yaml", "multiple-documents.yaml"],
    "wrong type": [
        "wrong-type-title.yaml",
        "wrong-type-killed.yaml",
        "null-title.yaml",
        "targets-not-a-list.yaml",
    ],
    "impossible date": ["impossible-date.yaml", "leap-day.yaml", "date-wrong-format.yaml"],
    "end before start": ["end-before-start.yaml"],
    # Records carry no coordinates (the gazetteer does): a typed-in lat is an unknown field; the
    # gazetteer's own range/swap checks are tests/unit/test_hostile_gazetteer.py.
    "coordinates in a record": ["unknown-nested-field.yaml"],
    "unknown place": ["unknown-place.yaml"],
    "duplicate id": ["duplicate-id.yaml"],
    "empty or missing quote": ["empty-quote.yaml", "empty-claim-quote.yaml", "missing-quotes.yaml"],
    "quote not in its source": ["quote-not-in-source.yaml", "claim-quote-not-in-source.yaml"],
    "non-UTF-8 bytes": ["not-utf8.yaml", "utf16.yaml", "control-character.yaml"],
    "byte order mark": ["bom-then-syntax-error.yaml"],
    "alias bomb": ["alias-bomb.yaml", "anchor-and-alias.yaml", "merge-key-alias.yaml"],
    "Python object tag": [
        "python-object-tag.yaml",
        "python-name-tag.yaml",
        "binary-tag.yaml",
        "custom-tag.yaml",
    ],
    "script URL": ["bad-url.yaml", "data-url.yaml"],
    "path in a document name": ["document-path-traversal.yaml"],
}


def _expected() -> list[list[str]]:
    with (BROKEN / "expected.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def test_corpus_covers_every_kind_the_issue_names() -> None:
    files = {row[0] for row in _expected()[1:]}
    missing = {kind: [f for f in names if f not in files] for kind, names in KINDS.items()}
    assert not any(missing.values()), missing
    assert len(files) >= 30


def test_expected_rows_have_exactly_four_columns() -> None:
    """An unquoted comma in a message silently truncated what two rows checked."""
    rows = _expected()
    assert rows[0] == ["file", "line", "field", "message"]
    assert [r[0] for r in rows[1:] if len(r) != 4] == []


def test_scripted_url_is_refused_by_the_schema(gazetteer) -> None:
    """`javascript:` and `data:` URLs never reach a link: the record is skipped with a located error."""
    result = load_incidents(BROKEN, gazetteer=gazetteer)
    by_file = {Path(e.path).name: e for e in result.errors if e.field == "sources[0].url"}
    assert "javascript:alert(1)" in by_file["bad-url.yaml"].message
    assert "data:text/html" in by_file["data-url.yaml"].message


def test_five_megabyte_file_is_refused_quickly_beside_a_valid_record(tmp_path: Path, gazetteer) -> None:
    shutil.copy(VALID, tmp_path / "00-valid.yaml")
    big = tmp_path / "five-megabytes.yaml"
    with big.open("wb") as fh:
        fh.write(b"id: big\nnotes: '")
        fh.write(b"lol " * (5 * 1024 * 1024 // 4))
        fh.write(b"'\n")
    assert big.stat().st_size > 5 * 1024 * 1024
    started = time.perf_counter()
    result = load_incidents(tmp_path, gazetteer=gazetteer)
    assert time.perf_counter() - started < 2
    assert [r.id for r in result.records] == ["fixture-drone-strike-al-bukamal"]
    [error] = result.errors
    assert (Path(error.path).name, error.line, error.field) == ("five-megabytes.yaml", None, "(file)")
    assert f"records are limited to {MAX_BYTES:,} bytes" in error.message


def test_billion_laughs_never_expands(tmp_path: Path, gazetteer) -> None:
    """Ten levels of nine aliases would be 9**10 strings; the first anchor is refused instead."""
    lines = ['a: &a "lol"'] + [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(10)
    ]
    (tmp_path / "lol.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = load_incidents(tmp_path, gazetteer=gazetteer)
    assert time.perf_counter() - started < 1
    assert [(e.line, e.field) for e in result.errors] == [(1, "(yaml)")]
    assert "YAML anchor &a is not allowed" in result.errors[0].message


def test_hostile_fixtures_are_valid_records(gazetteer) -> None:
    """The script-in-data fixtures must load, or the end-to-end test would prove nothing."""
    result = load_incidents(
        HOSTILE / "records", gazetteer=gazetteer, seeds_dir=HOSTILE / "seeds", check_quotes=True
    )
    assert result.errors == []
    assert sorted(r.id for r in result.records) == [
        "hostile-markdown-title",
        "hostile-script-in-every-field",
        "hostile-template-syntax",
    ]
    assert any("<script>" in r.title for r in result.records)
    briefing = load_briefing("hostile-briefing", HOSTILE / "briefings", known_ids=result.incidents["id"])
    assert "<script>" in briefing.title


# --- nothing in our code runs text as code --------------------------------------------------------

_UNSAFE = {
    "eval": re.compile(r"(?<![\w.])eval\("),
    # pandas evaluates DataFrame.eval/query strings as expressions: a URL value must never get there.
    "pandas eval": re.compile(r"\.eval\(|\.query\(\s*[^)\s]"),
    "exec": re.compile(r"(?<![\w.])exec\("),
    "pickle": re.compile(r"\b(c?[Pp]ickle|marshal|shelve|dill)\b"),
    "unsafe YAML": re.compile(
        r"yaml\.(load|load_all|unsafe_load|full_load|unsafe_load_all)\(|\b(Unsafe|Full)Loader\b"
    ),
    "shell=True": re.compile(r"shell\s*=\s*True"),
    "os.system": re.compile(r"\bos\.(system|popen|exec\w*|spawn\w*)\("),
    "shell subprocess": re.compile(r"create_subprocess_shell|getoutput\(|getstatusoutput\("),
    "dynamic import": re.compile(r"(?<![\w.])__import__\(|import_module\("),
}
# The one dynamic import: assets.py imports the xstatic packages named in its own constant list.
_ALLOWED = {("incidents/maps/assets.py", "dynamic import")}


def _our_python() -> list[Path]:
    skip = {".venv", "node_modules", "build", "test-artifacts", ".git"}
    return [
        p
        for p in ROOT.rglob("*.py")
        if not skip & set(p.relative_to(ROOT).parts) and p != Path(__file__).resolve()
    ]


def test_no_eval_exec_pickle_unsafe_yaml_or_shell_in_our_code() -> None:
    found = []
    for path in _our_python():
        rel = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            for what, pattern in _UNSAFE.items():
                if pattern.search(code) and (rel, what) not in _ALLOWED:
                    found.append(f"{rel}:{number}: {what}: {line.strip()}")
    assert found == []
    assert len(_our_python()) > 40  # the scan really covers the code


def test_yaml_safe_load_is_the_only_loader_and_refuses_python_tags() -> None:
    import yaml

    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.safe_load("!!python/object/apply:os.system ['echo pwned']")
