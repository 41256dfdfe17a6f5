"""Who takes part in an incident, on either side: the `actor` filter's vocabulary.

`attacker` is our assessed attacker; ACLED's actor1 is not one (for a battle ACLED says the
order of the actors carries no direction). An analyst asking for "Islamic State" wants every
event it is a party to: actor1, actor2 and the associated actors (UCDP's side_a and side_b).
A table keeps those names in its `parties` column, `|`-separated; this module reads them.

A unit of a state's forces rolls up to its force by ACLED's own naming rule (acled_vocabulary.json,
`state_forces`): "<force> (<years>) <unit>". The unit is an actor that can be chosen alone; the
force covers itself and every unit of it. Any other name is an actor of its own, named as
`incidents.actors.resolve` names an attacker (so `actor=israel` and `attacker=israel` agree).

    >>> [p.slug for p in parties_of("Military Forces of Syria (2000-) 5th Assault Corps")]
    ['military-forces-of-syria-2000-5th-assault-corps', 'syrian-government']
    >>> [p.slug for p in parties_of("Islamic State (Syria)")]
    ['islamic-state-syria']
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from incidents import actors, text

SEPARATOR = "|"
"""Between the names of one incident's parties in the `parties` column."""

_RULE = json.loads(Path(__file__).with_name("acled_vocabulary.json").read_text(encoding="utf-8"))[
    "state_forces"
]
_UNIT = re.compile(rf"^(?P<force>.*\S)\s+(?P<years>{_RULE['years']})(?:\s+(?P<unit>\S.*))?$")


@dataclass(frozen=True)
class Party:
    """An actor as the `actor` filter lists it; `force` is the slug of the force a unit belongs to."""

    slug: str
    label: str
    force: str | None = None


@cache
def parties_of(name: str) -> tuple[Party, ...]:
    """The actor a name denotes and, for a unit of a state's forces, that force after it."""
    parsed = _UNIT.match(" ".join(name.split()))
    if parsed is None or parsed["unit"] is None:
        actor = actors.resolve(parsed["force"] if parsed else name)
        return (Party(actor.slug, actor.label),)
    force = actors.resolve(parsed["force"])
    unit = Party(text.slug(parsed.group(0)), " ".join(name.split()), force.slug)
    return unit, Party(force.slug, force.label)


def joined(*columns: pd.Series) -> pd.Series:
    """The `parties` column from name columns (ACLED's associated actors are `; `-separated)."""
    names = [c.fillna("").astype(str).str.replace(";", SEPARATOR, regex=False) for c in columns]
    together = names[0]
    for more in names[1:]:
        together = together + SEPARATOR + more
    # Tidied once per distinct combination: a large table repeats a few thousand of them.
    codes, uniques = pd.factorize(together, use_na_sentinel=False)
    return text.spread([_tidy(value) for value in uniques], codes, together.index)


def of_table(first: pd.DataFrame, attacker: pd.Series, attacker_label: pd.Series) -> pd.Series:
    """A table's `parties`: our export's own column; else UCDP's side_a and side_b; else the named
    attacker alone."""
    if "parties" in first.columns:
        return joined(first["parties"])
    sides = [first[c] for c in ("side_a", "side_b") if c in first.columns]
    if sides:
        return joined(*sides)
    return pd.Series(
        [of_attacker(s, label) for s, label in zip(attacker, attacker_label, strict=True)],
        index=attacker.index,
        dtype=object,
    )


@dataclass(frozen=True)
class Side:
    """One side of an imported table's events as its source names it, a name per row: ACLED's
    actor1 with its associated actors, UCDP's side A."""

    role: str  # in the source's words: "actor 1", "side A"
    names: pd.Series
    allies: pd.Series | None = None  # the actors associated with it (ACLED's assoc_actor_1)
    said_when_blank: bool = False  # a row naming none says so ("UCDP names no side A")


def sides_text(
    source: str, sides: Iterable[Side], on_no_side: np.ndarray | None = None, parties: Iterable[Side] = ()
) -> pd.Series:
    """An imported table's English `claims_text`: what its source names on each side, the one
    sentence of every layout ("UCDP side A: IS; side B: Civilians", "ACLED actor 1: X; with Y").

    The rows `on_no_side` (not a strike: the source's actors are its `parties`, on no side) say
    so instead: "ACLED's parties, on no side: X; with Y and Z". Imported tables have no
    structured claims; labels.local_claims shows this text as written.
    """
    text: pd.Series | None = None
    for i, side in enumerate(sides):
        lead = f"{source} " if i == 0 else "; "
        blank = f"{lead}names no {side.role}" if side.said_when_blank else ""
        clause = (lead + side.role + ": " + side.names).where(side.names != "", blank) + _allies(side)
        text = clause if text is None else text + clause
    if text is None:
        raise ValueError("sides_text needs at least one side")
    if on_no_side is not None and on_no_side.any():
        listed = pd.Series("", index=text.index)
        for party in parties:
            listed = listed + (" and " + party.names + _allies(party)).where(party.names != "", "")
        text = text.where(~on_no_side, f"{source}'s parties, on no side: " + listed.str.removeprefix(" and "))
    return text


def _allies(side: Side) -> pd.Series | str:
    if side.allies is None:
        return ""
    return ("; with " + side.allies).where(side.allies != "", "")


def _tidy(value: str) -> str:
    seen = dict.fromkeys(" ".join(n.split()) for n in value.split(SEPARATOR))
    return SEPARATOR.join(n for n in seen if n)


def of_attacker(slug: str, label: str) -> str:
    """Our record's one named party: its assessed attacker (an unknown one, or none, is nobody's name)."""
    if slug in (actors.UNKNOWN, actors.NO_ATTACKER):
        return ""
    known = actors.known_actors().get(slug)
    return known.names[0] if known and known.names else label


ACLED_ACTORS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
"""The columns of ACLED's that name an event's parties, in this order."""


def of_record(slug: str, label: str, acled: Mapping[str, str] | None) -> str:
    """A record's `parties`: its assessed attacker, and for a record imported from ACLED every
    actor ACLED names (kept in its `acled` values), on either side."""
    named = [of_attacker(slug, label), *((acled or {}).get(c, "") for c in ACLED_ACTORS)]
    return _tidy(SEPARATOR.join(n.replace(";", SEPARATOR) for n in named))


@cache
def slugs(value: str) -> frozenset[str]:
    """Every actor slug one incident's `parties` value involves (units with their forces)."""
    return frozenset(p.slug for name in value.split(SEPARATOR) if name for p in parties_of(name))


def mask(column: pd.Series, wanted: Iterable[str]) -> pd.Series:
    """Incidents with a party among `wanted` (a force matches its units too), per distinct value."""
    wanted = set(wanted)
    codes, uniques = pd.factorize(column.fillna(""))
    hit = np.array([bool(wanted & slugs(value)) for value in uniques], dtype=bool)
    return pd.Series(hit[codes], index=column.index) if len(uniques) else pd.Series(False, index=column.index)


def listing(column: pd.Series) -> list[dict]:
    """Every actor of the table with how many incidents involve it, forces by count with their
    units under them: [{slug, label, count, force}], for the filter's list and its labels."""
    counts: dict[str, int] = {}
    found: dict[str, Party] = {}
    for value, n in column.fillna("").value_counts().items():
        involved: dict[str, Party] = {}
        for name in str(value).split(SEPARATOR):
            if name:
                involved.update((p.slug, p) for p in parties_of(name))
        for slug, party in involved.items():
            counts[slug] = counts.get(slug, 0) + int(n)
            found.setdefault(slug, party)
    by_count = sorted(found, key=lambda s: (-counts[s], found[s].label.casefold()))
    units: dict[str, list[str]] = {}
    for slug in by_count:
        if found[slug].force is not None:
            units.setdefault(found[slug].force, []).append(slug)
    order = [s for top in by_count if found[top].force is None for s in (top, *units.get(top, []))]
    return [{"slug": s, "label": found[s].label, "count": counts[s], "force": found[s].force} for s in order]


def option_text(entry: dict) -> str:
    """An actor as its list shows it: 'Islamic State (Syria) · 100', a unit indented under its force."""
    text = f"{entry['label']} · {entry['count']:,}"
    return f"↳ {text}" if entry["force"] else text
