"""The incident in brief, from its table row: beside the map, at a briefing step, and as the page
of an incident known only from a large table (which has no YAML record behind it).

One renderer over the table contract (incidents.load.INCIDENT_COLUMNS, which large tables fill
too), so the curated records and imported tables read alike.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents.labels import casualty_label
from pages.shared.escape import md_escape


def incident_brief(row: pd.Series, title: bool = True) -> None:
    """Title, type, date with its precision, attacker with confidence, who says so, casualties,
    places and sources."""
    if title:
        st.subheader(md_escape(row["title"]), anchor=False)
    st.caption(md_escape(row["event_type_label"]))
    st.markdown(f"**When:** {md_escape(row['date_words'])}")
    confidence = str(row["confidence_label"]).lower()
    st.markdown(f"**Attacker (assessed):** {md_escape(row['attacker_label'])}, {md_escape(confidence)}")
    if isinstance(row.get("claims_text"), str) and row["claims_text"]:
        st.markdown(f"**Who says so:** {md_escape(row['claims_text'])}")
    killed = casualty_label(row["killed_min"], row["killed_max"]) or "not reported"
    injured = casualty_label(row["injured_min"], row["injured_max"]) or "not reported"
    st.markdown(f"**Killed:** {md_escape(killed)} · **Injured:** {md_escape(injured)}")
    st.markdown(f"**Places:** {md_escape(row['place_names'])}")
    st.markdown(f"**Sources:** {md_escape(row['outlets'])}")


def table_only_incident(row: pd.Series) -> None:
    """An incident known only from a table: the brief, its targets and date note, and why there is
    no more."""
    incident_brief(row, title=False)
    shown = (
        ("The source's account", "description"),
        ("Source scale", "source_scale"),
        ("Targets", "targets"),
        ("How the date was worked out", "date_note"),
        ("How the dataset codes it", "reasoning"),
    )
    for label, column in shown:
        value = row.get(column)
        if isinstance(value, str) and value:
            st.markdown(f"**{label}:** {md_escape(value)}")
    st.caption(
        "This incident comes from an imported table: its own account and sources are above; "
        "it holds no verbatim quotes."
    )
