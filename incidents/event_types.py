"""Event type labels for every slug: ours (incidents.model.EventType) and a source's own.

A type a dataset uses that has no equivalent of ours keeps the dataset's name (ACLED's
"Armed clash", "Remote violence") under a slug of its own (`own_slug`); the table carries its
label (`event_type_label`), which the pages read from the table's facets.

    >>> label("drone-strike")
    'Drone strike'
    >>> own_slug("Armed clash")
    'armed-clash'
"""

from __future__ import annotations

from incidents.model import EventType
from incidents.text import slug


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
