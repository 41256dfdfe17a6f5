"""Normalising Latin and Arabic spellings of place names to one matching key.

Reports spell the same town al-Bokamal, Albu Kamal, AlbuKamal, Abu Kamal or البوكمال. Matching on a
*key* that erases what transliterations disagree on (case, diacritics, apostrophes, the article,
spaces, vowel and consonant swaps, Arabic hamza and ta marbuta forms) lets one alias cover them all.
The swaps are data (``transliteration.csv``) so a curator can add one without touching code.

>>> normalise("Al-Bokamal") == normalise("Albu Kamal") == normalise("AlbuKamal") == normalise("Abu Kamal")
True
>>> normalise("البوكمال") == normalise("أبو كمال") == normalise("البو كمال")
True
>>> normalise("Deir ez-Zor") == normalise("Deir Ezzor") == normalise("Dayr az-Zawr")
True
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TRANSLITERATION_CSV = Path(__file__).with_name("transliteration.csv")

# Apostrophe-like marks transliterations use for ayn and hamza: removed, not spaced (by every fold:
# these names and `fold` alike).
APOSTROPHES = re.compile(r"['’‘ʿʾʻʼ`´′\"]")
_SEPARATORS = re.compile(r"[^\w]+|_")
# The Arabic article written as its own word, including sun-letter assimilations (ad-, ar-, ash-...),
# and the English article, which reporting puts in front of Arabic names ("the Koniko gas field").
_ARTICLES = frozenset(
    {"al", "el", "il", "ul", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"}
    | {"ed", "en", "er", "es", "esh", "et", "ez", "the"}
)
# Article glued to a doubled sun letter: "Ezzor", "Arraqqa", "Assusah".
_GLUED_SUN_ARTICLE = re.compile(r"^[ae](sh|th|dh|[tdrzsnl])(?=\1)")
# "Albu"/"Abu"/"Abou"/"Bou" (the clan prefix, آل بو / أبو): reports use them interchangeably.
_ALBU = re.compile(r"^(?:albu|alboo|albou|abu|abou|aboo|bou)(?=[a-z]|$)")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
# The article glued inside a run-together Arabic name: "ديرالزور" for "دير الزور".
_GLUED_ARABIC_ARTICLE = re.compile(r"(?<=[\u0600-\u06ff]{3})ال(?=[\u0600-\u06ff]{3})")
_ARABIC_FOLD = str.maketrans(
    {
        "ة": "ه",  # ta marbuta
        "ى": "ي",  # alef maqsura
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian kaf
        "ء": None,  # lone hamza
        "ـ": None,  # tatweel
    }
)


@functools.cache
def _rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Transliteration swaps, applied in file order to the Latin key."""
    with TRANSLITERATION_CSV.open(encoding="utf-8", newline="") as fh:
        return tuple((re.compile(row["pattern"]), row["replacement"]) for row in csv.DictReader(fh))


def strip_marks(text: str) -> str:
    """Drop diacritics and Arabic short vowels/hamza seats: NFKD then remove combining marks.

    NFKD splits أ إ آ ؤ ئ into a base letter plus a combining hamza or madda, so removing marks also
    folds the alef and hamza variants.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Lower-case words of a name without diacritics, apostrophes, hyphens or punctuation."""
    text = strip_marks(text).casefold().translate(_ARABIC_FOLD)
    text = APOSTROPHES.sub("", text)
    return [t for t in _SEPARATORS.split(text) if t]


def _token_key(token: str, first: bool) -> str:
    if _ARABIC_LETTER.match(token):
        if token == "ابو":  # noqa: S105 (a word, not a password)
            return "بو"
        if token.startswith("ال") and len(token) > 3:
            token = token[2:]
        return _GLUED_ARABIC_ARTICLE.sub("", token)
    token = _ALBU.sub("bu", token)
    token = _GLUED_SUN_ARTICLE.sub("", token)
    if first and token.startswith("al") and len(token) >= 6 and not token.startswith("ali"):
        token = token[2:]  # article glued on: "Alqaim", "Almayadin"
    return token


def normalise(text: str) -> str:
    """The matching key of a name: equal keys mean the same spelling up to transliteration."""
    words = [t for t in tokens(text) if t not in _ARTICLES]
    key = "".join(_token_key(t, i == 0) for i, t in enumerate(words))
    for pattern, replacement in _rules():
        key = pattern.sub(replacement, key)
    return key


def is_article(word: str) -> bool:
    """Whether a word is only an article ("al", "el", "the", "ال"), which a name may start with."""
    return word.casefold() in _ARTICLES or word == "ال"


def light(text: str) -> str:
    """Lower-case, unaccented, apostrophe-free text with single spaces, for qualifier patterns."""
    return " ".join(tokens(text))


# --- the one text fold ------------------------------------------------------------------------------

_TATWEEL = "\u0640"
# ASCII whitespace as str.split() sees it, spelled out (pandas strings run on pyarrow, whose RE2
# `\s` would disagree with Python's): the runs of it that are not already one space. A single
# space between words is left as it is (rewriting every space was most of a large table's fold).
_ASCII_SPACES_TO_MEND = "[\t\n\x0b\x0c\r\x1c-\x1f][\t\n\x0b\x0c\r\x1c-\x1f ]*| [\t\n\x0b\x0c\r\x1c-\x1f ]+"


def fold(text: str) -> str:
    """The one text fold: lowercase, no accents, Arabic short vowels, tatweel or apostrophes, one
    space between words. Search, the `target` filter, actor names and the gazetteer's exact
    spellings all compare folded text (the matching key `normalise` goes further).

    >>> fold("Kataʻib  Ḥizbullāh") == fold("kata'ib hizbullah") == "kataib hizbullah"
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != _TATWEEL)
    return " ".join(APOSTROPHES.sub("", kept).split())


def fold_series(values: pd.Series) -> pd.Series:
    """`fold` over a column, vectorised (missing values fold to '')."""
    text = values.astype("str").where(values.notna(), "")
    ascii_rows = text.str.isascii().astype(bool)
    # ASCII text needs no decomposition: lowercase, apostrophes out, spaces collapsed. Not
    # .str.split().str.join(): a list per row doubled the load's peak memory at 100k rows.
    folded = text.str.lower().str.replace(APOSTROPHES.pattern, "", regex=True)
    folded = folded.str.replace(_ASCII_SPACES_TO_MEND, " ", regex=True).str.strip(" ")
    if not ascii_rows.all():  # the rest (Arabic, accented names) through `fold` itself
        folded = folded.where(ascii_rows, text[~ascii_rows].map(fold))
    return folded


def fold_joined(parts: list[pd.Series]) -> pd.Series:
    """`fold(a + " " + b + ...)` for columns a, b, ... of one table: each column folded once per
    distinct value, the non-empty folds joined by one space (what the fold of the joined text is,
    since it folds character by character and collapses spaces). A large table's search text is
    a few repeated names around one long note: this folds the names once each, not per row."""
    folded = []
    for part in parts:
        codes, uniques = pd.factorize(part.astype("str").where(part.notna(), ""))
        once = pa.array(fold_series(pd.Series(uniques, dtype="str")).array, type=pa.large_string())
        values = once.take(pa.array(codes)) if len(uniques) else pa.array([""] * len(part), pa.large_string())
        folded.append(pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.large_string()), values))
    if not folded:
        return pd.Series([], dtype="str")
    # pyarrow's "skip" drops a row whose parts are all null (the output comes out shorter): such a
    # row gets one empty part, which folds it to "".
    nothing = folded[0].is_null()
    for part in folded[1:]:
        nothing = pc.and_(nothing, part.is_null())
    folded[0] = pc.if_else(nothing, pa.scalar("", pa.large_string()), folded[0])
    joined = pc.binary_join_element_wise(*folded, pa.scalar(" ", pa.large_string()), null_handling="skip")
    if len(joined) != len(parts[0]):
        raise AssertionError("the joined fold lost rows")
    return pd.Series(joined.cast(pa.string()), index=parts[0].index, dtype="str")
