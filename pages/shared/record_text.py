"""A record's own words on screen: kept in the language they were curated or quoted in.

The interface may be Arabic while a record's title, reasoning and notes are English (and a source's
quote may be Arabic). Each is escaped for Markdown, isolated in its own direction (Unicode FSI ... PDI,
so an English sentence keeps its punctuation inside a right-to-left page) and, when its language is
not the interface's, preceded by a small badge naming it ("EN").
"""

from __future__ import annotations

import re

from incidents import i18n
from pages.shared.escape import md_escape

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
RECORD_LANGUAGE = "en"
"""The language our records are curated in (a source's quote is in its source's language)."""


def language_of(text: str) -> str:
    """'ar' for text mostly in Arabic script, else the records' language.

    >>> language_of("غارة على البوكمال"), language_of("Strike on al-Bukamal (البوكمال)")
    ('ar', 'en')
    """
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if ARABIC_SCRIPT.match(c))
    return "ar" if letters and arabic * 2 > len(letters) else RECORD_LANGUAGE


def md(text: object, lang: str | None = None) -> str:
    """Record text for st.markdown: escaped; in another language than the interface's, isolated and
    marked with its language."""
    escaped = md_escape(text)
    lang = lang or language_of(str(text))
    if lang == i18n.current() or not escaped:
        return escaped
    return f":gray-badge[{lang.upper()}] \u2068{escaped}\u2069"
