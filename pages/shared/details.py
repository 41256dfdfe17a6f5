"""The selected incident in brief, beside the map (the full record has its own page)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents.filters import Filter
from incidents.labels import casualty_label, date_label
from incidents.model import Confidence
from pages.shared.record_view import md_escape


def incident_summary(row: pd.Series, filt: Filter) -> None:
    """Title, date with its precision, attacker with confidence, who says so, casualties, places."""
    st.subheader(md_escape(row["title"]), anchor=False)
    st.caption(md_escape(row["event_type_label"]))
    st.markdown(f"**When:** {date_label(row['date_start'], row['date_end'], row['date_precision'])}")
    attacker = md_escape(row["attacker_label"])
    confidence = Confidence(row["confidence"]).label.lower()
    st.markdown(f"**Attacker (assessed):** {attacker}, {confidence}")
    if row.get("claims_text"):
        st.markdown(f"**Who says so:** {md_escape(row['claims_text'])}")
    killed = casualty_label(row["killed_min"], row["killed_max"]) or "not reported"
    injured = casualty_label(row["injured_min"], row["injured_max"]) or "not reported"
    st.markdown(f"**Killed:** {killed} · **Injured:** {injured}")
    st.markdown(f"**Places:** {md_escape(row['place_names'])}")
    st.markdown(f"**Sources:** {md_escape(row['outlets'])}")
