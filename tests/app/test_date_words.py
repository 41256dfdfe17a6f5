"""One date sentence: a record whose year is inferred says so on every page and in every export."""

from __future__ import annotations

import pytest

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


def test_a_geojson_export_read_back_still_says_year_inferred(records, tmp_path) -> None:
    from incidents.tables import load_result

    path = tmp_path / "view.geojson"
    path.write_bytes(export_bytes("geojson", records.incidents, records.sites))
    back = load_result(path).incidents.set_index("id")
    assert back.loc[INCIDENT_ID, "date_words"] == WORDS
