"""Event type labels for every slug: ours (incidents.model.EventType) and a source's own.

A type a dataset uses that has no equivalent of ours keeps the dataset's name (ACLED's
"Armed clash", "Remote violence") under a slug of its own (`own_slug`); the table carries its
label (`event_type_label`), which the pages read from the table's facets.

    >>> label("drone-strike")
    'Drone strike'
    >>> own_slug("Armed clash")
    'armed-clash'
    >>> plural("Armed clash"), plural("Shelling"), plural("A type of its own")
    ('armed clashes', 'shelling', 'a type of its own')
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from incidents.model import EventType
from incidents.text import slug

PLURALS_CSV = Path(__file__).with_name("event_type_plurals.csv")


def own_slug(name: str) -> str:
    """The slug of a source's own type name (never one of ours: "Shelling" would be `shelling-as-named`)."""
    own = slug(name) or "other"
    if own in {t.value for t in EventType}:
        own = f"{own}-as-named"
    return own


def label(slug: str) -> str:
    """The label of one of our event types, else the slug (a table labels its own types)."""
    try:
        return EventType(slug).label
    except ValueError:
        return slug


def is_ours(slug: str) -> bool:
    return slug in {t.value for t in EventType}


@cache
def _plurals() -> dict[str, str]:
    with PLURALS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["label"].casefold(): row["plural"] for row in csv.DictReader(handle)}


def plural(label: str) -> str:
    """The English plural the legend, the clusters and the view's sentence say ('Drone strikes in
    al-Bukamal'), as declared for our types and ACLED's and UCDP's (event_type_plurals.csv); a type
    name no one declared is said as it is written, lower-case, never inflected by a guess."""
    return _plurals().get(label.casefold(), label.lower())
