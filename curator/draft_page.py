"""Draft a record: an article in, its drafts beside it, each corrected in a form and saved when valid.

Thin on purpose: drafting is incidents.draft, checking, naming and saving incidents.workbench,
the form curator.form (built from the schema). Nothing is written until Save, and Save is refused
while `validate` would report anything.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from curator import form as forms
from curator.gate import require_curator
from geodata.gazetteer import FEATURE_TYPES, Gazetteer, load_gazetteer
from incidents import workbench
from incidents.draft import ArticleDraft, draft_article
from incidents.load import incident_table, site_table
from incidents.maps.basemap import base_map
from incidents.maps.legend import legend_lookups
from incidents.model import Incident
from incidents.validate import RecordError
from pages.shared import nav
from pages.shared.data import load_result
from pages.shared.escape import md_escape
from pages.shared.small_maps import fit_zoom, site_map

require_curator()
st.html(f"<style>{Path(__file__).with_name('workbench.css').read_text(encoding='utf-8')}</style>")
st.title("Draft a record", anchor=False)


def gazetteer() -> Gazetteer:
    """The gazetteer as it is now (a place added by a save is in it; parsed once per file version)."""
    return load_gazetteer()


def place_labels() -> dict[str, str]:
    """Place id -> "name (governorate) · id", the gazetteer search's options."""
    return {
        str(pid): f"{row['name']} ({row['governorate'] or 'no governorate'}) · {pid}"
        for pid, row in gazetteer().places.fillna("").iterrows()
    }


def new_place_form(key: str, locations: int) -> tuple[tuple[int, dict[str, str]] | None, list[RecordError]]:
    """A place the gazetteer lacks, added as an `estimated` place with its radius and reason, and
    used for one of the locations; returns it (with the location's index) and its problems."""
    with st.expander(
        "A place the gazetteer lacks? Add it as an estimated place", icon=":material/add_location:"
    ):
        if not locations:
            st.caption("Add a location above first.")
            return None, []
        use = st.checkbox("Add this place to the gazetteer and use it", key=f"{key}:place:use")
        index = st.number_input("For location number", 1, locations, 1, key=f"{key}:place:index")
        name = st.text_input("Name, as the place is usually written", key=f"{key}:place:name")
        st.caption("Click the map to set the point (or type it below).")
        clicked = st_folium(
            base_map(follow_view=False, picture=False),
            key=f"{key}:place:map",
            height=300,
            use_container_width=True,
            returned_objects=["last_clicked"],
        )
        point = (clicked or {}).get("last_clicked")
        if point and st.session_state.get(f"{key}:place:clicked") != point:
            # Before the boxes are drawn, so they show the clicked point.
            st.session_state[f"{key}:place:clicked"] = point
            st.session_state[f"{key}:place:lat"] = round(float(point["lat"]), 5)
            st.session_state[f"{key}:place:lon"] = round(float(point["lng"]), 5)
        for axis in ("lat", "lon"):
            st.session_state.setdefault(f"{key}:place:{axis}", None)
        lat_col, lon_col, radius_col = st.columns(3)
        lat = lat_col.number_input("Latitude", -90.0, 90.0, format="%.5f", key=f"{key}:place:lat")
        lon = lon_col.number_input("Longitude", -180.0, 180.0, format="%.5f", key=f"{key}:place:lon")
        radius = radius_col.number_input("Radius (m)", 1, 500_000, None, 500, key=f"{key}:place:radius")
        places = gazetteer().places
        type_col, gov_col, country_col = st.columns(3)
        feature = type_col.selectbox("Kind of place", sorted(FEATURE_TYPES), key=f"{key}:place:type")
        governorates = sorted(g for g in places["governorate"].unique() if g)
        governorate = gov_col.selectbox("Governorate", governorates, key=f"{key}:place:gov")
        country = country_col.selectbox("Country", ["SY", "IQ"], key=f"{key}:place:country")
        parent = st.selectbox(
            "Inside (optional)",
            list(place_labels()),
            None,
            format_func=place_labels().get,
            key=f"{key}:place:parent",
        )
        reason = st.text_area(
            "Reason: how the point and the radius were worked out from the text", key=f"{key}:place:reason"
        )
        if not use:
            return None, []
        if not name.strip() or lat is None or lon is None or radius is None:
            message = "the new place needs a name, a latitude, a longitude and a radius"
            st.error(message, icon=":material/error:")
            return None, [RecordError("draft", None, "new place", message)]
        row = workbench.new_place(
            name,
            lat=lat,
            lon=lon,
            precision_m=int(radius),
            reason=reason,
            feature_type=feature,
            governorate=governorate,
            country=country,
            parent_id=parent or "",
        )
        problems = workbench.place_problems([row])
        for problem in problems:
            st.error(md_escape(f"new place {row['place_id']}: {problem}"), icon=":material/error:")
        if not problems:
            st.success(f"Location {index} will be the new place {md_escape(row['place_id'])}.")
        errors = [RecordError("draft", None, "new place", p) for p in problems]
        return (int(index) - 1, row), errors


with st.form("article"):
    pasted = st.text_area("Paste the article's text", height=160)
    upload = st.file_uploader(
        f"or upload it (.txt, or a saved web page .html; up to {workbench.UPLOAD_MB} MB)",
        type=["txt", "html", "htm"],
    )
    url_col, day_col = st.columns(2)
    url = url_col.text_input("The article's web address (URL)")
    published = day_col.date_input("Publication date", value=None, format="YYYY-MM-DD")
    make = st.form_submit_button("Make drafts", type="primary", icon=":material/auto_fix_high:")

if make:
    try:
        text = (
            workbench.read_upload(upload.name, upload.getvalue()) if upload else workbench.read_pasted(pasted)
        )
    except workbench.UploadRefused as exc:
        st.error(md_escape(exc), icon=":material/block:")
        st.stop()
    drafted = draft_article(text, published=published, url=url.strip() or None, gazetteer=gazetteer())
    workbench.keep_draft(drafted.to_json(), text)
    st.session_state["draft"] = drafted
    st.session_state["draft-number"] = st.session_state.get("draft-number", 0) + 1

draft: ArticleDraft | None = st.session_state.get("draft")
if draft is None:
    st.info("Paste or upload an article, then make its drafts.", icon=":material/article:")
    st.stop()
if not draft.events:
    st.warning("The drafter found no event in this article.", icon=":material/search_off:")
    st.stop()

article_col, form_col = st.columns([2, 3], gap="large")
with article_col:
    st.subheader("The article", anchor=False)
    kinds = ("place", "date", "actor", "number", "type", "quote")
    st.html('<div class="evidence">' + " ".join(f'<mark class="ev-{k}">{k}</mark>' for k in kinds) + "</div>")
    spans = list(
        {(s.start, s.end, s.kind): s for e in draft.events for v in e.evidence.values() for s in v}.values()
    )
    with st.container(height=720):
        st.html(workbench.highlight_html(draft.text, spans, rtl=draft.language == "ar"))

with form_col:
    chosen = st.selectbox(
        f"{len(draft.events)} {'draft' if len(draft.events) == 1 else 'drafts'} from this article",
        range(len(draft.events)),
        format_func=lambda i: f"{i + 1}. {draft.events[i].record.get('title', '')[:90]}",
    )
    event = draft.events[chosen]
    for item in event.review:
        st.warning(f"To check: {md_escape(item)}", icon=":material/fact_check:")
    top = st.empty()
    form = forms.Form(f"d{st.session_state['draft-number']}-e{chosen}", event.evidence, place_labels())
    edited = forms.edit_model(Incident, event.record, "", form)
    added, place_errors = new_place_form(form.key, len(edited.get("locations") or []))
    checked_against = gazetteer()
    if added is not None:
        index, row = added
        edited["locations"][index]["place_id"] = row["place_id"]
        checked_against = workbench.gazetteer_with([row])
    record = workbench.accepted(edited, draft.text, dt.date.today())
    errors = workbench.check(record, draft.text, checked_against) + place_errors
    whole = forms.show_messages(form, errors)
    with top.container():
        if errors:
            st.error(
                f"{len(errors)} {'problem' if len(errors) == 1 else 'problems'} to fix before saving "
                "(each is shown at its field).",
                icon=":material/error:",
            )
        for error in whole:
            st.error(md_escape(f"{error.field}: {error.message}"), icon=":material/error:")

    if not errors:
        incident = Incident.model_validate(record)
        rows = incident_table([(incident, "draft")], gazetteer())
        sites = site_table([(incident, "draft")], gazetteer())
        center, zoom = fit_zoom(sites)
        # The records' own colours, with the draft among them: its attacker looks (and is listed
        # in the legend) as it will be on the map once saved.
        lookups = legend_lookups(pd.concat([load_result().incidents, rows], ignore_index=True))
        site_map(
            rows,
            sites,
            selected=None,
            center=center,
            zoom=zoom,
            key=f"{form.key}-map",
            height=320,
            lookups=lookups,
        )

    for warning in workbench.duplicates(record, load_result().records):
        st.warning(f"Possible duplicate: {md_escape(warning)}", icon=":material/content_copy:")

    saved: dict[str, str] = st.session_state.setdefault("saved", {})
    if form.key in saved:
        st.success(f"Saved as {md_escape(saved[form.key])}.yaml", icon=":material/check_circle:")
        with st.container(horizontal=True):
            st.page_link(
                nav.MAP.path,
                label="Show on the map",
                icon=":material/map:",
                query_params={"incident": saved[form.key]},
            )
            st.page_link(
                nav.INCIDENT.path,
                label="Its permalink",
                icon=":material/link:",
                query_params={"incident": saved[form.key]},
            )
    elif st.button("Save the record", type="primary", disabled=bool(errors), icon=":material/save:"):
        try:
            path = workbench.save(record, draft.text, places=[added[1]] if added else ())
        except (FileExistsError, OSError, ValueError) as exc:
            st.error(f"Not saved: {md_escape(exc)}", icon=":material/block:")
        else:
            saved[form.key] = path.stem
            st.rerun()
