"""Caches that know what they read: a conversion's key covers the code and data it was made
with, and the gazetteer is read again when its file changes."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from geodata.gazetteer import GAZETTEER_CSV, load_gazetteer
from incidents import code_digest, columnar

ROOT = Path(__file__).resolve().parents[2]


def test_a_conversion_is_keyed_by_every_module_and_data_file_it_uses() -> None:
    covered = {str(p.relative_to(ROOT)) for p in code_digest.source_files("incidents.columnar")}
    made_with = {
        "incidents/text.py",  # the fold of the search text
        "incidents/dates.py",
        "incidents/event_types.py",
        "incidents/model.py",
        "incidents/actors.csv",
        "incidents/acled_vocabulary.json",
        "geodata/names.py",
        "geodata/gazetteer.csv",
        "geodata/transliteration.csv",
    }
    assert made_with <= covered
    assert "incidents/filters.py" not in covered  # what a conversion does not use does not count


@pytest.fixture
def copy_of_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for package in code_digest.PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("records", "basemap")
        )
    monkeypatch.setattr(code_digest, "ROOT", tmp_path)
    code_digest.source_files.cache_clear()
    yield tmp_path
    code_digest.source_files.cache_clear()


@pytest.mark.parametrize("changed", ["incidents/text.py", "geodata/gazetteer.csv", "incidents/actors.csv"])
def test_changing_what_a_conversion_was_made_with_changes_its_key(
    copy_of_the_code: Path, changed: str
) -> None:
    table = copy_of_the_code / "events.csv"
    table.write_text("event_id_cnty,event_date\nX1,2021-01-01\n", encoding="utf-8")
    before = columnar.fingerprint(table)[0]
    with (copy_of_the_code / changed).open("a", encoding="utf-8") as handle:
        handle.write("\n")
    assert columnar.fingerprint(table)[0] != before


def test_the_gazetteer_is_read_again_when_its_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.csv"
    shutil.copyfile(GAZETTEER_CSV, path)
    first = load_gazetteer(path)
    assert "test-new-place" not in first
    with path.open(encoding="utf-8", newline="") as handle:
        header, row = next(csv.reader(handle)), next(csv.DictReader(path.open(encoding="utf-8")))
    row |= {"place_id": "test-new-place", "name": "New Place", "aliases": "", "shared_aliases": ""}
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=header).writerow(row)
    assert "test-new-place" in load_gazetteer(path)  # a curator's new place, seen without a restart
    assert load_gazetteer(path) is load_gazetteer(path)  # still parsed once per version


def test_what_a_page_remembers_of_its_rows_is_kept_per_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """The map picture's credit line was remembered for a set of rows whatever the language: an
    Arabic reader after an English one got "Sources: ..." in English (pages/shared/memo.py)."""
    from types import SimpleNamespace

    import pandas as pd

    from incidents import i18n
    from pages.shared import memo

    monkeypatch.setattr(memo, "app_data", lambda: SimpleNamespace(version="memo-language-test"))
    rows = pd.DataFrame(index=[3, 5, 8])
    said = {}
    for lang in ("en", "ar", "en"):
        with i18n.using(lang):
            said[lang] = memo.per_rows("credit", rows, lambda: i18n.gettext("Made with Natural Earth"))
    assert said["en"] == "Made with Natural Earth" and said["ar"] != said["en"]
