"""The benchmark still runs: a 1k smoke run (real server, real Chromium), numbers only.

Benchmarks are not tests: nothing here asserts a duration, only that every figure was produced.
It runs in its own process because the end-to-end tests hold a Playwright session in this one.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.e2e
@pytest.mark.slow
def test_quick_benchmark_produces_every_figure(tmp_path: Path):
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--results", str(results)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    text = results.read_text(encoding="utf-8")
    (row,) = [line for line in text.splitlines() if line.startswith("| 1,000 | ours |")]
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert len(cells) == 12
    assert all(re.search(r"\d", cell) for cell in cells[3:]), row
    assert "not part of this run" in text
