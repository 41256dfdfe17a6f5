"""What a shared link says when the records changed since it was made (its `v=`).

The comparison reads git (incidents.versions) once per pair of versions and process: every reader
of a link shared widely asks the same question.
"""

from __future__ import annotations

import streamlit as st

from incidents import history, paths, versions
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
        why = f" ({since})" if isinstance(since, str) else ""
        st.info(
            "This link was made on a version of the records that is not in the history here"
            f"{why}; the incidents it shows may have changed since.",
            icon=":material/history:",
        )
        return
    in_view = set(shown_ids)
    touched = [i for i in [*since.added, *since.changed] if i in in_view]
    day = f"{since.date.day} {since.date:%B %Y}"
    removed = f" {len(since.removed)} records were removed from the collection." if since.removed else ""
    if not touched:
        st.info(
            f"The records changed since this link was made (data of {day}), but none of the "
            f"incidents in this view did.{removed}",
            icon=":material/history:",
        )
        return
    st.warning(
        f"Since this link was made (data of {day}), {len(touched)} of the incidents in this view "
        f"changed or were added: open each to see what changed.{removed}",
        icon=":material/history:",
    )
    titles = dict(zip(data.incidents["id"], data.incidents["title"], strict=True))
    with st.container(horizontal=True, gap="small", key="changed-since-link"):
        for incident_id in touched[:MAX_LISTED]:
            kind = "added" if incident_id in since.added else "changed"
            nav.incident_link(incident_id, f"{titles.get(incident_id, incident_id)} ({kind})")
    if len(touched) > MAX_LISTED:
        st.caption(f"and {len(touched) - MAX_LISTED} more (the Changes page lists them all).")
