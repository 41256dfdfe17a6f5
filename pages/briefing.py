"""A briefing (`?briefing=NAME&step=N`): a curated sequence of incidents, stepped through on a map."""

from __future__ import annotations

import streamlit as st

from incidents import i18n
from incidents.briefings import BriefingError, list_briefings, load_briefing
from incidents.export import select
from incidents.filters import Filter
from incidents.i18n import _
from pages.shared import downloads, nav, url_state
from pages.shared.brief import incident_brief
from pages.shared.data import app_data
from pages.shared.escape import md_escape
from pages.shared.page import show_notices
from pages.shared.record_text import md as record_md
from pages.shared.small_maps import fit_zoom, site_map

BRIEFING_ZOOM = 9


def choose_briefing(filt: Filter) -> None:
    """The list of briefings, each a link."""
    names = list_briefings()
    if not names:
        st.info(_("There are no briefings yet."), icon=":material/slideshow:")
    for name in names:
        try:
            title = load_briefing(name).title
        except (KeyError, BriefingError):
            continue
        st.page_link(
            nav.BRIEFING.path,
            label=record_md(title),
            icon=":material/slideshow:",
            query_params={**url_state.shared_params(filt), "briefing": name},
        )


def set_step(step: int) -> None:
    st.query_params["step"] = str(step)


nav.use_app_navigation()
data = app_data()
url_filter, view, notices = url_state.parse(data)
name = view.briefing

briefing = None
problems: list[str] = []
if name:
    try:
        briefing = load_briefing(name, known_ids=data.incidents["id"])
    except KeyError:
        notices.append(_("Unknown briefing in the link’s “briefing”; it was ignored."))
    except BriefingError as exc:
        problems = [str(e) for e in exc.errors]

# A briefing is its own view: its filters are what links from here carry.
filt = briefing.filter() if briefing is not None else url_filter
nav.page_links(filt, current=nav.BRIEFING if briefing is None else None)
show_notices(notices)

if briefing is None:
    st.title(_("Briefings"), anchor=False)
    if problems:
        st.error(
            _("This briefing cannot be shown:") + "\n\n" + "\n".join(f"- {md_escape(p)}" for p in problems)
        )
    st.markdown(_("A briefing steps through a curated series of incidents, one sentence each, on the map."))
    choose_briefing(url_filter)
    st.stop()

ids = briefing.ids
total = len(ids)
step = view.step or 1
if not 1 <= step <= total:
    show_notices(
        [_("The link’s “step” is beyond this briefing’s {n} steps; showing step 1.").format(n=total)]
    )
    step = 1
    set_step(step)
current = ids[step - 1]

st.title(record_md(briefing.title), anchor=False)
st.markdown(record_md(briefing.summary))

with st.container(horizontal=True, gap="small", vertical_alignment="center"):
    st.button(
        _("Previous"),
        icon=":material/arrow_forward:" if i18n.direction() == "rtl" else ":material/arrow_back:",
        disabled=step <= 1,
        on_click=set_step,
        args=(step - 1,),
        key="briefing-previous",
    )
    where = _("Step {step} of {total}").format(step=step, total=total)
    st.markdown(f'<p data-testid="briefing-step">{where}</p>', unsafe_allow_html=True)
    st.button(
        _("Next"),
        icon=":material/arrow_back:" if i18n.direction() == "rtl" else ":material/arrow_forward:",
        disabled=step >= total,
        on_click=set_step,
        args=(step + 1,),
        key="briefing-next",
        type="primary",
    )

shown = data.incidents[data.incidents["id"].isin(ids)]
shown_sites = data.sites[data.sites["incident_id"].isin(ids)]
ordered, ordered_sites = select(data.incidents, data.sites, order=ids)
map_col, text_col = st.columns([3, 2], gap="large")
with text_col:
    with st.container(border=True):
        st.markdown("**" + record_md(briefing.sentences[current]) + "**")
    row = shown[shown["id"] == current]
    if len(row):
        incident_brief(row.iloc[0], names=data.place_names)
    else:
        st.subheader(md_escape(current), anchor=False)
    nav.incident_link(current, _("Read the full record"), filt, extra={"briefing": briefing.name})
with map_col:
    current_sites = shown_sites[shown_sites["incident_id"] == current]
    center, _zoom = fit_zoom(current_sites)
    site_map(
        shown,
        shown_sites,
        selected=current,
        center=center,
        zoom=BRIEFING_ZOOM,
        key="briefing-map",
        lookups=data.facets.lookups,
    )
    st.caption(
        _("The highlighted marker is this step's incident; the others are the briefing's other steps.")
    )

with st.expander(_("All {n} steps").format(n=total), icon=":material/list:"):
    titles = dict(zip(shown["id"], shown["title"], strict=True))
    for index, incident_id in enumerate(ids, start=1):
        st.page_link(
            nav.BRIEFING.path,
            label=f"{index}. {md_escape(titles.get(incident_id, incident_id))}",
            query_params={"briefing": briefing.name, "step": str(index), **url_state.language_params()},
            disabled=index == step,
        )
st.page_link(
    nav.MAP.path,
    label=_("This briefing's incidents on the map"),
    icon=":material/map:",
    query_params=url_state.shared_params(filt),
)

downloads.download_buttons(
    ordered, ordered_sites, name=briefing.name, filt=filt, title=briefing.title, sentences=briefing.sentences
)
