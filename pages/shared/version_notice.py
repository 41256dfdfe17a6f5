"""What a shared link says when the records changed since it was made (its `v=`).

The comparison reads git (incidents.versions) once per pair of versions and process: every reader
of a link shared widely asks the same question.
"""

from __future__ import annotations

import streamlit as st

from incidents import dates, history, i18n, paths, versions
from incidents.i18n import _, ngettext
from pages.shared import nav
from pages.shared.data import AppData

MAX_LISTED = 20  # incidents linked one by one in the notice; the rest are counted


@st.cache_resource(max_entries=64, show_spinner=False)
def _since(version: str, now: str) -> versions.Since | str | None:
    """The changes from `version` to the records now (`now` keys the cache); a str says why unknown."""
    try:
        return versions.changed_since(paths.records_dir(), version)
    except history.HistoryUnavailable as exc:
        return str(exc)


def show_version_notice(data: AppData, version: str | None, shown_ids: list[str]) -> None:
    """Under a link made on other data: how many and which of the view's incidents changed since."""
    now = data.facets.records_version
    if version is None or now is None or version == now:
        return
    since = _since(version, now)
    if since is None or isinstance(since, str):
        # The reason (git's, in English) is for whoever runs the server; the reader gets the sentence.
        why = f" ({i18n.isolate(since)})" if isinstance(since, str) else ""
        st.info(
            _(
                "This link was made on a version of the records that is not in the history here{why}; "
                "the incidents it shows may have changed since."
            ).format(why=why),
            icon=":material/history:",
        )
        return
    in_view = set(shown_ids)
    touched = [i for i in [*since.added, *since.changed] if i in in_view]
    day = dates.day_words(since.date)
    removed = ""
    if since.removed:
        n = len(since.removed)
        removed = " " + ngettext(
            "{n} record was removed from the collection.", "{n} records were removed from the collection.", n
        ).format(n=i18n.number(n))
    if not touched:
        st.info(
            _(
                "The records changed since this link was made (data of {day}), but none of the "
                "incidents in this view did."
            ).format(day=day)
            + removed,
            icon=":material/history:",
        )
        return
    st.warning(
        _(
            "Since this link was made (data of {day}), {n} of the incidents in this view changed or "
            "were added: open each to see what changed."
        ).format(day=day, n=i18n.number(len(touched)))
        + removed,
        icon=":material/history:",
    )
    titles = dict(zip(data.incidents["id"], data.incidents["title"], strict=True))
    with st.container(horizontal=True, gap="small", key="changed-since-link"):
        for incident_id in touched[:MAX_LISTED]:
            kind = _("added") if incident_id in since.added else _("changed")
            nav.incident_link(incident_id, f"{titles.get(incident_id, incident_id)} ({kind})")
    if len(touched) > MAX_LISTED:
        st.caption(
            _("and {n} more (the Changes page lists them all).").format(
                n=i18n.number(len(touched) - MAX_LISTED)
            )
        )
