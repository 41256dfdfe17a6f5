"""Changes: the records added, changed and removed since a day, for readers who come back.

`?since=YYYY-MM-DD` keeps the day in the link (default: 30 days ago).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from incidents.i18n import _
from pages.shared import nav, url_state
from pages.shared.data import app_data
from pages.shared.history_view import render_changes_since
from pages.shared.page import show_notices

DEFAULT_DAYS = 30

nav.use_app_navigation()
data = app_data()
filt, view, notices = url_state.parse(data)
nav.page_links(filt, view, current=nav.CHANGES)
show_notices(notices)
st.title(_("Changes"), anchor=False)

since = view.since or dt.date.today() - dt.timedelta(days=DEFAULT_DAYS)
chosen = st.date_input(_("Changes since"), value=since, max_value=dt.date.today(), format="YYYY-MM-DD")
if chosen != since:
    st.query_params["since"] = chosen.isoformat()
    since = chosen
render_changes_since(since, dict(zip(data.incidents["id"], data.incidents["title"], strict=True)))
