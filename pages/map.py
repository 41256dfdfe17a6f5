"""The map dashboard: filters, the incident map, the count and the selected incident."""

from dataclasses import replace

import streamlit as st

from incidents import i18n
from incidents.filters import View
from incidents.i18n import _
from pages.shared import downloads, nav, playback, url_state
from pages.shared.brief import incident_brief
from pages.shared.data import app_data, filtered
from pages.shared.escape import md_escape
from pages.shared.map_panel import incident_map
from pages.shared.page import count_line, count_words, filter_chips, open_filtered_page, show_notices
from pages.shared.timeline import timeline


def map_layer_toggles(view: View) -> View:
    """The sidebar's map options (heat map, grouping, online tiles), seeded from the link."""
    with st.sidebar:
        st.header(_("Map layers"))
        heat = st.toggle(_("Heat map"), value=view.heat, help=_("Shows where incidents concentrate."))
        cluster = st.toggle(_("Group nearby markers"), value=view.cluster)
        colour = view.colour
        if len(app_data().facets.datasets) > 1:  # several datasets (INCIDENTS_SOURCE): which is which
            by_dataset = st.toggle(
                _("Colour by dataset"),
                value=view.colour == "dataset",
                help=_("Each dataset in its own colour, instead of the assessed attacker's."),
            )
            colour = "dataset" if by_dataset else "attacker"
        online = st.toggle(
            _("Online map tiles"),
            value=view.online_tiles,
            help=_(
                "Adds OpenStreetMap and satellite imagery. Your browser then requests tiles from those "
                "servers, which see your IP address. Off by default."
            ),
        )
        if online:
            st.caption(":material/warning: " + _("Online tiles send requests to third-party servers."))
    return replace(view, heat=heat, cluster=cluster, online_tiles=online, colour=colour)


# The URL is written once a marker click has been handled (below).
page = open_filtered_page(nav.MAP, more_sidebar=map_layer_toggles, write_url=False)
data, filt, view = page.data, page.filt, page.view

# Playback shows one frame of the filtered period: the map and the count line follow it.
playing, playback_notices = playback.current(url_state.current_params())
show_notices(playback_notices)
period = playback.bounds(page.shown, filt)
frame = page
if playing.mode is not None and period is not None:
    frame_filter = playback.frame(filt, playing, period)
    frame_shown, frame_sites = filtered(data, frame_filter)
    frame = replace(page, filt=frame_filter, shown=frame_shown, shown_sites=frame_sites)
shown, shown_sites = frame.shown, frame.shown_sites

# A compact header: the datasets' titles (their descriptions behind the "?"), the one navigation.
shown_datasets = data.facets.datasets
with st.container(horizontal=True, vertical_alignment="center", key="map-header"):
    st.markdown(
        # One dataset: its title; several: their short labels (their titles are behind the "?").
        "#### "
        + (
            " · ".join(md_escape(d["label"]) for d in shown_datasets)
            if len(shown_datasets) > 1
            else md_escape(shown_datasets[0]["title"])
        ),
        help="\n\n".join(
            (f"**{md_escape(d['title'])}**: " if len(shown_datasets) > 1 else "")
            + md_escape(d["description"])
            for d in shown_datasets
        ),
    )
    nav.page_links(filt, view, current=nav.MAP)
count_line(frame)
filter_chips(frame)
if data.errors:
    skipped = _("{n} record file(s) skipped because of errors")
    with st.expander(skipped.format(n=i18n.number(len(data.errors))), icon=":material/error:"):
        for error in data.errors:
            st.text(str(error))

# On a phone the columns stack: layout.css puts the selected incident right after the map, before
# the timeline and the folded sections below it.
with st.container(key="map-columns"):
    map_col, detail_col = st.columns([4, 1.3], gap="small")
with map_col, st.container(key="map-frame"):
    caption = {
        "count": count_words(frame),
        "description": frame.filt.describe(data.place_names, data.facets.labels),
    }
    clicked = incident_map(data, shown, shown_sites, view, caption=caption)
if clicked:
    view = replace(view, incident=clicked)
    url_state.write(filt, view)
    st.rerun()
url_state.write(filt, view)
playback.write_url(playing)

with map_col:
    timeline(page.shown, filt, data.facets.lookups)
    # Folded until asked for (on a phone the controls stood 1,000 px between the map and the
    # selected incident); open while a link plays.
    with st.expander(
        _("Play through time, or pick a period"),
        icon=":material/play_circle:",
        expanded=playing.mode is not None,
    ):
        playback.presets(period, data.incidents["date_end"].max().date() if len(data.incidents) else None)
        playback.controls(playing, period)
    with st.expander(_("Share or download this view"), icon=":material/link:"):
        # A text box, not st.code: the code block's highlighter is 1.5 MB of JavaScript that
        # the browser would parse before it gets to the map (0.3 s of every page open).
        with st.container(key="share-link"):  # the map's script finds the box by this key, in any language
            st.text_input(
                _("Link to this view"),
                value=url_state.absolute_link(data.facets.records_version),
                help=_(
                    "Opens this exact view: filters, selected incident and map position (the link "
                    "follows the map as you pan and zoom, as the address bar does)."
                ),
            )
        downloads.download_buttons(shown, shown_sites, name="incidents", filt=frame.filt)

PICK_LIMIT = 500  # beyond this a list is no help (and costs a second per rerun at 100k)

with detail_col:
    if len(shown) <= PICK_LIMIT:
        options = shown["id"].tolist()
        titles = dict(zip(shown["id"], shown["title"], strict=True))
    else:
        options = [view.incident] if view.incident else []
        titles = {}
        if view.incident:
            titles[view.incident] = data.incidents.loc[data.incidents["id"] == view.incident, "title"].iloc[0]
        st.caption(
            _("{n} incidents: click a marker to select one, or narrow the filters to list them.").format(
                n=i18n.number(len(shown))
            )
        )
    visible = set(options)
    chosen = st.selectbox(
        _("Selected incident"),
        options,
        index=options.index(view.incident) if view.incident in visible else None,
        format_func=lambda i: titles.get(i, i),
        placeholder=_("Click a marker or choose an incident"),
        key=f"pick-{view.incident}",
    )
    if chosen != view.incident and (chosen is not None or view.incident in visible):
        url_state.write(filt, replace(view, incident=chosen))
        st.rerun()
    if view.incident:
        row = data.incidents[data.incidents["id"] == view.incident]
        if len(row):
            if len(shown) <= PICK_LIMIT and view.incident not in visible:
                st.info(
                    _("The selected incident is hidden by the current filters."), icon=":material/filter_alt:"
                )
            incident_brief(row.iloc[0], names=data.place_names)
