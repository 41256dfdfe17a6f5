"""The incident in brief, from its table row: beside the map, at a briefing step, and as the page
of an incident known only from a large table (which has no YAML record behind it).

One renderer over the table contract (incidents.load.INCIDENT_COLUMNS, which large tables fill
too), so the curated records and imported tables read alike.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from incidents import actors, dates, i18n
from incidents.i18n import _
from incidents.labels import casualty_label, local_claims, named_besides
from pages.shared.escape import md_escape
from pages.shared.record_text import md as record_md


def field(label: str, value_md: str) -> str:
    """'**Label:** value' for Markdown: the label in the interface's words, the value already escaped."""
    return f"**{label}:** {value_md}"


def place_words(row: pd.Series, names: Mapping[str, str] | None) -> str:
    """The row's places in the reader's language (`names`: place id -> name), else as the table has them."""
    ids = [p for p in str(row.get("place_ids") or "").split("|") if p]
    if not names or not ids or i18n.current() == i18n.DEFAULT:
        return str(row["place_names"])
    return _("; ").join(dict.fromkeys(names.get(p, p) for p in ids))


def incident_brief(row: pd.Series, title: bool = True, names: Mapping[str, str] | None = None) -> None:
    """Title, type, date with its precision, attacker with confidence, who says so, casualties,
    places (named by `names` in the reader's language) and sources."""
    if title:
        st.subheader(record_md(row["title"]), anchor=False)
    st.caption(md_escape(_(str(row.get("event_type_label", "")))))
    st.markdown(field(_("When"), md_escape(i18n.isolate(str(dates.local_words(row.to_frame().T).iloc[0])))))
    confidence = _(str(row["confidence_label"])).lower()
    attacker = i18n.isolate(_(str(row["attacker_label"])))
    graded = actors.graded(str(row["attacker"]))
    shown = md_escape(attacker) + (_(", ") + md_escape(confidence) if graded else "")
    st.markdown(field(_("Attacker (assessed)"), shown))
    who = str(local_claims(row.to_frame().T).iloc[0])
    if who:
        # Our records' claims in the reader's language; an imported table's own words as written
        # (and marked with their language).
        as_written = who == str(row.get("claims_text") or "")
        st.markdown(field(_("Who says so"), record_md(who) if as_written else md_escape(who)))
    killed = casualty_label(row["killed_min"], row["killed_max"]) or _("not reported")
    injured = casualty_label(row["injured_min"], row["injured_max"]) or _("not reported")
    st.markdown(field(_("Killed"), md_escape(killed)) + " · " + field(_("Injured"), md_escape(injured)))
    st.markdown(field(_("Places"), md_escape(i18n.isolate(place_words(row, names)))))
    st.markdown(field(_("Sources"), md_escape(i18n.isolate(str(row["outlets"])))))


def table_only_incident(row: pd.Series, names: Mapping[str, str] | None = None) -> None:
    """An incident known only from a table: the brief, its targets (or parties) and date note, and
    why there is no more."""
    incident_brief(row, title=False, names=names)
    named = named_besides(str(row["attacker"]), _text(row.get("targets")), _text(row.get("parties")))
    shown = (
        (_("The source's account"), row.get("description")),
        (_("Source scale"), row.get("source_scale")),
        (named.label, named.names),  # a battle's parties, never its "targets"
        (_("How the date was worked out"), row.get("date_note")),
        (_("How the dataset codes it"), row.get("reasoning")),
    )
    for label, value in shown:
        if isinstance(value, str) and value:
            st.markdown(field(label, record_md(value)))
    st.caption(
        _(
            "This incident comes from an imported table: its own account and sources are above; "
            "it holds no verbatim quotes."
        )
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
