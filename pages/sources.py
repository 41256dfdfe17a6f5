"""Each source: its outlet and headline, and the incidents drawn from it.

Curated records name source documents (headline, URL, verbatim quotes); an imported table names
only outlets (its `outlets` column, in the same table contract). Both are listed, each with what
it has, so the page serves a large table as it serves the records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from incidents import i18n
from incidents.i18n import _, ngettext
from pages.shared import downloads, nav, url_state
from pages.shared.data import records_by_id
from pages.shared.escape import html_escape, md_escape
from pages.shared.page import count_line, open_filtered_page
from pages.shared.record_text import md as record_md

LIST_LIMIT = 50  # incidents listed under one source; the rest are counted (a large table has thousands)


@dataclass
class Source:
    """One source document of the records, or one outlet named by an imported table."""

    outlet: str
    headline: str | None = None
    document: str | None = None
    url: str | None = None
    incidents: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # id, title, quotes


page = open_filtered_page(nav.SOURCES)
filt, shown_sites = page.filt, page.shown_sites
shown = page.shown.sort_values(["date_start", "date_end", "title"], kind="stable")

nav.page_links(filt, current=nav.SOURCES)
st.title(_("Sources"), anchor=False)

records = records_by_id()
sources: dict[str, Source] = {}
for incident_id, title, outlets in zip(shown["id"], shown["title"], shown["outlets"].fillna(""), strict=True):
    incident = records.get(incident_id)
    if incident is None:  # a table row: its outlets are all it says of its sources
        for outlet in dict.fromkeys(o.strip() for o in outlets.split(";") if o.strip()):
            sources.setdefault("outlet:" + outlet, Source(outlet)).incidents.append((incident_id, title, ()))
        continue
    for source in incident.sources:
        entry = sources.setdefault(
            source.document, Source(source.outlet, source.headline, source.document, source.url)
        )
        entry.url = entry.url or source.url
        entry.incidents.append((incident.id, incident.title, tuple(source.quotes)))

lead = ngettext("{n} source", "{n} sources", len(sources)).format(n=i18n.number(len(sources)))
behind = _("behind")
count_line(page, lead=f"<strong>{html_escape(lead)}</strong> {html_escape(behind)} ")
if not sources:
    st.info(_("No incident matches these filters."), icon=":material/filter_alt_off:")

for _key, entry in sorted(sources.items(), key=lambda item: (item[1].document is None, item[0])):
    with st.container(border=True):
        st.subheader(record_md(entry.headline or entry.outlet), anchor=False)
        if entry.document is not None:
            name = entry.document.removesuffix(".txt")
            outlet, word = md_escape(i18n.isolate(entry.outlet)), _("document")
            st.caption(f"{outlet} · {word} {md_escape(i18n.isolate(name))}")
        else:
            st.caption(_("Named by the imported table, which holds no headline, link or quotes."))
        with st.container(horizontal=True, gap="small"):
            if entry.document is not None:
                st.page_link(
                    nav.MAP.path,
                    label=_("Only this source on the map"),
                    icon=":material/map:",
                    query_params=url_state.shared_params(filt.with_(sources=(name,))),
                )
            if entry.url:
                st.link_button(_("Open the original article"), entry.url, icon=":material/open_in_new:")
        count = len(entry.incidents)
        drawn = ngettext("{n} incident drawn from it", "{n} incidents drawn from it", count)
        st.markdown("**" + drawn.format(n=i18n.number(count)) + "**")
        for incident_id, title, quotes in entry.incidents[:LIST_LIMIT]:
            nav.incident_link(incident_id, md_escape(title), filt)
            if quotes:
                quoted = _("What the record quotes ({n})").format(n=len(quotes))
                with st.expander(quoted, icon=":material/format_quote:"):
                    for quote in quotes:
                        st.markdown(f"> {record_md(quote)}")
        if count > LIST_LIMIT:
            more = i18n.number(count - LIST_LIMIT)
            st.caption(_("and {n} more: narrow the filters to list them.").format(n=more))

downloads.download_buttons(shown, shown_sites, name="incidents", filt=filt)
