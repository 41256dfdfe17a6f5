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

import json
import re
from collections.abc import Sequence

import pandas as pd

from incidents import i18n
from incidents.i18n import N_, _
from incidents.model import Stance


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


STANCE_VERB = {
    Stance.CLAIMED.value: N_("{by} claims it for {attacker}"),
    Stance.BLAMED_BY.value: N_("{by} blames {attacker}"),
    Stance.ATTRIBUTED_BY_SOURCE.value: N_("{by} attributes it to {attacker}"),
    Stance.SUSPECTED.value: N_("{by} suspects {attacker}"),
    Stance.DENIED.value: N_("{by} denies that {attacker} was involved"),
}
"""One sentence per stance (keyed by its value, as the tables' `claims` hold it): who says what about whom."""


def claims_sentence(claims: Sequence[Sequence[str]], translate: bool = True) -> str:
    """Claims as (stance, by, attacker label) in one plain sentence: in English for the tables'
    `claims_text` (search, exports), in the interface's language when `translate`."""
    say = _ if translate else str
    return say("; ").join(
        say(STANCE_VERB[stance]).format(
            by=i18n.isolate(by) if translate else by,
            attacker=i18n.isolate(say(attacker)) if translate else attacker,
        )
        for stance, by, attacker in claims
    )


def local_claims(table: pd.DataFrame) -> pd.Series:
    """Who says so, per row, in the interface's language: built from the structured `claims`
    (JSON [[stance, by, attacker label], ...], our records') once per distinct value; rows without
    them (imported tables, whose `claims_text` is their source's own actor columns) keep
    `claims_text` as written."""
    text = table["claims_text"] if "claims_text" in table else pd.Series("", index=table.index)
    text = text.fillna("").astype("str")
    if i18n.current() == i18n.DEFAULT or "claims" not in table or not len(table):
        return text
    structured = table["claims"].fillna("").astype("str")
    said: dict[str, str | None] = {}
    for value in pd.unique(structured):
        said[value] = _structured_sentence(value)
    local = structured.map(said)
    return local.where(local.notna(), text).astype("str")


def _structured_sentence(value: str) -> str | None:
    """The sentence of one `claims` cell, or None when it holds no claims we can read (an empty
    cell, or a table's own column that is not our JSON: its `claims_text` is shown instead)."""
    if not value:
        return None
    try:
        claims = json.loads(value)
        readable = all(
            len(c) == 3 and c[0] in STANCE_VERB and all(isinstance(x, str) for x in c) for c in claims
        )
    except (ValueError, TypeError):
        return None
    if not readable:
        return None
    return claims_sentence(claims) or None
