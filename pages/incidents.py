"""The filtered incidents as a sortable, searchable table; choosing a row opens the incident."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents.labels import casualty_label
from pages.shared import downloads, nav, url_state
from pages.shared.page import count_line, open_filtered_page

page = open_filtered_page(nav.INCIDENTS)
data, filt, shown_sites = page.data, page.filt, page.shown_sites
shown = page.shown.sort_values(["date_start", "date_end", "title"], kind="stable")

nav.page_links(filt, current=nav.INCIDENTS)
st.title("Incidents", anchor=False)
count_line(page)
st.caption(
    "Click a column heading to sort, use the table's search icon to find words, "
    "and choose a row to open the full record."
)

table = pd.DataFrame(
    {
        "Date": shown["date_start"],
        "When": shown["date_words"],
        "Incident": shown["title"],
        "Type": shown["event_type_label"],
        "Attacker (assessed)": shown["attacker_label"],
        "Confidence": shown["confidence_label"],
        "Killed": [
            casualty_label(lo, hi) or "not reported"
            for lo, hi in zip(shown["killed_min"], shown["killed_max"], strict=True)
        ],
        "Places": shown["place_names"],
        "Sources": shown["outlets"],
    }
).reset_index(drop=True)
ids = shown["id"].tolist()

event = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=min(38 + 35 * max(len(table), 1), 720),
    on_select="rerun",
    selection_mode="single-row",
    key="incident-table",
    column_config={
        "Date": st.column_config.DateColumn("Date", format="YYYY-MM-DD", help="First possible day"),
        "When": st.column_config.TextColumn("When", help="The date as precisely as the record knows it"),
        "Incident": st.column_config.TextColumn("Incident", width="large"),
    },
)
rows = event.selection.rows if event is not None else []
if rows and rows[0] < len(ids):
    st.switch_page(
        nav.INCIDENT.path, query_params={**url_state.shared_params(filt), "incident": ids[rows[0]]}
    )

if not len(shown):
    st.info("No incident matches these filters.", icon=":material/filter_alt_off:")

downloads.download_buttons(shown, shown_sites, name="incidents", filt=filt)
