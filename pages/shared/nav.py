"""The app's pages, declared once, and a row of links between them that carries the filters.

Streamlit's own navigation menu drops the query string when it switches pages (measured in
Streamlit 1.67), so every page also draws `page_links`: the same pages as `st.page_link`s
whose `query_params` are the current filters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from incidents.filters import Filter, View
from pages.shared import url_state


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
            title=self.title,
            icon=self.icon if with_icon else None,
            url_path=self.url_path,
            default=self.default,
            visibility="visible" if self.in_menu else "hidden",
        )


MAP = PageSpec("pages/map.py", "Map", ":material/map:", "map", default=True)
INCIDENTS = PageSpec("pages/incidents.py", "Incidents", ":material/table_rows:", "incidents")
# The permalink of one record; reached from a marker, a table row or a list, not from the menu.
INCIDENT = PageSpec("pages/incident.py", "Incident", ":material/description:", "incident", in_menu=False)
SOURCES = PageSpec("pages/sources.py", "Sources", ":material/newspaper:", "sources")
PLACES = PageSpec("pages/places.py", "Places", ":material/location_on:", "places")
BRIEFING = PageSpec("pages/briefing.py", "Briefings", ":material/slideshow:", "briefing")
METHOD = PageSpec("pages/method.py", "Method", ":material/menu_book:", "method")
CHANGES = PageSpec("pages/changes.py", "Changes", ":material/history:", "changes")

SITE: tuple[PageSpec, ...] = (MAP, INCIDENTS, SOURCES, PLACES, BRIEFING, METHOD, CHANGES, INCIDENT)
"""Every page in menu order; app.py builds the navigation from this list."""


def page_links(
    filt: Filter,
    view: View | None = None,
    current: PageSpec | None = None,
    pages: tuple[PageSpec, ...] | None = None,
) -> None:
    """A row of links to the other menu pages, each carrying the current filters (and selection)."""
    params = url_state.shared_params(filt, view)
    with st.container(horizontal=True, gap="small", key="page-links"):
        for spec in pages or SITE:
            if not spec.in_menu:
                continue
            st.page_link(
                spec.path,
                label=spec.title,
                icon=spec.icon,
                query_params=params or None,
                disabled=spec == current,
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
