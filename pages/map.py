"""The map dashboard: filters, the incident map, the count and the selected incident."""

from dataclasses import replace

import streamlit as st

from pages.shared import url_state
from pages.shared.data import app_data
from pages.shared.details import incident_summary
from pages.shared.map_panel import incident_map
from pages.shared.sidebar import filter_sidebar

data = app_data()
url_filter, view, notices = url_state.parse(data)
for notice in notices:
    st.warning(notice, icon=":material/info:")
filt = filter_sidebar(data, url_filter)
shown, shown_sites = filt.apply(data.incidents, data.sites, data.places)

st.title("Air and drone strikes in eastern Syria")
st.markdown(
    f'<p data-testid="incident-count"><strong>{len(shown)} of {len(data.incidents)} incidents</strong> · '
    f"{url_state.escape(filt.describe(data.place_names))}</p>",
    unsafe_allow_html=True,
)
if data.errors:
    with st.expander(f"{len(data.errors)} record file(s) skipped because of errors", icon=":material/error:"):
        for error in data.errors:
            st.text(str(error))

map_col, detail_col = st.columns([3, 1.25], gap="medium")
with map_col:
    clicked = incident_map(shown, shown_sites, data.places, view)
# A click is acted on once: the component keeps returning the last click on every rerun.
if clicked and st.session_state.get("_last_click") != clicked:
    st.session_state["_last_click"] = clicked
    view = replace(view, incident=clicked)
    url_state.write(filt, view)
    st.rerun()
url_state.write(filt, view)

with detail_col:
    options = shown["id"].tolist()
    titles = dict(zip(shown["id"], shown["title"], strict=True))
    chosen = st.selectbox(
        "Selected incident",
        options,
        index=options.index(view.incident) if view.incident in options else None,
        format_func=lambda i: titles.get(i, i),
        placeholder="Click a marker or choose an incident",
        key=f"pick-{view.incident}",
    )
    if chosen != view.incident and (chosen is not None or view.incident in options):
        url_state.write(filt, replace(view, incident=chosen))
        st.rerun()
    if view.incident:
        row = data.incidents[data.incidents["id"] == view.incident]
        if len(row):
            if view.incident not in options:
                st.info(
                    "The selected incident is hidden by the current filters.", icon=":material/filter_alt:"
                )
            incident_summary(row.iloc[0], filt)
