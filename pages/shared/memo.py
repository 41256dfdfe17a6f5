"""What a page derives from the rows it shows, worked out once per table version and rows.

At two million events the timeline's monthly counts or the ACLED export's dating take a third of
a second each; a reader who pans the map, opens the share box or comes back to a link asks for
them again with the same rows. Shared by every session, like the map layer's script.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd
import streamlit as st

from incidents import i18n
from pages.shared.data import app_data
from pages.shared.map_component import rows_digest

T = TypeVar("T")


# Entries are small (a chart spec, a count, a line); 64 were too few for a busy briefing day: readers
# of 35 different links, three kinds each, rebuilt their timeline on nearly every visit.
@st.cache_resource(max_entries=512, show_spinner=False)
def _kept(key: tuple, _build: Callable[[], object]) -> object:
    return _build()


def per_rows(kind: str, rows: pd.DataFrame, build: Callable[[], T], *extra: Hashable) -> T:
    """`build()`, remembered for this `kind`, table version, set of `rows`, interface language (a
    chart's or a credit line's words are in it) and `extra` (what else the result depends on: the
    key must name all of it)."""
    key = (kind, app_data().version, rows_digest(rows), i18n.current(), *extra)
    return _kept(key, build)  # type: ignore[return-value]
