"""What "verbatim" means when a record's quote is looked for in its source text: one definition,
used by `validate`, the drafter's checks and the tests."""

from __future__ import annotations

import re
import unicodedata

_QUOTE_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


def normalise_for_quotes(text: str) -> str:
    """Text as compared for verbatim quotes.

    Verbatim means the same words in the same order and case; only typography a curator cannot
    see or type is folded: Unicode form (NFC), curly versus straight quotes and apostrophes,
    en/em dashes versus hyphens, and runs of whitespace (line breaks in the document).
    """
    text = unicodedata.normalize("NFC", text).translate(_QUOTE_FOLD)
    return re.sub(r"\s+", " ", text).strip()


def quote_found(quote: str, document_text: str) -> bool:
    """True when the quote appears verbatim (see normalise_for_quotes) in the document."""
    return normalise_for_quotes(quote) in normalise_for_quotes(document_text)
