"""The map dashboard: filters, the incident map, the count and the selected incident."""

from dataclasses import replace

import streamlit as st

from pages.shared import nav, url_state
from pages.shared.data import app_data
from pages.shared.details import incident_summary
from pages.shared.map_panel import incident_map
from pages.shared.timeline import timeline

nav.use_app_navigation()
data = app_data()
url_filter, view, notices = url_state.parse(data)
for notice in notices:
    st.warning(notice, icon=":material/info:")
filt = nav.sidebar_filter(data, url_filter, nav.MAP)
with st.sidebar:
    st.header("Map layers")
    heat = st.toggle("Heat map", value=view.heat, help="Shows where incidents concentrate.")
    cluster = st.toggle("Group nearby markers", value=view.cluster)
    online = st.toggle(
        "Online map tiles",
        value=view.online_tiles,
        help="Adds OpenStreetMap and satellite imagery. Your browser then requests tiles from those "
        "servers, which see your IP address. Off by default.",
    )
    if online:
        st.caption(":material/warning: Online tiles send requests to third-party servers.")
view = replace(view, heat=heat, cluster=cluster, online_tiles=online)
shown, shown_sites = filt.apply(data.incidents, data.sites, data.places)

nav.page_links(filt, view, current=nav.MAP)
st.title("Air and drone strikes in eastern Syria", anchor=False)
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
    clicked = incident_map(shown, shown_sites, data.places, view, all_sites=data.sites)
# A click is acted on once: the component keeps returning the last click on every rerun.
if clicked and st.session_state.get("_last_click") != clicked:
    st.session_state["_last_click"] = clicked
    view = replace(view, incident=clicked)
    url_state.write(filt, view)
    st.rerun()
url_state.write(filt, view)

with map_col:
    timeline(shown, filt)
    with st.expander("Share or download this view", icon=":material/link:"):
        st.caption("This link opens this exact view (filters, selected incident and map position).")
        st.code(url_state.absolute_link(), language=None)
        nav.download_buttons(shown, shown_sites, name="incidents", filt=filt)

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
