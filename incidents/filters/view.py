"""The values a link makes: the Filter (with its masks and its sentence), the View and Playback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from incidents import dates, i18n
from incidents.event_types import plural
from incidents.filters.registry import PARAMS, _parse_scope, _write_scope
from incidents.filters.values import Known, _join
from incidents.filters.vocabulary import Labels, label
from incidents.i18n import _


@dataclass(frozen=True)
class Filter:
    """The analyst's view of the data: every field is filled by one parameter of `PARAMS`."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    date_match: str = "overlap"
    attackers: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
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
        known_actors: Iterable[str] | None = None,
        known_datasets: Iterable[str] | None = None,
    ) -> tuple[Filter, list[str]]:
        """Parse query parameters; never raises. Returns the filter and notices for bad values."""
        known = Known(
            places=None if known_places is None else frozenset(known_places),
            governorates=None if known_governorates is None else tuple(known_governorates),
            sources=None if known_sources is None else frozenset(known_sources),
            attackers=None if known_attackers is None else frozenset(known_attackers),
            types=None if known_types is None else frozenset(known_types),
            actors=None if known_actors is None else frozenset(known_actors),
            datasets=None if known_datasets is None else frozenset(known_datasets),
        )
        values, notices = _parse_scope("filter", params, known)
        return cls(**values).consistent(notices)

    def consistent(self, notices: list[str] | None = None) -> tuple[Filter, list[str]]:
        """The rules between parameters: a period runs forwards, `km` needs a `place`."""
        notices = [] if notices is None else notices
        filt = self
        if filt.date_from and filt.date_to and filt.date_to < filt.date_from:
            notices.append(_("The period ends before it starts; the dates were swapped."))
            filt = filt.with_(date_from=filt.date_to, date_to=filt.date_from)
        if filt.km is not None and filt.place is None:
            filt = filt.with_(km=None)
        return filt, notices

    def to_query(self) -> dict[str, str | list[str]]:
        """The filter as query parameters (defaults left out, so links stay short)."""
        return _write_scope(self, "filter")

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
        """Boolean mask over `incidents` (index-aligned): every parameter's mask, and-ed.

        `site_positions` (each site's row position in `incidents`, cached by the app) lets the
        place filters map sites to incidents with numpy instead of string set lookups.
        """
        keep = pd.Series(True, index=incidents.index)
        chosen: pd.Series | None = None
        for param in PARAMS:
            if param.mask is not None and (part := param.mask(self, incidents)) is not None:
                keep &= part
            if param.site_mask is not None and (part := param.site_mask(self, sites, places)) is not None:
                chosen = part if chosen is None else chosen & part
        if chosen is not None:
            if site_positions is None:
                keep &= incidents["id"].isin(set(sites.loc[chosen, "incident_id"]))
            else:
                hit = np.zeros(len(incidents), dtype=bool)
                hit[site_positions[chosen.to_numpy()]] = True
                keep &= hit
        return keep

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
    def date_phrase(self, shown: pd.DataFrame, possibly_hidden: int = 0) -> str:
        """The count line's date words for the `shown` rows: '15 certainly in May 2021, 2 more possibly'."""
        if self.date_from is None and self.date_to is None:
            return ""
        certain = int(dates.period_masks(shown, self.date_from, self.date_to)[0].sum())
        possible = possibly_hidden if self.date_match == "within" else len(shown) - certain
        return dates.count_words(certain, possible, self.date_from, self.date_to, self.date_match == "within")

    def chips(
        self, place_names: Mapping[str, str] | None = None, labels: Labels | None = None
    ) -> list[tuple[str, Filter]]:
        """Each filter in force as the words `describe` uses for it, with the filter left when it is
        removed (the chips above the map on a phone, whose sidebar is folded away).

        A phrase speaks for its parameter and the unphrased ones after it in the registry (`from`
        for `to` and `dates`, `place` for `km`): removing it clears them all.
        """
        names = place_names or {}
        found: list[tuple[str, Filter]] = []
        if self.types:
            words = _join((label("types", t, labels) for t in self.types), _("or"))
            found.append((words, replace(self, types=())))
        order = [p for p in PARAMS if p.scope == "filter"]
        for n, param in enumerate(order):
            words = param.phrase(self, names, labels) if param.phrase is not None else None
            if not words:
                continue
            cleared = {param.field: param.default}
            for follower in order[n + 1 :]:
                if follower.phrase is not None or follower.field == "types":
                    break
                cleared[follower.field] = follower.default
            found.append((words, replace(self, **cleared)))
        return found

    def describe(self, place_names: Mapping[str, str] | None = None, labels: Labels | None = None) -> str:
        """The view in plain English: 'Drone strikes attributed to Unknown in al-Bukamal, from 2021-09-01'.

        `labels` (`labels_of` the table's legend) names the table's own attackers and types.
        """
        names = place_names or {}
        # TRANSLATORS: the plural of an event type label ("drone strike" -> "drone strikes"); English
        # keeps incidents.event_types.plural ("shelling" stays "shelling").
        template = _("{type}s")
        kinds = [
            plural(label("types", t, labels))
            if template == "{type}s"
            else template.format(type=label("types", t, labels).lower())
            for t in self.types
        ] or [_("incidents")]
        phrased = sorted((p for p in PARAMS if p.phrase is not None), key=lambda p: p.sentence)
        parts = [_join(kinds, _("or"))] + [s for p in phrased if (s := p.phrase(self, names, labels))]
        sentence = " ".join(parts)
        return sentence[0].upper() + sentence[1:]


@dataclass(frozen=True)
class View:
    """View options kept apart from filters: selection, map position, layers and briefing step."""

    incident: str | None = None
    center: tuple[float, float] | None = None
    zoom: int | None = None
    heat: bool = False
    colour: str = "attacker"
    cluster: bool = True
    online_tiles: bool = False
    lang: str = i18n.DEFAULT
    briefing: str | None = None
    step: int | None = None
    version: str | None = None
    since: dt.date | None = None
    notices: list[str] = field(default_factory=list, compare=False)

    @classmethod
    def from_query(
        cls, params: Mapping[str, Sequence[str] | str], known_incidents: Iterable[str] | None = None
    ) -> View:
        if known_incidents is not None and not isinstance(known_incidents, AbstractSet | pd.Index):
            known_incidents = frozenset(known_incidents)  # a pd.Index is looked into as it is (2M ids)
        known = Known(incidents=known_incidents)
        values, notices = _parse_scope("view", params, known)
        return cls(**values, notices=notices)

    def to_query(self, browser_owned: bool = True) -> dict[str, str]:
        """The view as query parameters; `browser_owned=False` leaves out the map position."""
        query = _write_scope(self, "view")
        if not browser_owned:
            for param in PARAMS:
                if param.browser_owned:
                    query.pop(param.name, None)
        return query  # type: ignore[return-value]


@dataclass(frozen=True)
class Playback:
    """Where playback is and how it moves; `mode=None` means no playback (the whole period).

    Its own scope, apart from View: the app keeps it in the session while it plays (a timer
    moves `at` on), and the pages that do not play leave it out of their links.
    """

    mode: str | None = None
    every: str = "week"
    at: dt.date | None = None
    speed: str = "normal"
    playing: bool = False

    @classmethod
    def from_query(cls, params: Mapping[str, Sequence[str] | str]) -> tuple[Playback, list[str]]:
        """Playback from the link, with a notice naming each parameter whose value was ignored."""
        values, notices = _parse_scope("playback", params, Known())
        return cls(**values), notices

    def to_query(self) -> dict[str, str]:
        """Playback's parameters; none without a mode (`every` is always written with it)."""
        if self.mode is None:
            return {}
        return _write_scope(self, "playback")  # type: ignore[return-value]
