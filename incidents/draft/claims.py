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
from incidents.language import Language, language

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
_BEFORE = 60  # characters before an actor where "aircraft, presumably affiliated with the" may stand
_ARABIC_BACK = 4  # words before an Arabic actor adjective where its noun may stand


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
            lang = language(code)
            article = lang.data.get("article")
            body = re.escape(word)
            if article and word.startswith(article):  # after a prefix the article may be gone
                body = f"(?:{article})?{re.escape(word[len(article) :])}"
            found.append((re.compile(rf"(?<!\w){lang.prefix}(?P<w>{body})(?![\w-])", flags), actor.slug))
    return found


def mentions(sentence: Sentence, lang: Language) -> list[tuple[int, int, str]]:
    """Actor words in a sentence (offsets in `sentence.folded`, slug), longest where they overlap."""
    hits = []
    for pattern, slug in _actor_words(lang.code):
        for m in pattern.finditer(sentence.folded):
            hits.append((m.start("w"), m.end("w"), slug))
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    kept: list[tuple[int, int, str]] = []
    for start, end, slug in hits:
        if not any(start < e and s < end for s, e, _ in kept):
            kept.append((start, end, slug))
    return sorted(kept)


def _is_doer(sentence: Sentence, start: int, end: int, lang: Language) -> bool:
    text = sentence.folded
    force = lang.cue("force_words")
    after = text[end : end + _NEAR]
    if force.match(after.lstrip(" -")):
        return True  # "Israeli warplanes"
    if lang.data.get("adjective_after_noun"):  # "طائرات حربية يُرجّح أنها إسرائيلية"
        before_words = text[:start].split()[-_ARABIC_BACK:]
        targets = lang.cue("target_words")
        for index, word in enumerate(before_words):
            if force.fullmatch(word) and not any(targets.search(w) for w in before_words[index + 1 :]):
                return True
    before = text[max(0, start - _BEFORE) : start]
    if lang.words(lang.data.get("doer_before") or [], "end").search(before):
        return True
    rest = text[end:].lstrip("”\"’'»")
    return bool(
        re.match(
            "|".join(lang.source(p) for p in lang.data.get("doer_after") or []) or "(?!)", rest, lang.flags
        )
    )


def stance_of(text: str, lang: Language) -> str | None:
    """The stance of a clause's words, or None when it only says nobody claimed it
    ("neither ... claimed")."""
    no_claim = lang.cue("no_claim").search(text)
    for stance, cues in (lang.data.get("stances") or {}).items():
        if lang.words(cues).search(text) and not (stance == "claimed" and no_claim):
            return stance
    return None if no_claim else ATTRIBUTED


def clause(sentence: Sentence, offset: int, lang: Language) -> str:
    """The clause of the sentence around an offset: the words between strong breaks (";",
    "while", "but", فيما), so a denial in one clause does not colour the actor of another."""
    text = sentence.folded
    start, end = 0, len(text)
    for m in lang.cue("clause_breaks").finditer(text):
        if m.end("w") <= offset:
            start = m.end("w")
        elif m.start("w") >= offset:
            end = m.start("w")
            break
    return text[start:end]


def speaker(sentence: Sentence, lang: Language) -> Span | None:
    """Who says so, in the sentence's own words ("SOHR sources", "the Syrian regime's Ministry")."""
    for pattern in lang.data.get("speaker") or []:
        m = re.search(lang.source(pattern), sentence.folded)
        if m and m.group("by").strip():
            start, end = m.span("by")
            text = sentence.folded[start:end]
            start += len(text) - len(text.lstrip())
            end -= len(text) - len(text.rstrip())
            return sentence.span(start, end, "actor")
    return None


def find(sentences: list[Sentence], lang: Language, moving: bool = False) -> list[ClaimDraft]:
    """One claim per (actor, stance) named as the doer in the event's sentences, each with the
    stance of its own clause. In a shipment or a movement (`moving`) any actor not named as a
    target is the one moving ("a convoy of the Fatemiyoun militia")."""
    claims: list[ClaimDraft] = []
    seen: set[tuple[str, str]] = set()
    for sentence in sentences:
        for start, end, slug in mentions(sentence, lang):
            if not (
                _is_doer(sentence, start, end, lang) or (moving and not _is_target(sentence, start, lang))
            ):
                continue
            stance = stance_of(clause(sentence, start, lang), lang)
            if stance is None or (slug, stance) in seen:
                continue
            seen.add((slug, stance))
            by = speaker(sentence, lang)
            claims.append(ClaimDraft(sentence.span(start, end, "actor"), slug, stance, by, sentence.whole()))
    return claims


def _is_target(sentence: Sentence, start: int, lang: Language) -> bool:
    """Named as what was hit ("positions of Iranian-backed militias", مواقع للميليشيات)."""
    before = sentence.folded[:start].split()[-_ARABIC_BACK:]
    targets = lang.cue("target_words")
    return any(targets.search(word) for word in before)


def unidentified(sentences: list[Sentence], lang: Language) -> Span | None:
    """'unidentified drones', 'طائرات مجهولة': words saying the attacker is not known."""
    cue = lang.cue("unknown_attacker")
    for sentence in sentences:
        m = cue.search(sentence.folded)
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
