"""The history of the records as readers see it: a record's changes, and the records changed since a day.

Read from git (incidents.history) at most once a minute per record or day: every reader of a
permalink asks for the same log.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from incidents import history, paths
from pages.shared import nav
from pages.shared.escape import md_escape

HISTORY_TTL = 60  # seconds a history is reused before git is asked again


@st.cache_data(ttl=HISTORY_TTL, show_spinner=False)
def _record_history(incident_id: str) -> list[history.Change]:
    return history.record_history(paths.records_dir() / f"{incident_id}.yaml")


@st.cache_data(ttl=HISTORY_TTL, show_spinner=False)
def _changes_since(since: dt.date) -> list[history.RecordChange]:
    return history.changes_since(paths.records_dir(), since)


def _day(moment: dt.datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def render_record_history(incident_id: str) -> None:
    """When the record was last updated, then each change: day, commit message, fields in words."""
    try:
        entries = _record_history(incident_id)
    except history.HistoryUnavailable as exc:
        st.caption(f"History not available: {md_escape(exc)}")
        return
    if not entries:
        st.caption("History not available: this record is not committed yet.")
        return
    st.caption(f"Last updated {_day(entries[0].date)}; {len(entries)} changes since it was added.")
    for entry in entries:
        st.markdown(f"**{_day(entry.date)}** · record {entry.kind} · {md_escape(entry.message)}")
        for change in entry.fields:
            st.markdown(f"- {md_escape(change.sentence())}")


def render_changes_since(since: dt.date, titles: dict[str, str]) -> None:
    """Records added, changed and removed since `since`, each linked when it still exists."""
    try:
        changes = _changes_since(since)
    except history.HistoryUnavailable as exc:
        st.warning(f"The change history is not available: {md_escape(exc)}", icon=":material/history:")
        return
    counts = {kind: sum(c.kind == kind for c in changes) for kind in ("added", "changed", "removed")}
    st.markdown(", ".join(f"**{n}** {kind}" for kind, n in counts.items()) + f" since {_day(since)}.")
    for change in changes:
        with st.container(border=True):
            if change.id in titles:
                nav.incident_link(change.id, f"{change.kind}: {titles[change.id]}")
            else:
                st.markdown(f"{change.kind}: `{md_escape(change.id)}`")
            for commit in change.changes:
                st.caption(f"{_day(commit.date)} · {md_escape(commit.message)}")
