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
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import pandas as pd

from incidents import actors, i18n, parties
from incidents.i18n import N_, _
from incidents.model import Stance


class Named(NamedTuple):
    """Whom an incident names besides its attacker, as a page heads them (`named_besides`)."""

    label: str
    heading: str  # the section of the record that holds them with the casualties
    names: str


def named_besides(attacker: str, targets: str, party_names: str) -> Named:
    """A strike's targets; for an event with no attacker (a battle, a withdrawal...) its parties,
    on both sides: ACLED's actor2 (UCDP's side B) is then a party, not a target. `party_names` is
    the `parties` column (incidents.parties); where it names nobody, the targets are the parties
    known. Labels in the interface's language.

    >>> named_besides("no-attacker", "Islamic State (Syria)", "5th Assault Corps|Islamic State (Syria)")
    Named(label='Parties', heading='Parties and casualties', names='5th Assault Corps; Islamic State (Syria)')
    """
    if attacker == actors.NO_ATTACKER:
        names = "; ".join(n for n in party_names.split(parties.SEPARATOR) if n)
        return Named(_("Parties"), _("Parties and casualties"), names or targets)
    return Named(_("Targets"), _("Targets and casualties"), targets)


def attacker_words(row: Mapping[str, object]) -> str:
    """The attacker and its confidence ("Israel (likely attribution)") in the interface's language;
    an event with no attacker (not a strike) has none to grade."""
    if not actors.graded(str(row["attacker"])):
        return _(str(row["attacker_label"]))
    return _("{attacker} ({confidence} attribution)").format(
        attacker=_(str(row["attacker_label"])), confidence=_(str(row["confidence_label"])).lower()
    )


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

FIELD_WORDS = {
    "accounts": N_("accounts"),
    "acled": N_("acled"),
    "actor": N_("actor"),
    "archive_url": N_("archive url"),
    "assessment": N_("assessment"),
    "attacker": N_("attacker"),
    "attacker_name": N_("attacker name"),
    "by": N_("by"),
    "claims": N_("claims"),
    "confidence": N_("confidence"),
    "damage": N_("damage"),
    "date": N_("date"),
    "document": N_("document"),
    "earliest": N_("earliest"),
    "end": N_("end"),
    "event_type": N_("event type"),
    "event_type_name": N_("event type name"),
    "headline": N_("headline"),
    "id": N_("id"),
    "inferred": N_("inferred"),
    "injured": N_("injured"),
    "killed": N_("killed"),
    "latest": N_("latest"),
    "locations": N_("locations"),
    "max": N_("max"),
    "min": N_("min"),
    "name_reported": N_("name reported"),
    "note": N_("note"),
    "notes": N_("notes"),
    "outlet": N_("outlet"),
    "place_id": N_("place id"),
    "precision": N_("precision"),
    "published": N_("published"),
    "quote": N_("quote"),
    "quotes": N_("quotes"),
    "reasoning": N_("reasoning"),
    "relative": N_("relative"),
    "reported_by": N_("reported by"),
    "retrieved": N_("retrieved"),
    "review": N_("review"),
    "role": N_("role"),
    "says": N_("says"),
    "sha256": N_("sha256"),
    "sources": N_("sources"),
    "stance": N_("stance"),
    "start": N_("start"),
    "status": N_("status"),
    "targets": N_("targets"),
    "time_local": N_("time local"),
    "title": N_("title"),
    "title_ar": N_("title ar"),
    "url": N_("url"),
    "weapon": N_("weapon"),
    "who": N_("who"),
    "year_inferred": N_("year inferred"),
    "years": N_("years"),
    "source": N_("source"),
    "location": N_("location"),
    "claim": N_("claim"),
    "account": N_("account"),
    "target": N_("target"),
    "year": N_("year"),
}
"""A record's field names (and a list's item, singular) as words, translated where they are shown."""


def path_words(path: str) -> str:
    """A record's field path as a reader reads it: `locations[1].place_id` is "location 2's place
    id" (a list's items counted from 1, no brackets or underscores), in the interface's language."""
    parts = []
    for segment in path.split("."):
        item = _ITEM.match(segment)
        if item:
            name = item["name"].removesuffix("s")
            segment = f"{_field_word(name)} {int(item['index']) + 1}"
        else:
            segment = _field_word(segment)
        parts.append(segment)
    words = parts[0]
    for part in parts[1:]:
        words = _("{owner}'s {field}").format(owner=words, field=part)
    return words


def _field_word(name: str) -> str:
    return _(FIELD_WORDS[name]) if name in FIELD_WORDS else name.replace("_", " ")


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


def local_names(places: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Each language's place names: the gazetteer's `name_<lang>` column where it has a value."""
    found = {}
    for lang in i18n.languages():
        column = f"name_{lang}"
        if column in places:
            local = places[column].fillna("").astype(str).str.strip()
            found[lang] = local.where(local != "", places["name"]).to_dict()
    return found


def local_sites(sites: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The sites with their place names in the reader's language (`names`: place id -> its name in
    that language, from `local_names`); a table's own names where it has none, and in English."""
    if i18n.current() == i18n.DEFAULT or not len(sites) or "place_id" not in sites:
        return sites
    local = sites["place_id"].map(names)
    return sites.assign(place_name=local.where(local.notna(), sites["place_name"]))
