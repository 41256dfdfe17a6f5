"""The Arabic interface reads Arabic where the English one is English: the dataset's title, the
dates in words (Babel's Arabic month names, Western digits), the downloads, a record's page and
the changes page. A record's own text stays as it was curated."""

from __future__ import annotations

import json
import re

from tests.app.run_page import open_page
from tests.app.test_pages import INCIDENT_ID, texts

LATIN_WORD = re.compile(r"\b[A-Za-z]{3,}\b")


def test_the_map_page_s_title_dates_and_downloads_are_arabic() -> None:
    at = open_page(lang="ar", **{"from": "2021-01-01", "to": "2021-02-28"})
    body = texts(at)
    assert "الغارات الجوية وضربات المسيّرات في شرق سوريا" in body  # incidents/dataset.yaml's title_ar
    assert "Air and drone strikes" not in body
    count = re.search(r'data-testid="incident-count">(.*?)</p>', body)
    assert count is not None, body
    assert "يقينًا في يناير-فبراير 2021" in count[1], count[1]
    assert not LATIN_WORD.search(re.sub(r"<[^>]+>", "", count[1])), count[1]
    assert "تنزيل هذه" in body and "Download these" not in body


def test_a_record_s_page_gives_its_date_and_source_in_arabic_words() -> None:
    at = open_page("pages/incident.py", lang="ar", incident=INCIDENT_ID)
    body = texts(at)
    assert re.search(r"(يناير|فبراير|مارس) 20\d\d", body), body[:2000]
    assert "نص المصدر محفوظ" in body and "source text kept" not in body
    assert "السجل التاريخي" in [s.value for s in at.subheader]
    # Outside a record's own text (marked as English and isolated), no English month.
    assert "January" not in re.sub(r"\[EN\] ⁨.*?⁩", "", body, flags=re.S)


def test_the_changes_page_is_arabic() -> None:
    at = open_page("pages/changes.py", lang="ar")
    body = texts(at)
    assert at.title[0].value == "التغييرات"
    counts = r"أُضيف \*\*\d+\*\*، وعُدّل \*\*\d+\*\*، وحُذف \*\*\d+\*\* منذ \d+ \S+ 20\d\d"
    assert re.search(counts, body), body[:500]


def test_the_places_table_s_headings_are_arabic() -> None:
    at = open_page("pages/places.py", lang="ar")
    headings = list(at.dataframe[0].value.columns)
    assert {"المكان", "خط العرض", "خط الطول", "مصدر الإحداثيات"} <= set(headings), headings
    assert not [h for h in headings if LATIN_WORD.search(h)], headings
    assert "translated where they are shown" not in texts(at)  # no code comment on the page


def test_the_briefing_list_marks_english_titles() -> None:
    at = open_page("pages/briefing.py", lang="ar")
    labels = [link.proto.label for link in at.get("page_link") if "briefing=" in str(link.proto.query_string)]
    assert labels, [link.proto for link in at.get("page_link")]
    assert all(label.startswith(":gray-badge[EN] ") for label in labels), labels


ARABIC = re.compile(r"[\u0600-\u06FF]")


def test_the_method_page_describes_link_parameters_in_arabic() -> None:
    at = open_page("pages/method.py", lang="ar")
    table = at.dataframe[-1].value
    meanings = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert meanings["q"].startswith("نص حر في العناوين"), meanings["q"]
    assert meanings["from"] == "أول يوم في الفترة، بالصيغة YYYY-MM-DD."
    english = [name for name, text in meanings.items() if not ARABIC.search(text)]
    assert not english, english
    # The values a parameter accepts are listed in the Arabic sentence, joined in Arabic.
    assert (
        meanings["play"] == "يعرض الفترة عبر الزمن: window أو cumulative (نافذة متحركة أو فترة متنامية)."
    ), meanings["play"]


def test_the_method_page_describes_the_record_schema_in_arabic() -> None:
    """Every field's meaning, every model's summary and what each field holds read in Arabic; only
    the schema's own names (a record's YAML keys, the models' names) stay as the schema writes them."""
    from incidents.model import Incident

    at = open_page("pages/method.py", lang="ar")
    fields = [df.value for df in at.dataframe if "الحقل" in df.value.columns]
    assert len(fields) >= 8, [list(df.value.columns) for df in at.dataframe]
    assert list(fields[0]["الحقل"]) == list(Incident.model_fields)
    english = [
        (name, meaning)
        for table in fields
        for name, meaning in zip(table["الحقل"], table["المعنى"], strict=True)
        if not ARABIC.search(meaning)
    ]
    assert not english, english
    kinds = {kind for table in fields for kind in table["يحوي"]}
    assert not kinds & {"text", "number", "yes/no", "choice"}, kinds
    assert not [k for k in kinds if k.startswith("list of")], kinds
    summaries = [e.label for e in at.expander] + [m.value for m in at.markdown if "Incident" in str(m.value)]
    assert len(summaries) >= 8 and all(ARABIC.search(s.split(":", 1)[-1]) for s in summaries), summaries
    # The categories' meanings too, the attackers' included (incidents/actors.csv's descriptions).
    categories = [df.value for df in at.dataframe if "التسمية" in df.value.columns]
    untranslated = [m for table in categories for m in table["المعنى"] if not ARABIC.search(m)]
    assert not untranslated, untranslated


def test_the_places_page_reads_arabic_beside_the_gazetteer_s_own_names() -> None:
    at = open_page("pages/places.py", lang="ar")
    table = at.dataframe[0].value
    kinds = set(table["النوع"])
    assert {"مدينة", "بلدة", "معبر حدودي"} <= kinds, kinds
    assert not [k for k in kinds if LATIN_WORD.search(k)], kinds
    origins = " ".join(table["مصدر الإحداثيات"])
    assert "تقدير" in origins and "Estimated" not in origins
    within = dict(zip(table["المكان"], table["ضمن"], strict=True))
    assert within["al-Sukkariyah"] == "البوكمال", within["al-Sukkariyah"]  # the parent's Arabic name


def test_a_timeline_made_for_an_english_reader_is_not_served_to_an_arabic_one() -> None:
    """The timeline's chart is remembered per rows (pages/shared/memo.py) for every session: the
    language is part of what it is remembered by."""
    english = open_page()
    arabic = open_page(lang="ar")
    specs = [json.loads(at.get("vega_lite_chart")[0].proto.spec) for at in (english, arabic)]
    assert "locale" not in specs[0].get("config", {})
    months = specs[1].get("config", {}).get("locale", {}).get("time", {}).get("months", [])
    assert months[:1] == ["يناير"], specs[1].get("config")  # Babel's Arabic month names for the axis


def test_an_old_link_says_in_arabic_what_changed_since() -> None:
    from tests.app.test_pages import _records_version_before_last_change, _type_of_last_change

    at = open_page(
        "pages/incidents.py", lang="ar", v=_records_version_before_last_change(), type=_type_of_last_change()
    )
    warning = [w.value for w in at.warning if "منذ إنشاء هذا الرابط" in w.value]
    assert warning and "Since this link" not in warning[0], [w.value for w in at.warning]
    assert not re.search(
        r"January|February|March|April|May|June|July|August|September|October|November|December", warning[0]
    )
    links = [p.proto.label for p in at.get("page_link") if p.proto.page == "incident"]
    assert links and all(label.endswith(("(عُدّل)", "(أُضيف)")) for label in links), links


def test_who_says_so_beside_the_map_is_arabic() -> None:
    at = open_page(lang="ar", incident=INCIDENT_ID)
    said = [m.value for m in at.markdown if "من يقول ذلك" in str(m.value)]
    assert said, texts(at)[:2000]
    assert "يشتبه في" in said[0] and "يتّهم" in said[0], said
    assert "suspects" not in said[0] and "[EN]" not in said[0], said


def test_the_datasets_titles_follow_the_reader_not_the_first_reader() -> None:
    """The table and its facets are loaded once for every reader: an Arabic reader after an English
    one still gets incidents/dataset.yaml's title_ar (and the English one the English title)."""
    english = texts(open_page())
    assert "Air and drone strikes in eastern Syria" in english
    arabic = texts(open_page(lang="ar"))
    assert "الغارات الجوية وضربات المسيّرات في شرق سوريا" in arabic
    assert "Air and drone strikes" not in arabic
    assert "Air and drone strikes in eastern Syria" in texts(open_page())
