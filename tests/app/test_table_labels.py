"""A table's own actors are named by the table, even when it was converted in another process.

The app converts a user's file in a child process (columnar.convert_in_child) and reads the
conversion back; nothing the child learnt while reading the file is in the server's memory, so
the sidebar, the sentence and the legend must take their labels from the table itself.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from incidents.acled_read import record_id
from incidents.text import slug
from tests.app.run_page import open_page
from tests.app.test_pages import texts

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "acled" / "acled-sample.csv"
ACTOR = "Brigade of the Eastern Desert Test Label"  # named by no other test: no process has seen it
SLUG = slug(ACTOR)


@pytest.fixture
def own_actor_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from pages.shared import data

    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8", newline="")))
    for row in rows:
        row["actor1"] = ACTOR
    path = tmp_path / "own-actor.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv("INCIDENTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("INCIDENTS_SOURCE", str(path))
    st.cache_resource.clear()
    data._conversions.clear()
    yield path
    st.cache_resource.clear()
    data._conversions.clear()


def test_sidebar_sentence_and_legend_name_the_tables_own_actor(own_actor_table: Path) -> None:
    from pages.shared import data

    at = open_page(None, timeout=180, attacker=SLUG)
    assert list((own_actor_table.parent / "cache").iterdir())  # converted (in a child process)
    chips = at.multiselect(key="f_attacker")
    assert ACTOR in chips.options and SLUG not in chips.options
    assert f"Incidents attributed to {ACTOR}" in texts(at)
    # The language switch's link carries the view's query (`?attacker=<slug>&lang=ar`): a slug in an
    # href is the link, not a name the reader sees.
    assert SLUG not in re.sub(r'href="[^"]*"', "", texts(at))
    legend = {entry["slug"]: entry["label"] for entry in data.app_data().facets.lookups["attackers"]}
    assert legend[SLUG] == ACTOR


def test_an_imported_events_page_shows_the_sources_account_and_scale(own_actor_table: Path) -> None:
    row = next(csv.DictReader(own_actor_table.open(encoding="utf-8", newline="")))
    shown = texts(open_page("pages/incident.py", timeout=180, incident=record_id(row["event_id_cnty"])))
    assert row["notes"] and row["notes"] in shown
    assert f"Source scale:** {row['source_scale']}" in shown
    assert row["source"] in shown
    assert "holds no sources or quotes" not in shown
