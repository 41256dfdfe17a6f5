"""Script in data, without a browser: the hostile records through every export and map layer.

The records in tests/fixtures/hostile/records/ put `<script>`, `<img onerror>`, `javascript:` and
Markdown links, and spreadsheet formulas in every free-text field. Each export must carry them as
text: escaped in HTML, neutralised in CSV, plain strings in GeoJSON. The browser-side half (map
tooltips, popups, pages) is tests/e2e/test_script_in_data.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import folium
import pandas as pd
import pytest

from geodata.gazetteer import load_gazetteer
from incidents.acled import FORMULA_START
from incidents.briefings import load_briefing
from incidents.export import export_bytes
from incidents.load import LoadResult, load_incidents
from incidents.maps.basemap import base_map
from incidents.maps.incident_layer import IncidentLayer

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
# Markup that must never appear unescaped in any HTML we write.
INJECTED = re.compile(
    r"<script>alert|<img src=x|<svg onload|<iframe src|<b onmouseover|<style>body|<a href=\"javascript", re.I
)


@pytest.fixture(scope="module")
def hostile() -> LoadResult:
    result = load_incidents(
        HOSTILE / "records", gazetteer=load_gazetteer(), seeds_dir=HOSTILE / "seeds", check_quotes=True
    )
    assert result.errors == [] and len(result.records) == 3
    return result


def _export(fmt: str, result: LoadResult, **kwargs) -> str:
    return export_bytes(fmt, result.incidents, result.sites, records=result.records, **kwargs).decode()


@pytest.mark.parametrize("fmt", ["csv", "acled"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(hostile, fmt: str) -> None:
    rows = list(csv.reader(io.StringIO(_export(fmt, hostile))))
    cells = [cell for row in rows[1:] for cell in row]
    live = [c for c in cells if c.startswith(FORMULA_START) and not re.fullmatch(r"-?\d+(\.\d+)?", c)]
    assert live == []
    neutralised = [c for c in cells if c.startswith("'") and c[1:].startswith(FORMULA_START)]
    assert neutralised, "the hostile records hold formulas; some cell must have been neutralised"
    if fmt == "csv":
        weapon = rows[0].index("weapon")
        assert '\'=HYPERLINK("http://evil.example/","weapon")' in [r[weapon] for r in rows[1:]]


def test_geojson_carries_the_text_as_plain_strings(hostile) -> None:
    data = json.loads(_export("geojson", hostile))
    titles = {f["properties"]["title"] for f in data["features"]}
    assert any(t.startswith("<script>alert('title')</script>") for t in titles)


def test_html_briefing_escapes_every_field(hostile) -> None:
    briefing = load_briefing("hostile-briefing", HOSTILE / "briefings", known_ids=hostile.incidents["id"])
    page = _export(
        "html",
        hostile,
        title=briefing.title,
        sentences=briefing.sentences,
        filter_description='mentioning “<img src=x onerror=alert("filter")>”',
        link="http://localhost:8501/?q=%3Cscript%3E",
    )
    assert not INJECTED.search(page), INJECTED.search(page)
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;briefing-title&#x27;)" in page
    assert "&lt;img src=x onerror=alert(&#x27;sentence&#x27;)&gt;" in page
    # The map's data is JSON inside a script: "<" is written \u003c, so no tag can close it.
    assert "\\u003cscript\\u003ealert(\\u0027title\\u0027)" in page
    assert not re.search(r"href=\"\s*javascript:", page, re.I)


def test_map_layer_html_keeps_record_text_out_of_markup(hostile) -> None:
    """The folium map as the app sends it (IncidentLayer data is JSON for incident_layer.js)."""
    fmap = base_map((35.0, 40.5), 8)
    IncidentLayer(hostile.incidents, hostile.sites, selected="hostile-script-in-every-field").add_to(fmap)
    page = fmap.get_root().render()
    assert not INJECTED.search(page), INJECTED.search(page)
    assert "\\u003cscript\\u003ealert(\\u0027title\\u0027)" in page  # the title, as JSON text


def test_template_syntax_in_records_reaches_the_map_as_text(hostile) -> None:
    """folium compiles rendered scripts as jinja templates; record text must never be compiled."""
    from streamlit_folium import _get_feature_group_string

    layer = IncidentLayer(hostile.incidents, hostile.sites)
    fmap = base_map((35.0, 40.5), 8, labels=[("{{ 7*7 }} {% raw %}", 34.7, 40.8)])
    fmap.get_root().render()  # as st_folium does; raised TemplateSyntaxError before raw_script
    script = _get_feature_group_string(layer, fmap)
    page = fmap.get_root().render()
    assert "49" not in script.replace("{{ 7*7 }}", "")
    assert "Drone strike {{ 7*7 }} {% raw %} {# near Hajin {{ \\u0027x\\u0027 }}" in script
    assert '[["{{ 7*7 }} {% raw %}", 34.7, 40.8]]' in page  # the town label, data for placeLabels


def test_place_layer_escapes_gazetteer_names() -> None:
    """Place names come from the gazetteer; the Places page's tooltips are HTML, so they are escaped."""
    from pages.shared.small_maps import place_layer

    places = pd.DataFrame(
        {
            "name": ["<img src=x onerror=alert('gz')>", "{{ 7*7 }} {% raw %}"],
            "lat": [34.45, 34.7],
            "lon": [40.92, 40.8],
            "precision_m": [3000, 3000],
        },
        index=pd.Index(["al-bukamal", "hajin"], name="place_id"),
    )
    fmap = folium.Map(location=(34.45, 40.92), tiles=None)
    place_layer(places, pd.Series({"al-bukamal": 1}), places["name"].to_dict()).add_to(fmap)
    page = fmap.get_root().render()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(" in page
    assert "&#123;&#123; 7*7 &#125;&#125; &#123;% raw %&#125;" in page  # not compiled by jinja
