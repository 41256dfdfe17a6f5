"""Playback frames are the same filter over a narrower period (pages/shared/playback.py)."""

from __future__ import annotations

import datetime as dt

from geodata.gazetteer import load_gazetteer
from incidents.filters import Filter
from incidents.load import load_incidents
from pages.shared.playback import Playback, advanced, bounds, frame

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
    assert notices == ["“speed” must be one of slow, normal, fast; it was ignored."]
    assert Playback.from_query({k: [v] for k, v in playback.to_query().items()})[0] == playback
    assert Playback.from_query({"at": ["2021-02-31"]})[1] == [
        "“at” must be a date, YYYY-MM-DD; it was ignored."
    ]


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
