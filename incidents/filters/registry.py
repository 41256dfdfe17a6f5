"""The registry: every URL parameter declared once (`PARAMS`), with its phrase in the sentence
describing the view; parsing and writing a scope (filter, view, playback) of a link from it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from incidents import actors, i18n
from incidents.filters.masks import (
    _contains,
    _governorate_sites,
    _in,
    _min_killed,
    _parties,
    _place_sites,
    _sources,
    period_mask,
)
from incidents.filters.values import (
    COLOUR_BY,
    DATE_MATCHES,
    PLAY_MODES,
    PLAY_SPEEDS,
    PLAY_STEPS,
    Known,
    Parser,
    _center,
    _fmt,
    _governorate,
    _join,
    _many,
    _one,
    _switch,
    _unless,
    _version,
    choice,
    date,
    flag,
    number,
    one_slug,
    slugs,
    text,
)
from incidents.filters.vocabulary import Labels, choices, label
from incidents.i18n import N_, _

if TYPE_CHECKING:
    from incidents.filters.view import Filter


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
    phrase: Callable[[Filter, Mapping[str, str], Labels | None], str | None] | None = None
    sentence: int = 0
    mask: Callable[[Filter, pd.DataFrame], pd.Series | None] | None = None
    site_mask: Callable[[Filter, pd.DataFrame, pd.DataFrame | None], pd.Series | None] | None = None
    metavar: str = "VALUE"
    repeat: bool = False
    browser_owned: bool = False
    doc_codes: tuple[str, ...] = ()

    @property
    def flag(self) -> str:
        """The command-line option: `--min-killed` for `min_killed`."""
        return "--" + self.name.replace("_", "-")

    def meaning(self) -> str:
        """`doc` in the reader's language; a `{codes}` in it lists `doc_codes`, the values the
        parameter accepts ('`window` or `cumulative`'), so the catalogue's entry names no value."""
        if not self.doc_codes:
            return _(self.doc)
        return _(self.doc).format(codes=_join((f"`{c}`" for c in self.doc_codes), _("or")))


# --- phrases --------------------------------------------------------------------------------------


def _period_phrase(filt: Filter, names: Mapping[str, str], labels: Labels | None) -> str | None:
    if filt.date_from and filt.date_to:
        return _("between {start} and {end}").format(start=filt.date_from, end=filt.date_to)
    if filt.date_from:
        return _("from {start}").format(start=filt.date_from)
    if filt.date_to:
        return _("until {end}").format(end=filt.date_to)
    return None


def _place_phrase(filt: Filter, names: Mapping[str, str], labels: Labels | None) -> str | None:
    if not filt.place:
        return None
    name = i18n.isolate(names.get(filt.place, filt.place))
    if filt.km:
        return _("within {km} km of {place}").format(km=_fmt(filt.km), place=name)
    return _("in {place}").format(place=name)


def _phrase(template: str, attribute: str, options: str | None = None, lower: bool = False):
    """A phrase from a template ('with {} attribution', marked with N_ and translated here) and the
    field's value(s), labelled (`label(options, ...)`) as the table being shown labels them; a value
    in the other script is isolated (an English actor in Arabic)."""

    def phrase(filt: Filter, names: Mapping[str, str], labels: Labels | None) -> str | None:
        value = getattr(filt, attribute)
        if value is None or value == ():
            return None
        if isinstance(value, tuple):
            words = [label(options, v, labels) if options else v for v in value]
            words = [i18n.isolate(w.lower() if lower else w) for w in words]
            return _(template).format(_join(words, _("or")))
        return _(template).format(i18n.isolate(str(value)))

    return phrase


def _several(
    name: str, field: str, doc: str, parse: Parser, widget: Widget, metavar: str = "SLUG", **rest: Any
) -> Param:
    """A filter of several values (`?attacker=a&attacker=b`): none by default, one a value in the link."""
    return Param(
        name, field, doc, parse, _many, default=(), widget=widget, metavar=metavar, repeat=True, **rest
    )


def _words(
    name: str, doc: str, widget: Widget, *, phrase: str, sentence: int, column: str, raw: str
) -> Param:
    """A filter of free text (`?q=...`): the last value given, written as it is, phrased by the
    template `phrase`, looked for in the folded `column` (else the `raw` one folded)."""
    return Param(
        name,
        name,
        doc,
        text,
        _one,
        widget=widget,
        phrase=_phrase(phrase, name),
        sentence=sentence,
        mask=_contains(column, raw, name),
        metavar="TEXT",
    )


def _toggle(
    name: str,
    doc: str,
    on: str,
    means: bool = True,
    scope: Literal["filter", "view", "playback"] = "view",
    field: str | None = None,
) -> Param:
    """A switch: `means` when the link says `on`, its default (`not means`) otherwise."""
    return Param(name, field or name, doc, flag(on, means=means), _switch(on, means), scope, not means)


# --- the registry ---------------------------------------------------------------------------------

PARAMS: tuple[Param, ...] = (
    _words(
        "q",
        N_("Free text in titles, notes, quotes and place names (Latin or Arabic script)."),
        Widget("text", N_("Search"), placeholder=N_("Words, places in Latin or Arabic script")),
        phrase=N_("mentioning “{}”"),
        sentence=70,
        column="search_text",
        raw="search_text",
    ),
    Param(
        "from",
        "date_from",
        N_("First day of the period, YYYY-MM-DD."),
        date,
        _one,
        widget=Widget("date", N_("From"), pair=True),
        # The period is one concept: this phrase and this mask cover `from`, `to` and `dates`.
        phrase=_period_phrase,
        sentence=90,
        mask=lambda f, incidents: period_mask(incidents, f.date_from, f.date_to, f.date_match),
        metavar="DATE",
    ),
    Param(
        "to",
        "date_to",
        N_("Last day of the period, YYYY-MM-DD."),
        date,
        _one,
        widget=Widget("date", N_("To")),
        metavar="DATE",
    ),
    Param(
        "dates",
        "date_match",
        N_(
            "`overlap` (default: incidents certainly in the period and those possibly in it, "
            "counted apart) or `within` (only those certainly in it: every possible day lies in the period)."
        ),
        choice(DATE_MATCHES),
        _unless("overlap"),
        default="overlap",
        widget=Widget(
            "checkbox",
            N_("Only incidents certainly in this period"),
            help=N_(
                "Off: show the incidents certainly in the period and those possibly in it (one of "
                "their possible days lies in it). On: only those whose every possible day lies inside it."
            ),
            checked="within",
        ),
        metavar="MATCH",
    ),
    _several(
        "attacker",
        "attackers",
        N_(
            "Assessed attacker slug; repeat for several (`israel`, `united-states`, ...). Only our "
            "records and strike-type imported events have one; `no-attacker` selects the imported "
            "events that are not strikes (battles, protests, strategic developments...), whose "
            "actors are found with `actor`."
        ),
        slugs(N_("attacker"), lambda known: known.attackers or choices("attackers")),
        Widget("multiselect", N_("Attacker (assessed)"), placeholder=N_("Any attacker"), options="attackers"),
        phrase=_phrase(N_("attributed to {}"), "attackers", "attackers"),
        sentence=20,
        mask=_in("attacker", "attackers"),
    ),
    _several(
        "actor",
        "actors",
        N_(
            "Any party to the incident, on either side (ACLED's actor1, actor2 and associated actors; "
            "UCDP's side_a and side_b; our records' assessed attacker); a force covers its units "
            "(`syrian-government`, `islamic-state-syria`, ...); repeat for several."
        ),
        slugs(
            N_("actor"),
            lambda known: None if known.actors is None else known.actors | set(actors.known_actors()),
        ),
        Widget(
            "multiselect",
            N_("Actor (either side)"),
            help=N_(
                "Every incident the actor is a party to, whichever side ACLED lists it on. A force "
                "(Military Forces of Syria) covers its units; a unit alone is listed under its force."
            ),
            placeholder=N_("Any actor"),
            options="actors",
        ),
        phrase=_phrase(N_("involving {} (either side)"), "actors", "actors"),
        sentence=21,
        mask=_parties,
    ),
    _several(
        "dataset",
        "datasets",
        N_(
            "Dataset, when INCIDENTS_SOURCE shows several: a file's name without its extension "
            "(`acled-syria` for acled-syria.csv) or `records` for our curated records; repeat for several."
        ),
        slugs(N_("dataset"), lambda known: known.datasets),
        Widget("multiselect", N_("Dataset"), placeholder=N_("Every dataset"), options="datasets"),
        phrase=_phrase(N_("from {}"), "datasets", "datasets"),
        sentence=5,
        mask=_in("dataset", "datasets"),
    ),
    _several(
        "confidence",
        "confidences",
        N_("Attribution confidence; repeat for several (`confirmed`, `likely`, `possible`, `unknown`)."),
        slugs(N_("confidence"), lambda known: choices("confidences")),
        Widget(
            "multiselect",
            N_("Attribution confidence"),
            placeholder=N_("Any confidence"),
            options="confidences",
        ),
        phrase=_phrase(N_("with {} attribution"), "confidences", "confidences", lower=True),
        sentence=10,
        mask=_in("confidence", "confidences"),
    ),
    _several(
        "type",
        "types",
        N_("Event type slug; repeat for several (`drone-strike`, `air-strike`, ...)."),
        slugs(N_("event type"), lambda known: known.types or choices("types")),
        Widget("multiselect", N_("Event type"), placeholder=N_("Any type"), options="types"),
        # The sentence's noun ("Drone strikes ..."): see Filter.describe.
        mask=_in("event_type", "types"),
    ),
    Param(
        "place",
        "place",
        N_("Gazetteer place id (`al-bukamal`); matches the place and places inside it."),
        one_slug(N_("place"), lambda known: known.places),
        _one,
        widget=Widget("select", N_("Place"), placeholder=N_("Anywhere"), options="used_places"),
        phrase=_place_phrase,
        sentence=30,
        site_mask=_place_sites,
        metavar="PLACE",
    ),
    Param(
        "km",
        "km",
        N_("With `place`: every site within this many kilometres of the place instead."),
        number(0.1, 1000.0),
        _one,
        widget=Widget(
            "number", N_("Within km of the place (0 = in the place)"), low=0.0, high=1000.0, step=5.0
        ),
        # Phrased and applied with `place` (_place_phrase, _place_sites).
        metavar="KM",
    ),
    Param(
        "governorate",
        "governorate",
        N_("Governorate as in the gazetteer (`deir-ez-zor`, `homs`, `anbar`)."),
        _governorate,
        _one,
        widget=Widget("select", N_("Governorate"), placeholder=N_("Any governorate"), options="governorates"),
        phrase=_phrase(N_("in {} governorate"), "governorate"),
        sentence=40,
        site_mask=_governorate_sites,
        metavar="NAME",
    ),
    _words(
        "target",
        N_("Words in the target groups (`Kata'ib Hezbollah`)."),
        Widget("text", N_("Target group"), placeholder=N_("e.g. Kata'ib Hezbollah")),
        phrase=N_("targeting “{}”"),
        sentence=50,
        column="target_text",
        raw="targets",
    ),
    Param(
        "min_killed",
        "min_killed",
        N_("Only incidents whose lowest reported death toll is at least this number."),
        number(0, 100000, integer=True),
        _one,
        widget=Widget("number", N_("At least this many killed"), low=0, high=100000, step=1),
        phrase=_phrase(N_("with at least {} killed"), "min_killed"),
        sentence=60,
        mask=_min_killed,
        metavar="N",
    ),
    _several(
        "source",
        "sources",
        N_("Source document name without `.txt`; repeat for several."),
        slugs(N_("source"), lambda known: known.sources, re.compile(r"[a-z0-9_.-]{1,80}")),
        Widget("multiselect", N_("Source document"), placeholder=N_("Any source"), options="sources"),
        phrase=_phrase(N_("from {}"), "sources"),
        sentence=80,
        mask=_sources,
        metavar="NAME",
    ),
    Param(
        "incident",
        "incident",
        N_("Id of the selected incident."),
        one_slug(N_("incident"), lambda known: known.incidents),
        _one,
        scope="view",
    ),
    Param(
        "center",
        "center",
        N_("Map centre as `LAT,LON`."),
        _center,
        lambda c: [f"{c[0]:.4f},{c[1]:.4f}"] if c else [],
        scope="view",
        browser_owned=True,
    ),
    Param(
        "zoom",
        "zoom",
        N_("Map zoom level (2-17)."),
        number(2, 17, integer=True),
        _one,
        scope="view",
        browser_owned=True,
    ),
    _toggle("heat", N_("`1` shows the heat-map layer."), "1"),
    Param(
        "colour",
        "colour",
        N_(
            "What a marker's colour shows: {codes} (default `attacker`, the assessed attacker; "
            "`dataset`: one colour and legend entry per dataset of INCIDENTS_SOURCE)."
        ),
        choice(COLOUR_BY),
        _unless("attacker"),
        scope="view",
        default="attacker",
        doc_codes=COLOUR_BY,
    ),
    _toggle("cluster", N_("`0` turns marker clustering off."), "0", means=False),
    _toggle(
        "tiles",
        N_("`online` adds OpenStreetMap and satellite tiles (requests go to those servers)."),
        "online",
        field="online_tiles",
    ),
    Param(
        "lang",
        "lang",
        N_("Language of the interface: {codes} (default `en`; `ar`: Arabic, right to left)."),
        choice(i18n.languages()),
        _unless(i18n.DEFAULT),
        scope="view",
        default=i18n.DEFAULT,
        doc_codes=i18n.languages(),
    ),
    Param(
        "briefing",
        "briefing",
        N_("Name of a briefing to step through."),
        one_slug(N_("briefing"), lambda known: None),
        _one,
        scope="view",
    ),
    Param(
        "step",
        "step",
        N_("Position in the briefing (1 = first incident)."),
        number(1, 10000, integer=True),
        _one,
        scope="view",
    ),
    Param(
        "v",
        "version",
        N_(
            "Data version the link was made on (a short hash of the records, added by the share box); "
            "opening the link later lists the incidents of the view that changed since."
        ),
        _version,
        _one,
        scope="view",
    ),
    Param(
        "since",
        "since",
        N_("On the Changes page: the first day of the changes listed, YYYY-MM-DD (default: 30 days ago)."),
        date,
        _one,
        scope="view",
    ),
    # Playback (pages/shared/playback.py): a link opens mid-playback. Without `play` the others
    # mean nothing and are not written (Playback.to_query).
    Param(
        "play",
        "mode",
        N_("Plays the period through time: {codes} (a moving window or a growing period)."),
        choice(tuple(PLAY_MODES)),
        _one,
        scope="playback",
        doc_codes=tuple(PLAY_MODES),
    ),
    Param(
        "every",
        "every",
        N_("With `play`: how far each frame moves on, {codes} (default `week`)."),
        choice(tuple(PLAY_STEPS)),
        _one,
        scope="playback",
        default="week",
        doc_codes=tuple(PLAY_STEPS),
    ),
    Param(
        "at",
        "at",
        N_("With `play`: the last day of the frame shown, YYYY-MM-DD (default: the end of the first frame)."),
        date,
        _one,
        scope="playback",
    ),
    Param(
        "speed",
        "speed",
        N_("With `play`: {codes} (default `normal`)."),
        choice(tuple(PLAY_SPEEDS)),
        _unless("normal"),
        scope="playback",
        default="normal",
        doc_codes=tuple(PLAY_SPEEDS),
    ),
    _toggle(
        "playing",
        N_("With `play`: `1` plays on from `at`; otherwise playback is paused there."),
        "1",
        scope="playback",
    ),
)
BY_NAME: dict[str, Param] = {p.name: p for p in PARAMS}
with i18n.using(i18n.DEFAULT):
    PARAMETERS: dict[str, str] = {p.name: p.meaning() for p in PARAMS}
"""Parameter name -> what it means, in English (the README table and the command line show these;
the Method page shows `Param.meaning()` in the reader's language)."""


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


def language(params: Mapping[str, Sequence[str] | str]) -> str:
    """The link's interface language (`lang`), read before anything else so every notice is in it."""
    param = BY_NAME["lang"]
    return param.parse(param.name, _getter(params)(param.name), Known(), []) or param.default


def readme_table() -> str:
    """The README's table of link parameters (cog writes it; `make test` checks it is current)."""
    rows = ["| parameter | meaning |", "| --- | --- |"]
    rows += [f"| `{p.name}` | {PARAMETERS[p.name]} |" for p in PARAMS]
    return "\n".join(rows)
