"""The drafter's shared values: a verbatim span of the article and a sentence of it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")
"""Arabic diacritics and the tatweel: the cue patterns are written without them."""
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
"""Arabic-Indic digits read as 0-9 (one character for one, so offsets stay put)."""


@dataclass(frozen=True)
class Span:
    """Verbatim words of the article (`text == article[start:end]`) and what they evidence."""

    start: int
    end: int
    text: str
    kind: str  # place | date | actor | number | type | quote

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article's body, with its place in the text and its paragraph.

    Cue patterns match `folded` (the text without Arabic diacritics or tatweel, so "مسيّرة"
    matches "مسيرة", and with Arabic-Indic digits as 0-9); `span` maps offsets in `folded` back
    to the verbatim text.
    """

    start: int
    end: int
    text: str
    paragraph: int
    joined: bool = False  # the second clause of a sentence reporting two events: an event of its own
    cut_from: Sentence | None = None  # a clause cut from a sentence: that sentence

    @cached_property
    def _kept(self) -> tuple[int, ...]:
        return (*(i for i, c in enumerate(self.text) if not _MARKS.match(c)), len(self.text))

    @cached_property
    def folded(self) -> str:
        return _MARKS.sub("", self.text).translate(_DIGITS)

    def at(self, offset: int) -> int:
        """The offset in `folded` of an offset in the verbatim text."""
        kept = self._kept
        low, high = 0, len(kept) - 1
        while low < high:  # first kept index >= offset
            mid = (low + high) // 2
            if kept[mid] < offset:
                low = mid + 1
            else:
                high = mid
        return low

    def span(self, start: int, end: int, kind: str) -> Span:
        """A span given by offsets in `folded`, as the verbatim words (with their diacritics)."""
        first = self._kept[start]
        last = self._kept[end - 1] + 1 if end > start else first
        while last < len(self.text) and _MARKS.match(self.text[last]):
            last += 1  # the marks on the last letter belong to the words
        return Span(self.start + first, self.start + last, self.text[first:last], kind)

    def whole(self) -> Span:
        return Span(self.start, self.end, self.text, "quote")
