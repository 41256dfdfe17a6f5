"""Who did it: every actor named as the doer, with the stance of the words and who says so.

Actors and the words articles use for them are rows of incidents/actors.csv (`words_en`,
`words_ar`). An actor counts as a doer when its words sit next to a force word ("Israeli
warplanes", طائرات إسرائيلية) or after "by" ("carried out by American forces"); an actor named
as a target ("positions of Iranian-backed militias") is not. The stance is the sentence's
(incidents/lang/*.yaml `stances`, first match in file order), "attributed-by-source" when the
words are plain; "unidentified drones" make the attacker unknown. The assessment follows the
records' grading and is never stronger than the words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from incidents import actors
from incidents.draft.spans import Sentence, Span
from incidents.language import Language

UNKNOWN = actors.UNKNOWN
ATTRIBUTED = "attributed-by-source"
# The grading of the existing records (Method page): a claim confirms, a plain attribution by the
# source makes it likely, a suspicion, a party's blame or a denial leaves it possible.
CONFIDENCE = {
    "claimed": "confirmed",
    ATTRIBUTED: "likely",
    "blamed-by": "possible",
    "suspected": "possible",
    "denied": "possible",
}
_RANK = ["confirmed", "likely", "possible"]
_NEAR = 24  # characters between an actor's words and a force word


@dataclass(frozen=True)
class ClaimDraft:
    actor: Span
    attacker: str
    stance: str
    by: Span | None
    quote: Span


@functools.cache
def _actor_words(code: str) -> list[tuple[re.Pattern[str], str]]:
    found = []
    for actor in actors.known_actors().values():
        for word in actor.words.get(code, ()):
            flags = 0 if word.isupper() or "." in word else re.IGNORECASE
            pre = "(?:[وفبل](?=\\w))?" if code == "ar" else ""
            found.append((re.compile(rf"(?<!\w){pre}(?P<w>{re.escape(word)})(?![\w-])", flags), actor.slug))
    return found


def mentions(sentence: Sentence, lang: Language) -> list[tuple[Span, str]]:
    """Actor words in a sentence, longest first where they overlap."""
    hits = []
    for pattern, slug in _actor_words(lang.code):
        for m in pattern.finditer(sentence.text):
            hits.append((m.start("w"), m.end("w"), slug))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, str]] = []
    for start, end, slug in hits:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, slug))
    return [(sentence.span(s, e, "actor"), slug) for s, e, slug in kept]


def _is_doer(sentence: Sentence, start: int, end: int, lang: Language) -> bool:
    text = sentence.text
    force = lang.cue("force_words")
    after = text[end : end + _NEAR]
    before = text[max(0, start - _NEAR) : start]
    if force.match(after.lstrip(" -")) or (
        lang.code == "ar" and force.search(before.split()[-1] if before.split() else "")
    ):
        return True
    if lang.words(lang.data.get("doer_before") or [], "end").search(before):
        return True
    rest = text[end:].lstrip("”\"’'»")
    return bool(
        re.match("|".join(lang.source(p) for p in lang.data.get("doer_after") or []) or "(?!)", rest, re.I)
    )


def stance_of(sentence: Sentence, lang: Language) -> str | None:
    """The sentence's stance, or None when it says nobody claimed it ("neither ... claimed")."""
    for stance, cues in (lang.data.get("stances") or {}).items():
        if lang.words(cues).search(sentence.text):
            if stance == "claimed" and lang.cue("no_claim").search(sentence.text):
                return None
            return stance
    return ATTRIBUTED


def speaker(sentence: Sentence, lang: Language) -> Span | None:
    """Who says so, in the sentence's own words ("SOHR sources", "the Syrian regime's Ministry")."""
    for pattern in lang.data.get("speaker") or []:
        m = re.search(lang.source(pattern), sentence.text)
        if m and m.group("by").strip():
            start, end = m.span("by")
            text = sentence.text[start:end]
            start += len(text) - len(text.lstrip())
            end -= len(text) - len(text.rstrip())
            return sentence.span(start, end, "actor")
    return None


def find(sentences: list[Sentence], lang: Language) -> list[ClaimDraft]:
    """One claim per (actor, stance) named as the doer in the event's sentences."""
    claims: list[ClaimDraft] = []
    seen: set[tuple[str, str]] = set()
    for sentence in sentences:
        doers = [
            (s, slug)
            for s, slug in mentions(sentence, lang)
            if _is_doer(sentence, s.start - sentence.start, s.end - sentence.start, lang)
        ]
        if not doers:
            continue
        stance = stance_of(sentence, lang)
        if stance is None:
            continue
        by = speaker(sentence, lang)
        for span, slug in doers:
            if (slug, stance) in seen:
                continue
            seen.add((slug, stance))
            claims.append(ClaimDraft(span, slug, stance, by, sentence.whole()))
    return claims


def unidentified(sentences: list[Sentence], lang: Language) -> Span | None:
    """'unidentified drones', 'طائرات مجهولة': words saying the attacker is not known."""
    cue = lang.cue("unknown_attacker")
    for sentence in sentences:
        m = cue.search(sentence.text)
        if m:
            return sentence.span(*m.span("w"), "actor")
    return None


def assess(claims: list[ClaimDraft]) -> tuple[str, str]:
    """(attacker, confidence): the best-supported actor, never graded above its words."""
    if not claims:
        return UNKNOWN, "unknown"
    graded: dict[str, str] = {}
    for claim in claims:
        if claim.stance == "denied":
            continue
        grade = CONFIDENCE[claim.stance]
        if claim.attacker not in graded or _RANK.index(grade) < _RANK.index(graded[claim.attacker]):
            graded[claim.attacker] = grade
    if not graded:
        return UNKNOWN, "unknown"
    attacker = min(graded, key=lambda a: _RANK.index(graded[a]))
    grade = graded[attacker]
    denied = any(c.stance == "denied" and c.attacker == attacker for c in claims)
    if (len(graded) > 1 or denied) and grade != "confirmed":
        grade = "possible"  # accounts conflict
    return attacker, grade
