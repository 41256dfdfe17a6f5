"""Which incidents and sites a filter keeps: one mask per parameter (None when it is not used)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from geodata.distance import distance_km
from incidents import dates, ondisk
from incidents.text import fold, fold_series

if TYPE_CHECKING:
    from incidents.filters.view import Filter

# --- masks ----------------------------------------------------------------------------------------


def period_mask(
    incidents: pd.DataFrame, start: dt.date | None, end: dt.date | None, match: str
) -> pd.Series | None:
    """Incidents in the period: `overlap` keeps those certainly or possibly in it, `within` only
    those certainly in it; "possibly" counts only their possible days (incidents.dates)."""
    if start is None and end is None:
        return None
    certain, possible = dates.period_masks(incidents, start, end)
    return possible if match == "overlap" else certain


def _in(column: str, attribute: str) -> Callable[[Filter, pd.DataFrame], pd.Series | None]:
    def mask(filt: Filter, incidents: pd.DataFrame) -> pd.Series | None:
        wanted = getattr(filt, attribute)
        return incidents[column].isin(wanted) if wanted else None

    return mask


def _contains(column: str, raw: str, attribute: str) -> Callable[[Filter, pd.DataFrame], pd.Series | None]:
    """Folded words in a folded column (a hand-made table may have only the raw column)."""

    def mask(filt: Filter, incidents: pd.DataFrame) -> pd.Series | None:
        words = getattr(filt, attribute)
        if not words:
            return None
        if ondisk.has(incidents, column):  # a converted table's search text stays in its Parquet file
            return ondisk.contains(incidents, column, fold(words))
        haystack = incidents[column] if column in incidents else fold_series(incidents[raw].fillna(""))
        return haystack.fillna("").str.contains(fold(words), regex=False)

    return mask


def _min_killed(filt: Filter, incidents: pd.DataFrame) -> pd.Series | None:
    if filt.min_killed is None:
        return None
    return incidents["killed_min"].fillna(-1).astype("int64") >= filt.min_killed


def _sources(filt: Filter, incidents: pd.DataFrame) -> pd.Series | None:
    if not filt.sources:
        return None
    wanted = {f"{s}.txt" for s in filt.sources} | set(filt.sources)
    documents = incidents["documents"].fillna("").str.split("|")
    return documents.map(lambda items: bool(wanted.intersection(items))).astype(bool)


def _governorate_sites(filt: Filter, sites: pd.DataFrame, places: pd.DataFrame | None) -> pd.Series | None:
    if filt.governorate is None:
        return None
    return sites["governorate"].fillna("") == filt.governorate


def _place_sites(filt: Filter, sites: pd.DataFrame, places: pd.DataFrame | None) -> pd.Series | None:
    """The place and places inside it; with `km`, every site within that distance of the place."""
    if filt.place is None:
        return None
    if places is None or filt.place not in places.index:
        return sites["place_id"] == filt.place
    if filt.km is not None:
        lat, lon = places.loc[filt.place, ["lat", "lon"]]
        return pd.Series(
            distance_km(lat, lon, sites["lat"].to_numpy(), sites["lon"].to_numpy()) <= filt.km,
            index=sites.index,
        )
    return sites["place_id"].isin(descendants(places, filt.place))


def descendants(places: pd.DataFrame, place_id: str) -> set[str]:
    """The place and every place whose parent chain leads to it."""
    children: dict[str, list[str]] = {}
    for pid, parent in places["parent_id"].fillna("").items():
        if parent:
            children.setdefault(parent, []).append(pid)
    found, stack = set(), [place_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found
