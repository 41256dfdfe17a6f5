"""The drafter's shared values: a verbatim span of the article and a sentence of it."""

from __future__ import annotations

from dataclasses import dataclass


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
    """One sentence of the article's body, with its place in the text and its paragraph."""

    start: int
    end: int
    text: str
    paragraph: int

    def span(self, start: int, end: int, kind: str) -> Span:
        """A span given by offsets inside this sentence."""
        return Span(self.start + start, self.start + end, self.text[start:end], kind)

    def whole(self) -> Span:
        return Span(self.start, self.end, self.text, "quote")
