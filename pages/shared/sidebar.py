"""The filter sidebar shared by every page: widgets in, one Filter out."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from incidents.filters import Filter
from incidents.model import Confidence
from pages.shared import url_state
from pages.shared.data import AppData

_SYNC_KEY = "_filters_synced_from"


def _url_filter_key(filt: Filter) -> str:
    return url_state.query_string(filt.to_query())


def _load_widgets(filt: Filter) -> None:
    """Set every widget from the URL's filter (a fresh link, or back/forward)."""
    ss = st.session_state
    ss["f_from"] = filt.date_from
    ss["f_to"] = filt.date_to
    ss["f_within"] = filt.date_match == "within"
    ss["f_attacker"] = list(filt.attackers)
    ss["f_type"] = list(filt.types)
    ss["f_confidence"] = list(filt.confidences)
    ss["f_place"] = filt.place
    ss["f_km"] = float(filt.km) if filt.km else 0.0
    ss["f_governorate"] = filt.governorate
    ss["f_target"] = filt.target or ""
    ss["f_min_killed"] = filt.min_killed or 0
    ss["f_q"] = filt.q or ""
    ss["f_source"] = list(filt.sources)


def filter_sidebar(data: AppData, url_filter: Filter) -> Filter:
    """Draw the filters (seeded from the URL) and return the filter they express."""
    key = _url_filter_key(url_filter)
    if st.session_state.get(_SYNC_KEY) != key:
        _load_widgets(url_filter)
    names = data.place_names
    used_places = data.facets.used_places
    governorates = data.facets.governorates
    sources = data.facets.sources
    with st.sidebar:
        st.header("Filters")
        st.text_input("Search", key="f_q", placeholder="Words, places in Latin or Arabic script")
        col_from, col_to = st.columns(2)
        col_from.date_input(
            "From", key="f_from", min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)
        )
        col_to.date_input("To", key="f_to", min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))
        st.checkbox(
            "Only incidents certainly in this period",
            key="f_within",
            help="Off: show incidents that may have happened in the period (their date range overlaps it). "
            "On: only incidents whose whole date range lies inside it.",
        )
        attackers = {a["slug"]: a["label"] for a in data.facets.lookups["attackers"]}
        st.multiselect(
            "Attacker (assessed)",
            list(attackers),
            key="f_attacker",
            format_func=lambda v: attackers.get(v, v),
            placeholder="Any attacker",
        )
        st.multiselect(
            "Attribution confidence",
            [c.value for c in Confidence],
            key="f_confidence",
            format_func=lambda v: Confidence(v).label,
            placeholder="Any confidence",
        )
        types = {t["slug"]: t["label"] for t in data.facets.lookups["types"]}
        st.multiselect(
            "Event type",
            list(types),
            key="f_type",
            format_func=lambda v: types.get(v, v),
            placeholder="Any type",
        )
        st.selectbox(
            "Place",
            used_places,
            key="f_place",
            index=None,
            format_func=lambda p: names.get(p, p),
            placeholder="Anywhere",
        )
        st.number_input(
            "Within km of the place (0 = in the place)", key="f_km", min_value=0.0, max_value=1000.0, step=5.0
        )
        st.selectbox(
            "Governorate", governorates, key="f_governorate", index=None, placeholder="Any governorate"
        )
        st.text_input("Target group", key="f_target", placeholder="e.g. Kata'ib Hezbollah")
        st.number_input(
            "At least this many killed", key="f_min_killed", min_value=0, max_value=100000, step=1
        )
        st.multiselect("Source document", sources, key="f_source", placeholder="Any source")
    ss = st.session_state
    filt = Filter(
        date_from=ss["f_from"],
        date_to=ss["f_to"],
        date_match="within" if ss["f_within"] else "overlap",
        attackers=tuple(ss["f_attacker"]),
        types=tuple(ss["f_type"]),
        confidences=tuple(ss["f_confidence"]),
        place=ss["f_place"],
        km=ss["f_km"] or None if ss["f_place"] else None,
        governorate=ss["f_governorate"],
        target=ss["f_target"].strip() or None,
        min_killed=int(ss["f_min_killed"]) or None,
        q=ss["f_q"].strip() or None,
        sources=tuple(ss["f_source"]),
    )
    if filt.date_from and filt.date_to and filt.date_to < filt.date_from:
        st.sidebar.warning("The period ends before it starts; the dates are swapped.")
        filt = filt.with_(date_from=filt.date_to, date_to=filt.date_from)
    st.session_state[_SYNC_KEY] = _url_filter_key(filt)
    return filt
