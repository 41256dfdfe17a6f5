"""Events that share words: a sentence of two clauses, a list of incidents, an implied earlier event.

Reporting packs several events into one sentence: "X was struck, while no confirmation was
obtained of attacks on Y" (two groups of sites the source trusts differently), "These incidents
occurred in the vicinity of A, the town of B, and sites in C" (one incident per item), "This marks
the second such strike in as many days" (an earlier strike the article only counts). The cue
words are the language's (incidents/lang/*.yaml `event_clause`, `distributive`,
`implied_earlier`); each piece stays a verbatim span of the article.
"""

from __future__ import annotations

import dataclasses
import re

from incidents.draft import event_type
from incidents.draft.events import EventParts, Segment
from incidents.draft.places import PlaceDraft
from incidents.draft.spans import Sentence
from incidents.language import Language

_LEADING = re.compile(r"[\s,،;؛]*")


def _piece(sentence: Sentence, start: int, end: int, joined: bool = False) -> Sentence:
    """The verbatim part of a sentence between two offsets of its folded text."""
    span = sentence.span(start, end, "quote")
    return Sentence(
        span.start, span.end, span.text, sentence.paragraph, joined, sentence.cut_from or sentence
    )


def clauses(sentences: list[Sentence], lang: Language) -> list[Sentence]:
    """The sentences, each cut where a second clause reports another event (`event_clause`)."""
    cue = lang.words(lang.data.get("event_clause") or [], "any")
    joined = lang.words(lang.data.get("joined_event") or [], "any")
    told = lang.cue("definite_event")
    found: list[Sentence] = []
    for sentence in sentences:
        pieces = _cut(sentence, cue.search(sentence.folded), joined=False)
        if pieces is None:
            pieces = next(
                (
                    p
                    for m in joined.finditer(sentence.folded)
                    if (p := _cut(sentence, m, joined=True))
                    and all(event_type.of_sentence(piece, lang) for piece in p)
                    and not told.search(p[1].folded)  # "..., while the strikes killed three": the same
                ),
                None,
            )
        found += pieces or [sentence]
    return found


def _cut(sentence: Sentence, cut: re.Match[str] | None, *, joined: bool) -> list[Sentence] | None:
    """The two verbatim clauses on either side of a joiner, or None when one would be empty;
    `joined`: the second reports an event of its own, whatever its type and date."""
    if cut is None:
        return None
    second = _LEADING.match(sentence.folded, cut.start()).end()
    head = sentence.folded[: cut.start()].rstrip()
    if not head or second >= len(sentence.folded):
        return None
    return [_piece(sentence, 0, len(head)), _piece(sentence, second, len(sentence.folded), joined)]


_ITEM_BREAK = {
    "en": r"\s*,\s*(?:and\s+)?|\s+and\s+",
    "ar": r"\s*[،,]\s*(?:و)?|\s+و(?=\S)",
}


def distribute(parts: EventParts, lang: Language) -> list[EventParts]:
    """One event per item of a list of incidents (`distributive`), each with the item's places;
    the event as it is when it lists none. The list's tolls belong to no single item: left out and
    sent to review."""
    cue = lang.words(lang.data.get("distributive") or [], "any")
    listing = next((s for s in parts.segment.sentences if cue.search(s.folded)), None)
    if listing is None:
        return [parts]
    rest = cue.search(listing.folded).end()
    items: list[list[PlaceDraft]] = []
    bounds = [rest]
    for cut in re.finditer(_ITEM_BREAK.get(lang.code, r"\s*,\s*"), listing.folded[rest:]):
        bounds += [rest + cut.start(), rest + cut.end()]
    bounds.append(len(listing.folded))
    for start, end in zip(bounds[::2], bounds[1::2], strict=False):
        a, b = listing.span(start, end, "quote").start, listing.span(start, end, "quote").end
        inside = [p for p in parts.places if a <= p.words.start and p.words.end <= b]
        if inside:
            items.append(inside)
    if len(items) < 2:
        return [parts]
    listed = {id(p) for item in items for p in item}
    others = [p for p in parts.places if id(p) not in listed]  # named before the list: the first item's
    review = [r for r in parts.review if not r.startswith("places:")]
    if parts.tolls:
        review.append(f"tolls: given for the {len(items)} listed incidents together; share them out or drop")
    drafts = []
    for index, item in enumerate(items):
        places = (others if index == 0 else []) + item
        drafts.append(
            dataclasses.replace(
                parts,
                segment=Segment([listing], parts.segment.date, parts.segment.kind),
                places=places,
                tolls={},
                review=review + [f"places: {p.review}" for p in places if p.review],
            )
        )
    return drafts


def implied(parts: EventParts, lang: Language) -> EventParts | None:
    """The earlier event a count asserts ("the second such strike in as many days"): the same
    type, the places of the sentence before the count, no date, no attribution, for review."""
    cue = lang.cue("implied_earlier")
    sentences = parts.segment.sentences
    index = next((i for i, s in enumerate(sentences) if cue.search(s.folded)), None)
    if index is None:
        return None
    sentence = sentences[index]
    words = cue.search(sentence.folded)
    said = sentence.span(words.start("w"), words.end("w"), "quote").text
    before = sentences[index - 1] if index else sentence
    places = [
        dataclasses.replace(p, role="target")
        for p in parts.places
        if before.start <= p.words.start < before.end and p.role != "vicinity"
    ]
    review = [
        f"event: implied by '{said}'; the article does not describe it: keep it only if another "
        "source does, and set its date",
        "date: not settled by the text; the earlier event's day is not given",
        "attacker: nobody named as the doer; check the attribution",
    ]
    return dataclasses.replace(
        parts,
        segment=Segment([sentence], None, parts.segment.kind),
        date=None,
        places=places,
        claims=[],
        attacker="unknown",
        confidence="unknown",
        unidentified=None,
        tolls={},
        review=review + [f"places: {p.review}" for p in places if p.review],
    )
