"""The URL is the view: read filters and view options from it, write them back after a change.

Widgets get their values from the URL whenever the URL changed behind their back (a fresh
link, back/forward); otherwise the widgets lead and the URL follows. The map position
(`center`, `zoom`) is written by the map itself in the browser, so it is carried over
untouched rather than rerunning the app on every pan.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from incidents import i18n
from incidents.filters import PARAMS, Filter, View, choices
from pages.shared.data import AppData

BROWSER_OWNED = tuple(p.name for p in PARAMS if p.browser_owned)


def current_params() -> dict[str, list[str]]:
    """The page's query string as name -> values (a repeated name keeps every value)."""
    return {name: st.query_params.get_all(name) for name in st.query_params}


def parse(data: AppData, params: Mapping[str, list[str]] | None = None) -> tuple[Filter, View, list[str]]:
    """Filter and view from the URL, with notices for values that made no sense."""
    params = current_params() if params is None else params
    filt, notices = Filter.from_query(
        params,
        known_places=data.places.index,
        known_governorates=data.facets.governorates,
        known_sources=known_sources(data),
        known_attackers=choices("attackers", data.facets),
        known_types=choices("types", data.facets),
        known_actors=choices("actors", data.facets),
        known_datasets=choices("datasets", data.facets),
    )
    view = View.from_query(params, known_incidents=data.facets.incident_ids)
    return filt, view, notices + view.notices


def known_sources(data: AppData) -> list[str]:
    return data.facets.sources


def query_string(params: Mapping[str, str | list[str]]) -> str:
    """A stable query string (used to detect whether the URL changed)."""
    pairs = []
    for name in sorted(params):
        values = params[name]
        for value in [values] if isinstance(values, str) else values:
            pairs.append((name, value))
    return urlencode(pairs)


def link(filt: Filter, view: View | None = None, **extra: str) -> str:
    """A relative link (query string) that opens this exact view."""
    params: dict[str, str | list[str]] = dict(filt.to_query())
    if view is not None:
        params.update(view.to_query())
    params.update({k: v for k, v in extra.items() if v})
    return "?" + query_string(params) if params else ""


def write(filt: Filter, view: View) -> None:
    """Put the filter and view into the URL, keeping the browser-owned map position."""
    params: dict[str, str | list[str]] = dict(filt.to_query())
    params.update(view.to_query(browser_owned=False))
    now = current_params()
    for name in BROWSER_OWNED:
        if name in now and name not in params:
            params[name] = now[name][-1]
    if query_string(params) != query_string(now):
        st.query_params.from_dict(params)


def shared_params(filt: Filter, view: View | None = None) -> dict[str, str | list[str]]:
    """Parameters that links to other pages carry (plain navigation drops them)."""
    params: dict[str, str | list[str]] = dict(filt.to_query())
    if view is not None and view.incident:
        params["incident"] = view.incident
    params.update(language_params())
    return params


def language_params(lang: str | None = None) -> dict[str, str]:
    """The interface language as a link carries it (nothing for the default), so it follows every link."""
    return View(lang=lang or i18n.current()).to_query(browser_owned=False)


def absolute_link(version: str | None = None) -> str:
    """The full link to the current view, for copying (the map keeps `center`/`zoom` current),
    stamped with the data `version` it was made on (`v=`) when given."""
    base = urlsplit(st.context.url or "")
    params: dict[str, str | list[str]] = dict(current_params())
    if version is not None:
        params["v"] = version
    query = query_string(params)
    return urlunsplit((base.scheme or "http", base.netloc, base.path or "/", query, ""))
