"""`draft` on the five seed articles covers the seed incidents, and `validate` passes on the drafts.

Tolerance (the seed pages carry no publication date, so the drafter cannot know a year): a
record counts as covered by a draft of its article that names one of its places and agrees on
the date as far as the words allow (the same day of unknown year for "September 4" or "reported
on 13 January"; unknown for weekdays and relative words), or, for a record the words date, has
its date. The bar is the measured coverage in bench/RESULTS.md, kept from falling.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.draft.score import Tally, score_case, seed_cases
from geodata.gazetteer import load_gazetteer
from incidents import paths

ROOT = Path(__file__).resolve().parents[2]
SEEDS = paths.seeds_dir()
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not here")

COVERED_AT_LEAST = 29  # of 29


def test_drafts_cover_the_seed_incidents() -> None:
    tally = Tally()
    gazetteer = load_gazetteer()
    for case in seed_cases(SEEDS):
        score_case(case, tally, gazetteer)
    found, total = tally.counts["events found"]
    assert total == 29
    assert found >= COVERED_AT_LEAST
    assert tally.counts["invented or wrong dates (lower is better)"][0] == 0
    verbatim, strings = tally.counts["verbatim strings"]
    assert verbatim == strings


def test_validate_passes_on_the_drafts_of_every_seed(tmp_path: Path) -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        done = subprocess.run(
            [sys.executable, "-m", "incidents", "draft", str(seed), "--format", "yaml", "-o", str(tmp_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert len(list(tmp_path.glob("*.yaml"))) >= 29
    done = subprocess.run(
        [sys.executable, "-m", "incidents", "validate", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 valid records and" in done.stderr and "0 errors" in done.stderr
