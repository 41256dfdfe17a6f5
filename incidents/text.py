"""Text as our users name things: the one fold, the one slug.

The fold (how 'Kataʻib', 'Kata’ib' and 'kataib' become the same words) is declared in
geodata/names.py, where the gazetteer can use it too (places know nothing of incidents); search
(`q`), the `target` filter, actor names, governorate names in links and the stored search text of
every table go through `fold` or its vectorised twin `fold_series`, which a property test keeps
equal. Place-name *matching* is a different job with its own stronger key (geodata.names.normalise:
articles, transliteration swaps); verbatim quote checks keep case on purpose
(incidents.quotes.normalise_for_quotes).

>>> fold("Kataʻib  Ḥizbullāh") == fold("kata'ib hizbullah") == "kataib hizbullah"
True
>>> fold("البُوكَمَال") == fold("البوكمال")
True
>>> slug("Hayat Tahrir al-Sham")
'hayat-tahrir-al-sham'
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa

from geodata.names import fold, fold_joined, fold_series

__all__ = ["fold", "fold_joined", "fold_series", "slug", "slug_series", "spread"]

SLUG_MAX = 80
"""Slugs are cut to this many characters (a name is not a paragraph)."""
_NOT_SLUG = "[^a-z0-9]+"
_NOT_ASCII = "[^\x00-\x7f]+"


def slug(text: str, max_length: int = SLUG_MAX) -> str:
    """A lowercase ASCII slug of a name ("Hayat Tahrir al-Sham" -> "hayat-tahrir-al-sham"):
    accents dropped, any other character a hyphen between words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(_NOT_SLUG, "-", ascii_text).strip("-")[:max_length].strip("-")


def slug_series(values: pd.Series, max_length: int = SLUG_MAX) -> pd.Series:
    """`slug` over a column, vectorised (only non-ASCII rows pay for the decomposition)."""
    text = values.astype("str").where(values.notna(), "")
    other = ~text.str.isascii().fillna(True).astype(bool)
    if other.any():
        text = text.copy()
        text[other] = text[other].str.normalize("NFKD").str.replace(_NOT_ASCII, "", regex=True)
    text = text.str.lower().str.replace(_NOT_SLUG, "-", regex=True).str.strip("-")
    return text.str.slice(0, max_length).str.strip("-")


def spread(values: list[str], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """The text column whose row i is `values[codes[i]]`: a value worked out once per distinct key
    spread to the rows in Arrow, without a Python string per row."""
    taken = pa.array(values, type=pa.large_string()).take(pa.array(codes, type=pa.int64()))
    return pd.Series(taken.cast(pa.string()), index=index, dtype="str")
