"""Splitting an article into the events it reports, and drafting each one.

One draft per dated or distinctly reported event: a sentence reporting an event (an event-type
cue or a toll) with a date of its own starts an event; a reporting sentence without one, in a
new paragraph and of another type, starts an undated event; the rest of its paragraph and the
undated reporting sentences after it add places, tolls and attribution to it. Background ("the
area is frequently targeted") and summaries over a period ("from September 3 to October 8") are
not events. A strike wave on many sites in one night is one event with many sites, but a group
of its strikes told apart ("Other six raids hit ...", "on the same day, other explosions") is an
event of its own with the same date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from geodata.gazetteer import Gazetteer
from geodata.mentions import PlaceMention
from incidents.draft import claims as claims_
from incidents.draft import dates as dates_
from incidents.draft import event_type, places, text, tolls
from incidents.draft.spans import Sentence, Span
from incidents.language import Language


@dataclass
class Segment:
    """The sentences of one event, the first one reporting it."""

    sentences: list[Sentence]
    date: dates_.DateDraft | None
    kind: str | None
    sibling_of: Segment | None = None  # the event of the same moment told just before ("Other six raids")

    @property
    def anchor(self) -> Sentence:
        return self.sentences[0]


@dataclass
class EventParts:
    """Everything drafted for one event, each value with its verbatim span."""

    segment: Segment
    event_type: str
    type_words: Span | None
    date: dates_.DateDraft | None
    places: list[places.PlaceDraft]
    claims: list[claims_.ClaimDraft]
    attacker: str
    confidence: str
    unidentified: Span | None
    tolls: dict[str, tolls.Toll]
    review: list[str] = field(default_factory=list)


def _is_period(sentence: Sentence, mentions: list[dates_.DateMention], lang: Language) -> bool:
    absolute = [m for m in mentions if m.kind == "absolute"]
    joiners = lang.data.get("period_joiners") or []
    for first, second in itertools.pairwise(absolute):
        between = sentence.text[first.span.end - sentence.start : second.span.start - sentence.start]
        if re.fullmatch(rf"\s*(?:{'|'.join(joiners)})\s*", between, lang.flags):
            return True
    return False


_REFERENCE_WINDOW = 80  # characters after "since the outbreak of the war" where a date is its date


def _referenced(sentence: Sentence, mention: dates_.DateMention, lang: Language) -> bool:
    """A date that belongs to a reference point, not to the event ("since the outbreak of the
    war on October 7", منذ اندلاع الحرب): no event's date."""
    offset = sentence.at(mention.span.start - sentence.start)
    before = sentence.folded[max(0, offset - _REFERENCE_WINDOW) : offset]
    return bool(lang.cue("date_reference").search(before))


def _in_relative_clause(sentence: Sentence, cue: Span, offset: int, lang: Language) -> bool:
    """Background words (at `offset` of the folded sentence) inside a relative clause opened
    after the sentence's event words (`cue`): "..., which has come to the fore since the war"."""
    start = sentence.at(cue.end - sentence.start)
    return start < offset and bool(
        lang.words(lang.data.get("relative_clause") or [], "any").search(sentence.folded[start:offset])
    )


def _same_day(a: dates_.DateDraft | None, b: dates_.DateDraft | None) -> bool:
    if a is None or b is None:
        return False
    if a.known or b.known:
        return (a.earliest, a.latest, a.month_day) == (b.earliest, b.latest, b.month_day)
    return (a.words.text.casefold() if a.words else None) == (b.words.text.casefold() if b.words else None)


STRIKES = ("drone-strike", "air-strike", "shelling")  # the most specific first
EXPLOSION = "unattributed-explosion"
SHIPMENT = "weapons-shipment"


def _continues(kind: str | None, current: Segment, sentence: Sentence, lang: Language) -> bool:
    """A reporting sentence that goes on with the current event rather than starting another:
    the same type, no type, a strike and its explosions told in either order, or a shipment
    hit by the strike ("the car loaded with weapons was targeted")."""
    if kind is None or kind == current.kind:
        return True
    blasts = (*STRIKES, EXPLOSION)
    if kind in blasts and current.kind in blasts:
        return True
    return (
        current.kind in STRIKES
        and kind == SHIPMENT
        and bool(lang.cue("attack_words").search(sentence.folded))
    )


def segment(
    sentences: list[Sentence],
    lang: Language,
    published: dt.date | None,
    mentions: list[PlaceMention] | None = None,
    gazetteer: Gazetteer | None = None,
) -> tuple[list[Segment], list[Sentence]]:
    """The events of an article, in order, and its summary sentences (background, a period,
    "these attacks"), which report no event of their own; `mentions` (the gazetteer's finds) let an undated
    report of other places in a new paragraph be an event of its own, unless a date ties it to the
    event before (the other sites of a dated strike wave)."""
    mentions = mentions or []
    segments: list[Segment] = []
    current: Segment | None = None
    previous: dates_.DateDraft | None = None
    pending: dates_.DateDraft | None = None
    background = lang.cue("background")
    summaries: list[Sentence] = []
    for sentence in sentences:
        said = [m for m in dates_.find(sentence, lang) if not _referenced(sentence, m, lang)]
        found = event_type.of_sentence(sentence, lang)
        usual = background.search(sentence.folded)
        if usual and found and _in_relative_clause(sentence, found[1], usual.start(), lang):
            usual = None  # "The explosion killed X, who had fought since the outbreak of the war"
        if (
            (usual and not said)  # a dated sentence reports, however worded
            or _is_period(sentence, said, lang)
            or lang.cue("summary").search(sentence.folded)
        ):
            summaries.append(sentence)
            continue
        kind = found[0] if found else None
        reports = kind is not None or bool(tolls.find([sentence], lang))
        report = dates_.reported_on(sentence, said, lang)
        spoken = dates_.resolve(report, published, previous) if report else None
        dating = dates_.first([m for m in said if m is not report])
        date = dates_.resolve(dating, published, previous, spoken) if dating else None
        if current is not None and lang.cue("same_moment").search(sentence.folded):
            # "On the same day ... other explosions", "Other six raids hit": another event of the
            # moment just reported, even in its paragraph, dated like it unless it says otherwise
            current = Segment([sentence], date or current.date, kind or current.kind, current)
            segments.append(current)
            previous = current.date or previous
            pending = None
            continue
        if current is not None and sentence.joined and kind is not None:
            # "drones hovered over the area, which also saw training at X": the second clause's
            # event, told with the first but not of its moment: only its own date and doer
            current = Segment([sentence], date, kind)
            segments.append(current)
            previous = date or previous
            pending = None
            continue
        same_paragraph = current is not None and current.sentences[-1].paragraph == sentence.paragraph
        if date is not None and not reports:
            pending = date  # "On February 22, sources told SOHR:" dates the report that follows
            continue
        if not reports:
            if current is not None and same_paragraph:
                current.sentences.append(sentence)
            continue
        if (
            current is not None
            and dating is not None
            and dating.kind == "relative"
            and sentence.paragraph - current.sentences[-1].paragraph <= 1
            and lang.cue("definite_event").search(sentence.folded)
            and _continues(kind, current, sentence, lang)
            and not lang.cue("new_event").search(sentence.folded)
        ):
            # "A source said the strikes targeted trucks that had entered two days ago": the
            # strikes just told, whose sub-clause's date is not theirs.
            current.sentences.append(sentence)
            continue
        date = date or (pending if pending is not None else None)
        pending = None
        elsewhere = (
            current is not None
            and not same_paragraph
            and bool(here := places.keys(sentence, mentions))
            and not here & set().union(*(places.keys(s, mentions) for s in current.sentences))
        )
        turn = bool(lang.cue("new_event").search(sentence.folded))  # "In a related development"
        closer = (  # "across Deir ez-Zor province", then "in the eastern countryside of Deir ez-Zor"
            current is not None
            and elsewhere
            and places.inside(
                places.keys(sentence, mentions),
                set().union(*(places.keys(s, mentions) for s in current.sentences)),
                gazetteer,
            )
        )
        if (
            current is not None
            and len(segments) == 1
            and date is not None
            and current.date is None
            and kind in (current.kind, None)
            and sentence.paragraph - current.sentences[-1].paragraph <= 1
            and not ((elsewhere and not closer) or turn)
        ):
            current.date = date  # the article's undated lead, dated by the next sentence
            current.sentences.append(sentence)
            previous = date
            continue
        if same_paragraph and date is not None and not date.known and current is not None and current.date:
            date = None  # "this evening" inside a dated report is that report's evening
        if current is None or (turn and not same_paragraph):
            new = True
        elif date is not None:
            new = not _same_day(date, current.date) or (
                not same_paragraph and not _continues(kind, current, sentence, lang)
            )
        else:
            new = not same_paragraph and (
                not _continues(kind, current, sentence, lang)
                or (elsewhere and (not (current.date and current.date.known) or kind != current.kind))
            )
        if new:
            current = Segment([sentence], date, kind)
            segments.append(current)
        else:
            current.sentences.append(sentence)
            current.kind = current.kind or kind
        if date is not None:
            previous = date
    return segments, summaries


def draft_event(
    seg: Segment,
    mentions: list[PlaceMention],
    gazetteer: Gazetteer,
    lang: Language,
    summaries: list[Sentence] | None = None,
    headline: Sentence | None = None,
) -> EventParts:
    """Type, places, attribution and tolls of one event, with the curator's review list.

    A strike event with no doer of its own takes the attribution of the article's summary
    sentences about "these attacks" (the summary's words, the summary's stance); the first event,
    if its sentences name no place, takes the places of the `headline`."""
    slug, type_words = event_type.of_event(seg.sentences, lang)
    inherited = slug == event_type.OTHER and seg.kind not in (None, event_type.OTHER)
    if inherited:  # "while no confirmation was obtained of the attacks on Y": the event before's type
        slug = seg.kind
    sites = places.find(seg.sentences, mentions, gazetteer, slug, lang)
    if not sites and headline is not None:  # "Drone strike in Hajin" over "the town was hit"
        sites = places.find([headline], mentions, gazetteer, slug, lang)
    if not sites:  # "at a checkpoint in the city": the place the article named last
        sites = places.referred(seg.sentences, mentions, gazetteer, lang)
    found = claims_.find(seg.sentences, lang, moving=slug in places.MOVING)
    told = seg.sibling_of
    while not found and told is not None and slug in STRIKES:  # "Other six raids hit ...": the wave's doer
        found = claims_.find(told.sentences, lang)
        told = told.sibling_of
    inherited_claims = bool(found) and not claims_.find(seg.sentences, lang, moving=slug in places.MOVING)
    if not found and slug in STRIKES and summaries:
        found = claims_.find([s for s in summaries if lang.cue("summary").search(s.folded)], lang)
    unknown = claims_.unidentified(seg.sentences, lang)
    attacker, confidence = claims_.assess(found)
    counts = tolls.find(seg.sentences, lang)
    review = []
    if seg.date is None or not seg.date.known:
        words = f" ('{seg.date.words.text}')" if seg.date and seg.date.words else ""
        review.append(
            f"date: not settled by the text{words}; set it from the publication day or leave unknown"
        )
    elif seg.date.month_day and seg.date.earliest is None:
        review.append(f"date: day and month '{seg.date.words.text}' with no year; set the candidate years")
    if not sites:
        review.append("places: none found; add the sites the article names")
    review += [f"places: {p.review}" for p in sites if p.review]
    if slug == event_type.OTHER:
        review.append("event type: no cue words; choose the type")
    elif inherited:
        review.append(f"event type: no cue words of its own; '{slug}' as the event told just before")
    if inherited_claims:
        review.append(
            "attacker: the attribution is that of the event told just before, of the same moment; check"
        )
    if not found:
        why = f" ('{unknown.text}')" if unknown else ""
        review.append(f"attacker: nobody named as the doer{why}; check the attribution")
    for kind, toll in counts.items():
        if toll.min is None and toll.max is None:
            review.append(f"{kind}: '{toll.words.text}' gives no number")
    return EventParts(
        seg, slug, type_words, seg.date, sites, found, attacker, confidence, unknown, counts, review
    )


def published_in_text(article: str, lang: Language) -> tuple[dt.date, Span] | None:
    """A publication line at the top of the page ("Published: 14 January 2021", نشر في ...)."""
    cue = lang.words(lang.data.get("published_line") or [], "start")
    for start, end in text.body_lines(article, lang)[:12]:
        line = article[start:end]
        m = cue.match(line)
        if not m:
            continue
        sentence = Sentence(start, end, line, 0)
        for mention in dates_.find(sentence, lang):
            if (
                mention.kind == "absolute"
                and mention.year
                and mention.year > 0
                and mention.month
                and mention.day
            ):
                try:
                    return dt.date(mention.year, mention.month, mention.day), mention.span
                except ValueError:
                    continue
    return None
