"""An event with no attacker names parties, not targets (issue 29): ACLED's actor2 of a battle
is one side of it, not what was struck. The page of a strike still says "Targets"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from tests.app.run_page import open_page
from tests.app.test_pages import texts

EITHER_SIDE = Path(__file__).resolve().parents[1] / "fixtures" / "acled" / "acled-either-side.csv"


@pytest.fixture
def acled_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from pages.shared import data

    monkeypatch.setenv("INCIDENTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("INCIDENTS_SOURCE", str(EITHER_SIDE))
    st.cache_resource.clear()
    data._conversions.clear()
    yield
    st.cache_resource.clear()
    data._conversions.clear()


def test_a_battles_page_names_both_parties_and_a_strikes_its_targets(acled_table: None) -> None:
    battle = texts(open_page("pages/incident.py", timeout=180, incident="acled-syr91001"))
    assert "Parties:** Military Forces of Syria (2000-) 5th Assault Corps; Islamic State (Syria)" in battle
    assert "Targets" not in battle
    shelling = texts(open_page("pages/incident.py", timeout=180, incident="acled-syr91004"))
    assert "Targets:** Islamic State (Syria)" in shelling and "Parties:**" not in shelling
