"""The incident page's "Other datasets" section: candidate matches from the datasets it is held
against (INCIDENTS_COMPARE), side by side with their reasons; never merged (incidents.corroborate)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from incidents import columnar, corroborate, i18n, paths
from incidents.i18n import N_, _
from incidents.load import LoadResult
from pages.shared.escape import md_escape

# The candidates' columns, in the order shown, and their headings (translated where they are shown).
HEADINGS = {
    "match_source": N_("Dataset"),
    "match_id": N_("Event"),
    "match_date": N_("Date"),
    "match_place": N_("Place"),
    "match_killed": N_("Killed"),
    "match_outlets": N_("Sources"),
    "reason": N_("Why"),
    "match_title": N_("Title"),
}


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(path: str, mtime: float) -> LoadResult:
    # path and mtime are the cache key: a changed file is read again (converted once: the cache).
    return columnar.load_result(Path(path))


def show_candidates(incidents: pd.DataFrame, sites: pd.DataFrame) -> None:
    """For the one incident in `incidents`, each compared dataset's events that could be the same."""
    sources = [p for p in paths.compare_paths() if p.is_file()]
    if not sources or not len(incidents):
        return
    st.subheader(_("Other datasets"), anchor=False)
    st.caption(
        _(
            "Events of other datasets that could be this one: possible days overlapping, sites within "
            "both radii, compatible types. Candidates to weigh, not matches: nothing is merged."
        )
    )
    found = []
    for path in sources:
        with st.spinner(_("Opening the datasets to compare…")):
            other = _dataset(str(path), path.stat().st_mtime)
        if other.report is not None and other.report.error:
            st.warning(md_escape(other.report.error.replace(str(path), path.name)), icon=":material/error:")
            continue
        found.append(corroborate.candidates(incidents, sites, other.incidents, other.sites, path.name))
    table = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=corroborate.COLUMNS)
    if not len(table):
        names = ", ".join(p.name for p in sources)
        st.info(
            _("No event of {datasets} could be this one.").format(datasets=md_escape(i18n.isolate(names))),
            icon=":material/search_off:",
        )
        return
    st.dataframe(
        table[list(HEADINGS)].rename(columns={column: _(heading) for column, heading in HEADINGS.items()}),
        hide_index=True,
        width="stretch",
    )
