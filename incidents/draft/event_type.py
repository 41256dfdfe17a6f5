"""The event type from the words: the first type of the language's list whose cues a sentence holds.

The order in incidents/lang/*.yaml `event_types` is the rule: a drone strike on a weapons truck is
a drone strike, explosions with no cause named are an unattributed explosion. A drone that only
hovers (no attack word in the sentence) is not a strike.
"""

from __future__ import annotations

from incidents.draft.spans import Sentence, Span
from incidents.language import Language

DRONE = "drone-strike"
OTHER = "other"


def of_sentence(sentence: Sentence, lang: Language) -> tuple[str, Span] | None:
    """The type one sentence reports, with the cue words, or None."""
    attack = lang.cue("attack_words")
    for slug, cues in (lang.data.get("event_types") or {}).items():
        match = lang.words(cues).search(sentence.text)
        if match is None:
            continue
        if slug == DRONE and not attack.search(sentence.text):
            continue
        return slug, sentence.span(*match.span("w"), "type")
    return None


def of_event(sentences: list[Sentence], lang: Language) -> tuple[str, Span | None]:
    """An event's type: its first sentence's if it has one, else the first of the others'."""
    for sentence in sentences:
        found = of_sentence(sentence, lang)
        if found:
            return found
    return OTHER, None
