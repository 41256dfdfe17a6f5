"""One date sentence: a record whose year is inferred says so on every page and in every export."""

from __future__ import annotations

import pandas as pd
import pytest

from incidents import dates
from incidents.export import export_bytes
from incidents.load import load_incidents
from incidents.maps.incident_layer import layer_data
from tests.app.run_page import open_page
from tests.app.test_pages import texts

INCIDENT_ID = "2021-01-11-47th-regiment-arrest-attempt-al-bukamal"
WORDS = "11 January 2021 (day worked out from the text; year inferred)"


@pytest.fixture(scope="module")
def records():
    result = load_incidents()
    row = result.incidents.set_index("id").loc[INCIDENT_ID]
    assert row["year_inferred"] and row["date_words"] == WORDS
    return result


def test_the_incidents_table_says_year_inferred(records) -> None:
    table = open_page("pages/incidents.py").dataframe[0].value
    inferred = records.incidents["year_inferred"].sum()
    assert inferred > 10
    assert table["When"].str.contains("year inferred", regex=False).sum() == inferred
    assert WORDS in set(table["When"])


def test_the_map_pages_brief_and_the_incident_page_say_year_inferred() -> None:
    for page in ("pages/map.py", "pages/incident.py"):
        assert WORDS in texts(open_page(page, incident=INCIDENT_ID)), page


def test_the_map_popups_say_year_inferred(records) -> None:
    assert WORDS in layer_data(records.incidents, records.sites)["texts"]["date"]


@pytest.mark.parametrize("fmt", ["csv", "geojson", "html", "acled"])
def test_every_export_says_year_inferred(records, fmt: str) -> None:
    shown = records.incidents[records.incidents["id"] == INCIDENT_ID]
    sites = records.sites[records.sites["incident_id"] == INCIDENT_ID]
    text = export_bytes(fmt, shown, sites, acled_uncertain=True).decode("utf-8")
    said = {
        "csv": WORDS,
        "geojson": f'"date_words": "{WORDS}"',
        "html": f"<dt>Date</dt><dd>{WORDS}</dd>",
        "acled": f"Date: {WORDS}.",
    }[fmt]
    assert said in text, fmt


def test_the_incidents_table_gives_no_day_no_source_gives(records) -> None:
    table = open_page("pages/incidents.py").dataframe[0].value
    # No column holds a bare date: a day column turns "between 8 November 2017 and 7 December 2024"
    # into 2017-11-08 the moment it is sorted or copied.
    assert not [c for c in table.columns if pd.api.types.is_datetime64_any_dtype(table[c])]
    ordered = records.incidents.sort_values(["date_start", "date_end", "title"], kind="stable")
    for (_, record), shown in zip(ordered.iterrows(), table["Possible days"], strict=True):
        first, last = record["date_start"].date().isoformat(), record["date_end"].date().isoformat()
        assert shown == (first if first == last else f"{first} to {last}"), record["id"]
    ranges = table["Possible days"].str.contains(" to ", regex=False).sum()
    assert ranges == (ordered["date_start"] != ordered["date_end"]).sum() > 10
    assert list(table["Possible days"]) == sorted(table["Possible days"])  # sorts by the earliest day


def test_the_incident_page_gives_each_sources_publication_date_and_addresses(records) -> None:
    record = next(r for r in records.records if r.id == INCIDENT_ID)
    shown = texts(open_page("pages/incident.py", incident=INCIDENT_ID))
    for source in record.sources:
        published = dates.published_words(source.published.earliest, source.published.latest)
        assert published.startswith("published ") and published in shown
        if source.url is None:
            assert "No web address is recorded for this article." in shown
        if source.archive_url is None:
            assert "No archived copy is recorded." in shown
    assert "sources[" not in shown


def test_a_geojson_export_read_back_still_says_year_inferred(records, tmp_path) -> None:
    from incidents.tables import load_result

    path = tmp_path / "view.geojson"
    path.write_bytes(export_bytes("geojson", records.incidents, records.sites))
    back = load_result(path).incidents.set_index("id")
    assert back.loc[INCIDENT_ID, "date_words"] == WORDS
