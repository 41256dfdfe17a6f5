"""The interface's catalogues: every string the code marks has an Arabic entry, and the link's
`lang` switches the words the domain writes (notices, the sentence describing the view)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from incidents import dates, i18n
from incidents.filters import Filter, View, language

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def extracted() -> set[str]:
    """What `make messages` would extract now (the singular of a plural), from the code itself."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords={"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalogue(lang: str):
    with i18n.catalogue_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", [lang for lang in i18n.languages() if lang != i18n.DEFAULT])
def test_every_marked_string_has_a_translation(lang: str) -> None:
    entries = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalogue(lang) if m.id}
    missing = sorted(m for m in extracted() if m not in entries)
    assert not missing, f"not in {lang}'s catalogue (run `make messages`, then translate): {missing}"
    untranslated = sorted(
        key
        for key, m in entries.items()
        if m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string])
    )
    assert not untranslated, (
        f"no {lang} translation (or fuzzy) in {i18n.catalogue_path(lang)}: {untranslated}"
    )


@pytest.mark.parametrize("lang", [lang for lang in i18n.languages() if lang != i18n.DEFAULT])
def test_translations_keep_the_placeholders(lang: str) -> None:
    for message in catalogue(lang):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, f"{message.id!r}: {string!r}"


@pytest.mark.parametrize("lang", [lang for lang in i18n.languages() if lang != i18n.DEFAULT])
def test_no_translation_says_itself_twice(lang: str) -> None:
    """A merge of two branches' catalogues once left two msgstr joined end to end (the offline
    export's footer and the place's coordinates line read twice)."""
    doubled = []
    for message in catalogue(lang):
        for string in message.string if isinstance(message.string, tuple) else (message.string,):
            half = len(string) // 2
            if len(string) > 10 and string[:half] == string[half:]:
                doubled.append(message.id)
    assert not doubled, doubled


def test_an_arabic_sentence_starts_with_an_arabic_word() -> None:
    """A cell or a paragraph takes its direction from its first letter: an Arabic sentence that opens
    with a Latin code (`True`, `overlap`) is laid out left to right, its punctuation on the wrong
    side. A label before a colon ("PNG: ...", the button's visible name first) is the exception."""
    starts_latin = []
    for message in catalogue("ar"):
        for string in message.string if isinstance(message.string, tuple) else (message.string,):
            words = PLACEHOLDER.sub("", string or "")
            first = re.search(r"[A-Za-z\u0600-\u06FF]", words)
            arabic = re.search(r"[\u0600-\u06FF]", words)
            if first and arabic and first.group().isascii() and not re.match(r"\W*[A-Za-z]+:", words):
                starts_latin.append(string)
    assert not starts_latin, starts_latin


def test_arabic_is_a_language_of_the_link_and_english_the_default() -> None:
    assert "ar" in i18n.languages() and i18n.languages()[0] == "en"
    assert language({"lang": ["ar"]}) == "ar"
    assert language({}) == "en" and language({"lang": ["xx"]}) == "en"
    assert View.from_query({"lang": ["ar"]}).to_query() == {"lang": "ar"}
    assert View.from_query({"lang": ["en"]}).to_query() == {}
    assert View.from_query({"lang": ["xx"]}).notices == [
        "The link’s “lang” must be en or ar; it was ignored."
    ]


def test_a_notice_about_a_bad_link_value_is_in_the_reader_s_language() -> None:
    with i18n.using("ar"):
        _filt, notices = Filter.from_query({"from": ["2021-02-31"], "attacker": ["nobody"]})
    assert notices[0] == "المُعامل «from» في الرابط ليس تاريخًا (المتوقع YYYY-MM-DD)؛ تم تجاهله."
    assert "«attacker»" in notices[1] and "المهاجم" in notices[1]
    _filt, english = Filter.from_query({"from": ["2021-02-31"]})
    assert english == ["The link’s “from” is not a date (expected YYYY-MM-DD); it was ignored."]


def test_the_sentence_describing_the_view_is_arabic_with_latin_names_isolated() -> None:
    filt = Filter(attackers=("israel",), target="Kata'ib Hezbollah", place="al-bukamal")
    with i18n.using("ar"):
        sentence = filt.describe({"al-bukamal": "البوكمال"})
        assert i18n.direction() == "rtl"
    israel, bukamal, target = "\u2068إسرائيل\u2069", "\u2068البوكمال\u2069", "\u2068Kata'ib Hezbollah\u2069"
    assert sentence == f"الحوادث منسوبة إلى {israel} في {bukamal} تستهدف «{target}»"
    assert filt.describe({"al-bukamal": "al-Bukamal"}) == (
        "Incidents attributed to Israel in al-Bukamal targeting “Kata'ib Hezbollah”"
    )


def test_numbers_keep_western_digits_in_arabic() -> None:
    with i18n.using("ar"):
        assert i18n.number(12345) == "12,345"
        assert i18n.ngettext("{shown} of {total} incident", "{shown} of {total} incidents", 7) == (
            "{shown} من أصل {total} حوادث"
        )


LATIN = re.compile(r"[A-Za-z]")
EASTERN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")


@pytest.mark.parametrize(
    ("start", "end", "precision", "years", "english", "arabic"),
    [
        ("2021-01-13", "2021-01-13", "day", None, "13 January 2021", "13 يناير 2021"),
        ("2021-01-01", "2021-01-31", "month", None, "January 2021", "يناير 2021"),
        (
            "2018-09-04",
            "2021-09-04",
            "day-year-unknown",
            [2018, 2021],
            "4 September (year unknown: 2018 or 2021)",
            "4 سبتمبر (السنة مجهولة: 2018 أو 2021)",
        ),
        (
            "2017-11-09",
            "2024-12-05",
            "weekday",
            None,
            "a Thursday, week unknown (between 9 November 2017 and 5 December 2024)",
            "يوم الخميس، والأسبوع مجهول (بين 9 نوفمبر 2017 و5 ديسمبر 2024)",
        ),
    ],
)
def test_dates_in_words_read_in_arabic_with_western_digits_and_english_is_unchanged(
    start: str, end: str, precision: str, years: list[int] | None, english: str, arabic: str
) -> None:
    day = dt.date.fromisoformat
    assert dates.words(day(start), day(end), precision, years) == english
    with i18n.using("ar"):
        text = dates.words(day(start), day(end), precision, years)
    assert text == arabic
    assert not LATIN.search(text) and not EASTERN_DIGITS.search(text)  # one digit choice: Western


def test_the_tables_date_words_stay_english_and_the_arabic_interface_shows_its_own() -> None:
    table = pd.DataFrame(
        {
            "date_start": pd.to_datetime(["2021-01-12", "2023-10-01"]),
            "date_end": pd.to_datetime(["2021-01-13", "2023-10-31"]),
            "date_precision": ["range", "month"],
            "year_inferred": [True, False],
        }
    )
    with i18n.using("ar"):  # a table loaded during an Arabic reader's run is English all the same
        table["date_words"] = dates.words_column(table)
        shown = dates.local_words(table)
        phrase = dates.count_words(15, 2, dt.date(2021, 1, 1), dt.date(2021, 2, 28))
    assert list(table["date_words"]) == ["between 12 and 13 January 2021 (year inferred)", "October 2023"]
    assert list(shown) == ["بين 12 و13 يناير 2021 (السنة مستنتجة)", "أكتوبر 2023"]
    assert phrase == "15 يقينًا في يناير-فبراير 2021، و2 أخرى احتمالًا"
    assert list(dates.local_words(table)) == list(table["date_words"])  # English: the table's own


def test_the_offline_export_is_written_in_the_reader_s_language() -> None:
    from geodata.gazetteer import load_gazetteer
    from incidents import standalone
    from incidents.export_view import ExportView
    from incidents.labels import casualty_label
    from incidents.load import load_incidents

    gazetteer = load_gazetteer()
    records = load_incidents(gazetteer=gazetteer)
    incidents = records.incidents.head(3).assign(claims_text="")
    sites = records.sites[records.sites["incident_id"].isin(incidents["id"])]
    view = ExportView(incidents, sites, places=gazetteer.places)
    with i18n.using("ar"):
        page = standalone.render(view)
        at_least = casualty_label(16, None)
    start = page.index('<section class="briefing-list">')
    body = page[start : page.index("</footer>", start)]
    assert '<html lang="ar" dir="rtl">' in page
    assert "<dt>التاريخ</dt>" in body and "<dt>Date</dt>" not in body
    assert "No claim or attribution reported" not in body and "<dt>Who says</dt>" not in body
    assert "Exported from" not in body and "Open this incident in the live map" not in body
    dates_shown = re.findall(r"<dt>التاريخ</dt><dd>(.*?)</dd>", body)
    assert len(dates_shown) == 3 and not any(re.search(r"[A-Za-z]{3,}", d) for d in dates_shown), dates_shown
    assert at_least == "16 على الأقل"
    places = re.findall(r"<dt>الأماكن</dt><dd>(.*?)</dd>", body)
    assert places == ["البوكمال", "محافظة دير الزور", "الجمعيات"], places  # the gazetteer's Arabic names
    english = standalone.render(view)
    assert '<html lang="en" dir="ltr">' in english and "<dt>Date</dt>" in english
    assert "<dd>No claim or attribution reported</dd>" in english
    assert "<dt>Places</dt><dd>al-Bukamal</dd>" in english


def test_who_says_so_is_said_in_the_reader_s_language_from_the_structured_claims() -> None:
    from incidents.labels import local_claims

    table = pd.DataFrame(
        {
            "claims_text": [
                "Enab Baladi suspects Israel; SANA blames Israel",
                "ACLED actor 1: Military Forces",
                "",
            ],
            "claims": ['[["suspected", "Enab Baladi", "Israel"], ["blamed-by", "SANA", "Israel"]]', "", ""],
        }
    )
    assert list(local_claims(table)) == list(table["claims_text"])  # English: the table's own sentence
    with i18n.using("ar"):
        shown = list(local_claims(table))
        unreadable = list(local_claims(table.assign(claims=["not json", '[["won", "x", "y"]]', "[]"])))
    israel, enab, sana = (f"\u2068{name}\u2069" for name in ("إسرائيل", "Enab Baladi", "SANA"))
    # Each name isolated (FSI ... PDI), so an English name keeps its order in the Arabic sentence.
    assert shown[0] == f"{enab} يشتبه في {israel}؛ {sana} يتّهم {israel}"
    assert shown[1:] == ["ACLED actor 1: Military Forces", ""]  # an imported table's own words, as written
    assert unreadable == list(table["claims_text"])  # never guessed: the stored sentence instead


def test_a_record_s_history_names_its_fields_in_the_reader_s_language() -> None:
    from incidents.history import FieldChange
    from incidents.labels import path_words

    change = FieldChange("locations[1].place_id", "al-bukamal", "al-mayadin")
    assert path_words("sources[0].sha256") == "source 1's sha256"  # English unchanged
    with i18n.using("ar"):
        field = path_words("locations[1].place_id")
        nested = path_words("sources[0].published.latest")
        sentence = change.sentence()
    assert field == "معرّف المكان في الموقع 2"
    assert nested == "الأحدث في تاريخ النشر في المصدر 1"
    assert field in sentence and "place" not in sentence, sentence


def test_the_schema_s_own_words_are_in_the_catalogue_as_the_method_page_shows_them() -> None:
    """Every model's summary and field description (the Method page's words) is extracted, in the
    form the page looks it up by: a field added to the schema fails the completeness test above
    until its description has a translation."""
    from pydantic import BaseModel

    from incidents import model
    from incidents.i18n_extract import schema, summary

    with open(model.__file__, "rb") as handle:
        found = {message for _line, _func, message, _comments in schema(handle, None, None, {})}
    models = [
        c
        for c in vars(model).values()
        if isinstance(c, type) and issubclass(c, BaseModel) and c.__module__ == model.__name__
    ]
    wanted = {summary(c.__doc__) for c in models if c.__doc__}
    wanted |= {f.description for c in models for f in c.model_fields.values() if f.description}
    assert len(wanted) > 60 and not wanted - found, sorted(wanted - found)
    assert "Air strike" in found  # and the enumerations' labels, as before
