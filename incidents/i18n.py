"""The interface's words in the reader's language: one gettext catalogue per language, read with Babel.

Strings are marked where they are written: `_("Filters")` translates now, `N_("Filters")` only marks
a string declared at import time (a widget label in the registry) that is translated where it is
shown, as Django's `gettext_lazy` keeps import-time labels translatable. `make messages` extracts
every marked string (and the category labels of incidents/model.py and incidents/actors.csv, see
incidents/i18n_extract.py) into `incidents/locale/messages.pot` and updates each language's
`incidents/locale/<lang>/LC_MESSAGES/messages.po`. The `.po` files are read as they are at run time
(no compiled `.mo` to forget), so a fresh clone shows every language.

The language is the link's `lang` (incidents.filters): a page calls `use(lang)` before it draws,
and every `_()` of that run (one Streamlit script thread) reads it.

>>> with using("ar"):
...     _("Filters"), number(1234), direction()
('عوامل التصفية', '1,234', 'rtl')
>>> _("Filters"), direction()
('Filters', 'ltr')
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"
DEFAULT = "en"
"""The language the strings are written in; it needs no catalogue."""

_language: ContextVar[str] = ContextVar("interface_language", default=DEFAULT)


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def languages() -> tuple[str, ...]:
    """English first, then every language that has a catalogue (adding a language is adding a .po)."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (DEFAULT, *(lang for lang in found if lang != DEFAULT))


def language_name(lang: str) -> str:
    """A language's name in itself ('English', 'العربية'), from CLDR: the switch shows these."""
    return Locale.parse(lang).get_display_name(lang).capitalize()


def use(lang: str) -> None:
    """Make `lang` the language of everything this run (thread of execution) shows."""
    _language.set(lang if lang in languages() else DEFAULT)


@contextmanager
def using(lang: str) -> Iterator[None]:
    """`use` for a block, restoring the language after it (tests, exports)."""
    token = _language.set(lang if lang in languages() else DEFAULT)
    try:
        yield
    finally:
        _language.reset(token)


def current() -> str:
    return _language.get()


@cache
def translations(lang: str) -> NullTranslations:
    """The language's catalogue, read from its .po file (compiled in memory, never to disk)."""
    path = catalogue_path(lang)
    if lang == DEFAULT or not path.is_file():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def gettext(message: str) -> str:
    """`message` in the current language (itself when the catalogue lacks it)."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, by the current language's plural rules (Arabic has six)."""
    return translations(current()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Marks a string for extraction without translating it: it is translated where it is shown."""
    return message


def locale(lang: str | None = None) -> Locale:
    return Locale.parse(lang or current())


def direction(lang: str | None = None) -> str:
    """'rtl' or 'ltr', from CLDR's character order of the language."""
    return "rtl" if locale(lang).character_order == "right-to-left" else "ltr"


def number(value: float) -> str:
    """A number in the current language's format. Arabic keeps Western digits (Babel's default for
    `ar`), the same digits as the dates, ids and coordinates around it: one choice, everywhere."""
    return format_decimal(value, locale=locale())


def date_text(value: dt.date, pattern: str) -> str:
    """A date in a CLDR pattern ('d MMMM y', 'MMMM', 'EEEE') of the current language, by Babel:
    '13 يناير 2021' in Arabic, with Western digits like `number` (Babel's default for `ar`)."""
    return format_date(value, pattern, locale=locale())


def time_locale(lang: str | None = None) -> dict:
    """The language's month and day names as d3's time format wants them (Vega's `config.locale`):
    the timeline's axis says 'أكتوبر 2021' in Arabic."""
    loc = locale(lang)
    months, days = loc.months["format"], loc.days["format"]
    week = [6, 0, 1, 2, 3, 4, 5]  # d3's weeks start on Sunday, CLDR's numbering on Monday
    return {
        "dateTime": "%x, %X",
        "date": "%-d/%-m/%Y",
        "time": "%-I:%M:%S %p",
        "periods": [loc.periods["am"], loc.periods["pm"]],
        "days": [days["wide"][d] for d in week],
        "shortDays": [days["abbreviated"][d] for d in week],
        "months": [months["wide"][m] for m in range(1, 13)],
        "shortMonths": [months["abbreviated"][m] for m in range(1, 13)],
    }


def isolate(text: str) -> str:
    """Plain text kept in its own direction inside a right-to-left sentence (Unicode FSI ... PDI): an
    English actor's name in an Arabic sentence keeps its order, and so does the punctuation around it.
    Left-to-right sentences are left as they are (English output stays byte for byte the same)."""
    return f"\u2068{text}\u2069" if direction() == "rtl" else text


def bdi(text: str) -> str:
    """HTML-escaped text in a <bdi>: the same isolation as `isolate`, for HTML."""
    return f"<bdi>{html.escape(text)}</bdi>"
