"""Event type labels for every slug: ours (incidents.model.EventType) and a source's own.

A type a dataset uses that has no equivalent of ours keeps the dataset's name (ACLED's
"Armed clash", "Remote violence"); `register` records its label when the table is read, so
filters, sentences and legends can name it.

    >>> label("drone-strike")
    'Drone strike'
    >>> register("Armed clash")
    'armed-clash'
    >>> label("armed-clash")
    'Armed clash'
"""

from __future__ import annotations

from incidents.actors import slug_of
from incidents.model import EventType

_seen: dict[str, str] = {}


def register(name: str) -> str:
    """The slug of a source's own type name, remembering its label."""
    slug = slug_of(name) or "other"
    if slug in {t.value for t in EventType}:
        slug = f"{slug}-as-named"
    _seen.setdefault(slug, " ".join(name.split()))
    return slug


def label(slug: str) -> str:
    """The label people read for an event type slug."""
    try:
        return EventType(slug).label
    except ValueError:
        return _seen.get(slug, slug)


def is_ours(slug: str) -> bool:
    return slug in {t.value for t in EventType}
