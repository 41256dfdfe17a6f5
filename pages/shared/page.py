"""How every filtered page begins: the data, the link's filters and notices, the sidebar, the rows.

The map, incidents, sources and places pages share this opening so that a link means the same
on each of them, and their count lines read alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from incidents import i18n
from incidents.filters import Filter, View
from incidents.i18n import _, ngettext
from pages.shared import nav, sidebar, url_state
from pages.shared.data import AppData, app_data, filtered
from pages.shared.escape import html_escape, md_escape
from pages.shared.source_report import show_source_report
from pages.shared.version_notice import show_version_notice


@dataclass(frozen=True)
class FilteredPage:
    """The loaded data, the filters and view in force, and what they keep."""

    data: AppData
    filt: Filter
    view: View
    shown: pd.DataFrame  # incidents kept by the filters
    shown_sites: pd.DataFrame  # their sites


def open_filtered_page(
    current: nav.PageSpec,
    more_sidebar: Callable[[View], View] | None = None,
    write_url: bool = True,
) -> FilteredPage:
    """Read the link, show its notices, draw the filter sidebar and apply it.

    `more_sidebar` draws a page's own sidebar controls below the filters and returns the view
    they set; `write_url=False` leaves writing the URL to the page (the map writes it once a
    marker click has been handled).
    """
    nav.use_app_navigation()
    data = app_data()
    url_filter, view, notices = url_state.parse(data)
    show_notices(notices)
    for report in data.reports:
        show_source_report(report)
    filt = sidebar.filter_sidebar(data, url_filter, current.path)
    if more_sidebar is not None:
        view = more_sidebar(view)
    if write_url:
        url_state.write(filt, view)
    shown, shown_sites = filtered(data, filt)
    show_version_notice(data, view.version, shown["id"].tolist())
    return FilteredPage(data, filt, view, shown, shown_sites)


def count_line(page: FilteredPage, lead: str = "") -> None:
    """'1,234 of 100,000 incidents · 15 certainly in May 2021, 2 more possibly · what the filters say'.

    An optional HTML `lead` comes first (counts only). With `dates=within` the date phrase also
    says how many incidents possibly in the period it hides.
    """
    filt = page.filt
    hidden = 0
    if filt.date_match == "within" and (filt.date_from or filt.date_to):
        hidden = len(filtered(page.data, filt.with_(date_match="overlap"))[0]) - len(page.shown)
    dates = filt.date_phrase(page.shown, hidden)
    each = dataset_counts(page)
    st.markdown(
        f'<p data-testid="incident-count">{lead}<strong>{html_escape(count_words(page))}</strong> · '
        + (f'<span data-testid="dataset-counts">{html_escape(each)}</span> · ' if each else "")
        + (f'<span data-testid="date-certainty">{html_escape(dates)}</span> · ' if dates else "")
        + f"{html_escape(filt.describe(page.data.place_names, page.data.facets.labels))}</p>",
        unsafe_allow_html=True,
    )


def filter_chips(page: FilteredPage) -> None:
    """The filters in force as chips, each a link to the view without it. Shown on a phone only
    (layout.css), where the sidebar that lists them is folded away behind "»".

    The container is drawn even with no chip: an element appearing above the map would move the
    map in the page's element tree, and Streamlit would mount it afresh (losing the reader's view).
    """
    chips = page.filt.chips(page.data.place_names, page.data.facets.labels)
    holder = st.container(key="filter-chips")
    if not chips:
        return
    remove = _("Remove the filter: {filter}")
    links = []
    for words, without in chips:
        href = html_escape(url_state.link(without, page.view))
        name = html_escape(remove.format(filter=words))
        links.append(
            f'<a class="filter-chip" target="_self" href="{href}" aria-label="{name}">'
            f'<bdi>{html_escape(words)}</bdi> <span aria-hidden="true">✕</span></a>'
        )
    label = html_escape(_("Filters in force"))
    with holder:
        st.markdown(f'<nav aria-label="{label}">{"".join(links)}</nav>', unsafe_allow_html=True)


def count_words(page: FilteredPage) -> str:
    """'7 of 19 incidents', in the reader's language and number format (plural by the total)."""
    total = len(page.data.incidents)
    return ngettext("{shown} of {total} incident", "{shown} of {total} incidents", total).format(
        shown=i18n.number(len(page.shown)), total=i18n.number(total)
    )


def dataset_counts(page: FilteredPage) -> str:
    """'ACLED Syria 3 of 10, UCDP GED 2 of 5, our records 2 of 4' when several datasets are shown."""
    datasets = page.data.facets.datasets
    if len(datasets) < 2:
        return ""
    shown = page.shown["dataset"].value_counts() if "dataset" in page.shown else pd.Series(dtype="int64")
    return _(", ").join(
        _("{dataset}: {shown} of {total}").format(
            dataset=entry["label"],
            shown=i18n.number(int(shown.get(entry["slug"], 0))),
            total=i18n.number(entry["count"]),
        )
        for entry in datasets
    )


def show_notices(notices: list[str]) -> None:
    """The notices about a link's bad values. They name the parameter, never the link's text; they
    are escaped like record text all the same (an unescaped notice that quoted
    `?briefing=![x](http://evil.example/x.png)` once drew a third-party image)."""
    for notice in notices:
        st.warning(md_escape(notice), icon=":material/info:")
