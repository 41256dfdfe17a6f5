"""The timeline's marks (pages/shared/timeline.py): possible days, never a multi-year bar for one day."""

from __future__ import annotations

import pandas as pd
import pytest

from incidents.filters import Filter
from incidents.load import load_incidents
from pages.shared.timeline import LONG_SPAN_DAYS, MAX_CANDIDATES, timeline_chart, timeline_marks


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
    spec = timeline_chart(shown, filt).to_dict()
    kinds = {str(layer.get("transform")) for layer in spec["layer"]}
    assert any("candidate" in k for k in kinds) and any("span" in k for k in kinds)
    assert (
        pd.Timestamp(spec["layer"][0]["encoding"]["x"]["scale"]["domain"][0]).date().isoformat()
        == "2021-01-01"
    )
