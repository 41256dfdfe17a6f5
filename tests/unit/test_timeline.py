"""The timeline's marks (pages/shared/timeline.py): possible days, never a multi-year bar for one day."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from incidents.filters import Filter
from incidents.load import load_incidents
from pages.shared.timeline import (
    DETAIL_LIMIT,
    LONG_SPAN_DAYS,
    MAX_CANDIDATES,
    ROWS,
    timeline_marks,
    timeline_spec,
)


@pytest.fixture(scope="module")
def records():
    return load_incidents()


def _view(records, **query):
    filt, _ = Filter.from_query({k: [v] for k, v in query.items()})
    shown, _ = filt.apply(records.incidents, records.sites)
    return shown, filt


def test_no_mark_spans_more_than_the_long_span_limit(records) -> None:
    for query in ({}, {"from": "2021-01-01", "to": "2021-02-28"}, {"from": "2018-01-01", "to": "2024-12-31"}):
        shown, filt = _view(records, **query)
        marks, undrawn = timeline_marks(shown, filt)
        widths = (marks["day_end"] - marks["day"]).dt.days
        assert widths.max() <= LONG_SPAN_DAYS, query
        assert (widths[marks["kind"] != "span"] == 1).all()
        # Every incident is either drawn or counted in the caption: nothing disappears silently.
        assert set(marks["id"]) | set(undrawn["id"]) == set(shown["id"])


def test_a_day_of_unknown_year_is_a_mark_on_each_candidate_day(records) -> None:
    shown, filt = _view(records)
    marks, _ = timeline_marks(shown, filt)
    sept = marks[marks["id"] == "sept-04-drone-strike-pmf-trucks-al-bukamal"]
    assert (sept["kind"] == "candidate").all()
    assert [d.date().isoformat() for d in sept["day"]] == [f"{y}-09-04" for y in range(2018, 2025)]
    assert set(sept["date_words"]) == {"4 September (year unknown: 2018-2024)"}


def test_a_weekday_of_unknown_week_is_drawn_only_where_it_says_something(records) -> None:
    shown, filt = _view(records, **{"from": "2021-01-01", "to": "2021-02-28"})
    marks, _ = timeline_marks(shown, filt)
    thursdays = marks[marks["id"] == "homs-mukhtariyah-explosions-thursday"]
    assert len(thursdays) == 8 and {d.day_name() for d in thursdays["day"]} == {"Thursday"}
    everything, whole = _view(records)
    marks, undrawn = timeline_marks(everything, whole)  # 370 Thursdays over seven years: not drawn
    assert "homs-mukhtariyah-explosions-thursday" in set(undrawn["id"])
    assert (marks.groupby("id").size() <= MAX_CANDIDATES).all()


def test_chart_renders_with_its_layers(records) -> None:
    shown, filt = _view(records, **{"from": "2021-01-01", "to": "2021-02-28"})
    spec, _ = timeline_spec(shown, filt)
    kinds = {str(layer.get("transform")) for layer in spec["layer"]}
    assert any("candidate" in k for k in kinds) and any("span" in k for k in kinds)
    for layer in spec["layer"]:  # the period is the filter's, on every layer
        domain = [pd.Timestamp(d).date().isoformat() for d in layer["encoding"]["x"]["scale"]["domain"]]
        assert domain == ["2021-01-01", "2021-03-01"]


@pytest.mark.parametrize("query", [{}, {"attacker": "israel"}, {"from": "2021-01-01", "to": "2021-02-28"}])
def test_the_spec_is_valid_vega_lite_and_holds_this_views_marks(records, query) -> None:
    """The spec is filled in from a template built once; what it holds is this view's."""
    shown, filt = _view(records, **query)
    spec, undrawn = timeline_spec(shown, filt)
    alt.TopLevelSpec.from_dict(spec)  # raises on anything the Vega-Lite schema rejects
    marks, expected_undrawn = timeline_marks(shown, filt)
    assert spec["data"] == {"name": ROWS}
    assert spec["datasets"][ROWS] == alt.to_values(marks)["values"]
    assert list(undrawn["id"]) == list(expected_undrawn["id"])
    other, _ = timeline_spec(*_view(records, type="drone-strike"))
    assert other["datasets"] != spec["datasets"], "a second view must not get the first one's marks"


def test_many_incidents_are_counted_by_month_in_a_valid_spec(records) -> None:
    many = pd.concat([records.incidents] * (DETAIL_LIMIT // len(records.incidents) + 1), ignore_index=True)
    filt, _ = Filter.from_query({"from": ["2021-01-01"], "to": ["2021-12-31"]})
    spec, undrawn = timeline_spec(many, filt)
    alt.TopLevelSpec.from_dict(spec)
    counted = spec["datasets"][ROWS]
    assert counted and set(counted[0]) == {"month", "attacker_label", "size"}
    # Every incident is counted once in its month, or listed as not countable.
    assert sum(row["size"] for row in counted) + len(undrawn) == len(many)
    assert spec["encoding"]["x"]["scale"]["domain"][0].startswith("2021-01-01")


def test_years_on_the_axis_and_undated_days_do_not_stretch_it(records) -> None:
    shown, filt = _view(records)
    spec, undrawn = timeline_spec(shown, filt)
    marks, _ = timeline_marks(shown, filt)
    known = marks[marks["kind"] != "candidate"]
    x = spec["layer"][0]["encoding"]["x"]
    # The axis spans the known days and spans only, not every candidate day of an undated incident.
    assert pd.Timestamp(x["scale"]["domain"][0]) == known["day"].min()
    assert pd.Timestamp(x["scale"]["domain"][1]) == known["day_end"].max()
    assert "%Y" in x["axis"]["format"]
    drawn = set(marks["id"]) - set(undrawn["id"])
    assert drawn | set(undrawn["id"]) == set(shown["id"])  # every incident drawn or counted
