"""Download buttons for exactly the incidents a page shows, one per export format."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from incidents import i18n
from incidents.export import FORMATS, MIME_TYPES, SUFFIXES, acled_left_out, export_bytes
from incidents.filters import Filter
from incidents.i18n import N_, _, ngettext
from pages.shared import memo, url_state
from pages.shared.data import app_data, records_by_id

_FORMAT_LABELS = {
    "csv": "CSV",
    "geojson": "GeoJSON",
    "acled": "ACLED CSV",
    "ucdp": "UCDP CSV",
    "html": N_("Offline page (HTML)"),
}


def download_buttons(
    incidents: pd.DataFrame,
    sites: pd.DataFrame,
    name: str,
    filt: Filter | None = None,
    title: str = "",
    sentences: Mapping[str, str] | None = None,
) -> None:
    """Download buttons for exactly the incidents this page shows, one per export format.

    Each file is built only when its button is clicked (a callable `data`), so a page pays
    nothing for the exports it does not download.
    """
    data = app_data()

    def build(fmt: str) -> Callable[[], bytes]:
        return lambda: export_bytes(
            fmt,
            incidents,
            sites,
            filter_description=filt.describe(data.place_names, data.facets.labels)
            if filt is not None
            else "",
            link=url_state.absolute_link(data.facets.records_version),
            title=title,
            records=records_by_id(),
            places=data.places,
            sentences=sentences,
            report=data.report,
            lookups=data.facets.lookups,
        )

    count = i18n.number(len(incidents))
    st.caption(
        ngettext("Download this incident", "Download these {n} incidents", len(incidents)).format(n=count)
    )
    left_out = sum(memo.per_rows("acled-left-out", incidents, lambda: acled_left_out(incidents)).values())
    if left_out:
        st.caption(
            _(
                "The ACLED CSV leaves out {n} of them: ACLED cannot code their date "
                "(year unknown, or a span over a month)."
            ).format(n=i18n.number(left_out))
        )
    with st.container(horizontal=True, gap="small", key=f"downloads-{name}"):
        for fmt in FORMATS:
            st.download_button(
                _(_FORMAT_LABELS[fmt]) if fmt in _FORMAT_LABELS else fmt.upper(),
                build(fmt),
                file_name=f"{name}{SUFFIXES.get(fmt, '.' + fmt)}",
                mime=MIME_TYPES.get(fmt),
                icon=":material/download:",
                on_click="ignore",
                key=f"download-{name}-{fmt}",
            )
