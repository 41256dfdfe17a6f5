"""One Filter value: read from and written to the URL's query string, applied to the tables.

The query string is the product's public API (documented in the README): every parameter
has a readable name and value, a bad value never raises — it becomes a plain-language
notice and falls back to its default — and no value ever reaches the file system.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from geodata.distance import distance_km
from incidents import actors, event_types
from incidents.load import fold
from incidents.model import SLUG_RE, Confidence, EventType
from incidents.tables import fold_series

MAX_VALUE_LENGTH = 200
MAX_REPEATS = 20
MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
DATE_MATCHES = ("overlap", "within")

# Parameter name -> what it means; the README documents exactly these (a test checks).
PARAMETERS: dict[str, str] = {
    "from": "First day of the period, YYYY-MM-DD.",
    "to": "Last day of the period, YYYY-MM-DD.",
    "dates": "`overlap` (default: the incident may have happened in the period) or `within` "
    "(its whole date range lies in the period).",
    "attacker": "Assessed attacker slug; repeat for several (`israel`, `united-states`, ...).",
    "type": "Event type slug; repeat for several (`drone-strike`, `air-strike`, ...).",
    "confidence": "Attribution confidence; repeat for several "
    "(`confirmed`, `likely`, `possible`, `unknown`).",
    "place": "Gazetteer place id (`al-bukamal`); matches the place and places inside it.",
    "km": "With `place`: every site within this many kilometres of the place instead.",
    "governorate": "Governorate as in the gazetteer (`deir-ez-zor`, `homs`, `anbar`).",
    "target": "Words in the target groups (`Kata'ib Hezbollah`).",
    "min_killed": "Only incidents whose lowest reported death toll is at least this number.",
    "q": "Free text in titles, notes, quotes and place names (Latin or Arabic script).",
    "source": "Source document name without `.txt`; repeat for several.",
    "incident": "Id of the selected incident.",
    "center": "Map centre as `LAT,LON`.",
    "zoom": "Map zoom level (2-17).",
    "heat": "`1` shows the heat-map layer.",
    "cluster": "`0` turns marker clustering off.",
    "tiles": "`online` adds OpenStreetMap and satellite tiles (requests go to those servers).",
    "briefing": "Name of a briefing to step through.",
    "step": "Position in the briefing (1 = first incident).",
}


@dataclass(frozen=True)
class Filter:
    """The analyst's view of the data: every field maps to one documented URL parameter."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    date_match: str = "overlap"
    attackers: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    confidences: tuple[str, ...] = ()
    place: str | None = None
    km: float | None = None
    governorate: str | None = None
    target: str | None = None
    min_killed: int | None = None
    q: str | None = None
    sources: tuple[str, ...] = ()

    # ---- URL ---------------------------------------------------------------------------
    @classmethod
    def from_query(
        cls,
        params: Mapping[str, Sequence[str] | str],
        known_places: Iterable[str] | None = None,
        known_governorates: Iterable[str] | None = None,
        known_sources: Iterable[str] | None = None,
        known_attackers: Iterable[str] | None = None,
        known_types: Iterable[str] | None = None,
    ) -> tuple[Filter, list[str]]:
        """Parse query parameters; never raises. Returns the filter and notices for bad values."""
        notices: list[str] = []
        get_all = _getter(params)

        def one(name: str) -> str | None:
            values = get_all(name)
            if not values:
                return None
            value = values[-1]
            if len(value) > MAX_VALUE_LENGTH:
                notices.append(f"The value of “{name}” is too long and was ignored.")
                return None
            return value.strip() or None

        def date(name: str) -> dt.date | None:
            value = one(name)
            if value is None:
                return None
            try:
                parsed = dt.date.fromisoformat(value)
            except ValueError:
                notices.append(f"“{_show(value)}” is not a date (use YYYY-MM-DD); “{name}” was ignored.")
                return None
            if not MIN_DATE <= parsed <= MAX_DATE:
                notices.append(f"The date {parsed} is out of range; “{name}” was ignored.")
                return None
            return parsed

        def slugs(name: str, allowed: Iterable[str], what: str) -> tuple[str, ...]:
            allowed_set = set(allowed)
            values = get_all(name)
            if len(values) > MAX_REPEATS:
                notices.append(f"Too many “{name}” values; only the first {MAX_REPEATS} were used.")
                values = values[:MAX_REPEATS]
            kept: list[str] = []
            for value in values:
                for part in value.split(","):
                    part = part.strip().lower()
                    if not part:
                        continue
                    if part in allowed_set:
                        if part not in kept:
                            kept.append(part)
                    else:
                        notices.append(f"Unknown {what} “{_show(part)}” was ignored.")
            return tuple(kept)

        date_from, date_to = date("from"), date("to")
        if date_from and date_to and date_to < date_from:
            notices.append("The period ends before it starts; the dates were swapped.")
            date_from, date_to = date_to, date_from
        date_match = one("dates") or "overlap"
        if date_match not in DATE_MATCHES:
            notices.append(f"“dates” must be overlap or within, not “{_show(date_match)}”.")
            date_match = "overlap"

        place = one("place")
        if place is not None:
            place = place.lower()
            if not SLUG_RE.match(place) or (known_places is not None and place not in set(known_places)):
                notices.append(f"Unknown place “{_show(place)}” was ignored.")
                place = None
        km = _number(one("km"), "km", notices, low=0.1, high=1000.0)
        if km is not None and place is None:
            km = None
        governorate = one("governorate")
        if governorate is not None and known_governorates is not None:
            lookup = {fold(g): g for g in known_governorates}
            if fold(governorate) in lookup:
                governorate = lookup[fold(governorate)]
            else:
                notices.append(f"Unknown governorate “{_show(governorate)}” was ignored.")
                governorate = None
        min_killed = _number(one("min_killed"), "min_killed", notices, low=0, high=100000)
        source_names = known_sources if known_sources is not None else _any_source(get_all("source"))
        return (
            cls(
                date_from=date_from,
                date_to=date_to,
                date_match=date_match,
                attackers=slugs(
                    "attacker",
                    known_attackers if known_attackers is not None else actors.known_actors(),
                    "attacker",
                ),
                types=slugs(
                    "type",
                    known_types if known_types is not None else (t.value for t in EventType),
                    "event type",
                ),
                confidences=slugs("confidence", (c.value for c in Confidence), "confidence"),
                place=place,
                km=km,
                governorate=governorate,
                target=one("target"),
                min_killed=int(min_killed) if min_killed is not None else None,
                q=one("q"),
                sources=slugs("source", source_names, "source"),
            ),
            notices,
        )

    def to_query(self) -> dict[str, str | list[str]]:
        """The filter as query parameters (defaults left out, so links stay short)."""
        query: dict[str, str | list[str]] = {}
        if self.date_from:
            query["from"] = self.date_from.isoformat()
        if self.date_to:
            query["to"] = self.date_to.isoformat()
        if self.date_match != "overlap":
            query["dates"] = self.date_match
        for name, values in (
            ("attacker", self.attackers),
            ("type", self.types),
            ("confidence", self.confidences),
            ("source", self.sources),
        ):
            if values:
                query[name] = list(values)
        for name, value in (
            ("place", self.place),
            ("km", _fmt(self.km)),
            ("governorate", self.governorate),
            ("target", self.target),
            ("min_killed", None if self.min_killed is None else str(self.min_killed)),
            ("q", self.q),
        ):
            if value:
                query[name] = value
        return query

    def with_(self, **changes: object) -> Filter:
        """A copy with some fields replaced (for links that change one facet)."""
        return replace(self, **changes)

    @property
    def is_empty(self) -> bool:
        return not self.to_query()

    # ---- applying ----------------------------------------------------------------------
    def mask(
        self,
        incidents: pd.DataFrame,
        sites: pd.DataFrame,
        places: pd.DataFrame | None = None,
        site_positions: np.ndarray | None = None,
    ) -> pd.Series:
        """Boolean mask over `incidents` (index-aligned).

        `site_positions` (each site's row position in `incidents`, cached by the app) lets the
        place filters map sites to incidents with numpy instead of string set lookups.
        """
        keep = pd.Series(True, index=incidents.index)
        if self.date_from is not None:
            ts = pd.Timestamp(self.date_from)
            keep &= (
                (incidents["date_end"] >= ts)
                if self.date_match == "overlap"
                else (incidents["date_start"] >= ts)
            )
        if self.date_to is not None:
            ts = pd.Timestamp(self.date_to)
            keep &= (
                (incidents["date_start"] <= ts)
                if self.date_match == "overlap"
                else (incidents["date_end"] <= ts)
            )
        if self.attackers:
            keep &= incidents["attacker"].isin(self.attackers)
        if self.types:
            keep &= incidents["event_type"].isin(self.types)
        if self.confidences:
            keep &= incidents["confidence"].isin(self.confidences)
        if self.min_killed is not None:
            keep &= incidents["killed_min"].fillna(-1).astype("int64") >= self.min_killed
        if self.target:
            # Folded once at load (target_text); a hand-made table may only have the raw column.
            if "target_text" in incidents:
                targets = incidents["target_text"].fillna("")
            else:
                targets = fold_series(incidents["targets"].fillna(""))
            keep &= targets.str.contains(fold(self.target), regex=False)
        if self.q:
            keep &= incidents["search_text"].fillna("").str.contains(fold(self.q), regex=False)
        if self.sources:
            docs = incidents["documents"].fillna("").str.split("|")
            wanted = {f"{s}.txt" for s in self.sources} | set(self.sources)
            keep &= docs.map(lambda items: bool(wanted.intersection(items)))
        chosen = self._chosen_sites(sites, places)
        if chosen is not None:
            if site_positions is None:
                keep &= incidents["id"].isin(set(sites.loc[chosen, "incident_id"]))
            else:
                hit = np.zeros(len(incidents), dtype=bool)
                hit[site_positions[chosen.to_numpy()]] = True
                keep &= hit
        return keep

    def _chosen_sites(self, sites: pd.DataFrame, places: pd.DataFrame | None) -> pd.Series | None:
        """Mask over `sites` for the place filters, or None when there is no place filter."""
        if self.place is None and self.governorate is None:
            return None
        chosen = pd.Series(True, index=sites.index)
        if self.governorate is not None:
            chosen &= sites["governorate"].fillna("") == self.governorate
        if self.place is not None:
            if places is not None and self.place in places.index:
                if self.km is not None:
                    lat, lon = places.loc[self.place, ["lat", "lon"]]
                    chosen &= (
                        distance_km(lat, lon, sites["lat"].to_numpy(), sites["lon"].to_numpy()) <= self.km
                    )
                else:
                    chosen &= sites["place_id"].isin(descendants(places, self.place))
            else:
                chosen &= sites["place_id"] == self.place
        return chosen

    def apply(
        self,
        incidents: pd.DataFrame,
        sites: pd.DataFrame,
        places: pd.DataFrame | None = None,
        site_positions: np.ndarray | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The filtered incidents and their sites."""
        if self.is_empty:
            return incidents, sites
        keep = self.mask(incidents, sites, places, site_positions)
        if site_positions is None:
            shown = incidents[keep]
            return shown, sites[sites["incident_id"].isin(shown["id"])]
        kept = keep.to_numpy()
        return incidents[kept], sites[kept[site_positions]]

    # ---- words -------------------------------------------------------------------------
    def describe(self, place_names: Mapping[str, str] | None = None) -> str:
        """The view in plain English: 'drone strikes by Unknown in al-Bukamal, from 2021-09-01'."""
        parts: list[str] = []
        kinds = [event_types.label(t).lower() + "s" for t in self.types] or ["incidents"]
        parts.append(_join(kinds))
        if self.confidences:
            parts.append(
                "with " + _join(Confidence(c).label.lower() for c in self.confidences) + " attribution"
            )
        if self.attackers:
            parts.append("attributed to " + _join(actors.label(a) for a in self.attackers))
        if self.place:
            name = (place_names or {}).get(self.place, self.place)
            parts.append(f"within {_fmt(self.km)} km of {name}" if self.km else f"in {name}")
        if self.governorate:
            parts.append(f"in {self.governorate} governorate")
        if self.target:
            parts.append(f"targeting “{self.target}”")
        if self.min_killed is not None:
            parts.append(f"with at least {self.min_killed} killed")
        if self.q:
            parts.append(f"mentioning “{self.q}”")
        if self.sources:
            parts.append("from " + _join(self.sources))
        if self.date_from and self.date_to:
            parts.append(f"between {self.date_from} and {self.date_to}")
        elif self.date_from:
            parts.append(f"from {self.date_from}")
        elif self.date_to:
            parts.append(f"until {self.date_to}")
        sentence = " ".join(parts)
        return sentence[0].upper() + sentence[1:]


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


def _getter(params: Mapping[str, Sequence[str] | str]):
    def get_all(name: str) -> list[str]:
        # streamlit's QueryParamsProxy has get_all(); a plain mapping holds lists.
        values = params.get_all(name) if hasattr(params, "get_all") else params.get(name, [])
        if isinstance(values, str):
            values = [values]
        return [str(v) for v in values if v is not None]

    return get_all


def _number(value: str | None, name: str, notices: list[str], low: float, high: float) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or not low <= number <= high:
        notices.append(
            f"“{name}” must be a number from {_fmt(low)} to {_fmt(high)}; “{_show(value)}” was ignored."
        )
        return None
    return number


def _any_source(values: list[str]) -> list[str]:
    return [v for v in values if re.fullmatch(r"[A-Za-z0-9_.-]{1,80}", v)]


def _fmt(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _show(value: str) -> str:
    """A bad value as it may be shown back to the reader: short and printable."""
    value = "".join(ch if ch.isprintable() else "?" for ch in value)
    return value if len(value) <= 40 else value[:37] + "..."


def _join(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


@dataclass(frozen=True)
class View:
    """View options kept apart from filters: selection, map position and layers."""

    incident: str | None = None
    center: tuple[float, float] | None = None
    zoom: int | None = None
    heat: bool = False
    cluster: bool = True
    online_tiles: bool = False
    notices: list[str] = field(default_factory=list)

    @classmethod
    def from_query(
        cls, params: Mapping[str, Sequence[str] | str], known_incidents: Iterable[str] | None = None
    ) -> View:
        get_all = _getter(params)
        notices: list[str] = []

        def one(name: str) -> str | None:
            values = get_all(name)
            return values[-1].strip()[:MAX_VALUE_LENGTH] if values else None

        incident = one("incident")
        if incident is not None and (
            not SLUG_RE.match(incident)
            or (known_incidents is not None and incident not in set(known_incidents))
        ):
            notices.append(f"No incident “{_show(incident)}” in this data; nothing is selected.")
            incident = None
        center = None
        raw_center = one("center")
        if raw_center:
            match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*", raw_center)
            if match and abs(float(match[1])) <= 90 and abs(float(match[2])) <= 180:
                center = (float(match[1]), float(match[2]))
            else:
                notices.append(f"“center” must be LAT,LON; “{_show(raw_center)}” was ignored.")
        zoom = None
        raw_zoom = one("zoom")
        if raw_zoom:
            if re.fullmatch(r"\d{1,2}", raw_zoom) and 2 <= int(raw_zoom) <= 17:
                zoom = int(raw_zoom)
            else:
                notices.append(
                    f"“zoom” must be a whole number from 2 to 17; “{_show(raw_zoom)}” was ignored."
                )
        return cls(
            incident=incident,
            center=center,
            zoom=zoom,
            heat=one("heat") == "1",
            cluster=one("cluster") != "0",
            online_tiles=one("tiles") == "online",
            notices=notices,
        )

    def to_query(self) -> dict[str, str]:
        query: dict[str, str] = {}
        if self.incident:
            query["incident"] = self.incident
        if self.center:
            query["center"] = f"{self.center[0]:.4f},{self.center[1]:.4f}"
        if self.zoom is not None:
            query["zoom"] = str(self.zoom)
        if self.heat:
            query["heat"] = "1"
        if not self.cluster:
            query["cluster"] = "0"
        if self.online_tiles:
            query["tiles"] = "online"
        return query
