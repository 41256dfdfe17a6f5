"""Playback's link (registry scope "playback") and its frames: the same filter over a narrower period."""

from __future__ import annotations

import datetime as dt

import pytest

from geodata.gazetteer import load_gazetteer
from incidents.filters import (
    PARAMETERS,
    PARAMS,
    PLAY_MODES,
    PLAY_SPEEDS,
    PLAY_STEPS,
    Filter,
    Playback,
    readme_table,
)
from incidents.load import load_incidents
from pages.shared.playback import advanced, bounds, frame

PERIOD = (dt.date(2021, 1, 1), dt.date(2021, 3, 31))


def test_a_link_gives_position_and_settings_and_names_what_it_ignores() -> None:
    playback, notices = Playback.from_query(
        {
            "play": ["cumulative"],
            "every": ["month"],
            "at": ["2021-02-14"],
            "playing": ["1"],
            "speed": ["warp"],
        }
    )
    assert playback == Playback("cumulative", "month", dt.date(2021, 2, 14), "normal", True)
    assert notices == ["The link’s “speed” must be slow, normal or fast; it was ignored."]


def test_the_documented_link_opens_mid_playback_and_is_written_back_as_it_was() -> None:
    """The URL scheme of the README (and of links already shared) holds."""
    link = {"play": "window", "every": "week", "at": "2021-01-20", "playing": "1"}
    playback, notices = Playback.from_query({k: [v] for k, v in link.items()})
    assert notices == []
    assert playback == Playback("window", "week", dt.date(2021, 1, 20), "normal", True)
    assert playback.to_query() == link


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("play", "Evacuate now", "must be window or cumulative"),
        ("every", "Evacuate now", "must be week or month"),
        ("speed", "Evacuate now", "must be slow, normal or fast"),
        ("at", "Evacuate now", "is not a date (expected YYYY-MM-DD)"),
        ("at", "2021-02-31", "is not a date (expected YYYY-MM-DD)"),
        ("at", "1200-01-01", "is out of range"),
        ("play", "x" * 5000, "is too long"),
    ],
)
def test_a_bad_value_falls_back_with_a_notice_naming_the_parameter_not_the_link(
    name: str, value: str, expected: str
) -> None:
    playback, notices = Playback.from_query({"play": ["window"], name: [value]})
    [notice] = notices
    assert notice.startswith(f"The link’s “{name}” {expected}"), notice
    assert value not in notice and "Evacuate" not in notice
    # The bad parameter is as if it had not been given; the rest of the link holds.
    fallback = Playback(mode=None if name == "play" else "window")
    assert playback == fallback


def test_playing_is_on_only_for_1_as_before() -> None:
    for value, playing in (("1", True), ("0", False), ("yes", False), ("", False)):
        playback, notices = Playback.from_query({"play": ["window"], "playing": [value]})
        assert (playback.playing, notices) == (playing, [])


@pytest.mark.parametrize("mode", [None, *PLAY_MODES])
@pytest.mark.parametrize("every", list(PLAY_STEPS))
@pytest.mark.parametrize("speed", list(PLAY_SPEEDS))
@pytest.mark.parametrize("at", [None, dt.date(2021, 2, 14)])
@pytest.mark.parametrize("playing", [False, True])
def test_playback_round_trips_through_its_link(mode, every, speed, at, playing) -> None:
    playback = Playback(mode, every, at, speed, playing)
    query = playback.to_query()
    again, notices = Playback.from_query({k: [v] for k, v in query.items()})
    assert notices == []
    # Without a mode nothing is written: the link opens the whole period, as it always did.
    assert again == (playback if mode else Playback())
    if mode:
        assert query["play"] == mode and query["every"] == every  # `every` is always written
        assert ("speed" in query) == (speed != "normal") and ("playing" in query) == playing


def test_the_five_parameters_are_registry_entries_with_their_readme_line() -> None:
    names = [p.name for p in PARAMS if p.scope == "playback"]
    assert names == ["play", "every", "at", "speed", "playing"]
    assert Playback.from_query({}) == (Playback(), [])  # the registry's defaults are Playback's
    table = readme_table()
    for name in names:
        assert f"| `{name}` | {PARAMETERS[name]} |" in table
    assert "`window` or `cumulative`" in PARAMETERS["play"]


def test_a_moving_window_ends_at_the_position_and_a_growing_one_starts_with_the_period() -> None:
    filt = Filter(types=("drone-strike",))
    window = frame(filt, Playback("window", "week", dt.date(2021, 1, 20)), PERIOD)
    assert (window.date_from, window.date_to) == (dt.date(2021, 1, 14), dt.date(2021, 1, 20))
    assert window.types == ("drone-strike",)  # the rest of the filter holds
    growing = frame(filt, Playback("cumulative", "month", dt.date(2021, 2, 14)), PERIOD)
    assert (growing.date_from, growing.date_to) == (dt.date(2021, 1, 1), dt.date(2021, 2, 14))
    first = frame(filt, Playback("window", "month"), PERIOD)  # no position: the first frame
    assert (first.date_from, first.date_to) == (dt.date(2021, 1, 1), dt.date(2021, 1, 31))


def test_playing_steps_on_and_stops_at_the_end_of_the_period() -> None:
    playback = Playback("window", "week", dt.date(2021, 3, 20), playing=True)
    nxt = advanced(playback, PERIOD)
    assert nxt.at == dt.date(2021, 3, 27) and nxt.playing
    last = advanced(advanced(nxt, PERIOD), PERIOD)
    assert last.at == PERIOD[1] and not last.playing


def test_an_uncertain_date_is_in_a_frame_when_the_date_filter_keeps_it() -> None:
    records = load_incidents(gazetteer=load_gazetteer())
    period = bounds(records.incidents, Filter())
    assert period is not None
    filt = frame(Filter(), Playback("window", "week", dt.date(2021, 1, 13)), period)
    shown, _ = filt.apply(records.incidents, records.sites)
    # The frame is the week up to its position, read as the date filter reads a period: certain
    # and possible incidents, where "possible" means a possible day of the incident is in it.
    week, _ = Filter(date_from=dt.date(2021, 1, 7), date_to=dt.date(2021, 1, 13)).apply(
        records.incidents, records.sites
    )
    assert set(shown["id"]) == set(week["id"]) and len(shown) > 0
    # A 4 September of unknown year spans January in its range but is never possibly in it.
    assert "sept-04-drone-strike-pmf-trucks-al-bukamal" not in set(shown["id"])
