"""Each source document: its outlet and headline, and the incidents drawn from it."""

from __future__ import annotations

import streamlit as st

from pages.shared import downloads, nav, url_state
from pages.shared.data import incident_record
from pages.shared.escape import md_escape
from pages.shared.page import count_line, open_filtered_page

page = open_filtered_page(nav.SOURCES)
filt, shown_sites = page.filt, page.shown_sites
shown = page.shown.sort_values(["date_start", "date_end", "title"], kind="stable")

nav.page_links(filt, current=nav.SOURCES)
st.title("Sources", anchor=False)

# document -> its outlet, headline and url (the first record's spelling), and the incidents citing it
documents: dict[str, dict] = {}
for incident_id in shown["id"]:
    incident = incident_record(incident_id)
    if incident is None:
        continue
    for source in incident.sources:
        entry = documents.setdefault(
            source.document,
            {"outlet": source.outlet, "headline": source.headline, "url": source.url, "incidents": []},
        )
        entry["url"] = entry["url"] or source.url
        entry["incidents"].append((incident, source.quotes))

count_line(page, lead=f"<strong>{len(documents):,} source documents</strong> behind ")
if not documents:
    st.info("No incident matches these filters.", icon=":material/filter_alt_off:")

for document, entry in sorted(documents.items()):
    name = document.removesuffix(".txt")
    with st.container(border=True):
        st.subheader(md_escape(entry["headline"]), anchor=False)
        st.caption(f"{md_escape(entry['outlet'])} · document {md_escape(name)}")
        with st.container(horizontal=True, gap="small"):
            st.page_link(
                nav.MAP.path,
                label="Only this source on the map",
                icon=":material/map:",
                query_params=url_state.shared_params(filt.with_(sources=(name,))),
            )
            if entry["url"]:
                st.link_button("Open the original article", entry["url"], icon=":material/open_in_new:")
        count = len(entry["incidents"])
        st.markdown(f"**{count} incident{'s' if count != 1 else ''} drawn from it**")
        for incident, quotes in entry["incidents"]:
            nav.incident_link(incident.id, md_escape(incident.title), filt)
            with st.expander(f"What the record quotes ({len(quotes)})", icon=":material/format_quote:"):
                for quote in quotes:
                    st.markdown(f"> {md_escape(quote)}")

downloads.download_buttons(shown, shown_sites, name="incidents", filt=filt)
