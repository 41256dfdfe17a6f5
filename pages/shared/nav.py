"""The app's pages, declared once, and a row of links between them that carries the filters.

Streamlit's own navigation menu drops the query string when it switches pages (measured in
Streamlit 1.67), so every page also draws `page_links`: the same pages as `st.page_link`s
whose `query_params` are the current filters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from incidents import i18n
from incidents.filters import Filter, View
from incidents.i18n import N_, _
from pages.shared import url_state
from pages.shared.escape import html_escape


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: its script, its title and icon in menus, and its URL path."""

    path: str
    title: str
    icon: str
    url_path: str
    in_menu: bool = True
    default: bool = False

    def st_page(self, with_icon: bool = True) -> st.Page:
        """The page for `st.navigation`; `with_icon=False` for a visible menu, whose Material icons
        Streamlit fetches from fonts.gstatic.com (the links of `page_links` draw theirs locally)."""
        return st.Page(
            self.path,
            title=_(self.title),
            icon=self.icon if with_icon else None,
            url_path=self.url_path,
            default=self.default,
            visibility="visible" if self.in_menu else "hidden",
        )


MAP = PageSpec("pages/map.py", N_("Map"), ":material/map:", "map", default=True)
INCIDENTS = PageSpec("pages/incidents.py", N_("Incidents"), ":material/table_rows:", "incidents")
# The permalink of one record; reached from a marker, a table row or a list, not from the menu.
INCIDENT = PageSpec("pages/incident.py", N_("Incident"), ":material/description:", "incident", in_menu=False)
SOURCES = PageSpec("pages/sources.py", N_("Sources"), ":material/newspaper:", "sources")
PLACES = PageSpec("pages/places.py", N_("Places"), ":material/location_on:", "places")
BRIEFING = PageSpec("pages/briefing.py", N_("Briefings"), ":material/slideshow:", "briefing")
METHOD = PageSpec("pages/method.py", N_("Method"), ":material/menu_book:", "method")
CHANGES = PageSpec("pages/changes.py", N_("Changes"), ":material/history:", "changes")

SITE: tuple[PageSpec, ...] = (MAP, INCIDENTS, SOURCES, PLACES, BRIEFING, METHOD, CHANGES, INCIDENT)
"""Every page in menu order; app.py builds the navigation from this list."""


def page_links(
    filt: Filter,
    view: View | None = None,
    current: PageSpec | None = None,
    pages: tuple[PageSpec, ...] | None = None,
) -> None:
    """A row of links to the other menu pages, each carrying the current filters (and selection),
    then the language switch."""
    params = url_state.shared_params(filt, view)
    with st.container(horizontal=True, gap="small", key="page-links"):
        for spec in pages or SITE:
            if not spec.in_menu:
                continue
            st.page_link(
                spec.path,
                label=_(spec.title),
                icon=spec.icon,
                query_params=params or None,
                disabled=spec == current,
            )
        language_switch()


def language_switch() -> None:
    """A link to this very view in each other language: the same query string, another `lang`.

    A plain link (`?query`, so the same page) that reloads the page: Streamlit 1.67's page_link to
    the page already shown reruns it with the new query string but leaves the browser's address
    without it, so a copied or reloaded link would lose the language."""
    links = []
    for lang in i18n.languages():
        if lang == i18n.current():
            continue
        params = {k: v for k, v in url_state.current_params().items() if k != "lang"}
        params.update(url_state.language_params(lang))
        name = i18n.language_name(lang)
        title = _("Show this page in {language}").format(language=name)
        href = "?" + url_state.query_string(params)
        links.append(
            f'<a href="{html_escape(href)}" target="_self" hreflang="{lang}" lang="{lang}" '
            f'title="{html_escape(title)}">{html_escape(name)}</a>'
        )
    # As wide as its words: a full-width box would wrap onto a line of its own, and push the map
    # down with it.
    with st.container(key="language", width="content"):
        st.markdown(" · ".join(links), unsafe_allow_html=True, width="content")


def document_language() -> None:
    """The document's `lang` and `dir` (screen readers pick their voice by `lang`; `dir` turns the
    page, the sidebar and the panels right to left). Streamlit offers neither, so a tiny script."""
    lang, direction = i18n.current(), i18n.direction()
    st.html(
        f"<script>document.documentElement.lang = {lang!r}; document.documentElement.dir = {direction!r};"
        "</script>",
        unsafe_allow_javascript=True,
    )


def incident_link(
    incident_id: str, title: str, filt: Filter | None = None, extra: Mapping[str, str] | None = None
) -> None:
    """A link to an incident's own page (keeping the filters, so 'back to the list' keeps them)."""
    params: dict[str, str | list[str]] = dict(url_state.shared_params(filt or Filter()))
    params.update(extra or {})
    params["incident"] = incident_id
    st.page_link(INCIDENT.path, label=title, icon=":material/description:", query_params=params)


def use_app_navigation() -> None:
    """Make sure this page runs inside app.py's navigation, not Streamlit's old `pages/` mode.

    With a `pages/` folder beside app.py, Streamlit 1.67 starts in its legacy multipage mode
    and only leaves it once some session has run `st.navigation`: the first link a fresh server
    receives for /incidents (or /map...) runs pages/incidents.py bare, without app.py's page
    config and menu. Leave that mode and rerun, which goes through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
