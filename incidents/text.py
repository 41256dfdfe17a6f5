"""The one text fold: how 'Kataʻib', 'Kata’ib' and 'kataib' become the same words.

Search (`q`), the `target` filter, governorate names in links and the stored search text of
every table (curated records and large imports alike) go through `fold` or its vectorised twin
`fold_series`, which a property test keeps equal. Place-name *matching* is a different job with
its own stronger key (geodata.names.normalise: articles, transliteration swaps); verbatim quote
checks keep case on purpose (incidents.validate.normalise_for_quotes).

>>> fold("Kataʻib  Ḥizbullāh") == fold("kata'ib hizbullah") == "kataib hizbullah"
True
>>> fold("البُوكَمَال") == fold("البوكمال")
True
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from geodata.names import APOSTROPHES

_TATWEEL = "\u0640"
# ASCII whitespace as str.split() sees it, spelled out: pandas strings run on pyarrow, whose RE2
# `\s` would disagree with Python's.
_ASCII_SPACES = "[\t\n\x0b\x0c\r\x1c-\x1f ]+"


def fold(text: str) -> str:
    """Lowercase, no accents, Arabic short vowels, tatweel or apostrophes, one space between words."""
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
    folded = folded.str.replace(_ASCII_SPACES, " ", regex=True).str.strip(" ")
    if not ascii_rows.all():  # the rest (Arabic, accented names) through `fold` itself
        folded = folded.where(ascii_rows, text[~ascii_rows].map(fold))
    return folded
