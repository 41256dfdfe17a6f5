"""Who did it: the actors we know (incidents/actors.csv) and every actor a dataset names.

The vocabulary is open. Our curated records use the actors declared in `actors.csv`; a table a
user brings may name any actor. A name is matched to a known actor only exactly (after folding
case and spaces) or by an anchored prefix before ACLED's parenthesised suffix ("Military Forces
of the United States (2021-)", "Unidentified Armed Group (Syria)"); never by a loose word such
as "militia" or "US". ACLED's "Unidentified ..." actors are our `unknown`. Any other name keeps
its own name: it becomes an actor of its own, with a slug made from the name and a colour from a
fixed colour-blind-safe palette (`colours`).

    >>> resolve("Military Forces of the United States (2021-)").slug
    'united-states'
    >>> resolve("Misratah Communal Militia (Libya)").slug
    'misratah-communal-militia-libya'
    >>> resolve("Unidentified Armed Group (Libya)").slug
    'unknown'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from incidents.text import fold, slug

ACTORS_CSV = Path(__file__).with_name("actors.csv")
UNKNOWN = "unknown"
NO_ATTACKER = "no-attacker"
"""An imported event that is not a strike (a battle, a protest...): its parties are named, but
it has no attacker to assess. Not `unknown`, which says an attacker exists and is not known."""


def graded(slug: str) -> bool:
    """Whether a confidence is said of this attacker: of any attacker, known or not, never of
    `no-attacker` (not a strike: no attribution to grade). Legend, pages and export all ask this."""
    return slug != NO_ATTACKER


UNIDENTIFIED_PREFIX = "unidentified "
"""ACLED names actors it cannot identify "Unidentified Armed Group", "Unidentified Military Forces"..."""

PALETTE = ("#882255", "#44AA99", "#DDCC77", "#332288", "#AA4499", "#117733", "#999933", "#88CCEE", "#CC6677")
"""Colours for actors outside actors.csv, commonest first (Paul Tol's 'muted', colour-blind safe)."""
SHARED_COLOUR = "#BBBBBB"
"""The one colour the actors beyond the palette share (the legend says how many)."""

_SUFFIX = re.compile(r"^(?P<base>.*\S)\s*\((?P<suffix>[^()]*)\)$")


@dataclass(frozen=True)
class Actor:
    """An attacker slug with its label, colour and kind, and the names datasets use for it."""

    slug: str
    label: str
    colour: str | None
    kind: str
    names: tuple[str, ...] = ()
    description: str = ""
    acled_actor: str = ""  # the name the ACLED export writes as actor1 ('' : the label)
    acled_inter: str = ""  # ACLED's inter code (1 state forces, 3 political militia, 8 external forces)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    """How articles name the actor, per language ('Israeli', 'إسرائيلية'): the drafter's cues."""

    @property
    def known(self) -> bool:
        return self.slug in known_actors()


@cache
def known_actors() -> dict[str, Actor]:
    """The actors declared in actors.csv, by slug, in file order."""
    with ACTORS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["slug"]: Actor(
            slug=row["slug"],
            label=row["label"],
            colour=row["colour"],
            kind=row["kind"],
            names=tuple(n for n in row["names"].split("|") if n),
            description=row["description"],
            acled_actor=row.get("acled_actor") or "",
            acled_inter=row.get("acled_inter") or "",
            words={
                key.removeprefix("words_"): tuple(w for w in (value or "").split("|") if w)
                for key, value in row.items()
                if key.startswith("words_")
            },
        )
        for row in rows
    }


@cache
def _by_name() -> dict[str, Actor]:
    return {fold(name): actor for actor in known_actors().values() for name in actor.names}


def match_known(name: str) -> Actor | None:
    """The known actor a dataset's name denotes: exact, or exact before a "(...)" suffix."""
    folded = fold(name)
    if not folded:
        return None
    if folded in _by_name():
        return _by_name()[folded]
    suffixed = _SUFFIX.match(folded)
    if suffixed and suffixed["base"] in _by_name():
        return _by_name()[suffixed["base"]]
    if folded.startswith(UNIDENTIFIED_PREFIX):
        return known_actors()[UNKNOWN]
    return None


def resolve(name: str) -> Actor:
    """The actor a dataset names: a known one, `unknown` for a blank name, else one of its own."""
    found = match_known(name) if name.strip() else known_actors()[UNKNOWN]
    if found is not None:
        return found
    own = slug(name) or "actor"
    if own in known_actors():  # "Israel" as a bare name is not one of Israel's declared names
        own = f"{own}-as-named"
    return Actor(slug=own, label=" ".join(name.split()), colour=None, kind="as-named")


def label(slug: str) -> str:
    """The label of one of our actors (actors.csv), else the slug. A table's own actors are
    labelled by the table itself (its `attacker_label`, in the facets the pages are given)."""
    actor = known_actors().get(slug)
    return actor.label if actor else slug


def colours(counts: Mapping[str, int] | Iterable[str]) -> dict[str, str]:
    """A colour for every slug: known actors their own, others the palette commonest first.

    With more actors than palette colours the rest share `SHARED_COLOUR`; `shared_count` says
    how many so the legend can say so.
    """
    ranked = counts if isinstance(counts, Mapping) else dict.fromkeys(counts, 0)
    order = sorted(ranked, key=lambda s: (-ranked[s], label(s).casefold()))
    result: dict[str, str] = {}
    free = iter(PALETTE)
    for each in order:
        actor = known_actors().get(each)
        result[each] = actor.colour if actor and actor.colour else next(free, SHARED_COLOUR)
    return result


def shared_count(colour_map: Mapping[str, str]) -> int:
    """How many actors share the one colour beyond the palette."""
    return sum(1 for c in colour_map.values() if c == SHARED_COLOUR)
