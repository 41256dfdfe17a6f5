"""A full incident record on screen: every field, each with who says so, and a small site map.

Record text is data, not markup: it goes through `md_escape` before `st.markdown` (or into
`st.text`), so a quote containing `*`, `[link](...)`, `$x$` or `<b>` shows as typed.
"""

from __future__ import annotations

import math
import re

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from incidents.labels import casualty_label, date_label
from incidents.load import casualty_range
from incidents.maps.basemap import DEFAULT_CENTER, DEFAULT_ZOOM, base_map
from incidents.maps.incident_layer import IncidentLayer
from incidents.model import Casualties, Incident
from pages.shared import url_state
from pages.shared.data import AppData, load_result

# Every ASCII character Markdown (and Streamlit's extensions: `:red[...]`, `$math$`,
# `:material/icon:`) may treat as syntax; a backslash before ASCII punctuation is always literal.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:^=&\"'])")


def md_escape(text: object) -> str:
    """Record text made safe to embed in `st.markdown`: it renders exactly as written."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    # A line break inside a record is a space on screen, never a Markdown block.
    return re.sub(r"\s*\n\s*", " ", escaped).strip()


def show_notices(notices: list[str]) -> None:
    """The notices about a link's bad values. They quote the link, which anyone can write, so
    they are escaped like record text (unescaped, `?briefing=![x](http://evil.example/x.png)`
    drew a third-party image)."""
    for notice in notices:
        st.warning(md_escape(notice), icon=":material/info:")


def records_by_id() -> dict[str, Incident]:
    # The same cached LoadResult as app_data(), so the tables and the records never disagree.
    result = load_result()
    return {incident.id: incident for incident in result.records}


def incident_record(incident_id: str | None) -> Incident | None:
    """The validated record with this id, or None."""
    if not incident_id:
        return None
    return records_by_id().get(incident_id)


# --- the small map --------------------------------------------------------------------------


def fit_zoom(sites: pd.DataFrame, default: int = 9) -> tuple[tuple[float, float] | None, int]:
    """Centre and zoom that show these sites and their precision circles."""
    located = sites.dropna(subset=["lat", "lon"])
    if not len(located):
        return None, default
    lat, lon = float(located["lat"].mean()), float(located["lon"].mean())
    spread_km = 111.0 * max(
        float(located["lat"].max() - located["lat"].min()),
        float(located["lon"].max() - located["lon"].min()) * math.cos(math.radians(lat)),
    )
    radius_km = float(located["precision_m"].fillna(0).max()) / 1000.0
    extent_km = max(spread_km, 2 * radius_km, 4.0)
    # At zoom z a ~320 px wide map (a page column) spans 40075 * cos(lat) * 320 / (256 * 2**z) km.
    zoom = int(math.log2(40075 * math.cos(math.radians(lat)) * 320 / (256 * extent_km)))
    return (lat, lon), max(5, min(13, zoom))


def site_map(
    incidents: pd.DataFrame,
    sites: pd.DataFrame,
    selected: str | None,
    center: tuple[float, float] | None,
    zoom: int,
    key: str,
    height: int = 420,
) -> None:
    """A static map of a few incidents (the selected one highlighted, with precision circles).

    `returned_objects=[]`: panning, zooming or clicking never reruns the page.
    """
    # The map starts at `center`/`zoom`; st_folium's own center/zoom only move it on later runs.
    fmap = base_map(center or DEFAULT_CENTER, zoom if center else DEFAULT_ZOOM, follow_view=False)
    layer = IncidentLayer(incidents, sites, selected=selected, cluster=False, precision_circles=True)
    kwargs = {"center": center, "zoom": zoom} if center else {}
    st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=layer,
        **kwargs,
    )


def place_layer(places: pd.DataFrame, counts: pd.Series) -> folium.FeatureGroup:
    """The gazetteer's places as circles: filled where incidents are, sized by precision."""
    group = folium.FeatureGroup(name="Places", control=False)
    for place_id, row in places.dropna(subset=["lat", "lon"]).iterrows():
        n = int(counts.get(place_id, 0))
        label = f"{row['name']} ({n} incident{'s' if n != 1 else ''})"
        folium.CircleMarker(
            [float(row["lat"]), float(row["lon"])],
            radius=7 if n else 4,
            color="#8c2d04" if n else "#666666",
            weight=1.5,
            fill=True,
            fill_opacity=0.8 if n else 0.3,
            # Folium puts tooltip text into the page as HTML; gazetteer text is data.
            tooltip=url_state.escape(label),
        ).add_to(group)
    return group


# --- the record -----------------------------------------------------------------------------


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
    st.markdown(
        f"**When:** {md_escape(date_label(pd.Timestamp(date.start), pd.Timestamp(date.end), date.precision))}"
    )
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
        f"**Attacker (assessed):** {md_escape(assessment.attacker.label)} · "
        f"**confidence:** {md_escape(assessment.confidence.label.lower())}"
    )
    st.caption(md_escape(assessment.confidence.definition))
    st.markdown(md_escape(assessment.reasoning))
    if incident.claims:
        st.markdown("**Who says who did it**")
        for claim in incident.claims:
            st.markdown(
                f"- **{md_escape(claim.by)}** — {md_escape(claim.stance.label.lower())}: "
                f"{md_escape(claim.actor)} ({md_escape(claim.attacker.label)})"
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
            if source.url:
                st.link_button("Open the original article", source.url, icon=":material/open_in_new:")
            for quote in source.quotes:
                st.markdown(f"> {md_escape(quote)}")


def render_record(incident: Incident, data: AppData) -> None:
    """Everything in the record, in the order a reader checks it."""
    st.caption(f"{md_escape(incident.event_type.label)} — {md_escape(incident.event_type.definition)}")
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


def render_summary(incident: Incident, data: AppData) -> None:
    """The record in brief: type, date, attacker and who says so, casualties, places."""
    st.caption(md_escape(incident.event_type.label))
    date = incident.date
    when = date_label(pd.Timestamp(date.start), pd.Timestamp(date.end), date.precision)
    st.markdown(f"**When:** {md_escape(when)}")
    assessment = incident.assessment
    st.markdown(
        f"**Attacker (assessed):** {md_escape(assessment.attacker.label)}, "
        f"{md_escape(assessment.confidence.label.lower())}"
    )
    for claim in incident.claims:
        st.markdown(
            f"- {md_escape(claim.by)} — {md_escape(claim.stance.label.lower())}: "
            f"{md_escape(claim.attacker.label)}"
        )
    killed = casualty_label(*casualty_range(incident.killed)) or "not reported"
    injured = casualty_label(*casualty_range(incident.injured)) or "not reported"
    st.markdown(f"**Killed:** {md_escape(killed)} · **Injured:** {md_escape(injured)}")
    names = [
        data.place_names.get(location.place_id, location.name_reported) for location in incident.locations
    ]
    st.markdown(f"**Places:** {md_escape('; '.join(dict.fromkeys(names)))}")
    st.markdown(f"**Sources:** {md_escape('; '.join(dict.fromkeys(s.outlet for s in incident.sources)))}")


def render_row(row: pd.Series) -> None:
    """An incident known only from a table (a large imported file has no YAML record): its columns."""
    st.caption(md_escape(row.get("event_type_label") or row.get("event_type") or ""))
    st.markdown(
        f"**When:** {md_escape(date_label(row['date_start'], row['date_end'], row['date_precision']))}"
    )
    st.markdown(
        f"**Attacker (assessed):** {md_escape(row.get('attacker_label') or '')}, "
        f"{md_escape(str(row.get('confidence_label') or '').lower())}"
    )
    for label, column in (
        ("Who says so", "claims_text"),
        ("Targets", "targets"),
        ("Places", "place_names"),
        ("Sources", "outlets"),
        ("Notes", "date_note"),
    ):
        value = row.get(column)
        if isinstance(value, str) and value:
            st.markdown(f"**{label}:** {md_escape(value)}")
    killed = casualty_label(row["killed_min"], row["killed_max"]) or "not reported"
    st.markdown(f"**Killed:** {md_escape(killed)}")
    st.caption("This incident comes from an imported table, which holds no sources or quotes.")
