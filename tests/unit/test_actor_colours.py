"""One colour per actor for a given table (issue 29): colours were handed out afresh for each
view's own counts, so Islamic State was teal on the map and maroon on its incident page. They
come from the whole table's legend, whatever the filter, in every export."""

from __future__ import annotations

import io
import re
from pathlib import Path

from incidents import parties, tables
from incidents.export import export
from incidents.filters import Filter
from incidents.maps.legend import legend_lookups

EITHER_SIDE = Path(__file__).resolve().parents[1] / "fixtures" / "acled" / "acled-either-side.csv"
ACTOR = "islamic-state-syria"


def _colour_in_html(html: str) -> str:
    """The colour the offline page's layer gives ACTOR (its lookups, sent as JSON)."""
    found = re.findall(r'\{"slug":"' + ACTOR + r'","label":"[^"]*","color":"(#[0-9A-Fa-f]{6})"', html)
    assert found, "the actor is not in the page's legend"
    assert len(set(found)) == 1
    return found[0]


def _html(query: dict) -> str:
    result = tables.load_result(EITHER_SIDE)
    listed = [entry["slug"] for entry in parties.listing(result.incidents["parties"])]
    filt, notices = Filter.from_query(
        query, known_actors=listed, known_attackers=result.incidents["attacker"]
    )
    assert notices == []
    out = io.StringIO()
    export(result, "html", out, filt)
    return out.getvalue()


def _legend_colour(lookups: dict) -> str:
    return next(a["color"] for a in lookups["attackers"] if a["slug"] == ACTOR)


def test_an_actor_has_the_tables_colour_in_every_export_whatever_the_filter() -> None:
    incidents, _ = tables.load_table(EITHER_SIDE)
    table_colour = _legend_colour(legend_lookups(incidents))
    # The hazard: a view alone (Islamic State's one strike, its IED) would give it another colour.
    alone = incidents[incidents["attacker"] == ACTOR]
    assert _legend_colour(legend_lookups(alone)) != table_colour
    for query in ({"attacker": [ACTOR]}, {"actor": [ACTOR]}, {"from": "2019-02-05"}, {}):
        assert _colour_in_html(_html(query)) == table_colour, query


def test_a_converted_tables_unused_categories_are_not_in_the_legend() -> None:
    """A converted table's categorical columns keep unused categories ('' among them): the legend
    showed a row with no name and a colour of its own."""
    incidents, _ = tables.load_table(EITHER_SIDE)
    for column in ("attacker", "attacker_label", "event_type", "event_type_label"):
        incidents[column] = incidents[column].astype("category").cat.add_categories([""])
    lookups = legend_lookups(incidents)
    assert all(entry["slug"] and entry["label"] for entry in lookups["attackers"] + lookups["types"])
    assert _legend_colour(lookups) == _legend_colour(legend_lookups(tables.load_table(EITHER_SIDE)[0]))
