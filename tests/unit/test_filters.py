"""The query-string API: parsing never raises, bad values become notices, links round-trip."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.distance import distance_km
from incidents.filters import PARAMETERS, Filter, View


def test_readable_parameters_round_trip():
    params = {
        "from": ["2021-01-01"],
        "to": ["2021-03-01"],
        "attacker": ["israel", "united-states"],
        "type": ["air-strike"],
        "confidence": ["likely"],
        "q": ["Bukamal"],
        "min_killed": ["3"],
    }
    filt, notices = Filter.from_query(params)
    assert notices == []
    assert filt.date_from == dt.date(2021, 1, 1)
    assert filt.attackers == ("israel", "united-states")
    again, _ = Filter.from_query(filt.to_query())
    assert again == filt


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"from": ["2021-02-31"]}, "not a date"),
        ({"attacker": ["martians"]}, "Unknown attacker"),
        ({"zoom": ["99"]}, "zoom"),
        ({"type": ["<script>"]}, "Unknown event type"),
        ({"min_killed": ["-4"]}, "min_killed"),
        ({"min_killed": ["nan"]}, "min_killed"),
        ({"dates": ["sometimes"]}, "overlap or within"),
        ({"from": ["1200-01-01"]}, "out of range"),
        ({"q": ["x" * 5000]}, "too long"),
    ],
)
def test_bad_values_fall_back_with_a_notice(params, notice):
    filt, notices = Filter.from_query(params)
    notices += View.from_query(params).notices
    assert any(notice in n for n in notices), notices
    # The bad parameter fell back to its default: the link is as if it had not been given.
    assert filt == Filter()


@pytest.mark.parametrize(
    "params",
    [
        {"attacker": ["![x](http://evil.example/x.png)"]},
        {"from": ["Call +1 555 0100 to claim"]},
        {"place": ["Evacuate now"]},
        {"center": ["Evacuate now"]},
        {"governorate": ["Evacuate now"]},
    ],
)
def test_notices_name_the_parameter_and_never_repeat_the_link(params):
    """datasette 0.64.8: a page that echoes its link can be made to say anything."""
    [(name, [value])] = params.items()
    _, notices = Filter.from_query(params, known_places=["al-bukamal"], known_governorates=["Homs"])
    notices += View.from_query(params).notices
    assert notices and all(f"“{name}”" in n for n in notices), notices
    assert not any(word in n for n in notices for word in value.split() if len(word) > 3), notices


def test_swapped_dates_are_swapped_back():
    filt, notices = Filter.from_query({"from": ["2021-03-01"], "to": ["2021-01-01"]})
    assert filt.date_from < filt.date_to
    assert notices


def test_view_parses_center_zoom_and_rejects_nonsense():
    view = View.from_query(
        {"center": ["34.45,40.92"], "zoom": ["9"], "incident": ["abc"]}, known_incidents=["abc"]
    )
    assert view.center == (34.45, 40.92) and view.zoom == 9 and view.incident == "abc"
    bad = View.from_query({"center": ["north"], "zoom": ["99"], "incident": ["../../etc/passwd"]})
    assert bad.center is None and bad.zoom is None and bad.incident is None
    assert len(bad.notices) == 3


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*PARAMETERS, "unknown", ""]),
        st.lists(st.text(max_size=300), max_size=25),
        max_size=12,
    )
)
def test_parsing_any_input_never_raises(params):
    filt, notices = Filter.from_query(params, known_places=["al-bukamal"], known_governorates=["Deir ez-Zor"])
    view = View.from_query(params, known_incidents=["x"])
    assert isinstance(filt.to_query(), dict) and isinstance(view.to_query(), dict)
    assert all(isinstance(n, str) for n in notices)


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    incidents = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "date_start": pd.to_datetime(["2021-01-13", "2018-09-04", "2021-02-26"]),
            "date_end": pd.to_datetime(["2021-01-13", "2024-09-04", "2021-02-26"]),
            "attacker": ["israel", "unknown", "united-states"],
            "event_type": ["air-strike", "drone-strike", "air-strike"],
            "confidence": ["likely", "unknown", "confirmed"],
            "killed_min": pd.array([5, 3, 22], dtype="Int64"),
            "targets": ["Iranian militias", "Popular Mobilization Forces", "Kata’ib Hezbollah"],
            "search_text": ["al-bukamal raid", "pmf trucks albu kamal", "qaim crossing"],
            "documents": ["003.txt", "000.txt", "001.txt"],
        }
    )
    sites = pd.DataFrame(
        {
            "incident_id": ["a", "b", "c"],
            "place_id": ["al-bukamal", "syria-iraq-border", "al-qaim-border-crossing"],
            "governorate": ["Deir ez-Zor", "Deir ez-Zor", "Anbar"],
            "lat": [34.45, 34.40, 34.38],
            "lon": [40.92, 41.00, 40.98],
        }
    )
    return incidents, sites


def test_overlap_keeps_possible_dates_and_within_keeps_certain_ones():
    incidents, sites = _tables()
    overlap = Filter(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31))
    within = overlap.with_(date_match="within")
    assert list(overlap.apply(incidents, sites)[0]["id"]) == ["a", "b", "c"]
    assert list(within.apply(incidents, sites)[0]["id"]) == ["a", "c"]


def test_facets_combine():
    incidents, sites = _tables()
    assert list(Filter(attackers=("unknown",)).apply(incidents, sites)[0]["id"]) == ["b"]
    assert list(Filter(min_killed=10).apply(incidents, sites)[0]["id"]) == ["c"]
    assert list(Filter(target="kataib").apply(incidents, sites)[0]["id"]) == ["c"]
    assert list(Filter(sources=("000",)).apply(incidents, sites)[0]["id"]) == ["b"]
    assert list(Filter(governorate="Anbar").apply(incidents, sites)[0]["id"]) == ["c"]


def test_vectorised_distance_matches_geopy():
    lats, lons = np.array([34.45, 35.33, 34.73]), np.array([40.92, 40.14, 36.71])
    ours = distance_km(34.38, 40.98, lats, lons)
    for mine, lat, lon in zip(ours, lats, lons, strict=True):
        assert mine == pytest.approx(geodesic((34.38, 40.98), (lat, lon)).km, rel=0.005)


def test_describe_says_the_view_in_words():
    filt = Filter(types=("drone-strike",), attackers=("unknown",), place="al-bukamal", km=25)
    assert filt.describe({"al-bukamal": "al-Bukamal"}) == (
        "Drone strikes attributed to Unknown within 25 km of al-Bukamal"
    )


def test_search_ignores_how_apostrophes_are_typed():
    """The search text and the query are folded by one function: 'Kata’ib' = "Kata'ib" = 'kataib'."""
    from incidents.load import load_incidents

    result = load_incidents()
    counts = {
        query: len(Filter(q=query).apply(result.incidents, result.sites)[0])
        for query in ("Kata’ib", "Kata'ib", "kataib")
    }
    assert len(set(counts.values())) == 1 and counts["kataib"] > 0, counts


@pytest.mark.parametrize("heat", [False, True])
@pytest.mark.parametrize("cluster", [False, True])
@pytest.mark.parametrize("online_tiles", [False, True])
def test_view_switches_round_trip_and_default_to_an_empty_link(heat, cluster, online_tiles):
    view = View(
        incident="abc", zoom=9, center=(34.45, 40.92), heat=heat, cluster=cluster, online_tiles=online_tiles
    )
    assert View.from_query(view.to_query(), known_incidents=["abc"]) == view
    assert View.from_query({}) == View() and View().to_query() == {}


def test_each_chip_names_one_filter_in_force_and_removes_it_alone() -> None:
    """The phone's chips above the map (issue 29): one per filter in force, in the sentence's
    words, each leaving the others (a period's chip clears both ends and `dates`)."""
    import datetime as dt

    from incidents.filters import Filter

    filt = Filter(
        date_from=dt.date(2021, 1, 1),
        date_to=dt.date(2021, 2, 28),
        date_match="within",
        attackers=("israel",),
        types=("drone-strike",),
        place="al-bukamal",
        km=5,
    )
    chips = dict(filt.chips({"al-bukamal": "al-Bukamal"}))
    assert set(chips) == {
        "Drone strike",
        "between 2021-01-01 and 2021-02-28",
        "attributed to Israel",
        "within 5 km of al-Bukamal",
    }
    assert chips["between 2021-01-01 and 2021-02-28"] == filt.with_(
        date_from=None, date_to=None, date_match="overlap"
    )
    assert chips["attributed to Israel"] == filt.with_(attackers=())
    assert chips["within 5 km of al-Bukamal"] == filt.with_(place=None, km=None)
    assert chips["Drone strike"] == filt.with_(types=())
    assert Filter().chips() == []
