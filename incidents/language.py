"""What each language says: cue words and number words, read from incidents/lang/.

The drafter (incidents/draft) and the relative-date resolver (incidents/dates) keep no word
lists of their own: each language is one YAML file (incidents/lang/en.yaml, ar.yaml) and
number words are one table shared by every language (incidents/lang/numbers.csv). Adding a
language is adding a file. Patterns compile here, once, with the same word boundaries for all;
they are written without Arabic diacritics and match text with its diacritics taken out
(incidents.draft.spans).

>>> number("twelve"), number("١٢"), number("ثلاثة"), number("twenty-two"), number("خمسة عشر")
(12, 12, 3, 22, 15)
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


_JOINER = re.compile(r"\s+و(?=\S)|[\s\-]+(?:and\s+)?")
_HUNDRED = 100


def number(token: str) -> int | None:
    """A count written in digits (Latin or Arabic-Indic, "1,200") or in number words of any
    language, compounds too ("twenty-two", "two hundred", "خمسة عشر", "اثنين وعشرين")."""
    text = " ".join(token.translate(_INDIC_DIGITS).replace(",", "").replace("٬", "").split()).casefold()
    if text.isdigit():
        return int(text)
    for words in number_words().values():
        if text in words:
            return words[text]
        parts = [p for p in _JOINER.split(text) if p]
        if len(parts) > 1 and all(p in words for p in parts):
            total = 0
            for part in parts:
                value = words[part]
                total = total * value if value == _HUNDRED and total else total + value
            return total
    return None


@dataclass(eq=False)  # one object per language (language() caches it), hashable by identity
class Language:
    """One language's cue data and its patterns, compiled with whole-word boundaries."""

    code: str
    data: dict[str, Any]
    _cache: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)

    @property
    def flags(self) -> int:
        """Case-insensitive matching where the script has case; none for Arabic, whose patterns
        then compile many times faster (the diacritic classes need no case folding)."""
        return 0 if self.code == "ar" else re.IGNORECASE

    def source(self, pattern: str) -> str:
        """A pattern's regex body in this language (the drafter matches text without diacritics)."""
        return pattern

    def words(self, patterns: list[str] | tuple[str, ...], anchored: str = "word") -> re.Pattern[str]:
        """One regex for a list of cue patterns. `word`: whole words (Arabic: a prefix و ف ب ل
        may precede, the match group `w` excludes it); `start`: at the start of the text; `end`:
        at its end; `any`: anywhere."""
        key = f"{anchored}\x00" + "\x01".join(patterns)
        if key not in self._cache:
            # Longest first, so "air strikes" wins over "air strike".
            body = "|".join(self.source(p) for p in sorted(patterns, key=len, reverse=True)) or "(?!)"
            prefix = self.prefix
            wrapped = {
                "word": f"(?<!\\w){prefix}(?P<w>{body})(?!\\w)",
                "start": f"^\\s*(?P<w>{body})",
                "end": f"(?P<w>{body})$",
                "any": f"(?P<w>{body})",
            }[anchored]
            self._cache[key] = re.compile(wrapped, self.flags | re.MULTILINE)
        return self._cache[key]

    def cue(self, name: str) -> re.Pattern[str]:
        """The whole-word regex of a top-level list of cues (`background`, `attack_words`...)."""
        return self.words(self.data.get(name) or [])

    @property
    def prefix(self) -> str:
        """The letters a word may carry in front (Arabic و ف ب ل ك, and لل for ل + ال), as an
        optional regex group outside the cue's own match."""
        letters = self.data.get("word_prefix")
        return f"(?:{letters}(?=\\w))?" if letters else ""

    @property
    def numbers(self) -> dict[str, int]:
        return number_words().get(self.code, {})

    def ordinal_pattern(self) -> str:
        """This language's ordinal day words ("fourth", "الرابع"), as a regex (numbers.csv)."""
        words = sorted(number_words().get(f"{self.code}-ordinal", {}), key=len, reverse=True)
        return "(?:" + "|".join(re.escape(w).replace("\\ ", "\\s+") for w in words) + ")" if words else "(?!)"

    def number_pattern(self) -> str:
        """Digits (Latin or Arabic-Indic) or one of this language's number words, as a regex."""
        named = sorted((w for w in self.numbers if w not in ("a", "an")), key=len, reverse=True)
        word = "(?:" + "|".join(self.source(re.escape(w)) for w in named) + ")"
        digits = "[0-9٠-٩]{1,3}(?:[,٬][0-9٠-٩]{3})+|[0-9٠-٩]{1,5}"
        # "twenty-two", "two hundred", "خمسة عشر", "اثنين وعشرين": words joined by a space, hyphen or و
        return f"(?:{digits}|{word}(?:(?:[\\s\\-]+|\\s+و){word})*)"


@functools.cache
def language(code: str) -> Language:
    """The cue data of a language ('en', 'ar')."""
    path = LANG_DIR / f"{code}.yaml"
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or data.get("language") != code:
        raise ValueError(f"{path}: expected a mapping with 'language: {code}'")
    return Language(code, data)


_NUMERIC = ("relative_days", "anchored_days")  # mappings of words to day counts, not patterns
_FLAGS = ("adjective_after_noun", "qualifier_after_noun")


def problems(code: str) -> list[str]:
    """What is wrong in a language file: a cue that is not a string (YAML read "a: b" as a
    mapping) or not a regular expression; the drafter would otherwise fail on the first article."""
    found: list[str] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in _NUMERIC:
                    if not all(isinstance(v, (int, list)) for v in item.values()):
                        found.append(f"{path}.{key}: every value must be a day count")
                elif key not in _FLAGS:
                    walk(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    found.append(f"{path}[{index}]: {item!r} is not a string (quote it in the YAML)")
                else:
                    walk(item, f"{path}[{index}]")
        elif isinstance(value, str):
            try:
                re.compile(value)
            except re.error as exc:
                found.append(f"{path}: {value!r} is not a regular expression ({exc})")
        else:
            found.append(f"{path}: {value!r} is not a string (quote it in the YAML)")

    walk({k: v for k, v in language(code).data.items() if k != "language"}, "")
    return [f"incidents/lang/{code}.yaml: {p}" for p in found]


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
