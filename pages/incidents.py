"""The filtered incidents as a sortable, searchable table; choosing a row opens the incident."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents import dates, i18n
from incidents.i18n import _
from incidents.labels import attacker_words, casualty_label
from pages.shared import downloads, nav, url_state
from pages.shared.escape import html_escape
from pages.shared.page import count_line, open_filtered_page

PHONE_ROWS = 100  # incidents the phone's list shows (the grid of nine columns showed one and a half)


def phone_list(shown: pd.DataFrame, when: pd.Series, shared: dict[str, str | list[str]]) -> None:
    """The incidents as a list for a narrow screen (layout.css shows it there and hides the grid):
    each its title, a link to its page, then its date in words and its attacker, in full."""
    items = []
    rows = shown.head(PHONE_ROWS).to_dict("records")
    for row, day in zip(rows, when.head(PHONE_ROWS), strict=True):
        query = url_state.query_string({**shared, "incident": str(row["id"])})
        href = html_escape(f"{nav.INCIDENT.url_path}?{query}")
        items.append(
            f'<li data-incident="{html_escape(row["id"])}"><a target="_self" href="{href}">'
            f'<bdi>{_one_line(row["title"])}</bdi></a><br><span class="when"><bdi>'
            f"{_one_line(day)}</bdi></span> · <bdi>{_one_line(attacker_words(row))}</bdi></li>"
        )
    more = ""
    if len(shown) > PHONE_ROWS:
        words = _("The first {n} of {total}, earliest first: narrow the filters, or download them all below.")
        more = f"<p>{html_escape(words.format(n=i18n.number(PHONE_ROWS), total=i18n.number(len(shown))))}</p>"
    label = html_escape(_("Incidents"))
    with st.container(key="incident-list-phone"):
        st.markdown(f'<ol aria-label="{label}">{"".join(items)}</ol>{more}', unsafe_allow_html=True)


def _one_line(text: object) -> str:
    """Record text escaped, on one line (a blank line would end the Markdown's HTML block)."""
    return html_escape(" ".join(str(text).split()))


page = open_filtered_page(nav.INCIDENTS)
data, filt, shown_sites = page.data, page.filt, page.shown_sites
shown = page.shown.sort_values(["date_start", "date_end", "title"], kind="stable")

nav.page_links(filt, current=nav.INCIDENTS)
st.title(_("Incidents"), anchor=False)
count_line(page)
wide = st.container(key="incident-table-wide")  # the grid, on a screen wide enough for it
wide.caption(
    _(
        "Click a column heading to sort (Possible days sorts by the earliest possible day), use the "
        "table's search icon to find words, and choose a row to open the full record."
    )
)
translate = _  # labels that are data: each is in the catalogue (make messages extracts them)

table = pd.DataFrame(
    {
        "When": dates.local_words(shown),
        "Possible days": dates.span_column(shown),
        "Incident": shown["title"],
        "Type": shown["event_type_label"].map(translate),
        "Attacker (assessed)": shown["attacker_label"].map(translate),
        "Confidence": shown["confidence_label"].map(translate),
        "Killed": [
            casualty_label(lo, hi) or _("not reported")
            for lo, hi in zip(shown["killed_min"], shown["killed_max"], strict=True)
        ],
        "Places": shown["place_names"],
        "Sources": shown["outlets"],
    }
).reset_index(drop=True)
if len(data.facets.datasets) > 1:  # several datasets shown (INCIDENTS_SOURCE): each row's own
    labels = {entry["slug"]: entry["label"] for entry in data.facets.datasets}
    table.insert(3, "Dataset", shown["dataset"].astype(str).map(labels).to_numpy())
ids = shown["id"].tolist()

phone_list(shown, table["When"], url_state.shared_params(filt))
event = wide.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=min(38 + 35 * max(len(table), 1), 720),
    on_select="rerun",
    selection_mode="single-row",
    key="incident-table",
    column_config={
        "When": st.column_config.TextColumn(
            _("When"), help=_("The date as precisely as the record knows it")
        ),
        "Possible days": st.column_config.TextColumn(
            _("Possible days ↕ earliest first"),
            help=_(
                "The first and last day the incident may have happened (one day only when the source "
                "gives that day). Sorting this column orders the incidents by their earliest possible day."
            ),
        ),
        "Incident": st.column_config.TextColumn(_("Incident"), width="large"),
        "Dataset": st.column_config.TextColumn(_("Dataset")),
        "Type": st.column_config.TextColumn(_("Type")),
        "Attacker (assessed)": st.column_config.TextColumn(_("Attacker (assessed)")),
        "Confidence": st.column_config.TextColumn(_("Confidence")),
        "Killed": st.column_config.TextColumn(_("Killed")),
        "Places": st.column_config.TextColumn(_("Places")),
        "Sources": st.column_config.TextColumn(_("Sources")),
    },
)
rows = event.selection.rows if event is not None else []
if rows and rows[0] < len(ids):
    st.switch_page(
        nav.INCIDENT.path, query_params={**url_state.shared_params(filt), "incident": ids[rows[0]]}
    )

if not len(shown):
    st.info(_("No incident matches these filters."), icon=":material/filter_alt_off:")

downloads.download_buttons(shown, shown_sites, name="incidents", filt=filt)
