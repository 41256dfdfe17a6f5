"""The timeline under the map: incidents over time as their possible days, brushing sets dates.

A known day is a solid tick; a day whose year or week is unknown ("4 September", "on
Thursday") is a faint short tick at each of its candidate days (incidents.dates), never a bar
across the years; a span of possible days (a week, "12 or 13 January") is a bar. A span longer
than LONG_SPAN_DAYS (or more than MAX_CANDIDATES candidate days in view: a weekday over
years) says nothing a mark could show, so it is not drawn and the caption under the chart
counts it. With many incidents it switches to monthly counts by attacker.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from functools import lru_cache

import altair as alt
import pandas as pd
import streamlit as st

from incidents import dates, i18n
from incidents.filters import PLAY_STEPS, Filter
from incidents.i18n import _
from incidents.maps.legend import legend_lookups, listed
from incidents.maps.messages import localized, translate
from pages.shared import memo

DETAIL_LIMIT = 400
BRUSH = "brush"
LONG_SPAN_DAYS = 92
"""A span of possible days longer than about three months is not drawn (the caption counts it)."""
MAX_CANDIDATES = 31
"""More candidate days than this in view (a weekday over years) are not drawn either."""
MARK_COLUMNS = ["id", "title", "attacker_label", "day", "day_end", "kind", "date_words", "date_precision"]


def timeline_marks(shown: pd.DataFrame, filt: Filter) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(marks, undrawn): one mark per known day, candidate day or short span; the long spans apart.

    `kind` is `day` (a known day), `candidate` (one of the days an incident of unknown year or
    week may fall on; only those inside the filter's period) or `span` (every day from `day` to
    `day_end` is possible).
    """
    marks: list[dict] = []
    undrawn: list[int] = []
    words = dates.local_words(shown)  # in the reader's language
    years = shown[dates.YEARS_COLUMN] if dates.YEARS_COLUMN in shown else pd.Series("", index=shown.index)
    lo = pd.Timestamp(filt.date_from) if filt.date_from else None
    hi = pd.Timestamp(filt.date_to) if filt.date_to else None
    for index, row in shown.iterrows():
        start, end = row["date_start"], row["date_end"] if not pd.isna(row["date_end"]) else row["date_start"]
        if pd.isna(start):
            undrawn.append(index)
            continue
        base = {k: row[k] for k in ("id", "title", "attacker_label", "date_precision")}
        base["date_words"] = words[index]
        candidates = dates.possible_days(
            start.date(), end.date(), str(row["date_precision"]), dates.parse_years(years[index])
        )
        if candidates is not None and len(candidates) > 1:
            visible = [
                day
                for day in map(pd.Timestamp, candidates)
                if (lo is None or day >= lo) and (hi is None or day <= hi)
            ]
            if len(visible) > MAX_CANDIDATES:  # every Thursday of seven years: a band, not a date
                undrawn.append(index)
                continue
            for day in visible:
                marks.append(base | {"day": day, "day_end": day + pd.Timedelta(days=1), "kind": "candidate"})
        elif start == end:
            marks.append(base | {"day": start, "day_end": start + pd.Timedelta(days=1), "kind": "day"})
        elif (end - start).days < LONG_SPAN_DAYS:
            marks.append(base | {"day": start, "day_end": end + pd.Timedelta(days=1), "kind": "span"})
        else:
            undrawn.append(index)
    return pd.DataFrame(marks, columns=MARK_COLUMNS), shown.loc[undrawn]


def _colour_scale(lookups: dict) -> alt.Scale:
    """The legend's colours (incidents.actors) for every attacker the table names."""
    attackers = listed(lookups["attackers"])
    return alt.Scale(domain=[a["label"] for a in attackers], range=[a["color"] for a in attackers])


def _domain(marks: pd.DataFrame, filt: Filter) -> list[str] | None:
    # The candidate days of an undated incident (a day of unknown year) do not stretch the axis
    # when known days or spans are there to set it; they are drawn where they fall within it.
    if "kind" in marks and (marks["kind"] != "candidate").any():
        marks = marks[marks["kind"] != "candidate"]
    start = filt.date_from or (marks["day"].min().date() if len(marks) else None)
    end = filt.date_to or ((marks["day_end"].max() - pd.Timedelta(days=1)).date() if len(marks) else None)
    if start is None or end is None:
        return None
    return [pd.Timestamp(start).isoformat(), (pd.Timestamp(end) + pd.Timedelta(days=1)).isoformat()]


ROWS = "timeline-rows"
"""The name of the chart's data: the spec says how to draw it, `timeline_spec` fills it in."""


def _chart(detail: bool, lookups: dict) -> alt.TopLevelMixin:
    """The chart without its rows or period: possible days per incident (`detail`, few
    incidents) or monthly counts (many), coloured by attacker. The same for every view of a
    table, so it is built once (`_template`)."""
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    colour = alt.Color("attacker_label:N", title=_("Attacker"), scale=_colour_scale(lookups))
    data = alt.Data(name=ROWS)
    if detail:
        base = alt.Chart(data).encode(
            x=alt.X("day:T", title=None),
            y=alt.Y("attacker_label:N", title=None, sort=[a["label"] for a in lookups["attackers"]]),
            color=colour,
            tooltip=[
                alt.Tooltip("title:N", title=_("Incident")),
                alt.Tooltip("date_words:N", title=_("Date")),
                alt.Tooltip("date_precision:N", title=_("Date precision")),
            ],
        )
        spans = (
            base.transform_filter(alt.datum.kind == "span")
            .mark_bar(height=10, opacity=0.35, clip=True)
            .encode(x2="day_end:T")
        )
        days = base.transform_filter(alt.datum.kind == "day").mark_tick(thickness=3, size=18, clip=True)
        candidates = base.transform_filter(alt.datum.kind == "candidate").mark_tick(
            thickness=2, size=9, opacity=0.45, clip=True
        )
        chart = alt.layer(spans, candidates, days).add_params(brush)
    else:
        chart = (
            alt.Chart(data)
            .mark_bar(clip=True)
            .encode(
                x=alt.X("month:T", title=_("Month")),
                y=alt.Y("size:Q", title=_("Incidents")),
                color=colour,
                tooltip=["month:T", "attacker_label:N", "size:Q"],
            )
            .add_params(brush)
        )
    return chart.properties(height=170)


_THEME_LOCK = threading.Lock()


@lru_cache(maxsize=16)
def _template(detail: bool, lookups_json: str, lang: str) -> str:
    """The chart's Vega-Lite spec without rows or period (JSON), validated against the schema
    once per table legend. Built with Altair on every view it took 50-80 ms, most of a cold
    page run; a burst of readers opening different links paid it for each (bench/RESULTS.md).
    """
    # Streamlit's own theme applies, not Altair's.
    with _THEME_LOCK, alt.theme.enable("none"):
        return json.dumps(_chart(detail, json.loads(lookups_json)).to_dict())


def timeline_spec(
    shown: pd.DataFrame, filt: Filter, lookups: dict | None = None
) -> tuple[dict, pd.DataFrame]:
    """(spec, undrawn): the chart for these incidents and this period, and the incidents it
    cannot draw (spans too long to say anything, or not within one month when counted)."""
    lookups = lookups or legend_lookups(shown)
    if i18n.current() != i18n.DEFAULT:  # the attackers' names as the map's legend gives them
        lookups = {"attackers": localized(lookups)["attackers"]}
    detail = len(shown) <= DETAIL_LIMIT
    if detail:
        rows, undrawn = timeline_marks(shown, filt)
        domain = _domain(rows, filt)
        if domain:  # an undated incident none of whose candidate days is in view is counted instead
            candidates = rows[rows["kind"] == "candidate"]
            inside = (candidates["day"] >= pd.Timestamp(domain[0])) & (
                candidates["day"] < pd.Timestamp(domain[1])
            )
            lost = set(candidates["id"]) - set(candidates.loc[inside, "id"])
            undrawn = pd.concat([undrawn, shown[shown["id"].isin(lost)]])
    else:
        # Monthly counts: only incidents whose possible days lie within one month can be counted.
        start, end = shown["date_start"], shown["date_end"].fillna(shown["date_start"])
        one_month = start.notna() & (start.dt.to_period("M") == end.dt.to_period("M"))
        one_month &= ~shown["date_precision"].isin(dates.DISCRETE) | (start == end)
        undrawn = shown[~one_month]
        counted = shown[one_month]
        monthly = counted.assign(month=counted["date_start"].dt.to_period("M").dt.to_timestamp())
        rows = monthly.groupby(["month", "attacker_label"], as_index=False).size()
        domain = _domain(monthly.assign(day=monthly["month"], day_end=monthly["month"]), filt)
        domain = domain if len(rows) else None
    spec = json.loads(_template(detail, json.dumps(lookups, sort_keys=True), i18n.current()))
    if i18n.current() != i18n.DEFAULT:
        rows = rows.assign(attacker_label=rows["attacker_label"].map(translate)) if len(rows) else rows
        spec.setdefault("config", {})["locale"] = {"time": i18n.time_locale()}  # the axis's months
    # The chart's text alternative (Vega writes it as the SVG's aria-label).
    spec["description"] = _(
        "Timeline of the incidents shown: one row per attacker, a tick for each known or possible day."
    )
    # Every mark inline (up to DETAIL_LIMIT incidents times MAX_CANDIDATES days), as Altair's
    # data transformer writes them.
    spec["datasets"] = {ROWS: alt.to_values(rows)["values"]}
    if domain:
        for layer in spec.get("layer", [spec]):
            layer["encoding"]["x"]["scale"] = {"domain": domain}
            layer["encoding"]["x"]["axis"] = {"format": _axis_format(domain), "labelOverlap": True}
    return spec, undrawn


def _axis_format(domain: list[str]) -> str:
    """Every label carries its year ('Oct 2019', not 'October'); days only on a short period."""
    days = (pd.Timestamp(domain[1]) - pd.Timestamp(domain[0])).days
    return "%Y" if days > 3 * 366 else "%b %Y" if days > 62 else "%-d %b %Y"


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
    st.markdown(
        _(
            "**Timeline** · drag across the chart to set the period · tall tick: a known day · "
            "faint short ticks: the possible days of an incident whose year or week is unknown · "
            "bar: a span of possible days"
        )
    )
    # The chart depends on the rows and the period (its domain); the colours come with the table.
    spec, undrawn = memo.per_rows(
        "timeline", shown, lambda: timeline_spec(shown, filt, lookups), filt.date_from, filt.date_to
    )
    key = f"timeline-{filt.date_from}-{filt.date_to}"
    _brush_is_decoration()
    st.vega_lite_chart(
        spec=spec,
        width="stretch",
        key=key,
        on_select=lambda: _apply_brush(key),
        selection_mode=BRUSH,
    )
    if len(undrawn):
        st.caption(
            _(
                "Not on the timeline: {n} incident(s) whose possible days span more than {days} days, or "
                "number more than {candidates} in this period; they are in the count and on the map, but "
                "a mark across months or years would not say when."
            ).format(n=i18n.number(len(undrawn)), days=LONG_SPAN_DAYS, candidates=MAX_CANDIDATES)
        )
    step = st.segmented_control(
        _("Step through time by"),
        ["week", "month"],
        format_func=lambda slug: _(PLAY_STEPS[slug]),
        default="month",
        key="timeline-step",
        label_visibility="collapsed",
    )
    cols = st.columns([1, 1, 1, 3])
    step_label = PLAY_STEPS[step or "month"]
    if filt.date_from and filt.date_to:
        cols[0].button(
            _("Previous"),
            icon=":material/skip_previous:",
            on_click=_shift,
            args=(step or "month", filt, -1),
            width="stretch",
        )
        cols[1].button(
            _("Next"),
            icon=":material/skip_next:",
            on_click=_shift,
            args=(step or "month", filt, 1),
            width="stretch",
        )
    else:
        cols[0].button(
            _("Step by {step}").format(step=_(step_label)),
            icon=":material/play_arrow:",
            on_click=_start_stepping,
            args=(step or "month", shown),
            width="stretch",
        )
    if filt.date_from or filt.date_to:
        cols[2].button(_("All dates"), icon=":material/close:", on_click=_clear_dates, width="stretch")


def _brush_is_decoration() -> None:
    """The brush's two rectangles are selection feedback, not content: hidden from screen readers.

    Vega-Lite gives them the role of an image without a name (axe-core's svg-img-alt, serious) and
    no spec option reaches them. Keyboard readers set the period with the date fields and the
    Previous/Next buttons instead."""
    st.html(
        """<script>
        if (!window.brushHidden) {
          window.brushHidden = true;
          const hide = () => document.querySelectorAll(".brush_brush_bg, .brush_brush").forEach(
            (g) => g.setAttribute("aria-hidden", "true"));
          new MutationObserver(hide).observe(document.body, {childList: true, subtree: true});
          hide();
        }
        </script>""",
        unsafe_allow_javascript=True,
    )


def _clear_dates() -> None:
    st.session_state["f_from"] = None
    st.session_state["f_to"] = None
