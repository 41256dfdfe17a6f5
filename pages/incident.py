"""One incident's permalink (`?incident=ID`): the whole record, its sites on a map, its sources."""

from __future__ import annotations

import streamlit as st

from incidents import i18n, ondisk
from incidents.i18n import _
from pages.shared import downloads, nav, url_state
from pages.shared.brief import table_only_incident
from pages.shared.corroboration import show_candidates
from pages.shared.data import app_data, incident_record
from pages.shared.escape import md_escape
from pages.shared.history_view import render_record_history
from pages.shared.page import show_notices
from pages.shared.record_text import md as record_md
from pages.shared.record_view import render_record
from pages.shared.small_maps import fit_zoom, site_map

nav.use_app_navigation()
data = app_data()
filt, view, notices = url_state.parse(data)
nav.page_links(filt, view, current=nav.INCIDENT)
show_notices(notices)

incident = incident_record(view.incident)
row = data.incidents[data.incidents["id"] == view.incident] if view.incident else data.incidents.iloc[:0]
if incident is None and not len(row):
    st.title(_("Incident"), anchor=False)
    st.info(_("Choose an incident to read its full record."), icon=":material/description:")
    titles = dict(zip(data.incidents["id"], data.incidents["title"], strict=True))
    chosen = st.selectbox(
        _("Incident"),
        list(titles),
        index=None,
        format_func=lambda i: titles[i],
        placeholder=_("Choose an incident"),
    )
    if chosen:
        st.switch_page(nav.INCIDENT.path, query_params={**url_state.shared_params(filt), "incident": chosen})
    st.stop()

title = incident.title if incident else row["title"].iloc[0]
if incident is not None and incident.title_ar and i18n.current() == "ar":
    # The record's own Arabic title leads; its English title follows, marked as English.
    st.title(md_escape(incident.title_ar), anchor=False)
    st.markdown(record_md(title))
else:
    st.title(record_md(title), anchor=False)
links = st.container(horizontal=True, gap="small")
with links:
    st.page_link(
        nav.MAP.path,
        label=_("Show on the map"),
        icon=":material/map:",
        query_params=url_state.shared_params(filt, view),
    )
    st.page_link(
        nav.INCIDENTS.path,
        label=_("Back to the list"),
        icon=":material/table_rows:",
        query_params=url_state.shared_params(filt) or None,
    )

# On a phone the columns stack: layout.css puts the map first, near the top, not after the sources.
with st.container(key="incident-columns"):
    record_col, map_col = st.columns([3, 2], gap="large")
with map_col:
    sites = data.sites[data.sites["incident_id"] == view.incident]
    center, zoom = fit_zoom(sites)
    site_map(
        row, sites, selected=None, center=center, zoom=zoom, key="incident-map", lookups=data.facets.lookups
    )
    st.caption(
        _(
            "Dashed circles show how precisely each place is known; a marker is the place's point, "
            "not the exact site unless the precision says so."
        )
    )
with record_col:
    if incident is not None:
        render_record(incident, data)
        st.subheader(_("History"), anchor=False)
        render_record_history(incident.id)
    else:
        one = row.iloc[0]
        # A converted table keeps it in its file (a stacked table's records rows have key -1).
        if ondisk.has(data.incidents, "description") and int(one.get(ondisk.ROW_KEY, -1)) >= 0:
            one = one.copy()
            dataset = str(one["dataset"]) if "dataset" in one else None
            one["description"] = ondisk.cell(data.incidents, "description", int(one[ondisk.ROW_KEY]), dataset)
        table_only_incident(one, names=data.place_names)

show_candidates(row, sites)
downloads.download_buttons(row, sites, name=str(view.incident), title=str(row["title"].iloc[0]))
