"""The incident page's "Other datasets" section: candidate matches from the datasets it is held
against (INCIDENTS_COMPARE), side by side with their reasons; never merged (incidents.corroborate)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from incidents import columnar, corroborate, paths
from incidents.load import LoadResult
from pages.shared.escape import md_escape


@st.cache_resource(show_spinner="Opening the datasets to compare…", max_entries=4)
def _dataset(path: str, mtime: float) -> LoadResult:
    # path and mtime are the cache key: a changed file is read again (converted once: the cache).
    return columnar.load_result(Path(path))


def show_candidates(incidents: pd.DataFrame, sites: pd.DataFrame) -> None:
    """For the one incident in `incidents`, each compared dataset's events that could be the same."""
    sources = [p for p in paths.compare_paths() if p.is_file()]
    if not sources or not len(incidents):
        return
    st.subheader("Other datasets", anchor=False)
    st.caption(
        "Events of other datasets that could be this one: possible days overlapping, sites within "
        "both radii, compatible types. Candidates to weigh, not matches: nothing is merged."
    )
    found = []
    for path in sources:
        other = _dataset(str(path), path.stat().st_mtime)
        if other.report is not None and other.report.error:
            st.warning(md_escape(other.report.error.replace(str(path), path.name)), icon=":material/error:")
            continue
        found.append(corroborate.candidates(incidents, sites, other.incidents, other.sites, path.name))
    table = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=corroborate.COLUMNS)
    if not len(table):
        names = ", ".join(p.name for p in sources)
        st.info(f"No event of {md_escape(names)} could be this one.", icon=":material/search_off:")
        return
    st.dataframe(
        table.rename(
            columns={
                "match_source": "Dataset",
                "match_id": "Event",
                "match_date": "Date",
                "match_place": "Place",
                "match_killed": "Killed",
                "match_outlets": "Sources",
                "match_title": "Title",
                "reason": "Why",
            }
        )[["Dataset", "Event", "Date", "Place", "Killed", "Sources", "Why", "Title"]],
        hide_index=True,
        width="stretch",
    )
