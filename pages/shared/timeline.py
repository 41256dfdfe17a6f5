"""The timeline under the map: incidents over time, date ranges drawn as spans, brushing sets dates.

An incident known only to 'some day between 2018 and 2024' is a long faint bar, not a point:
the chart shows the uncertainty the record carries. With many incidents it switches to
monthly counts by attacker.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from incidents.filters import Filter
from incidents.maps.basemap import legend_lookups

DETAIL_LIMIT = 400
BRUSH = "brush"


def _colour_scale(lookups: dict) -> alt.Scale:
    """The legend's colours (incidents.actors) for every attacker the table names."""
    attackers = lookups["attackers"]
    return alt.Scale(domain=[a["label"] for a in attackers], range=[a["color"] for a in attackers])


def _domain(shown: pd.DataFrame, filt: Filter) -> list[str] | None:
    start = filt.date_from or (shown["date_start"].min().date() if len(shown) else None)
    end = filt.date_to or (shown["date_end"].max().date() if len(shown) else None)
    if start is None or end is None:
        return None
    return [pd.Timestamp(start).isoformat(), (pd.Timestamp(end) + pd.Timedelta(days=1)).isoformat()]


def timeline_chart(shown: pd.DataFrame, filt: Filter, lookups: dict | None = None) -> alt.Chart:
    """Spans per incident (few incidents) or monthly counts (many), coloured by attacker."""
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    scale = alt.Scale(domain=_domain(shown, filt)) if _domain(shown, filt) else alt.Undefined
    lookups = lookups or legend_lookups(shown)
    colour = alt.Color("attacker_label:N", title="Attacker", scale=_colour_scale(lookups))
    if len(shown) <= DETAIL_LIMIT:
        data = shown.assign(
            end_plus=shown["date_end"] + pd.Timedelta(days=1),
            span_days=(shown["date_end"] - shown["date_start"]).dt.days + 1,
            date_text=[
                f"{s:%d %b %Y}" if s == e else f"{s:%d %b %Y} – {e:%d %b %Y}"
                for s, e in zip(shown["date_start"], shown["date_end"], strict=True)
            ],
        )[
            [
                "id",
                "title",
                "attacker_label",
                "date_start",
                "end_plus",
                "span_days",
                "date_text",
                "date_precision",
            ]
        ]
        base = alt.Chart(data).encode(
            x=alt.X("date_start:T", title=None, scale=scale),
            y=alt.Y("attacker_label:N", title=None, sort=[a["label"] for a in lookups["attackers"]]),
            color=colour,
            tooltip=[
                alt.Tooltip("title:N", title="Incident"),
                alt.Tooltip("date_text:N", title="Date"),
                alt.Tooltip("date_precision:N", title="Date precision"),
            ],
        )
        spans = base.mark_bar(height=10, opacity=0.35, clip=True).encode(x2="end_plus:T")
        points = base.mark_tick(thickness=3, size=18, clip=True)
        chart = alt.layer(spans, points).add_params(brush)
    else:
        monthly = shown.assign(month=shown["date_start"].dt.to_period("M").dt.to_timestamp())
        counts = monthly.groupby(["month", "attacker_label"], as_index=False).size()
        chart = (
            alt.Chart(counts)
            .mark_bar(clip=True)
            .encode(
                x=alt.X("month:T", title="Month of earliest possible date", scale=scale),
                y=alt.Y("size:Q", title="Incidents"),
                color=colour,
                tooltip=["month:T", "attacker_label:N", "size:Q"],
            )
            .add_params(brush)
        )
    return chart.properties(height=170)


def _selected_range(state: object) -> tuple[dt.date, dt.date] | None:
    selection = getattr(state, "selection", None) or (state or {}).get("selection", {})
    brush = (selection or {}).get(BRUSH) or {}
    values = next(iter(brush.values()), None) if isinstance(brush, dict) else None
    if not values or len(values) != 2:
        return None
    start, end = (pd.to_datetime(v, unit="ms" if isinstance(v, int | float) else None) for v in values)
    return start.date(), max(start.date(), (end - pd.Timedelta(seconds=1)).date())


def _apply_brush(key: str) -> None:
    """Chart selection callback: runs before the next script run, so widgets may be set."""
    picked = _selected_range(st.session_state.get(key))
    if picked:
        st.session_state["f_from"], st.session_state["f_to"] = picked


def _shift(step: str, filt: Filter, direction: int) -> None:
    start = filt.date_from or dt.date.today()
    end = filt.date_to or start
    if step == "month":
        offset = pd.DateOffset(months=direction)
        new_start = (pd.Timestamp(start) + offset).date()
        new_end = (pd.Timestamp(end) + offset).date()
    else:
        new_start = start + dt.timedelta(weeks=direction)
        new_end = end + dt.timedelta(weeks=direction)
    st.session_state["f_from"], st.session_state["f_to"] = new_start, new_end


def _start_stepping(step: str, shown: pd.DataFrame) -> None:
    first = shown["date_start"].min().date() if len(shown) else dt.date.today()
    first = first.replace(day=1) if step == "month" else first
    length = pd.DateOffset(months=1) if step == "month" else pd.DateOffset(weeks=1)
    st.session_state["f_from"] = first
    st.session_state["f_to"] = (pd.Timestamp(first) + length - pd.Timedelta(days=1)).date()


def timeline(shown: pd.DataFrame, filt: Filter, lookups: dict | None = None) -> None:
    """Draw the chart and the step controls; brushing or stepping sets the date filter."""
    st.markdown("**Timeline** · drag across the chart to set the period; bars are date ranges")
    key = f"timeline-{filt.date_from}-{filt.date_to}"
    st.altair_chart(
        timeline_chart(shown, filt, lookups),
        width="stretch",
        key=key,
        on_select=lambda: _apply_brush(key),
        selection_mode=BRUSH,
    )
    step = st.segmented_control(
        "Step through time by",
        ["week", "month"],
        default="month",
        key="timeline-step",
        label_visibility="collapsed",
    )
    cols = st.columns([1, 1, 1, 3])
    if filt.date_from and filt.date_to:
        cols[0].button(
            "Previous",
            icon=":material/skip_previous:",
            on_click=_shift,
            args=(step or "month", filt, -1),
            width="stretch",
        )
        cols[1].button(
            "Next",
            icon=":material/skip_next:",
            on_click=_shift,
            args=(step or "month", filt, 1),
            width="stretch",
        )
    else:
        cols[0].button(
            f"Step by {step or 'month'}",
            icon=":material/play_arrow:",
            on_click=_start_stepping,
            args=(step or "month", shown),
            width="stretch",
        )
    if filt.date_from or filt.date_to:
        cols[2].button("All dates", icon=":material/close:", on_click=_clear_dates, width="stretch")


def _clear_dates() -> None:
    st.session_state["f_from"] = None
    st.session_state["f_to"] = None
