"""The article's body as sentences: page chrome, captions, headings and repeats left out.

A saved page carries more than the report: date bars, "You might also like", comments,
photo captions. None of it may date or place an event, so the body ends at the first chrome
marker of the language (incidents/lang/*.yaml `chrome_stop`), and lines that are furniture
(`chrome_line`), headings (no sentence-final punctuation) or repeats of an earlier line are
not sentences of the report.
"""

from __future__ import annotations

import re

from incidents.draft.spans import Sentence, Span
from incidents.language import Language

_LINE = re.compile(r"[^\n]+")
_FINAL = re.compile(r"[.!?؟:…][\"”’')»]*\s*$")
# A sentence ends at . ! ? ؟ followed by space and a new sentence's first character.
_SPLIT = re.compile(r"(?<=[.!?؟])[\"”’')»]*\s+(?=[\"“‘(«•\-–—]?\s*[A-Z0-9\u0600-\u06ff])")
_BULLET = re.compile(r"^[\s•·*\-–—]+")


def body_lines(text: str, lang: Language) -> list[tuple[int, int]]:
    """(start, end) of each line of the report itself, in order."""
    stop = lang.words(lang.data.get("chrome_stop") or [], "start")
    furniture = [
        re.compile(f"^\\s*(?:{lang.source(p)})\\s*$", lang.flags) for p in lang.data.get("chrome_line") or []
    ]
    keys = [" ".join(m.group().split()).casefold() for m in _LINE.finditer(text)]
    repeated = {k for k in keys if k and keys.count(k) > 1}  # a caption or a headline shown twice
    lines = []
    for match in _LINE.finditer(text):
        line = match.group()
        key = " ".join(line.split()).casefold()
        if not key:
            continue
        if stop.match(line) and len(key) < 80:
            break
        if key in repeated or any(f.match(line) for f in furniture):
            continue
        lines.append((match.start(), match.end()))
    return lines


def headline(text: str) -> Span | None:
    """The first non-empty line, as the article's headline."""
    match = _LINE.search(text)
    while match and not match.group().strip():
        match = _LINE.search(text, match.end())
    if not match:
        return None
    line = match.group()
    lead = len(line) - len(line.lstrip())
    return Span(match.start() + lead, match.start() + len(line.rstrip()), line.strip(), "quote")


def is_heading(line: str) -> bool:
    """A title, crosshead or teaser: no sentence-final punctuation."""
    return not _FINAL.search(line)


def sentences(text: str, lang: Language) -> list[Sentence]:
    """The report's sentences, each a verbatim slice of `text` with its paragraph number."""
    found: list[Sentence] = []
    abbreviation = re.compile(f"(?<!\\w)(?:{'|'.join(lang.data.get('abbreviations') or ['(?!)'])})\\.$")
    dateline = re.compile("|".join(f"(?:{p})" for p in lang.data.get("dateline") or []) or "(?!)")
    for paragraph, (line_start, end) in enumerate(body_lines(text, lang)):
        opening = dateline.match(text, line_start, end)
        start = opening.end() if opening and opening.end() < end else line_start
        line = text[start:end]
        if is_heading(line):
            continue
        pieces, last = [], 0
        for cut in _SPLIT.finditer(line):
            if abbreviation.search(line[last : cut.start()]):
                continue
            pieces.append((last, cut.start()))
            last = cut.end()
        pieces.append((last, len(line)))
        for a, b in pieces:
            chunk = line[a:b]
            lead = len(chunk) - len(_BULLET.sub("", chunk))
            body = chunk[lead:].rstrip()
            if body:
                found.append(Sentence(start + a + lead, start + a + lead + len(body), body, paragraph))
    return found
