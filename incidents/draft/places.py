"""Places of an event: the gazetteer's finds in the text, each with the role its words give it.

Finding and resolving names is the gazetteer's job (`Gazetteer.find_in_text`); this
module gives each find a role from the words just before it (incidents/lang/*.yaml `roles`):
origin and destination only for shipments and movements, vicinity for "near"/"the countryside
of", unconfirmed when its sentence says, before it, that it could not be confirmed ("struck X,
while no confirmation was obtained of attacks on Y": Y only), else target. A name the
gazetteer lacks or cannot settle keeps no coordinate and goes to the curator's review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geodata import countries
from geodata.distance import distance_km
from geodata.gazetteer import Gazetteer, Place
from geodata.mentions import PlaceMention
from incidents import precisions
from incidents.draft.spans import Sentence, Span
from incidents.language import Language
from incidents.model import LocationPrecision

MOVING = ("weapons-shipment", "troop-movement")
ROUTE_ENDS = ("origin", "destination")
COUNTRY = countries.FEATURE_TYPE
_WINDOW = 60


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


def _role(before: str, clause: str, event_type: str, lang: Language) -> str:
    """`before`: the words just before the place; `clause`: its sentence up to the place."""
    roles = lang.data.get("roles") or {}
    if event_type in MOVING:
        for role in ("origin", "destination"):
            if lang.words(roles.get(role) or [], "end").search(before):
                return role
    if lang.words(roles.get("unconfirmed") or [], "any").search(clause):
        return "unconfirmed"
    if lang.words(roles.get("vicinity") or [], "end").search(before):
        return "vicinity"
    return "target"


def _precision(found: PlaceMention, place: Place | None, role: str) -> str:
    """The gazetteer's precision for the words, never finer than the place's radius allows,
    and an area when the words put the event only near the place."""
    order = list(LocationPrecision)
    precision = LocationPrecision(found.precision) if found.precision in {p.value for p in order} else None
    if place is not None:
        allowed = precisions.finest_allowed(float(place.precision_m))
        if precision is None or order.index(precision) < order.index(allowed):
            precision = allowed
    if precision is None:
        return LocationPrecision.UNKNOWN.value
    if role == "vicinity" and order.index(precision) < order.index(LocationPrecision.AREA):
        return LocationPrecision.AREA.value
    return precision.value


_ORDER = [p.value for p in LocationPrecision]
_CONTEXT_GAP = 40  # characters between a place and the wider area that locates it
_CONTAINERS = ("countryside",)
"""Qualifier labels (geodata/qualifiers.csv) of an area that contains the place named before it."""


def _just_before(found: PlaceMention, before: list[PlaceMention]) -> tuple[PlaceMention, int] | None:
    """The place named just before `found` and the characters between the two (up to `found`'s
    qualifier when it has one), when they are at most _CONTEXT_GAP apart; else None."""
    if not before:
        return None
    previous = before[-1]
    start = found.qualifier_start if found.qualifier_start is not None else found.start
    gap = start - previous.end
    return (previous, gap) if 0 <= gap <= _CONTEXT_GAP else None


def _finer(place: PlaceMention, than: PlaceMention) -> bool:
    """Whether `place`'s precision is finer than `than`'s (both of LocationPrecision's order)."""
    return (
        place.precision in _ORDER
        and than.precision in _ORDER
        and _ORDER.index(place.precision) < _ORDER.index(than.precision)
    )


def _context(found: PlaceMention, before: list[PlaceMention]) -> bool:
    """A wider area that only locates the place just named ("al-Bokamal city in east Deir Ezzor
    countryside", "البوكمال بريف دير الزور"): not a site of its own. "near X" is a site."""
    if found.precision not in ("area", "region") or not found.qualifier:
        return False
    if not any(word in found.qualifier for word in _CONTAINERS):
        return False
    near = _just_before(found, before)
    if near is None:
        return False
    previous = near[0]
    # "near al-Bukamal in the eastern countryside of Deir ez-Zor": the town is an area only by
    # its own qualifier, and the countryside still only locates it.
    return _finer(previous, found) or (
        previous.qualifier is not None and previous.precision == found.precision
    )


def _within(found: PlaceMention, before: list[PlaceMention], sentence: Sentence, lang: Language) -> bool:
    """A town that only says where the finer place just named lies ("the al-Jam'iyat neighborhood
    in the al-Bukamal city", "حي الجمعيات في مدينة البوكمال"): not a site of its own. The words
    between the two are the language's `roles.within`."""
    near = _just_before(found, before)
    if near is None or not near[1]:
        return False
    previous, gap = near
    if previous.resolved is None:  # a finer place with no coordinate leaves the town as the site
        return False
    if not _finer(previous, found):
        return False
    words = sentence.text[previous.end - sentence.start : previous.end + gap - sentence.start]
    within = (lang.data.get("roles") or {}).get("within") or []
    return bool(re.fullmatch("|".join(f"(?:{lang.source(p)})" for p in within) or "(?!)", words, lang.flags))


def keys(sentence: Sentence, mentions: list[PlaceMention]) -> set[str]:
    """The places (ids, else names as written) a sentence names."""
    return {
        m.resolved or m.as_written.casefold()
        for m in mentions
        if sentence.start <= m.start and m.end <= sentence.end
    }


def find(
    sentences: list[Sentence],
    mentions: list[PlaceMention],
    gazetteer: Gazetteer,
    event_type: str,
    lang: Language,
) -> list[PlaceDraft]:
    """The places the article names inside these sentences, once per place, with role and precision.

    `mentions` are the gazetteer's finds in the whole article (one pass, so a homonym is settled
    by every place and governorate the article names).
    """
    drafts: list[PlaceDraft] = []
    seen: set[str] = set()
    for sentence in sentences:
        inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        for index, found in enumerate(inside):
            if _context(found, inside[:index]) or _within(found, inside[:index], sentence, lang):
                continue
            words = Span(found.start, found.end, found.as_written, "place")
            key = found.resolved or words.text.casefold()
            if key in seen:
                continue
            seen.add(key)
            local = sentence.at(found.start - sentence.start)
            before = sentence.folded[max(0, local - _WINDOW) : local]
            role = _role(before, sentence.folded[:local], event_type, lang)
            if role == "target" and found.qualifier:
                role = "vicinity"  # "the countryside of X", "X desert": around X, not X itself
            place = gazetteer.get(found.resolved) if found.resolved else None
            if place is not None and place.feature_type == COUNTRY and role not in ROUTE_ENDS:
                continue  # "in Syria", "Iraqi territory": a country is a route's end, never a site
            review = found.review
            if place is None and review is None:
                review = (
                    f"'{words.text}': several places have this name ({', '.join(found.place_ids)})"
                    if found.place_ids
                    else f"'{words.text}': not in the gazetteer; kept as written, no coordinate"
                )
            drafts.append(
                PlaceDraft(
                    words,
                    place.place_id if place else None,
                    place.lat if place else None,
                    place.lon if place else None,
                    role,
                    _precision(found, place, role),
                    review,
                )
            )
    return drafts


_REFERRED_WINDOW = 1500  # characters back to the place that "the city" refers to


def referred(
    sentences: list[Sentence], mentions: list[PlaceMention], gazetteer: Gazetteer, lang: Language
) -> list[PlaceDraft]:
    """The place a sentence names only by its kind ("at a checkpoint in the city", في المدينة):
    the last place the article resolved before it, not far back, with an area precision and a
    note for the curator; none when no sentence says so or no place precedes."""
    cue = lang.cue("anaphora")
    for sentence in sentences:
        said = cue.search(sentence.folded)
        if said is None:
            continue
        earlier = [
            m
            for m in mentions
            if m.resolved and m.end <= sentence.start and sentence.start - m.end <= _REFERRED_WINDOW
        ]
        place = gazetteer.get(earlier[-1].resolved) if earlier else None
        if place is None:
            return []
        found = earlier[-1]
        words = sentence.span(said.start("w"), said.end("w"), "place")
        review = f"'{words.text}' taken to be '{found.as_written}', the place named last before it; check"
        held = _described(sentence, words, mentions, lang)
        if held:
            place = _holding([place.place_id, *held], gazetteer)
            if place is None:
                return []
            review = (
                f"'{words.text}' taken to be '{place.name}', the place that holds both "
                f"'{found.as_written}', named last before it, and what the sentence says it also holds; check"
            )
        return [
            PlaceDraft(
                words,
                place.place_id,
                place.lat,
                place.lon,
                "target",
                _precision(found, place, "vicinity"),
                review,
            )
        ]
    return []


def _described(sentence: Sentence, words: Span, mentions: list[PlaceMention], lang: Language) -> list[str]:
    """The places a relative clause right after "the area" puts in it ("over the area, which also
    saw training in X"): the area holds X too, so it is not simply the place named before."""
    told = sentence.cut_from or sentence
    after = told.at(words.end - told.start)
    clause = lang.words(lang.data.get("anaphora_described") or [], "start").match(told.folded[after:])
    if clause is None:
        return []
    return [m.resolved for m in mentions if m.resolved and words.end <= m.start and m.end <= told.end]


def _holding(place_ids: list[str], gazetteer: Gazetteer) -> Place | None:
    """The nearest place (by the gazetteer's parents) that holds every one of the places, or None."""

    def chain(place_id: str) -> list[str]:
        ids: list[str] = []
        while place_id and place_id not in ids:
            ids.append(place_id)
            place = gazetteer.get(place_id)
            place_id = place.parent_id if place else ""
        return ids

    chains = [chain(p) for p in place_ids]
    common = next((p for p in chains[0] if all(p in c for c in chains[1:])), None)
    return gazetteer.get(common) if common else None


def inside(found: set[str], around: set[str], gazetteer: Gazetteer | None) -> bool:
    """Every place of `found` lies within the radius of a place of `around` ("in the eastern
    countryside of Deir ez-Zor" after "across Deir ez-Zor province"): the same area, told closer."""
    if gazetteer is None or not found:
        return False
    wide = [p for p in (gazetteer.get(k) for k in around) if p is not None]
    for key in found:
        place = gazetteer.get(key)
        if place is None or not any(
            float(distance_km(w.lat, w.lon, [place.lat], [place.lon])[0]) * 1000 <= w.precision_m
            for w in wide
            if w.place_id != place.place_id
        ):
            return False
    return True
