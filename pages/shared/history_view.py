"""The history of the records as readers see it: a record's changes, and the records changed since a day.

Read from git (incidents.history) at most once a minute per record or day: every reader of a
permalink asks for the same log.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from incidents import dates, history, i18n, paths
from incidents.i18n import N_, _, ngettext
from pages.shared import nav
from pages.shared.escape import md_escape

HISTORY_TTL = 60  # seconds a history is reused before git is asked again


@st.cache_data(ttl=HISTORY_TTL, show_spinner=False)
def _record_history(incident_id: str) -> list[history.Change]:
    return history.record_history(paths.records_dir() / f"{incident_id}.yaml")


@st.cache_data(ttl=HISTORY_TTL, show_spinner=False)
def _changes_since(since: dt.date) -> list[history.RecordChange]:
    return history.changes_since(paths.records_dir(), since)


KINDS = {"added": N_("added"), "changed": N_("changed"), "removed": N_("removed")}
"""A change's kind (incidents.history) in words, translated where shown."""


def _day(moment: dt.datetime | dt.date) -> str:
    return dates.day_words(moment.date() if isinstance(moment, dt.datetime) else moment)


def _kind(kind: str) -> str:
    return _(KINDS[kind]) if kind in KINDS else kind


def render_record_history(incident_id: str) -> None:
    """When the record was last updated, then each change: day, commit message, fields in words."""
    try:
        entries = _record_history(incident_id)
    except history.HistoryUnavailable as exc:
        st.caption(_("History not available: {reason}").format(reason=md_escape(exc)))
        return
    if not entries:
        st.caption(_("History not available: this record is not committed yet."))
        return
    st.caption(
        ngettext(
            "Last updated {day}; {n} change since it was added.",
            "Last updated {day}; {n} changes since it was added.",
            len(entries),
        ).format(day=_day(entries[0].date), n=i18n.number(len(entries)))
    )
    for entry in entries:
        # The commit message is the curators' own words, in English.
        line = _("**{day}** · record {kind} · {message}")
        st.markdown(
            line.format(day=_day(entry.date), kind=_kind(entry.kind), message=md_escape(entry.message))
        )
        for change in entry.fields:
            st.markdown(f"- {md_escape(change.sentence())}")


def render_changes_since(since: dt.date, titles: dict[str, str]) -> None:
    """Records added, changed and removed since `since`, each linked when it still exists."""
    try:
        changes = _changes_since(since)
    except history.HistoryUnavailable as exc:
        st.warning(
            _("The change history is not available: {reason}").format(reason=md_escape(exc)),
            icon=":material/history:",
        )
        return
    counts = {kind: sum(c.kind == kind for c in changes) for kind in ("added", "changed", "removed")}
    counted = {kind: i18n.number(n) for kind, n in counts.items()}
    st.markdown(
        _("**{added}** added, **{changed}** changed, **{removed}** removed since {day}.").format(
            **counted, day=_day(since)
        )
    )
    for change in changes:
        with st.container(border=True):
            if change.id in titles:
                nav.incident_link(
                    change.id, _("{kind}: {title}").format(kind=_kind(change.kind), title=titles[change.id])
                )
            else:
                st.markdown(
                    _("{kind}: {title}").format(kind=_kind(change.kind), title=f"`{md_escape(change.id)}`")
                )
            for commit in change.changes:
                st.caption(f"{_day(commit.date)} · {md_escape(commit.message)}")
