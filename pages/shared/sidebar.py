"""The filter sidebar shared by every page: one widget per parameter of `incidents.filters.PARAMS`.

Each parameter's `Widget` says what to draw; this module only turns it into Streamlit. The URL
leads whenever it changed behind the widgets (a fresh link, back/forward, arriving from another
page, whose widgets Streamlit 1.67 keys apart); otherwise the widgets lead and the page writes
the URL after them (url_state.write).

Streamlit's own `bind="query-params"` is not used: it writes a choice widget's *label* into the
URL (`attacker=Israel`, `place=Al-Bukamal`), which would break the slug URLs the README documents
and every link already shared.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from incidents import parties
from incidents.filters import MAX_DATE, MIN_DATE, PARAMS, Filter, Param, choices, label
from incidents.i18n import _
from pages.shared import url_state
from pages.shared.data import AppData

_SYNCED = "_filters_synced"  # (page, query string) the widgets expressed on the last run
WIDGETS: tuple[Param, ...] = tuple(p for p in PARAMS if p.widget is not None)


def _key(param: Param) -> str:
    return f"f_{param.name}"


def _to_widget(param: Param, value: Any) -> Any:
    """A filter field's value as its widget holds it."""
    kind = param.widget.kind
    if kind == "text":
        return value or ""
    if kind == "number":
        return value if value is not None else param.widget.low
    if kind == "checkbox":
        return value == param.widget.checked
    if kind == "multiselect":
        return list(value)
    return value


def _from_widget(param: Param, value: Any) -> Any:
    """A widget's value as the filter field (an empty widget is the parameter's default)."""
    kind = param.widget.kind
    if kind == "text":
        return value.strip() or None
    if kind == "number":
        return value or None  # 0 is "no minimum" / "in the place itself"
    if kind == "checkbox":
        return param.widget.checked if value else param.default
    if kind == "multiselect":
        return tuple(value)
    return value


def _draw(param: Param, data: AppData, where: Any) -> None:
    widget, key = param.widget, _key(param)
    # The registry's labels are marked (N_) where declared and translated here, where they are shown.
    text, placeholder = _(widget.label), _(widget.placeholder) if widget.placeholder else None
    common = {"key": key, "help": _(widget.help) if widget.help else None}
    if widget.kind == "text":
        where.text_input(text, placeholder=placeholder, **common)
    elif widget.kind == "date":
        where.date_input(text, min_value=MIN_DATE, max_value=MAX_DATE, **common)
    elif widget.kind == "checkbox":
        where.checkbox(text, **common)
    elif widget.kind == "number":
        where.number_input(text, min_value=widget.low, max_value=widget.high, step=widget.step, **common)
    else:
        options = choices(widget.options, data.facets)
        if widget.options == "datasets" and len(options) < 2:
            return  # one dataset shown: nothing to choose (a link's `dataset` still applies)
        current = st.session_state.get(key)
        for value in current if isinstance(current, list) else [current]:
            if value is not None and value not in options:  # a valid link value the data lacks
                options.append(value)
        if widget.options == "used_places":
            names = data.place_names
            show = lambda v: names.get(v, v)  # noqa: E731
        elif widget.options == "actors":
            listed = {entry["slug"]: entry for entry in data.facets.actors}
            show = lambda v: parties.option_text(listed[v]) if v in listed else label("actors", v)  # noqa: E731
        else:
            show = lambda v: label(widget.options, v, data.facets.labels)  # noqa: E731
        if widget.kind == "multiselect":
            where.multiselect(text, options, format_func=show, placeholder=placeholder, **common)
        else:
            where.selectbox(text, options, index=None, format_func=show, placeholder=placeholder, **common)


def filter_sidebar(data: AppData, url_filter: Filter, page: str) -> Filter:
    """Draw the filters (seeded from the URL when it changed behind them) and return their filter."""
    ss = st.session_state
    if ss.get(_SYNCED) != (page, url_state.query_string(url_filter.to_query())):
        for param in WIDGETS:
            ss[_key(param)] = _to_widget(param, getattr(url_filter, param.field))
    with st.sidebar:
        st.header(_("Filters"))
        row: list[Any] = []
        for param in WIDGETS:
            if param.widget.pair and not row:
                row = list(st.columns(2))
            _draw(param, data, row.pop(0) if row else st)
    filt, notices = Filter(**{p.field: _from_widget(p, ss[_key(p)]) for p in WIDGETS}).consistent()
    for notice in notices:
        st.sidebar.warning(notice)
    ss[_SYNCED] = (page, url_state.query_string(filt.to_query()))
    return filt
