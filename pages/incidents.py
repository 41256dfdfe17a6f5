"""The filtered incidents as a sortable, searchable table; choosing a row opens the incident."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents import dates
from incidents.i18n import _
from incidents.labels import casualty_label
from pages.shared import downloads, nav, url_state
from pages.shared.page import count_line, open_filtered_page

page = open_filtered_page(nav.INCIDENTS)
data, filt, shown_sites = page.data, page.filt, page.shown_sites
shown = page.shown.sort_values(["date_start", "date_end", "title"], kind="stable")

nav.page_links(filt, current=nav.INCIDENTS)
st.title(_("Incidents"), anchor=False)
count_line(page)
st.caption(
    _(
        "Click a column heading to sort (Possible days sorts by the earliest possible day), use the "
        "table's search icon to find words, and choose a row to open the full record."
    )
)
translate = _  # labels that are data: each is in the catalogue (make messages extracts them)

table = pd.DataFrame(
    {
        "When": dates.local_words(shown),
        "Possible days": dates.span_column(shown),
        "Incident": shown["title"],
        "Type": shown["event_type_label"].map(translate),
        "Attacker (assessed)": shown["attacker_label"].map(translate),
        "Confidence": shown["confidence_label"].map(translate),
        "Killed": [
            casualty_label(lo, hi) or _("not reported")
            for lo, hi in zip(shown["killed_min"], shown["killed_max"], strict=True)
        ],
        "Places": shown["place_names"],
        "Sources": shown["outlets"],
    }
).reset_index(drop=True)
if len(data.facets.datasets) > 1:  # several datasets shown (INCIDENTS_SOURCE): each row's own
    labels = {entry["slug"]: entry["label"] for entry in data.facets.datasets}
    table.insert(3, "Dataset", shown["dataset"].astype(str).map(labels).to_numpy())
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
        "When": st.column_config.TextColumn(
            _("When"), help=_("The date as precisely as the record knows it")
        ),
        "Possible days": st.column_config.TextColumn(
            _("Possible days ↕ earliest first"),
            help=_(
                "The first and last day the incident may have happened (one day only when the source "
                "gives that day). Sorting this column orders the incidents by their earliest possible day."
            ),
        ),
        "Incident": st.column_config.TextColumn(_("Incident"), width="large"),
        "Dataset": st.column_config.TextColumn(_("Dataset")),
        "Type": st.column_config.TextColumn(_("Type")),
        "Attacker (assessed)": st.column_config.TextColumn(_("Attacker (assessed)")),
        "Confidence": st.column_config.TextColumn(_("Confidence")),
        "Killed": st.column_config.TextColumn(_("Killed")),
        "Places": st.column_config.TextColumn(_("Places")),
        "Sources": st.column_config.TextColumn(_("Sources")),
    },
)
rows = event.selection.rows if event is not None else []
if rows and rows[0] < len(ids):
    st.switch_page(
        nav.INCIDENT.path, query_params={**url_state.shared_params(filt), "incident": ids[rows[0]]}
    )

if not len(shown):
    st.info(_("No incident matches these filters."), icon=":material/filter_alt_off:")

downloads.download_buttons(shown, shown_sites, name="incidents", filt=filt)
