"""How a casualty range reads in words, wherever an incident is shown.

(A date reads as the tables' `date_words`, from incidents.dates.words, everywhere.)

>>> casualty_label(3, 22), casualty_label(16, None), casualty_label(None, None)
('3-22', 'at least 16', '')
>>> field_words("resolved against sources[0].published.latest", ["Enab Baladi"])
'resolved against the latest possible publication date of source 1 (Enab Baladi)'
>>> path_words("sources[0].sha256"), path_words("locations[1].place_id"), path_words("date.relative")
("source 1's sha256", "location 2's place id", "date's relative")
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from incidents.i18n import _


def casualty_label(low: object, high: object) -> str:
    """'5', '3-22', 'at least 16' or '' when nothing was reported."""
    if pd.isna(low):
        return ""
    if pd.isna(high):
        return _("at least {n}").format(n=int(low))
    if int(low) == int(high):
        return str(int(low))
    return f"{int(low)}-{int(high)}"


_SOURCE_FIELD = re.compile(r"sources\[(\d+)\]\.published(?:\.(earliest|latest))?")
_BOUND = {
    None: "publication date",
    "earliest": "earliest possible publication date",
    "latest": "latest possible publication date",
}


def field_words(text: str | None, outlets: Sequence[str]) -> str:
    """A curator's note as a reader reads it: `sources[0].published` becomes "the publication date
    of source 1 (Enab Baladi)"; field paths belong to the record's YAML, not to the page."""

    def words(match: re.Match[str]) -> str:
        index = int(match[1])
        outlet = f" ({outlets[index]})" if index < len(outlets) else ""
        return f"the {_BOUND[match[2]]} of source {index + 1}{outlet}"

    return _SOURCE_FIELD.sub(words, text or "")


_ITEM = re.compile(r"^(?P<name>\w+)\[(?P<index>\d+)\]$")


def path_words(path: str) -> str:
    """A record's field path as a reader reads it: `locations[1].place_id` is "location 2's place
    id" (a list's items counted from 1, no brackets or underscores)."""
    parts = []
    for segment in path.split("."):
        item = _ITEM.match(segment)
        if item:
            name = item["name"].removesuffix("s")
            segment = f"{name} {int(item['index']) + 1}"
        parts.append(segment.replace("_", " "))
    return "'s ".join(parts)
