"""Every URL parameter, declared once; the Filter, View and Playback values they make.

The query string is the product's public API. Each parameter is one `Param` entry in `PARAMS`
(datasette's filters are declared the same way): its name, the field it fills, how a value is
parsed (a bad value becomes a plain-language notice and falls back to the default, it never
raises), how it is written back, its sidebar widget, its phrase in the sentence describing the
view, its mask over the incidents, its command-line flag and its README line. Filter, View and
Playback parsing and writing (one `scope` each), the sidebar, `python -m incidents export` and
the README table all read this registry; adding a filter is one entry plus its mask (see
CONTRIBUTING.md).

Notices never repeat the link's text (anyone can write a link, and a page that echoes it can be
made to say anything): they name the parameter and what was expected.

>>> Filter.from_query({"type": ["drone-strike"], "attacker": ["unknown"], "min_killed": ["3"]})[0].describe()
'Drone strikes attributed to Unknown with at least 3 killed'
>>> Filter.from_query({"from": ["2021-02-31"]})[1]
['The link’s “from” is not a date (expected YYYY-MM-DD); it was ignored.']
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from geodata.distance import distance_km
from incidents import actors, dates, event_types, ondisk
from incidents.model import SLUG_RE, Confidence, EventType
from incidents.text import fold, fold_series
from incidents.versions import VERSION_LENGTH

MAX_VALUE_LENGTH = 200
MAX_REPEATS = 20
MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
DATE_MATCHES = ("overlap", "within")
PLAY_MODES = {"window": "Moving window", "cumulative": "Growing (cumulative)"}
"""How playback moves (`play`): slug -> label."""
PLAY_STEPS = {"week": "a week", "month": "a month"}
"""How far one playback frame moves on (`every`): slug -> label."""
PLAY_SPEEDS = {"slow": 2.0, "normal": 1.0, "fast": 0.5}
"""Playback speeds (`speed`): slug -> seconds between two frames."""


@dataclass(frozen=True)
class Known:
    """The values the loaded data has, to check a link against (None: any well-formed value)."""

    places: frozenset[str] | None = None
    governorates: tuple[str, ...] | None = None
    sources: frozenset[str] | None = None
    incidents: AbstractSet[str] | pd.Index | None = None
    attackers: frozenset[str] | None = None  # None: the actors of incidents/actors.csv
    types: frozenset[str] | None = None  # None: our event types


@dataclass(frozen=True)
class Widget:
    """How the filter sidebar draws a parameter; pages/shared/sidebar.py turns `kind` into Streamlit.

    `options` names where the choices come from (`choices(options, facets)`), `checked` is the
    value a ticked checkbox stands for, and `pair` puts the widget beside the next one.
    """

    kind: Literal["text", "date", "multiselect", "select", "number", "checkbox"]
    label: str
    help: str | None = None
    placeholder: str | None = None
    options: str | None = None
    low: float | None = None
    high: float | None = None
    step: float | None = None
    checked: str | None = None
    pair: bool = False


Parser = Callable[[str, list[str], Known, list[str]], Any]
"""(parameter name, the link's values, what the data knows, notices to append to) -> the value."""


@dataclass(frozen=True)
class Param:
    """One URL parameter and everything that derives from it (see the module docstring).

    `mask` keeps incidents, `site_mask` keeps sites (an incident is kept when one of its sites
    passes every site mask); either returns None when the filter does not use this parameter.
    `sentence` orders the phrases of `Filter.describe`; `browser_owned` parameters (the map
    position) are written by the map in the browser, not by the app.
    """

    name: str
    field: str
    doc: str
    parse: Parser
    write: Callable[[Any], list[str]]
    scope: Literal["filter", "view", "playback"] = "filter"
    default: Any = None
    widget: Widget | None = None
    phrase: Callable[[Filter, Mapping[str, str]], str | None] | None = None
    sentence: int = 0
    mask: Callable[[Filter, pd.DataFrame], pd.Series | None] | None = None
    site_mask: Callable[[Filter, pd.DataFrame, pd.DataFrame | None], pd.Series | None] | None = None
    metavar: str = "VALUE"
    repeat: bool = False
    browser_owned: bool = False

    @property
    def flag(self) -> str:
        """The command-line option: `--min-killed` for `min_killed`."""
        return "--" + self.name.replace("_", "-")


# --- parsing helpers (each names the parameter and what it expects, never the link's text) ---------


def _fmt(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _join(items: Iterable[str], word: str = "or") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _codes(words: Iterable[str]) -> str:
    """A vocabulary as the README writes it: `a`, `b` or `c`."""
    return _join((f"`{w}`" for w in words), "or")


def _notice(name: str, problem: str) -> str:
    return f"The link’s “{name}” {problem}; it was ignored."


def _last(name: str, values: list[str], notices: list[str]) -> str | None:
    if not values:
        return None
    value = values[-1]
    if len(value) > MAX_VALUE_LENGTH:
        notices.append(_notice(name, f"is too long (at most {MAX_VALUE_LENGTH} characters)"))
        return None
    return value.strip() or None


def text(name: str, values: list[str], known: Known, notices: list[str]) -> str | None:
    """Free text: the last value, stripped."""
    return _last(name, values, notices)


def date(name: str, values: list[str], known: Known, notices: list[str]) -> dt.date | None:
    value = _last(name, values, notices)
    if value is None:
        return None
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        notices.append(_notice(name, "is not a date (expected YYYY-MM-DD)"))
        return None
    if not MIN_DATE <= parsed <= MAX_DATE:
        notices.append(_notice(name, f"is out of range (expected a day from {MIN_DATE} to {MAX_DATE})"))
        return None
    return parsed


def number(low: float, high: float, integer: bool = False) -> Parser:
    """A number from `low` to `high` (a whole one if `integer`)."""

    def parse(name: str, values: list[str], known: Known, notices: list[str]) -> float | int | None:
        value = _last(name, values, notices)
        if value is None:
            return None
        try:
            parsed = float(value)
        except ValueError:
            parsed = math.nan
        whole = math.isfinite(parsed) and parsed.is_integer()
        if not math.isfinite(parsed) or not low <= parsed <= high or (integer and not whole):
            kind = "whole number" if integer else "number"
            notices.append(_notice(name, f"must be a {kind} from {_fmt(low)} to {_fmt(high)}"))
            return None
        return int(parsed) if integer else parsed

    return parse


def choice(allowed: Sequence[str]) -> Parser:
    """One of a few fixed words."""

    def parse(name: str, values: list[str], known: Known, notices: list[str]) -> str | None:
        value = _last(name, values, notices)
        if value is not None and value not in allowed:
            notices.append(_notice(name, "must be " + _join(allowed, "or")))
            return None
        return value

    return parse


def slugs(
    what: str, allowed: Callable[[Known], Iterable[str] | None], well_formed: re.Pattern[str] = SLUG_RE
) -> Parser:
    """Repeatable (or comma-separated) slugs, each one of `allowed` (None: any `well_formed` one)."""

    def parse(name: str, values: list[str], known: Known, notices: list[str]) -> tuple[str, ...]:
        allowed_values = allowed(known)
        allowed_set = allowed_values if isinstance(allowed_values, AbstractSet | pd.Index) else None
        if allowed_set is None and allowed_values is not None:
            allowed_set = set(allowed_values)
        if len(values) > MAX_REPEATS:
            notices.append(f"The link repeats “{name}” too often; only the first {MAX_REPEATS} were used.")
            values = values[:MAX_REPEATS]
        kept: list[str] = []
        unknown = 0
        for value in values:
            for part in value.split(","):
                part = part.strip().lower()
                if not part:
                    continue
                known_part = part in allowed_set if allowed_set is not None else well_formed.fullmatch(part)
                if known_part and len(part) <= 80:
                    if part not in kept:
                        kept.append(part)
                else:
                    unknown += 1
        if unknown:
            notices.append(
                f"Unknown {what} in the link’s “{name}”: {unknown} value{'s' if unknown > 1 else ''} "
                f"ignored (expected {what} slugs as listed on the Method page)."
            )
        return tuple(kept)

    return parse


def one_slug(what: str, allowed: Callable[[Known], Iterable[str] | None]) -> Parser:
    """A single slug, one of `allowed` (None: any well-formed slug)."""
    many = slugs(what, allowed)

    def parse(name: str, values: list[str], known: Known, notices: list[str]) -> str | None:
        value = _last(name, values, notices)
        if value is None:
            return None
        found = many(name, [value.replace(",", " ")], known, [])
        if not found:
            notices.append(f"Unknown {what} in the link’s “{name}”; it was ignored.")
            return None
        return found[0]

    return parse


def _governorate(name: str, values: list[str], known: Known, notices: list[str]) -> str | None:
    value = _last(name, values, notices)
    if value is None or known.governorates is None:
        return value
    lookup = {fold(g): g for g in known.governorates}
    if fold(value) not in lookup:
        notices.append(f"Unknown governorate in the link’s “{name}”; it was ignored.")
        return None
    return lookup[fold(value)]


def _center(name: str, values: list[str], known: Known, notices: list[str]) -> tuple[float, float] | None:
    value = _last(name, values, notices)
    if value is None:
        return None
    match = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)", value)
    if match and abs(float(match[1])) <= 90 and abs(float(match[2])) <= 180:
        return float(match[1]), float(match[2])
    notices.append(_notice(name, "must be LAT,LON (for example 34.45,40.92)"))
    return None


def _version(name: str, values: list[str], known: Known, notices: list[str]) -> str | None:
    value = _last(name, values, notices)
    if value is not None and not re.fullmatch(rf"[0-9a-f]{{{VERSION_LENGTH}}}", value):
        notices.append(_notice(name, f"must be a data version ({VERSION_LENGTH} hexadecimal digits)"))
        return None
    return value


def flag(on: str, means: bool = True) -> Parser:
    """A view switch: `means` when the value is `on`, its default (`not means`) otherwise."""

    def parse(name: str, values: list[str], known: Known, notices: list[str]) -> bool:
        return means if _last(name, values, notices) == on else not means

    return parse


# --- writing helpers ------------------------------------------------------------------------------


def _one(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, dt.date):
        return [value.isoformat()]
    if isinstance(value, float):
        return [_fmt(value) or ""]
    return [str(value)]


def _many(values: tuple[str, ...]) -> list[str]:
    return list(values)


def _unless(default: object) -> Callable[[Any], list[str]]:
    return lambda value: [] if value == default or value is None else [str(value)]


def _switch(on: str, when: bool) -> Callable[[bool], list[str]]:
    """A view switch written as `on` when its value is `when` (its default is `not when`)."""
    return lambda value: [on] if value == when else []


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


# --- phrases --------------------------------------------------------------------------------------


def _period_phrase(filt: Filter, names: Mapping[str, str]) -> str | None:
    if filt.date_from and filt.date_to:
        return f"between {filt.date_from} and {filt.date_to}"
    if filt.date_from:
        return f"from {filt.date_from}"
    if filt.date_to:
        return f"until {filt.date_to}"
    return None


def _place_phrase(filt: Filter, names: Mapping[str, str]) -> str | None:
    if not filt.place:
        return None
    name = names.get(filt.place, filt.place)
    return f"within {_fmt(filt.km)} km of {name}" if filt.km else f"in {name}"


def _phrase(template: str, attribute: str, label: Callable[[str], str] | None = None):
    """A phrase from a template ('with {} attribution') and the field's value(s), labelled."""

    def phrase(filt: Filter, names: Mapping[str, str]) -> str | None:
        value = getattr(filt, attribute)
        if value is None or value == ():
            return None
        if isinstance(value, tuple):
            return template.format(_join([label(v) if label else v for v in value], "or"))
        return template.format(value)

    return phrase


# --- vocabularies ---------------------------------------------------------------------------------


def choices(options: str, facets: Any | None = None) -> list[str]:
    """What a widget offers: every attacker and event type the loaded table names (with ours), our
    confidences, or one of the loaded data's facets (`sources`, `used_places`, `governorates`)."""
    if options in ("attackers", "types"):
        if facets is not None:
            return [entry["slug"] for entry in facets.lookups[options]]
        return list(actors.known_actors()) if options == "attackers" else [t.value for t in EventType]
    if options == "confidences":
        return [c.value for c in Confidence]
    return list(getattr(facets, options)) if facets is not None else []


def label(options: str, value: str) -> str:
    """A value as people read it (attacker, event type and confidence labels; others as they are)."""
    if options == "attackers":
        return actors.label(value)
    if options == "types":
        return event_types.label(value)
    if options == "confidences":
        return Confidence(value).label
    return value


# --- the registry ---------------------------------------------------------------------------------

PARAMS: tuple[Param, ...] = (
    Param(
        "q",
        "q",
        "Free text in titles, notes, quotes and place names (Latin or Arabic script).",
        text,
        _one,
        widget=Widget("text", "Search", placeholder="Words, places in Latin or Arabic script"),
        phrase=_phrase("mentioning “{}”", "q"),
        sentence=70,
        mask=_contains("search_text", "search_text", "q"),
        metavar="TEXT",
    ),
    Param(
        "from",
        "date_from",
        "First day of the period, YYYY-MM-DD.",
        date,
        _one,
        widget=Widget("date", "From", pair=True),
        # The period is one concept: this phrase and this mask cover `from`, `to` and `dates`.
        phrase=_period_phrase,
        sentence=90,
        mask=lambda f, incidents: period_mask(incidents, f.date_from, f.date_to, f.date_match),
        metavar="DATE",
    ),
    Param(
        "to",
        "date_to",
        "Last day of the period, YYYY-MM-DD.",
        date,
        _one,
        widget=Widget("date", "To"),
        metavar="DATE",
    ),
    Param(
        "dates",
        "date_match",
        "`overlap` (default: incidents certainly in the period and those possibly in it, "
        "counted apart) or `within` (only those certainly in it: every possible day lies in the period).",
        choice(DATE_MATCHES),
        _unless("overlap"),
        default="overlap",
        widget=Widget(
            "checkbox",
            "Only incidents certainly in this period",
            help="Off: show the incidents certainly in the period and those possibly in it (one of "
            "their possible days lies in it). On: only those whose every possible day lies inside it.",
            checked="within",
        ),
        metavar="MATCH",
    ),
    Param(
        "attacker",
        "attackers",
        "Assessed attacker slug; repeat for several (`israel`, `united-states`, ...).",
        slugs("attacker", lambda known: known.attackers or choices("attackers")),
        _many,
        default=(),
        widget=Widget("multiselect", "Attacker (assessed)", placeholder="Any attacker", options="attackers"),
        phrase=_phrase("attributed to {}", "attackers", actors.label),
        sentence=20,
        mask=_in("attacker", "attackers"),
        metavar="SLUG",
        repeat=True,
    ),
    Param(
        "confidence",
        "confidences",
        "Attribution confidence; repeat for several (`confirmed`, `likely`, `possible`, `unknown`).",
        slugs("confidence", lambda known: choices("confidences")),
        _many,
        default=(),
        widget=Widget(
            "multiselect", "Attribution confidence", placeholder="Any confidence", options="confidences"
        ),
        phrase=_phrase("with {} attribution", "confidences", lambda c: Confidence(c).label.lower()),
        sentence=10,
        mask=_in("confidence", "confidences"),
        metavar="SLUG",
        repeat=True,
    ),
    Param(
        "type",
        "types",
        "Event type slug; repeat for several (`drone-strike`, `air-strike`, ...).",
        slugs("event type", lambda known: known.types or choices("types")),
        _many,
        default=(),
        widget=Widget("multiselect", "Event type", placeholder="Any type", options="types"),
        # The sentence's noun ("Drone strikes ..."): see Filter.describe.
        mask=_in("event_type", "types"),
        metavar="SLUG",
        repeat=True,
    ),
    Param(
        "place",
        "place",
        "Gazetteer place id (`al-bukamal`); matches the place and places inside it.",
        one_slug("place", lambda known: known.places),
        _one,
        widget=Widget("select", "Place", placeholder="Anywhere", options="used_places"),
        phrase=_place_phrase,
        sentence=30,
        site_mask=_place_sites,
        metavar="PLACE",
    ),
    Param(
        "km",
        "km",
        "With `place`: every site within this many kilometres of the place instead.",
        number(0.1, 1000.0),
        _one,
        widget=Widget("number", "Within km of the place (0 = in the place)", low=0.0, high=1000.0, step=5.0),
        # Phrased and applied with `place` (_place_phrase, _place_sites).
        metavar="KM",
    ),
    Param(
        "governorate",
        "governorate",
        "Governorate as in the gazetteer (`deir-ez-zor`, `homs`, `anbar`).",
        _governorate,
        _one,
        widget=Widget("select", "Governorate", placeholder="Any governorate", options="governorates"),
        phrase=_phrase("in {} governorate", "governorate"),
        sentence=40,
        site_mask=_governorate_sites,
        metavar="NAME",
    ),
    Param(
        "target",
        "target",
        "Words in the target groups (`Kata'ib Hezbollah`).",
        text,
        _one,
        widget=Widget("text", "Target group", placeholder="e.g. Kata'ib Hezbollah"),
        phrase=_phrase("targeting “{}”", "target"),
        sentence=50,
        mask=_contains("target_text", "targets", "target"),
        metavar="TEXT",
    ),
    Param(
        "min_killed",
        "min_killed",
        "Only incidents whose lowest reported death toll is at least this number.",
        number(0, 100000, integer=True),
        _one,
        widget=Widget("number", "At least this many killed", low=0, high=100000, step=1),
        phrase=_phrase("with at least {} killed", "min_killed"),
        sentence=60,
        mask=_min_killed,
        metavar="N",
    ),
    Param(
        "source",
        "sources",
        "Source document name without `.txt`; repeat for several.",
        slugs("source", lambda known: known.sources, re.compile(r"[a-z0-9_.-]{1,80}")),
        _many,
        default=(),
        widget=Widget("multiselect", "Source document", placeholder="Any source", options="sources"),
        phrase=_phrase("from {}", "sources"),
        sentence=80,
        mask=_sources,
        metavar="NAME",
        repeat=True,
    ),
    Param(
        "incident",
        "incident",
        "Id of the selected incident.",
        one_slug("incident", lambda known: known.incidents),
        _one,
        scope="view",
    ),
    Param(
        "center",
        "center",
        "Map centre as `LAT,LON`.",
        _center,
        lambda c: [f"{c[0]:.4f},{c[1]:.4f}"] if c else [],
        scope="view",
        browser_owned=True,
    ),
    Param(
        "zoom",
        "zoom",
        "Map zoom level (2-17).",
        number(2, 17, integer=True),
        _one,
        scope="view",
        browser_owned=True,
    ),
    Param("heat", "heat", "`1` shows the heat-map layer.", flag("1"), _switch("1", True), "view", False),
    Param(
        "cluster",
        "cluster",
        "`0` turns marker clustering off.",
        flag("0", means=False),
        _switch("0", False),
        "view",
        True,
    ),
    Param(
        "tiles",
        "online_tiles",
        "`online` adds OpenStreetMap and satellite tiles (requests go to those servers).",
        flag("online"),
        _switch("online", True),
        "view",
        False,
    ),
    Param(
        "briefing",
        "briefing",
        "Name of a briefing to step through.",
        one_slug("briefing", lambda known: None),
        _one,
        scope="view",
    ),
    Param(
        "step",
        "step",
        "Position in the briefing (1 = first incident).",
        number(1, 10000, integer=True),
        _one,
        scope="view",
    ),
    Param(
        "v",
        "version",
        "Data version the link was made on (a short hash of the records, added by the share box); "
        "opening the link later lists the incidents of the view that changed since.",
        _version,
        _one,
        scope="view",
    ),
    Param(
        "since",
        "since",
        "On the Changes page: the first day of the changes listed, YYYY-MM-DD (default: 30 days ago).",
        date,
        _one,
        scope="view",
    ),
    # Playback (pages/shared/playback.py): a link opens mid-playback. Without `play` the others
    # mean nothing and are not written (Playback.to_query).
    Param(
        "play",
        "mode",
        f"Plays the period through time: {_codes(PLAY_MODES)} (a moving window or a growing period).",
        choice(tuple(PLAY_MODES)),
        _one,
        scope="playback",
    ),
    Param(
        "every",
        "every",
        f"With `play`: how far each frame moves on, {_codes(PLAY_STEPS)} (default `week`).",
        choice(tuple(PLAY_STEPS)),
        _one,
        scope="playback",
        default="week",
    ),
    Param(
        "at",
        "at",
        "With `play`: the last day of the frame shown, YYYY-MM-DD (default: the end of the first frame).",
        date,
        _one,
        scope="playback",
    ),
    Param(
        "speed",
        "speed",
        f"With `play`: {_codes(PLAY_SPEEDS)} (default `normal`).",
        choice(tuple(PLAY_SPEEDS)),
        _unless("normal"),
        scope="playback",
        default="normal",
    ),
    Param(
        "playing",
        "playing",
        "With `play`: `1` plays on from `at`; otherwise playback is paused there.",
        flag("1"),
        _switch("1", True),
        scope="playback",
        default=False,
    ),
)
BY_NAME: dict[str, Param] = {p.name: p for p in PARAMS}
PARAMETERS: dict[str, str] = {p.name: p.doc for p in PARAMS}
"""Parameter name -> what it means (the README table and the Method page show these)."""


def _getter(params: Mapping[str, Sequence[str] | str]) -> Callable[[str], list[str]]:
    def get_all(name: str) -> list[str]:
        # streamlit's QueryParamsProxy has get_all(); a plain mapping holds lists.
        values = params.get_all(name) if hasattr(params, "get_all") else params.get(name, [])
        if isinstance(values, str):
            values = [values]
        return [str(v) for v in values if v is not None]

    return get_all


def _parse_scope(
    scope: str, params: Mapping[str, Sequence[str] | str], known: Known
) -> tuple[dict[str, Any], list[str]]:
    get_all = _getter(params)
    values: dict[str, Any] = {}
    notices: list[str] = []
    for param in PARAMS:
        if param.scope == scope:
            value = param.parse(param.name, get_all(param.name), known, notices)
            values[param.field] = param.default if value is None else value
    return values, notices


def _write_scope(value: object, scope: str) -> dict[str, str | list[str]]:
    """The value's fields as query parameters (defaults left out, so links stay short)."""
    query: dict[str, str | list[str]] = {}
    for param in PARAMS:
        if param.scope == scope:
            written = param.write(getattr(value, param.field))
            if written:
                query[param.name] = written if param.repeat else written[-1]
    return query


@dataclass(frozen=True)
class Filter:
    """The analyst's view of the data: every field is filled by one parameter of `PARAMS`."""

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
        known = Known(
            places=None if known_places is None else frozenset(known_places),
            governorates=None if known_governorates is None else tuple(known_governorates),
            sources=None if known_sources is None else frozenset(known_sources),
            attackers=None if known_attackers is None else frozenset(known_attackers),
            types=None if known_types is None else frozenset(known_types),
        )
        values, notices = _parse_scope("filter", params, known)
        return cls(**values).consistent(notices)

    def consistent(self, notices: list[str] | None = None) -> tuple[Filter, list[str]]:
        """The rules between parameters: a period runs forwards, `km` needs a `place`."""
        notices = [] if notices is None else notices
        filt = self
        if filt.date_from and filt.date_to and filt.date_to < filt.date_from:
            notices.append("The period ends before it starts; the dates were swapped.")
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

    def describe(self, place_names: Mapping[str, str] | None = None) -> str:
        """The view in plain English: 'Drone strikes attributed to Unknown in al-Bukamal, from 2021-09-01'."""
        names = place_names or {}
        kinds = [event_types.label(t).lower() + "s" for t in self.types] or ["incidents"]
        phrased = sorted((p for p in PARAMS if p.phrase is not None), key=lambda p: p.sentence)
        parts = [_join(kinds, "or")] + [s for p in phrased if (s := p.phrase(self, names))]
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


@dataclass(frozen=True)
class View:
    """View options kept apart from filters: selection, map position, layers and briefing step."""

    incident: str | None = None
    center: tuple[float, float] | None = None
    zoom: int | None = None
    heat: bool = False
    cluster: bool = True
    online_tiles: bool = False
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


def readme_table() -> str:
    """The README's table of link parameters (cog writes it; `make test` checks it is current)."""
    rows = ["| parameter | meaning |", "| --- | --- |"]
    rows += [f"| `{p.name}` | {p.doc} |" for p in PARAMS]
    return "\n".join(rows)
