"""The event type from the words: the first type of the language's list whose cues a sentence holds.

The order in incidents/lang/*.yaml `event_types` is the rule: a drone strike on a weapons truck is
a drone strike, explosions with no cause named are an unattributed explosion. A drone that only
hovers (no attack word in the sentence) is not a strike; a strike named only as a time reference
("prior to the air raids") is not the sentence's event; explosions whose cause is only supposed
("possibly a drone", "unconfirmed reports of an attack") stay unattributed.
"""

from __future__ import annotations

from incidents.draft.spans import Sentence, Span
from incidents.language import Language

DRONE = "drone-strike"
OTHER = "other"
STRIKES = ("drone-strike", "air-strike", "shelling")  # the most specific first
EXPLOSION = "unattributed-explosion"
_REFERENCE_WINDOW = 30  # characters before a cue where "prior to the" makes it a time reference


def _cue(sentence: Sentence, cues: list[str], lang: Language) -> Span | None:
    reference = lang.words(lang.data.get("time_reference") or [], "end")
    attack = lang.cue("attack_words")
    for match in lang.words(cues).finditer(sentence.folded):
        before = sentence.folded[max(0, match.start() - _REFERENCE_WINDOW) : match.start()]
        # "prior to the air raids, locals heard" dates another event; "a day after a drone
        # struck a car" tells one (the cue has its own verb right after it).
        told = attack.match(sentence.folded[match.end() : match.end() + _REFERENCE_WINDOW].lstrip())
        if not reference.search(before) or told:
            return sentence.span(*match.span("w"), "type")
    return None


def _hedged(sentence: Sentence, lang: Language) -> bool:
    cues = list((lang.data.get("stances") or {}).get("suspected") or [])
    cues += list((lang.data.get("roles") or {}).get("unconfirmed") or [])
    return bool(lang.words(cues, "any").search(sentence.folded))


def of_sentence(sentence: Sentence, lang: Language) -> tuple[str, Span] | None:
    """The type one sentence reports, with the cue words, or None."""
    attack = lang.cue("attack_words")
    types = lang.data.get("event_types") or {}
    for slug, cues in types.items():
        words = _cue(sentence, cues, lang)
        if words is None:
            continue
        if slug == DRONE and not attack.search(sentence.folded):
            continue
        if slug in STRIKES and _hedged(sentence, lang):
            blasts = _cue(sentence, types.get(EXPLOSION) or [], lang)
            if blasts is not None:
                return EXPLOSION, blasts  # the explosions are sure, their cause is not
        return slug, words
    return None


def of_event(sentences: list[Sentence], lang: Language) -> tuple[str, Span | None]:
    """An event's type: its first typed sentence's; explosions whose cause a later sentence of
    the event names without a hedge (a drone, warplanes) take that cause's type."""
    found = [(f, s) for s in sentences if (f := of_sentence(s, lang))]
    if not found:
        return OTHER, None
    first = found[0][0]
    if first[0] == EXPLOSION:
        for strike in STRIKES:
            cause = next((f for f, s in found if f[0] == strike and not _hedged(s, lang)), None)
            if cause:
                return cause
    return first
