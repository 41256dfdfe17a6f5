"""Killed and injured, apart, from the words: never a number the text does not give.

"at least 12" is 12 or more; "over 15" and "more than 15" are 16 or more; "nearly 20" is at most
20; "about 20" and vague words ("several", "dozens", عدد من) keep their words with no number;
"no casualties were reported" is 0; a death toll "expected to rise" has no upper bound.
Patterns and qualifiers: incidents/lang/*.yaml `tolls`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from incidents import language
from incidents.draft.spans import Sentence, Span
from incidents.language import Language

KINDS = ("killed", "injured")


@dataclass(frozen=True)
class Toll:
    """A toll as the JSON gives it: a range (either end may be open) and the words it came from."""

    min: int | None
    max: int | None
    words: Span

    def to_dict(self) -> dict[str, object]:
        return {"min": self.min, "max": self.max, "words": self.words.text}


def _number_group(lang: Language) -> str:
    quals = lang.data["tolls"]["qualifiers"]
    qual = "|".join(lang.source(q) for group in quals.values() for q in sorted(group, key=len, reverse=True))
    vague = "|".join(lang.source(v) for v in sorted(lang.data["tolls"]["vague"], key=len, reverse=True))
    count = rf"(?:(?P<n>{lang.number_pattern()})|(?P<vague>{vague}))"
    noun = r"(?:\s+\S+){0,2}?" if lang.data["tolls"].get("qualifier_after_noun") else ""
    return rf"(?:(?P<qual>{qual})\s+)?{count}(?:{noun}\s+(?P<qual_after>{qual}))?"


@functools.cache
def _patterns(lang: Language, kind: str) -> list[re.Pattern[str]]:
    group = _number_group(lang)
    pre = lang.prefix
    return [
        re.compile(rf"(?<!\w){pre}(?P<all>{lang.source(p).replace('{n}', group)})(?!\w)", lang.flags)
        for p in lang.data["tolls"][kind]
    ]


def _qualifier(lang: Language, words: str | None) -> str | None:
    if not words:
        return None
    folded = " ".join(words.casefold().split())
    for name, group in lang.data["tolls"]["qualifiers"].items():
        if any(re.fullmatch(lang.source(q), folded, lang.flags) for q in group):
            return name
    return None


def _range(count: int, qualifier: str | None) -> tuple[int | None, int | None] | None:
    if qualifier is None:
        return count, count
    return {
        "at_least": (count, None),
        "more_than": (count + 1, None),
        "at_most": (None, count),
    }.get(qualifier)


def find(sentences: list[Sentence], lang: Language) -> dict[str, Toll]:
    """The first toll of each kind the sentences give ('killed', 'injured'); vague words
    ("several dead") give way to a later number ("Five militants died")."""
    found: dict[str, Toll] = {}
    none = lang.data["tolls"].get("none") or {}
    for sentence in sentences:
        for kind in KINDS:
            if kind in found and (found[kind].min is not None or found[kind].max is not None):
                continue
            vague = found.pop(kind, None)
            zero = lang.words(list(none.get("both") or []) + list(none.get(kind) or [])).search(
                sentence.folded
            )
            if zero:
                found[kind] = Toll(0, 0, sentence.span(*zero.span("w"), "number"))
                continue
            matches = [m for p in _patterns(lang, kind) for m in p.finditer(sentence.folded)]
            # The tightest phrase: "others injured", not "three militiamen dead and others injured".
            for m in sorted(matches, key=lambda m: (len(m["all"]), m.start()))[:1]:
                words = sentence.span(*m.span("all"), "number")
                groups = m.groupdict()
                if groups.get("one") or groups.get("two"):
                    count = 1 if groups.get("one") else 2
                    found[kind] = Toll(count, count, words)
                elif groups.get("n"):
                    count = language.number(groups["n"])
                    bounds = _range(count, _qualifier(lang, groups.get("qual") or groups.get("qual_after")))
                    found[kind] = Toll(*(bounds or (None, None)), words)
                else:
                    found[kind] = Toll(None, None, words)
            if kind not in found and vague is not None:
                found[kind] = vague
    rising = lang.words(lang.data["tolls"].get("open_ended") or [])
    killed = found.get("killed")
    if killed and killed.min and killed.max is not None and any(rising.search(s.folded) for s in sentences):
        found["killed"] = Toll(killed.min, None, killed.words)  # "the death toll is expected to rise"
    return found
