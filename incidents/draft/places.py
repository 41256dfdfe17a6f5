"""Places of an event: the gazetteer's finds in the text, each with the role its words give it.

Finding and resolving names is the gazetteer's job (geodata.gazetteer: `find_in_text`); this
module gives each find a role from the words just before it (incidents/lang/*.yaml `roles`):
origin and destination only for shipments and movements, vicinity for "near"/"the countryside
of", unconfirmed when the sentence says it could not be confirmed, else target. A name the
gazetteer lacks or cannot settle keeps no coordinate and goes to the curator's review.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from geodata.gazetteer import Gazetteer
from incidents import precisions
from incidents.draft.spans import Sentence, Span
from incidents.language import Language
from incidents.model import LocationPrecision

MOVING = ("weapons-shipment", "troop-movement")
_WINDOW = 60
_TOKEN = re.compile(r"[\w’'ʿ-]+")
_MAX_TOKENS = 5


@dataclass(frozen=True)
class PlaceDraft:
    """One site as the JSON gives it; `place_id` None when the gazetteer lacks or cannot settle it."""

    words: Span
    place_id: str | None
    lat: float | None
    lon: float | None
    role: str
    precision: str
    review: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "as_written": self.words.text,
            "place_id": self.place_id,
            "lat": self.lat,
            "lon": self.lon,
            "role": self.role,
            "precision": self.precision,
        }


@dataclass(frozen=True)
class _Find:
    start: int
    end: int
    place_ids: tuple[str, ...]
    precision: str | None
    review: str | None


def _scan(gazetteer: Gazetteer, text: str) -> list[_Find]:
    """Exact and normalised spellings of up to five words, longest first, never fuzzy.

    Used only while the gazetteer offers no `find_in_text` of its own.
    """
    tokens = list(_TOKEN.finditer(text))
    found: list[_Find] = []
    index = 0
    while index < len(tokens):
        for size in range(min(_MAX_TOKENS, len(tokens) - index), 0, -1):
            run = tokens[index : index + size]
            if any(text[x.end() : y.start()].strip() for x, y in itertools.pairwise(run)):
                continue  # a name never runs across punctuation
            start, end = run[0].start(), run[-1].end()
            name = text[start:end]
            first = run[0].group()
            if name.isascii() and not (any(c.isupper() for c in first) or first.casefold() == "the"):
                continue  # a Latin-script name starts with a capital ("al-Bukamal", "the al-Tanf crossing")
            place = gazetteer.lookup(name)
            if place is not None:
                found.append(_Find(start, end, (place.place_id,), None, None))
                index += size
                break
        else:
            index += 1
    return found


def _finds(gazetteer: Gazetteer, text: str) -> list[_Find]:
    finder = getattr(gazetteer, "find_in_text", None)
    if finder is None:
        return _scan(gazetteer, text)
    finds = []
    for m in finder(text):
        precision: Any = getattr(m, "precision", None)
        ids = tuple(getattr(m, "place_ids", ()) or ())
        review = getattr(m, "review", None)
        finds.append(
            _Find(
                m.start,
                m.end,
                ids if getattr(m, "resolved", len(ids) == 1) else (),
                getattr(precision, "value", precision),
                review if isinstance(review, str) else ("check the place" if review else None),
            )
        )
    return finds


def _role(before: str, sentence: str, event_type: str, lang: Language) -> str:
    roles = lang.data.get("roles") or {}
    if event_type in MOVING:
        for role in ("origin", "destination"):
            if lang.words(roles.get(role) or [], "end").search(before):
                return role
    if lang.words(roles.get("unconfirmed") or [], "any").search(sentence):
        return "unconfirmed"
    if lang.words(roles.get("vicinity") or [], "end").search(before):
        return "vicinity"
    return "target"


def _precision(found: _Find, gazetteer: Gazetteer, role: str) -> str:
    if found.precision:
        return str(found.precision)
    place = gazetteer.get(found.place_ids[0]) if len(found.place_ids) == 1 else None
    if place is None:
        return LocationPrecision.UNKNOWN.value
    finest = precisions.finest_allowed(float(place.precision_m))
    order = list(LocationPrecision)
    if role == "vicinity" and order.index(finest) < order.index(LocationPrecision.AREA):
        return LocationPrecision.AREA.value
    return finest.value


def find(
    sentences: list[Sentence], gazetteer: Gazetteer, event_type: str, lang: Language
) -> list[PlaceDraft]:
    """Every place the sentences name, once per place (its first mention), with role and precision."""
    drafts: list[PlaceDraft] = []
    seen: set[str] = set()
    for sentence in sentences:
        for found in _finds(gazetteer, sentence.text):
            words = sentence.span(found.start, found.end, "place")
            key = found.place_ids[0] if len(found.place_ids) == 1 else words.text.casefold()
            if key in seen:
                continue
            seen.add(key)
            before = sentence.text[max(0, found.start - _WINDOW) : found.start]
            role = _role(before, sentence.text, event_type, lang)
            place = gazetteer.get(found.place_ids[0]) if len(found.place_ids) == 1 else None
            review = found.review
            if place is None:
                review = review or (
                    f"'{words.text}': not in the gazetteer; kept as written, no coordinate"
                    if not found.place_ids
                    else f"'{words.text}': several places have this name ({', '.join(found.place_ids)})"
                )
            drafts.append(
                PlaceDraft(
                    words,
                    place.place_id if place else None,
                    place.lat if place else None,
                    place.lon if place else None,
                    role,
                    _precision(found, gazetteer, role),
                    review,
                )
            )
    return drafts
