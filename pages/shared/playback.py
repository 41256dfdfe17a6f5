"""Playback: the period steps through time and the map and the count line follow.

Readers of kepler.gl or Liveuamap expect to press play and watch incidents accumulate (a growing,
cumulative period) or move through a window of a week or a month. A playback frame is only a
narrower period of the same Filter, so an incident whose dates are uncertain is in a frame
exactly when the date filter would keep it (by default when its date range overlaps the frame,
as the timeline draws it). Position and settings live in the URL, so a link opens mid-playback:

    ?play=window&every=week&at=2021-01-20&playing=1

The five parameters are entries of the registry (incidents/filters/registry.py, scope "playback"), which
parses them with their notices, writes them back and documents them; `Playback` is their value.
The timeline presets (one week, one month, three months, the whole period) set the period itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

from incidents.filters import PARAMS, PLAY_MODES, PLAY_SPEED_LABELS, PLAY_SPEEDS, PLAY_STEPS, Filter, Playback
from incidents.i18n import N_, _

NAMES = tuple(p.name for p in PARAMS if p.scope == "playback")
"""The URL parameters playback owns (the rest of the link is the filters and the map view)."""
PRESETS = {
    N_("1 week"): pd.DateOffset(weeks=1),
    N_("1 month"): pd.DateOffset(months=1),
    N_("3 months"): pd.DateOffset(months=3),
}


def step(every: str) -> pd.DateOffset:
    return pd.DateOffset(weeks=1) if every == "week" else pd.DateOffset(months=1)


def bounds(shown: pd.DataFrame, filt: Filter) -> tuple[dt.date, dt.date] | None:
    """The period played through: the filter's, or the span of the incidents it keeps."""
    start = filt.date_from or (shown["date_start"].min().date() if len(shown) else None)
    end = filt.date_to or (shown["date_end"].max().date() if len(shown) else None)
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    return start, end


def position(playback: Playback, period: tuple[dt.date, dt.date]) -> dt.date:
    """The frame's last day: the link's `at` within the period, else the end of the first frame."""
    start, end = period
    first = (pd.Timestamp(start) + step(playback.every) - pd.Timedelta(days=1)).date()
    at = playback.at or min(first, end)
    return min(max(at, start), end)


def frame(filt: Filter, playback: Playback, period: tuple[dt.date, dt.date]) -> Filter:
    """The filter of the frame shown now: the same filter over a narrower period."""
    start, _end = period
    at = position(playback, period)
    if playback.mode == "cumulative":
        return replace(filt, date_from=start, date_to=at)
    first = (pd.Timestamp(at) - step(playback.every) + pd.Timedelta(days=1)).date()
    return replace(filt, date_from=max(first, start), date_to=at)


def advanced(playback: Playback, period: tuple[dt.date, dt.date]) -> Playback:
    """The next frame; at the end of the period playback stops there."""
    at = position(playback, period)
    nxt = (pd.Timestamp(at) + step(playback.every)).date()
    if at >= period[1]:
        return replace(playback, playing=False)
    return replace(playback, at=min(nxt, period[1]))


# --- in Streamlit ---------------------------------------------------------------------------------

_STATE = "_playback"


_WRITTEN = "_playback_written"


def _own(params: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {name: str(params[name][-1]) for name in NAMES if params.get(name)}


def current(params: Mapping[str, Sequence[str]]) -> tuple[Playback, list[str]]:
    """This session's playback: from the link when it is new to the session (a fresh link,
    back/forward), else as the controls and the timer left it."""
    if _STATE not in st.session_state or _own(params) != st.session_state.get(_WRITTEN):
        st.session_state[_STATE], notices = Playback.from_query(params)
        st.session_state[_WRITTEN] = _own(params)
        return st.session_state[_STATE], notices
    return st.session_state[_STATE], []


def _set(playback: Playback) -> None:
    st.session_state[_STATE] = playback


def write_url(playback: Playback) -> None:
    """Put playback's parameters into the URL (after the page has written the filters)."""
    for name in NAMES:
        if name in st.query_params and name not in playback.to_query():
            del st.query_params[name]
    for name, value in playback.to_query().items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    st.session_state[_WRITTEN] = playback.to_query()


def _set_period(start: dt.date | None, end: dt.date | None) -> None:
    """Set the sidebar's period (a callback: it runs before the widgets are drawn again)."""
    st.session_state["f_from"], st.session_state["f_to"] = start, end


def presets(period: tuple[dt.date, dt.date] | None, data_end: dt.date | None) -> None:
    """One week, one month, three months (ending where the period ends) and the whole period."""
    end = period[1] if period else data_end
    with st.container(horizontal=True, gap="small", key="timeline-presets"):
        for label, length in PRESETS.items():
            start = (pd.Timestamp(end) - length + pd.Timedelta(days=1)).date() if end else None
            st.button(
                _(label), on_click=_set_period, args=(start, end), disabled=end is None, key=f"preset-{label}"
            )
        st.button(_("Whole period"), on_click=_set_period, args=(None, None), key="preset-all")


def controls(playback: Playback, period: tuple[dt.date, dt.date] | None) -> None:
    """Play/pause, mode, step, speed and the position; while playing, a timer moves it on."""
    if period is None:
        st.caption(_("Nothing to play: no incident with a date is shown."))
        return
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom", key="playback"):
        playing = playback.playing and playback.mode is not None
        if st.button(
            _("Pause") if playing else _("Play"),
            icon=":material/pause:" if playing else ":material/play_arrow:",
            key="playback-toggle",
            type="primary" if playing else "secondary",
        ):
            at = position(playback, period)
            restart = not playing and at >= period[1]
            _set(
                replace(
                    playback,
                    mode=playback.mode or "window",
                    playing=not playing,
                    at=None if restart else at,
                )
            )
            st.rerun()
        mode = st.selectbox(
            _("Playback"),
            ["off", *PLAY_MODES],
            index=[None, *PLAY_MODES].index(playback.mode),
            format_func=lambda m: _(PLAY_MODES.get(m, N_("Off (whole period)"))),
            key=f"playback-mode-{playback.mode}",
        )
        every = st.selectbox(
            _("Step"),
            list(PLAY_STEPS),
            index=list(PLAY_STEPS).index(playback.every),
            format_func=lambda every: _(PLAY_STEPS[every]),
            key=f"playback-every-{playback.every}",
        )
        speed = st.selectbox(
            _("Speed"),
            list(PLAY_SPEEDS),
            index=list(PLAY_SPEEDS).index(playback.speed),
            format_func=lambda speed: _(PLAY_SPEED_LABELS[speed]),
            key=f"playback-speed-{playback.speed}",
        )
    chosen = replace(playback, mode=None if mode == "off" else mode, every=every, speed=speed)
    if chosen.mode is None:
        chosen = replace(chosen, playing=False, at=None)
    if chosen != playback:
        _set(chosen)
        st.rerun()
    if playback.mode is None:
        return
    at = position(playback, period)
    picked = st.slider(
        _("Playback position (last day of the frame)"),
        min_value=period[0],
        max_value=max(period[1], period[0] + dt.timedelta(days=1)),
        value=at,
        format="D MMM YYYY",
        key=f"playback-at-{at}",
    )
    if picked != at:
        _set(replace(playback, at=picked, playing=False))
        st.rerun()
    if playback.playing:
        _ticker(PLAY_SPEEDS[playback.speed], period)


def _ticker(seconds: float, period: tuple[dt.date, dt.date]) -> None:
    st.session_state["_playback_inline"] = True

    @st.fragment(run_every=seconds)
    def tick() -> None:
        # The fragment runs once inline with the page, then on its own every `seconds`.
        if st.session_state.pop("_playback_inline", False):
            return
        _set(advanced(st.session_state[_STATE], period))
        st.rerun(scope="app")

    tick()
