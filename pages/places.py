"""The gazetteer: every place with its spellings, coordinates and their provenance, and its incidents."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geodata.mentions import feature_labels
from incidents import i18n
from incidents.i18n import N_, _, ngettext
from incidents.maps.basemap import DEFAULT_CENTER, DEFAULT_ZOOM, base_map
from incidents.maps.messages import localized
from pages.shared import downloads, nav, url_state
from pages.shared.escape import html_escape, md_escape
from pages.shared.page import count_line, open_filtered_page
from pages.shared.small_maps import place_layer

# The gazetteer's provenances that are words (the others name their source: `geonames:<id>`).
PROVENANCES = {"estimated": N_("Estimated")}
translate = _  # labels that are data (feature_types.csv's): each is in the catalogue


def provenance_label(provenance: str, source: str) -> str:
    """'GeoNames 170794' or 'Estimated' in the reader's words, with the source if one is given."""
    if provenance.startswith("geonames:"):
        text = f"GeoNames {provenance.removeprefix('geonames:')}"
    elif provenance in PROVENANCES:
        text = _(PROVENANCES[provenance])
    else:
        text = provenance.capitalize()
    return f"{text} ({i18n.isolate(source)})" if source else text


def kind_label(feature_type: str) -> str:
    """A feature type as people read it ('Border crossing'), in the reader's language."""
    known = feature_labels().get(feature_type)
    return translate(known) if known else feature_type.replace("-", " ")


# The places table's columns (the keys) and their headings, translated where they are shown.
# (A comment, not a docstring: Streamlit's "magic" writes a page's bare strings on the page.)
HEADINGS = {
    "Place": N_("Place"),
    "Arabic": N_("Arabic"),
    "Incidents": N_("Incidents"),
    "Kind": N_("Kind"),
    "Within": N_("Within"),
    "Governorate": N_("Governorate"),
    "Also spelled": N_("Also spelled"),
    "Latitude": N_("Latitude"),
    "Longitude": N_("Longitude"),
    "Radius (km)": N_("Radius (km)"),
    "Coordinates from": N_("Coordinates from"),
    "Reasoning": N_("Reasoning"),
}

page = open_filtered_page(nav.PLACES)
data, filt, shown, shown_sites = page.data, page.filt, page.shown, page.shown_sites

nav.page_links(filt, current=nav.PLACES)
st.title(_("Places"), anchor=False)
st.markdown(
    _(
        "The gazetteer every record's places resolve to. Each place says where its coordinates come "
        "from (a GeoNames entry, or an estimate with the reasoning) and how precisely it is known (the "
        "radius of the circle on the maps)."
    )
)

places = data.places
counts = shown_sites.groupby("place_id")["incident_id"].nunique()
with_incidents = int((counts > 0).sum())
lead = ngettext("{n} place", "{n} places", len(places)).format(n=i18n.number(len(places)))
with_words = _("{n} with incidents").format(n=i18n.number(with_incidents))
count_line(page, lead=f"<strong>{html_escape(lead)}</strong>{_(', ')}{html_escape(with_words)} · ")

table = pd.DataFrame(
    {
        "Place": places["name"],
        "Arabic": places["name_ar"].fillna(""),
        "Incidents": [int(counts.get(p, 0)) for p in places.index],
        "Kind": [kind_label(str(t)) for t in places["feature_type"].fillna("")],
        "Within": [data.place_names.get(p, "") if p else "" for p in places["parent_id"].fillna("")],
        "Governorate": places["governorate"].fillna(""),
        "Also spelled": places["aliases"].fillna("").str.replace("|", "; "),
        "Latitude": places["lat"],
        "Longitude": places["lon"],
        "Radius (km)": places["precision_m"] / 1000,
        "Coordinates from": [
            provenance_label(str(p or ""), str(s or ""))
            for p, s in zip(
                places["provenance"].fillna(""), places["provenance_source"].fillna(""), strict=True
            )
        ],
        "Reasoning": places["provenance_note"].fillna(""),
    }
).sort_values(["Incidents", "Place"], ascending=[False, True])
place_ids = table.index.tolist()

map_col, table_col = st.columns([2, 3], gap="medium")
with map_col:
    # The legend and the map's controls in the reader's language, as on the other maps.
    fmap = base_map(DEFAULT_CENTER, DEFAULT_ZOOM, follow_view=False, lookups=localized(data.facets.lookups))
    st_folium(
        fmap,
        key="places-map",
        height=480,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=place_layer(places, counts, data.place_names),
    )
    st.caption(_("Filled circles are places with incidents under the current filters."))
with table_col:
    st.caption(_("Choose a row to list the incidents at that place."))
    event = st.dataframe(
        table.reset_index(drop=True).rename(columns={key: _(label) for key, label in HEADINGS.items()}),
        hide_index=True,
        width="stretch",
        height=480,
        on_select="rerun",
        selection_mode="single-row",
        key="place-table",
        column_config={
            _(HEADINGS["Latitude"]): st.column_config.NumberColumn(format="%.4f"),
            _(HEADINGS["Longitude"]): st.column_config.NumberColumn(format="%.4f"),
            _(HEADINGS["Radius (km)"]): st.column_config.NumberColumn(format="%.1f"),
        },
    )

rows = event.selection.rows if event is not None else []
chosen = place_ids[rows[0]] if rows and rows[0] < len(place_ids) else None
if chosen is not None:
    place = places.loc[chosen]
    st.subheader(md_escape(place["name"]), anchor=False)
    if place["name_ar"]:
        st.markdown(md_escape(place["name_ar"]))
    origin = provenance_label(str(place["provenance"]), str(place["provenance_source"] or ""))
    st.markdown(
        _("**Coordinates:** {lat}, {lon} · **radius:** {km} km · **from:** {origin}").format(
            lat=f"{float(place['lat']):.4f}",
            lon=f"{float(place['lon']):.4f}",
            km=f"{float(place['precision_m']) / 1000:g}",
            origin=md_escape(i18n.isolate(origin)),
        )
    )
    if place["provenance_note"]:
        st.caption(md_escape(place["provenance_note"]))
    st.page_link(
        nav.MAP.path,
        label=_("Incidents in {place} on the map").format(
            place=md_escape(data.place_names.get(chosen, place["name"]))
        ),
        icon=":material/map:",
        query_params=url_state.shared_params(filt.with_(place=chosen, km=None)),
    )
    here = shown_sites[shown_sites["place_id"] == chosen]
    if not len(here):
        st.info(_("No incident at this place under the current filters."), icon=":material/filter_alt_off:")
    for incident_id, group in here.groupby("incident_id", sort=False):
        reported = "; ".join(dict.fromkeys(group["name_reported"]))
        nav.incident_link(str(incident_id), md_escape(group["title"].iloc[0]), filt)
        st.caption(
            _("Reported as {names} · {precision}").format(
                names=md_escape(i18n.isolate(reported)),
                precision=md_escape(_(str(group["location_precision_label"].iloc[0]))),
            )
        )

downloads.download_buttons(shown, shown_sites, name="incidents", filt=filt)
