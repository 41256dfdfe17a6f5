"""Reading and writing one parameter's values: each parser names the parameter and what it
expects in its notice (never the link's text) and falls back to the default; each writer gives
the values a link carries."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

import pandas as pd

from incidents.i18n import N_, _, ngettext
from incidents.model import SLUG_RE
from incidents.text import fold
from incidents.versions import VERSION_LENGTH

MAX_VALUE_LENGTH = 200
MAX_REPEATS = 20
MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
DATE_MATCHES = ("overlap", "within")
COLOUR_BY = ("attacker", "dataset")
"""What the map's colours show (`colour`)."""
PLAY_MODES = {"window": N_("Moving window"), "cumulative": N_("Growing (cumulative)")}
"""How playback moves (`play`): slug -> label."""
PLAY_STEPS = {"week": N_("a week"), "month": N_("a month")}
"""How far one playback frame moves on (`every`): slug -> label."""
PLAY_SPEEDS = {"slow": 2.0, "normal": 1.0, "fast": 0.5}
"""Playback speeds (`speed`): slug -> seconds between two frames."""
PLAY_SPEED_LABELS = {"slow": N_("Slow"), "normal": N_("Normal"), "fast": N_("Fast")}
"""How the playback speeds read in the speed menu: slug -> label."""


@dataclass(frozen=True)
class Known:
    """The values the loaded data has, to check a link against (None: any well-formed value)."""

    places: frozenset[str] | None = None
    governorates: tuple[str, ...] | None = None
    sources: frozenset[str] | None = None
    incidents: AbstractSet[str] | pd.Index | None = None
    attackers: frozenset[str] | None = None  # None: the actors of incidents/actors.csv
    types: frozenset[str] | None = None  # None: our event types
    actors: frozenset[str] | None = None  # the table's parties (incidents.parties); None: any slug
    datasets: frozenset[str] | None = None  # the datasets shown (incidents.dataset); None: any slug


Parser = Callable[[str, list[str], Known, list[str]], Any]
"""(parameter name, the link's values, what the data knows, notices to append to) -> the value."""


# --- parsing helpers (each names the parameter and what it expects, never the link's text) ---------


def _fmt(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _join(items: Iterable[str], word: str = "or") -> str:
    """'a, b or c'; `word` is already in the reader's language."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    comma = ", " if word in ("or", "and") else _(", ")
    return comma.join(items[:-1]) + f" {word} " + items[-1]


def _notice(name: str, problem: str) -> str:
    return _("The link’s “{name}” {problem}; it was ignored.").format(name=name, problem=problem)


def _last(name: str, values: list[str], notices: list[str]) -> str | None:
    if not values:
        return None
    value = values[-1]
    if len(value) > MAX_VALUE_LENGTH:
        notices.append(_notice(name, _("is too long (at most {n} characters)").format(n=MAX_VALUE_LENGTH)))
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
        notices.append(_notice(name, _("is not a date (expected YYYY-MM-DD)")))
        return None
    if not MIN_DATE <= parsed <= MAX_DATE:
        notices.append(
            _notice(
                name,
                _("is out of range (expected a day from {low} to {high})").format(
                    low=MIN_DATE, high=MAX_DATE
                ),
            )
        )
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
            problem = (
                _("must be a whole number from {low} to {high}")
                if integer
                else _("must be a number from {low} to {high}")
            )
            notices.append(_notice(name, problem.format(low=_fmt(low), high=_fmt(high))))
            return None
        return int(parsed) if integer else parsed

    return parse


def choice(allowed: Sequence[str]) -> Parser:
    """One of a few fixed words."""

    def parse(name: str, values: list[str], known: Known, notices: list[str]) -> str | None:
        value = _last(name, values, notices)
        if value is not None and value not in allowed:
            notices.append(_notice(name, _("must be {values}").format(values=_join(allowed, _("or")))))
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
            notices.append(
                _("The link repeats “{name}” too often; only the first {n} were used.").format(
                    name=name, n=MAX_REPEATS
                )
            )
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
                ngettext(
                    "Unknown {what} in the link’s “{name}”: {n} value ignored "
                    "(expected {what} slugs as listed on the Method page).",
                    "Unknown {what} in the link’s “{name}”: {n} values ignored "
                    "(expected {what} slugs as listed on the Method page).",
                    unknown,
                ).format(what=_(what), name=name, n=unknown)
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
            notices.append(
                _("Unknown {what} in the link’s “{name}”; it was ignored.").format(what=_(what), name=name)
            )
            return None
        return found[0]

    return parse


def _governorate(name: str, values: list[str], known: Known, notices: list[str]) -> str | None:
    value = _last(name, values, notices)
    if value is None or known.governorates is None:
        return value
    lookup = {fold(g): g for g in known.governorates}
    if fold(value) not in lookup:
        notices.append(_("Unknown governorate in the link’s “{name}”; it was ignored.").format(name=name))
        return None
    return lookup[fold(value)]


def _center(name: str, values: list[str], known: Known, notices: list[str]) -> tuple[float, float] | None:
    value = _last(name, values, notices)
    if value is None:
        return None
    match = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)", value)
    if match and abs(float(match[1])) <= 90 and abs(float(match[2])) <= 180:
        return float(match[1]), float(match[2])
    notices.append(_notice(name, _("must be LAT,LON (for example 34.45,40.92)")))
    return None


def _version(name: str, values: list[str], known: Known, notices: list[str]) -> str | None:
    value = _last(name, values, notices)
    if value is not None and not re.fullmatch(rf"[0-9a-f]{{{VERSION_LENGTH}}}", value):
        notices.append(
            _notice(name, _("must be a data version ({n} hexadecimal digits)").format(n=VERSION_LENGTH))
        )
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
