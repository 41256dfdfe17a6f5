"""The Arabic interface reads Arabic where the English one is English: the dataset's title, the
dates in words (Babel's Arabic month names, Western digits), the downloads, a record's page and
the changes page. A record's own text stays as it was curated."""

from __future__ import annotations

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


def test_the_method_page_describes_link_parameters_in_arabic() -> None:
    at = open_page("pages/method.py", lang="ar")
    table = at.dataframe[-1].value
    meanings = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert meanings["q"].startswith("نص حر في العناوين"), meanings["q"]
    assert meanings["from"] == "أول يوم في الفترة، بالصيغة YYYY-MM-DD."
    english = [name for name, text in meanings.items() if not re.search(r"[\u0600-\u06FF]", text)]
    assert set(english) <= {"colour", "lang", "play", "every", "speed"}, english


def test_who_says_so_beside_the_map_is_arabic() -> None:
    at = open_page(lang="ar", incident=INCIDENT_ID)
    said = [m.value for m in at.markdown if "من يقول ذلك" in str(m.value)]
    assert said, texts(at)[:2000]
    assert "يشتبه في" in said[0] and "يتّهم" in said[0], said
    assert "suspects" not in said[0] and "[EN]" not in said[0], said
