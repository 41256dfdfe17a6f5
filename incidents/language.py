"""What each language says: cue words and number words, read from incidents/lang/.

The drafter (incidents/draft) and the relative-date resolver (incidents/dates) keep no word
lists of their own: each language is one YAML file (incidents/lang/en.yaml, ar.yaml) and
number words are one table shared by every language (incidents/lang/numbers.csv). Adding a
language is adding a file. Patterns compile here, once, with the same word boundaries for all.

>>> number("twelve"), number("١٢"), number("ثلاثة")
(12, 12, 3)
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

LANG_DIR = Path(__file__).with_name("lang")
NUMBERS_CSV = LANG_DIR / "numbers.csv"
LANGUAGES = ("en", "ar")

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MARKS = "[\u064b-\u0652\u0670\u0640]*"
_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def detect(text: str) -> str:
    """'ar' when most letters are Arabic, else 'en'."""
    letters = [c for c in text[:5000] if c.isalpha()]
    arabic = sum(1 for c in letters if _ARABIC.match(c))
    return "ar" if letters and arabic * 2 > len(letters) else "en"


@functools.cache
def number_words() -> dict[str, dict[str, int]]:
    """numbers.csv as {language: {word: value}}."""
    table: dict[str, dict[str, int]] = {}
    with NUMBERS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["language"], {})[row["word"].casefold()] = int(row["value"])
    return table


def number(token: str) -> int | None:
    """A count written in digits (Latin or Arabic-Indic) or as a number word of any language."""
    text = " ".join(token.translate(_INDIC_DIGITS).replace(",", "").split()).casefold()
    if text.isdigit():
        return int(text)
    for words in number_words().values():
        if text in words:
            return words[text]
    return None


def _arabic_tolerant(pattern: str) -> str:
    """Let every Arabic letter outside a character class carry diacritics or a tatweel."""
    out, depth, escaped = [], 0, False
    for char in pattern:
        out.append(char)
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
        elif depth == 0 and _ARABIC.match(char):
            out.append(_ARABIC_MARKS)
    return "".join(out)


@dataclass
class Language:
    """One language's cue data and its patterns, compiled with whole-word boundaries."""

    code: str
    data: dict[str, Any]
    _cache: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)

    def source(self, pattern: str) -> str:
        """A pattern's regex body in this language (Arabic: diacritics allowed)."""
        return _arabic_tolerant(pattern) if self.code == "ar" else pattern

    def words(self, patterns: list[str] | tuple[str, ...], anchored: str = "word") -> re.Pattern[str]:
        """One regex for a list of cue patterns. `word`: whole words (Arabic: a prefix و ف ب ل
        may precede, the match group `w` excludes it); `start`: at the start of the text; `end`:
        at its end; `any`: anywhere."""
        key = f"{anchored}\x00" + "\x01".join(patterns)
        if key not in self._cache:
            # Longest first, so "air strikes" wins over "air strike".
            body = "|".join(self.source(p) for p in sorted(patterns, key=len, reverse=True))
            prefix = "(?:[وفبل](?=\\w))?" if self.code == "ar" else ""
            wrapped = {
                "word": f"(?<!\\w){prefix}(?P<w>{body})(?!\\w)",
                "start": f"^\\s*(?P<w>{body})",
                "end": f"(?P<w>{body})$",
                "any": f"(?P<w>{body})",
            }[anchored]
            self._cache[key] = re.compile(wrapped, re.IGNORECASE | re.MULTILINE)
        return self._cache[key]

    def cue(self, name: str) -> re.Pattern[str]:
        """The whole-word regex of a top-level list of cues (`background`, `attack_words`...)."""
        return self.words(self.data.get(name) or [])

    @property
    def numbers(self) -> dict[str, int]:
        return number_words().get(self.code, {})

    def number_pattern(self) -> str:
        """Digits (Latin or Arabic-Indic) or one of this language's number words, as a regex."""
        named = sorted((w for w in self.numbers if w not in ("a", "an")), key=len, reverse=True)
        return "(?:[0-9٠-٩]{1,4}|" + "|".join(self.source(re.escape(w)) for w in named) + ")"


@functools.cache
def language(code: str) -> Language:
    """The cue data of a language ('en', 'ar')."""
    path = LANG_DIR / f"{code}.yaml"
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or data.get("language") != code:
        raise ValueError(f"{path}: expected a mapping with 'language: {code}'")
    return Language(code, data)


def month_names(code: str) -> dict[str, int]:
    """Month name (folded) -> month number, every spelling of the language."""
    found: dict[str, int] = {}
    data = language(code).data
    for index, names in enumerate(data.get("months") or [], start=1):
        for name in [names] if isinstance(names, str) else names:
            found[name.casefold()] = index
    for index, name in enumerate(data.get("month_abbreviations") or [], start=1):
        found.setdefault(name.casefold(), index)
    return found


def weekday_names(code: str) -> dict[str, int]:
    """Weekday name (folded) -> Monday=0 ... Sunday=6."""
    found: dict[str, int] = {}
    for index, names in enumerate(language(code).data.get("weekdays") or []):
        for name in [names] if isinstance(names, str) else names:
            found[name.casefold()] = index
    return found


def relative_days() -> dict[str, tuple[int, int]]:
    """Relative words of every language -> (most, fewest) days before the day of speaking."""
    found: dict[str, tuple[int, int]] = {}
    for code in LANGUAGES:
        for words, (most, fewest) in (language(code).data.get("relative_days") or {}).items():
            found[words.casefold()] = (int(most), int(fewest))
    return found
