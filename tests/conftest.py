"""Shared by every test: where the repository and its test fixtures are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures/."""
    return FIXTURES


SUMMARY: list[str] = []
"""Figures tests measure (gazetteer accuracy...), printed at the end of every run."""


def pytest_terminal_summary(terminalreporter) -> None:
    if SUMMARY:
        terminalreporter.section("measurements")
        for line in SUMMARY:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session", autouse=True)
def conversion_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Converted tables (incidents.columnar) go to a fresh directory, never the checkout's."""
    import os

    cache = tmp_path_factory.mktemp("columnar")
    os.environ["INCIDENTS_CACHE"] = str(cache)
    return cache
