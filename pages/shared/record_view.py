"""A full incident record on screen: every field, each with who says so.

Record text is data, not markup: it goes through `md_escape` (pages/shared/escape.py) before
`st.markdown`. The incident in brief is pages/shared/brief.py; the small site map small_maps.py.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents import dates, sources
from incidents.labels import casualty_label
from incidents.load import casualty_range
from incidents.model import Casualties, Incident
from pages.shared.data import AppData
from pages.shared.escape import md_escape


def _field(label: str, value: object) -> None:
    if value not in (None, ""):
        st.markdown(f"**{label}:** {md_escape(value)}")


def _casualties(title: str, reports: list[Casualties]) -> None:
    if not reports:
        st.markdown(f"**{title}:** not reported")
        return
    low, high = casualty_range(reports)
    st.markdown(f"**{title}:** {casualty_label(low, high)}")
    for report in reports:
        number = casualty_label(report.min, report.max)
        line = f"- {md_escape(number)} according to {md_escape(report.reported_by)}"
        if report.who:
            line += f" — {md_escape(report.who)}"
        st.markdown(line)
        if report.note:
            st.caption(md_escape(report.note))


def render_when(incident: Incident) -> None:
    """The date range, its precision, and how it was worked out from the text."""
    date = incident.date
    st.markdown(f"**When:** {md_escape(dates.words_of(date))}")
    st.caption(md_escape(date.precision.definition))
    if date.time_local:
        st.markdown(f"**Local time:** {md_escape(date.time_local)} (Syria time)")
    if date.year_inferred:
        st.markdown("**Year:** not in the text; taken from the public record (see below).")
    st.markdown("**How the date was worked out**")
    st.markdown(md_escape(date.note))


def render_attribution(incident: Incident) -> None:
    """Our assessment, then each claim: who says who did it, in their words."""
    assessment = incident.assessment
    st.markdown(
        f"**Attacker (assessed):** {md_escape(assessment.attacker_label)} · "
        f"**confidence:** {md_escape(assessment.confidence.label.lower())}"
    )
    st.caption(md_escape(assessment.confidence.definition))
    st.markdown(md_escape(assessment.reasoning))
    if incident.claims:
        st.markdown("**Who says who did it**")
        for claim in incident.claims:
            st.markdown(
                f"- **{md_escape(claim.by)}** — {md_escape(claim.stance.label.lower())}: "
                f"{md_escape(claim.actor)} ({md_escape(claim.attacker_label)})"
            )
            if claim.quote:
                st.markdown(f"> {md_escape(claim.quote)}")
    else:
        st.markdown("**Who says who did it:** nobody names an attacker.")
    if incident.accounts:
        st.markdown("**Contested accounts**")
        for account in incident.accounts:
            st.markdown(f"- **{md_escape(account.by)}:** {md_escape(account.says)}")


def render_harm(incident: Incident) -> None:
    """Targets, damage and casualties, each report with who made it."""
    _field("Weapon", incident.weapon)
    _field("Targets", "; ".join(incident.targets) or None)
    _field("Damage", incident.damage)
    _casualties("Killed", incident.killed)
    _casualties("Injured", incident.injured)


def render_locations(incident: Incident, data: AppData) -> None:
    """Each site: the name as reported, the gazetteer place, its role and how precisely it is known."""
    places = data.places
    rows = []
    for location in incident.locations:
        place = places.loc[location.place_id] if location.place_id in places.index else None
        rows.append(
            {
                "Reported as": location.name_reported,
                "Place": place["name"] if place is not None else location.place_id,
                "Role": location.role.label,
                "Precision": location.precision.label,
                "Radius (km)": (
                    round(float(place["precision_m"]) / 1000, 1)
                    if place is not None and pd.notna(place["precision_m"])
                    else None
                ),
                "Coordinates": (
                    f"{float(place['lat']):.4f}, {float(place['lon']):.4f}" if place is not None else ""
                ),
                "Note": location.note or "",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    precisions = dict.fromkeys(location.precision for location in incident.locations)
    for precision in precisions:
        st.caption(f"{md_escape(precision.label)}: {md_escape(precision.definition)}")


def render_sources(incident: Incident) -> None:
    """Each source document with its outlet, headline and the verbatim quotes the record rests on."""
    for source in incident.sources:
        with st.container(border=True):
            st.markdown(f"**{md_escape(source.headline)}**")
            st.caption(f"{md_escape(source.outlet)} · document {md_escape(source.document)}")
            st.caption(md_escape(sources.kept_sentence(source.document, source.sha256, source.retrieved)))
            if source.archive_url:
                st.link_button("Open the archived copy", source.archive_url, icon=":material/archive:")
            if source.url:
                st.link_button("Open the original article", source.url, icon=":material/open_in_new:")
            for quote in source.quotes:
                st.markdown(f"> {md_escape(quote)}")


def render_record(incident: Incident, data: AppData) -> None:
    """Everything in the record, in the order a reader checks it."""
    st.caption(f"{md_escape(incident.event_type_label)} — {md_escape(incident.event_type_definition)}")
    when_col, who_col = st.columns(2, gap="large")
    with when_col:
        render_when(incident)
    with who_col:
        render_attribution(incident)
    st.subheader("Targets and casualties", anchor=False)
    render_harm(incident)
    st.subheader("Places", anchor=False)
    render_locations(incident, data)
    if incident.notes:
        st.subheader("Notes", anchor=False)
        st.markdown(md_escape(incident.notes))
    st.subheader("Sources", anchor=False)
    render_sources(incident)
