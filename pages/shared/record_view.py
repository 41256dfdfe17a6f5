"""A full incident record on screen: every field, each with who says so.

Record text is data, not markup: it goes through `md_escape` (pages/shared/escape.py) before
`st.markdown`. The incident in brief is pages/shared/brief.py; the small site map small_maps.py.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents import actors, dates, i18n, parties, sources
from incidents.i18n import _
from incidents.labels import Named, casualty_label, field_words, named_besides
from incidents.load import casualty_range
from incidents.model import Casualties, Incident
from pages.shared.brief import field
from pages.shared.data import AppData
from pages.shared.escape import md_escape
from pages.shared.record_text import md as record_md


def _field(label: str, value: object) -> None:
    if value not in (None, ""):
        st.markdown(field(label, record_md(value)))


def _casualties(title: str, reports: list[Casualties]) -> None:
    if not reports:
        st.markdown(field(title, _("not reported")))
        return
    low, high = casualty_range(reports)
    st.markdown(f"**{title}:** {casualty_label(low, high)}")
    for report in reports:
        number = casualty_label(report.min, report.max)
        line = _("{number} according to {who}").format(
            number=md_escape(number), who=md_escape(i18n.isolate(report.reported_by))
        )
        line = "- " + line + (f" — {record_md(report.who)}" if report.who else "")
        st.markdown(line)
        if report.note:
            st.caption(record_md(report.note))


def render_when(incident: Incident) -> None:
    """The date range, its precision, and how it was worked out from the text."""
    date = incident.date
    st.markdown(field(_("When"), md_escape(i18n.isolate(dates.words_of(date, i18n.current())))))
    st.caption(md_escape(_(date.precision.definition)))
    if date.time_local:
        st.markdown(field(_("Local time"), md_escape(date.time_local) + " (" + _("Syria time") + ")"))
    if date.year_inferred:
        st.markdown(_("**Year:** not in the text; taken from the public record (see below)."))
    st.markdown("**" + _("How the date was worked out") + "**")
    st.markdown(record_md(field_words(date.note, [s.outlet for s in incident.sources])))


def render_attribution(incident: Incident) -> None:
    """Our assessment, then each claim: who says who did it, in their words."""
    assessment = incident.assessment
    attacker = md_escape(i18n.isolate(_(assessment.attacker_label)))
    confidence = md_escape(_(assessment.confidence.label).lower())
    if not actors.graded(assessment.attacker):
        st.markdown(field(_("Attacker (assessed)"), attacker))
    else:
        st.markdown(field(_("Attacker (assessed)"), attacker) + " · " + field(_("confidence"), confidence))
        st.caption(md_escape(_(assessment.confidence.definition)))
    st.markdown(record_md(field_words(assessment.reasoning, [s.outlet for s in incident.sources])))
    if incident.claims:
        st.markdown("**" + _("Who says who did it") + "**")
        for claim in incident.claims:
            by, stance = md_escape(i18n.isolate(claim.by)), md_escape(_(claim.stance.label).lower())
            named = md_escape(i18n.isolate(_(claim.attacker_label)))
            st.markdown(f"- **{by}** — {stance}: {record_md(claim.actor)} ({named})")
            if claim.quote:
                st.markdown(f"> {record_md(claim.quote)}")
    else:
        st.markdown(_("**Who says who did it:** nobody names an attacker."))
    if incident.accounts:
        st.markdown("**" + _("Contested accounts") + "**")
        for account in incident.accounts:
            st.markdown(f"- **{md_escape(i18n.isolate(account.by))}:** {record_md(account.says)}")


def _named(incident: Incident) -> Named:
    """Its targets, or for an event with no attacker its parties (labels.named_besides)."""
    assessment = incident.assessment
    return named_besides(
        assessment.attacker,
        "; ".join(incident.targets),
        parties.of_record(assessment.attacker, assessment.attacker_label, incident.acled),
    )


def render_harm(incident: Incident, named: Named) -> None:
    """Targets (or parties), damage and casualties, each report with who made it."""
    _field(_("Weapon"), incident.weapon)
    _field(named.label, named.names or None)
    _field(_("Damage"), incident.damage)
    _casualties(_("Killed"), incident.killed)
    _casualties(_("Injured"), incident.injured)


def render_locations(incident: Incident, data: AppData) -> None:
    """Each site: the name as reported, the gazetteer place, its role and how precisely it is known."""
    places = data.places
    names = data.place_names
    rows = []
    for location in incident.locations:
        place = places.loc[location.place_id] if location.place_id in places.index else None
        rows.append(
            {
                _("Reported as"): location.name_reported,
                _("Place"): names.get(location.place_id, location.place_id),
                _("Role"): _(location.role.label),
                _("Precision"): _(location.precision.label),
                _("Radius (km)"): (
                    round(float(place["precision_m"]) / 1000, 1)
                    if place is not None and pd.notna(place["precision_m"])
                    else None
                ),
                _("Coordinates"): (
                    f"{float(place['lat']):.4f}, {float(place['lon']):.4f}" if place is not None else ""
                ),
                _("Note"): location.note or "",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    precisions = dict.fromkeys(location.precision for location in incident.locations)
    for precision in precisions:
        label, definition = _(precision.label), _(precision.definition)
        st.caption(f"{md_escape(label)}: {md_escape(definition)}")


def render_sources(incident: Incident) -> None:
    """Each source document with its outlet, headline and the verbatim quotes the record rests on."""
    for source in incident.sources:
        with st.container(border=True):
            st.markdown(f"**{record_md(source.headline)}**")
            published = (
                dates.published_words(source.published.earliest, source.published.latest)
                if source.published is not None
                else "publication date not known"
            )
            document = md_escape(i18n.isolate(source.document))
            outlet, word = md_escape(i18n.isolate(source.outlet)), _("document")
            st.caption(f"{outlet} · {md_escape(i18n.isolate(published))} · {word} {document}")
            st.caption(md_escape(sources.kept_sentence(source.document, source.sha256, source.retrieved)))
            if source.url:
                st.markdown(f"**{_('Address')}:** {md_escape(source.url)}")
            else:
                st.caption(_("No web address is recorded for this article."))
            links = [
                (_("Open the original article"), source.url),
                (_("Open the archived copy"), source.archive_url),
            ]
            for label, url in links:
                if url:
                    st.link_button(label, url, icon=":material/open_in_new:")
            if not source.archive_url:
                st.caption(_("No archived copy is recorded."))
            for quote in source.quotes:  # verbatim, in the source's own language (Arabic stays Arabic)
                st.markdown(f"> {record_md(quote)}")


def render_record(incident: Incident, data: AppData) -> None:
    """Everything in the record, in the order a reader checks it."""
    label, definition = _(incident.event_type_label), _(incident.event_type_definition)
    st.caption(f"{md_escape(label)} — {md_escape(definition)}")
    when_col, who_col = st.columns(2, gap="large")
    with when_col:
        render_when(incident)
    with who_col:
        render_attribution(incident)
    named = _named(incident)
    st.subheader(named.heading, anchor=False)
    render_harm(incident, named)
    st.subheader(_("Places"), anchor=False)
    render_locations(incident, data)
    if incident.notes:
        st.subheader(_("Notes"), anchor=False)
        st.markdown(record_md(incident.notes))
    st.subheader(_("Sources"), anchor=False)
    render_sources(incident)
