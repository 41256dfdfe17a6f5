"""One fixture sentence per drafting rule, English and Arabic, with its exact expected value.

Each sentence is written for the test (not taken from an article). The drafts are made with the
shipped gazetteer, as the command does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from incidents.draft import draft_article

PUBLISHED = dt.date(2021, 1, 14)  # a Thursday


def event(text: str, published: dt.date | None = PUBLISHED, index: int = 0) -> dict[str, Any]:
    return draft_article(text, published=published).to_json()["events"][index]


def events(text: str, published: dt.date | None = PUBLISHED) -> list[dict[str, Any]]:
    return draft_article(text, published=published).to_json()["events"]


# --- event types ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A drone struck a car near al-Mayadin yesterday.", "drone-strike"),
        ("An unmanned aerial vehicle targeted a truck in Hajin yesterday.", "drone-strike"),
        ("Warplanes raided positions in Hajin yesterday.", "air-strike"),
        ("An air raid hit al-Quriyah yesterday.", "air-strike"),
        ("Loud explosions were heard in al-Asharah yesterday.", "unattributed-explosion"),
        ("Artillery shelling hit Khasham yesterday.", "shelling"),
        ("A weapons shipment arrived in al-Mayadin yesterday.", "weapons-shipment"),
        ("Trucks carrying weapons entered al-Mayadin yesterday.", "weapons-shipment"),
        ("The militias brought reinforcements to Muhasan yesterday.", "troop-movement"),
        ("The fighters evacuated their posts in Hajin yesterday.", "troop-movement"),
        ("استهدفت طائرة مسيرة سيارة قرب الميادين أمس.", "drone-strike"),
        ("شن الطيران الحربي غارات على هجين أمس.", "air-strike"),
        ("سمع دوي انفجار في العشارة أمس.", "unattributed-explosion"),
        ("تعرضت خشام لقصف مدفعي أمس.", "shelling"),
        ("وصلت شحنة أسلحة إلى الميادين أمس.", "weapons-shipment"),
        ("أرسلت الميليشيات تعزيزات إلى محسن أمس.", "troop-movement"),
        ("دخل رتل عسكري إلى الميادين أمس.", "troop-movement"),
    ],
)
def test_event_type(sentence: str, expected: str) -> None:
    assert event(sentence)["event_type"] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Prior to the reported air raids, locals heard six blasts in Hajin yesterday.",
            "unattributed-explosion",
        ),
        ("Explosions shook Hajin yesterday, possibly caused by a drone strike.", "unattributed-explosion"),
        ("هزت انفجارات هجين أمس، يرجح أنها ناجمة عن استهداف طائرة مسيرة.", "unattributed-explosion"),
        ("Explosions shook Hajin yesterday. A drone struck an arms depot there.", "drone-strike"),
    ],
)
def test_explosions_whose_cause_is_only_supposed(sentence: str, expected: str) -> None:
    assert event(sentence)["event_type"] == expected


def test_a_hovering_drone_is_not_a_strike() -> None:
    assert event("Drones hovered over Hajin for three hours yesterday.")["event_type"] == "other"


# --- dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "earliest", "latest"),
    [
        ("A drone struck Hajin on Tuesday.", "2021-01-12", "2021-01-12"),
        ("A drone struck Hajin on Thursday.", "2021-01-14", "2021-01-14"),  # the day itself
        ("A drone struck Hajin yesterday.", "2021-01-13", "2021-01-13"),
        ("A drone struck Hajin two days ago.", "2021-01-12", "2021-01-12"),
        ("A drone struck Hajin earlier today.", "2021-01-14", "2021-01-14"),
        ("A drone struck Hajin late last night.", "2021-01-13", "2021-01-14"),
        ("A drone struck Hajin on 3 January 2021.", "2021-01-03", "2021-01-03"),
        ("استهدفت طائرة مسيرة هجين أمس.", "2021-01-13", "2021-01-13"),
        ("استهدفت طائرة مسيرة هجين فجر اليوم.", "2021-01-14", "2021-01-14"),
        ("استهدفت طائرة مسيرة هجين يوم الثلاثاء.", "2021-01-12", "2021-01-12"),
        ("استهدفت طائرة مسيرة هجين الليلة الماضية.", "2021-01-13", "2021-01-14"),
        ("استهدفت طائرة مسيرة هجين ليل أمس.", "2021-01-13", "2021-01-14"),
        ("استهدفت طائرة مسيرة هجين قبل يومين.", "2021-01-12", "2021-01-12"),
        ("استهدفت طائرة مسيرة هجين في ٣ كانون الثاني ٢٠٢١.", "2021-01-03", "2021-01-03"),
        ("استهدفت طائرة مسيرة هجين في 3 يناير 2021.", "2021-01-03", "2021-01-03"),
    ],
)
def test_dates_resolved_against_publication(sentence: str, earliest: str, latest: str) -> None:
    date = event(sentence)["date"]
    assert (date["earliest"], date["latest"]) == (earliest, latest)


@pytest.mark.parametrize(
    ("sentence", "month_day", "words"),
    [
        ("September 4: a drone struck a truck in Hajin.", "09-04", "September 4"),
        ("On 27 September, a drone struck Hajin.", "09-27", "27 September"),
        ("في 4 أيلول/سبتمبر، استهدفت طائرة مسيرة هجين.", "09-04", "4 أيلول/سبتمبر"),
        ("في ٢٧ أيلول استهدفت طائرة مسيرة هجين.", "09-27", "٢٧ أيلول"),
        ("A drone struck Hajin on the fourth of September.", "09-04", "fourth of September"),
        (
            "استهدفت طائرة مسيرة هجين في الحادي والعشرين من تشرين الثاني.",
            "11-21",
            "الحادي والعشرين من تشرين الثاني",
        ),
        ("استهدفت طائرة مسيرة هجين في 4 من شهر أيلول.", "09-04", "4 من شهر أيلول"),
    ],
)
def test_a_day_without_a_year_is_a_day_of_unknown_year(sentence: str, month_day: str, words: str) -> None:
    date = event(sentence)["date"]
    assert date == {"earliest": None, "latest": None, "month_day": month_day, "words": words}


def test_a_calendar_date_wins_over_a_weekday() -> None:
    date = event("A drone struck Hajin on Tuesday, 5 January 2021.")["date"]
    assert (date["earliest"], date["words"]) == ("2021-01-05", "5 January 2021")


def test_an_abbreviated_month() -> None:
    assert event("A drone struck Hajin on Jan. 5, 2021.")["date"]["earliest"] == "2021-01-05"


def test_the_text_may_settle_the_year() -> None:
    date = event("A drone struck Hajin on January 7 of this year.")["date"]
    assert (date["earliest"], date["month_day"]) == ("2021-01-07", None)


@pytest.mark.parametrize(
    ("sentence", "earliest"),
    [
        ("استهدفت طائرة مسيرة هجين في 4 أيلول الماضي.", "2020-09-04"),  # published 14 January 2021
        ("استهدفت طائرة مسيرة هجين في 4 كانون الثاني الجاري.", "2021-01-04"),
        ("A drone struck Hajin on October 7 of this year.", None),  # after publication: not a day
    ],
)
def test_words_that_settle_the_year(sentence: str, earliest: str | None) -> None:
    assert event(sentence)["date"]["earliest"] == earliest


def test_without_a_publication_day_relative_words_are_kept_and_the_date_unknown() -> None:
    date = event("A drone struck Hajin on Tuesday.", published=None)["date"]
    assert date == {"earliest": None, "latest": None, "month_day": None, "words": "Tuesday"}


def test_publication_day_from_a_published_line() -> None:
    draft = draft_article("Published: 14 January 2021\n\nA drone struck Hajin yesterday.\n")
    assert draft.published == dt.date(2021, 1, 14)
    assert draft.to_json()["events"][0]["date"]["earliest"] == "2021-01-13"


def test_arabic_publication_line() -> None:
    draft = draft_article("نشر في 14 كانون الثاني 2021\n\nاستهدفت طائرة مسيرة هجين أمس.\n")
    assert draft.published == dt.date(2021, 1, 14)


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Published: 14/01/2021", dt.date(2021, 1, 14)),
        ("Posted 01/14/2021", dt.date(2021, 1, 14)),
        ("Published: 05/06/2021", None),  # 5 June or 6 May: not guessed
    ],
)
def test_numeric_publication_dates_only_when_unambiguous(line: str, published: dt.date | None) -> None:
    assert draft_article(f"{line}\n\nA drone struck Hajin yesterday.\n").published == published


def test_arabic_numeric_publication_date() -> None:
    draft = draft_article("تاريخ النشر: ٢٠٢١/٠١/١٤\n\nاستهدفت طائرة مسيرة هجين أمس.\n")
    assert draft.published == dt.date(2021, 1, 14)


def test_a_day_before_the_event_just_reported() -> None:
    found = events(
        "On May 16, a drone hit a truck near Hajin.\n\nA day earlier, explosions shook al-Asharah.\n"
    )
    assert [e["date"]["month_day"] for e in found] == ["05-16", "05-15"]


def test_page_chrome_never_dates_an_event() -> None:
    text = (
        "A drone struck Hajin yesterday.\n\nYou might also like\n"
        "Warplanes raided al-Quriyah on 2 February 2021.\n"
    )
    found = events(text)
    assert len(found) == 1 and found[0]["date"]["earliest"] == "2021-01-13"


def test_a_credited_caption_and_a_comment_count_are_chrome() -> None:
    text = (
        "A drone struck Hajin yesterday.\nSmoke over al-Quriyah on 3 January (AFP).\n\n"
        "3 Comments\nWarplanes raided al-Quriyah on 2 February 2021.\n"
    )
    assert [e["date"]["words"] for e in events(text)] == ["yesterday"]


def test_a_caption_never_dates_an_event() -> None:
    text = "A drone struck Hajin yesterday.\nPhoto: smoke over al-Quriyah on 3 January.\n"
    assert [e["date"]["words"] for e in events(text)] == ["yesterday"]


# --- tolls ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("A drone struck Hajin yesterday, killing at least 12 fighters.", (12, None), (None, None)),
        ("A drone struck Hajin yesterday, wounding more than 15 fighters.", (None, None), (16, None)),
        ("A drone struck Hajin yesterday; over 15 fighters were injured.", (None, None), (16, None)),
        ("A drone struck Hajin yesterday; nearly 20 people were killed.", (None, 20), (None, None)),
        ("A drone struck Hajin yesterday, killing three and injuring five.", (3, 3), (5, 5)),
        ("A drone struck Hajin yesterday. No casualties were reported.", (0, 0), (0, 0)),
        ("A drone struck Hajin yesterday, killing several fighters.", (None, None), (None, None)),
        (
            "A drone struck Hajin yesterday, killing 7. The death toll is expected to rise.",
            (7, None),
            (None, None),
        ),
        (
            "استهدفت طائرة مسيرة هجين أمس، ما أسفر عن مقتل ٧ عناصر، والحصيلة مرشحة للارتفاع.",
            (7, None),
            (None, None),
        ),
        ("استهدفت طائرة مسيرة هجين أمس، ما أسفر عن مقتل ثلاثة عناصر وإصابة ٥ آخرين.", (3, 3), (5, 5)),
        ("استهدفت طائرة مسيرة هجين أمس، ما أسفر عن مقتل ما لا يقل عن 12 عنصراً.", (12, None), (None, None)),
        ("استهدفت طائرة مسيرة هجين أمس، ما أسفر عن إصابة أكثر من 10 عناصر.", (None, None), (11, None)),
        ("استهدفت طائرة مسيرة هجين أمس، ما أسفر عن مقتل عنصر.", (1, 1), (None, None)),
        ("استهدفت طائرة مسيرة هجين أمس، ما أسفر عن مقتل سبعة عناصر على الأقل.", (7, None), (None, None)),
        ("أصيب 3 عناصر بجروح جراء استهداف طائرة مسيرة لموقع في هجين أمس.", (None, None), (3, 3)),
        ("استهدفت طائرة مسيرة هجين أمس، ما أسفر عن مقتل عنصرين.", (2, 2), (None, None)),
        ("استهدفت طائرة مسيرة هجين أمس، دون وقوع إصابات.", (0, 0), (0, 0)),
    ],
)
def test_tolls(sentence: str, killed: tuple, injured: tuple) -> None:
    drafted = event(sentence)
    assert (drafted["killed"]["min"], drafted["killed"]["max"]) == killed
    assert (drafted["injured"]["min"], drafted["injured"]["max"]) == injured


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("A drone struck Hajin yesterday, killing several fighters.", "killing several"),
        ("A drone struck Hajin yesterday, leaving dozens of people dead.", "dozens of people dead"),
        ("استهدفت طائرة مسيرة هجين أمس، ما أسفر عن إصابة عدد من العناصر.", "إصابة عدد من"),
    ],
)
def test_vague_tolls_keep_their_words_and_no_number(sentence: str, words: str) -> None:
    drafted = event(sentence)
    toll = drafted["killed"] if drafted["killed"]["words"] else drafted["injured"]
    assert toll == {"min": None, "max": None, "words": words}


# --- who did it --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "claims", "attacker", "confidence"),
    [
        (
            "Israeli warplanes struck Hajin yesterday.",
            [("Israeli", "attributed-by-source")],
            "israel",
            "likely",
        ),
        (
            "Warplanes, presumably Israeli, struck Hajin yesterday.",
            [("Israeli", "suspected")],
            "israel",
            "possible",
        ),
        (
            "Airstrikes believed to be of U.S. origin hit Hajin yesterday.",
            [("U.S.", "suspected")],
            "united-states",
            "possible",
        ),
        (
            "The US-led coalition claimed responsibility for an airstrike on Hajin yesterday.",
            [("US-led coalition", "claimed")],
            "us-led-coalition",
            "confirmed",
        ),
        ("Unidentified drones struck Hajin yesterday.", [], "unknown", "unknown"),
        (
            "The Israeli military said its jets struck Hajin yesterday.",
            [("Israeli", "claimed")],
            "israel",
            "confirmed",
        ),
        (
            "Syria's defence ministry accused Israel of an air strike on Hajin yesterday.",
            [("Israel", "blamed-by")],
            "israel",
            "possible",
        ),
        (
            "Neither Israel nor the coalition claimed the drone attack on Hajin yesterday.",
            [],
            "unknown",
            "unknown",
        ),
        (
            "قصفت طائرات حربية يُرجّح أنها إسرائيلية مواقع في هجين أمس.",
            [("إسرائيلية", "suspected")],
            "israel",
            "possible",
        ),
        (
            "قصفت طائرات أمريكية مواقع للميليشيات الإيرانية في هجين أمس.",
            [("أمريكية", "attributed-by-source")],
            "united-states",
            "likely",
        ),
        ("استهدفت طائرة مسيرة مجهولة هجين أمس.", [], "unknown", "unknown"),
        (
            "شنت طائرات يعتقد أنها تابعة للتحالف الدولي غارات على هجين أمس.",
            [("تحالف الدولي", "suspected")],  # للتحالف: the prefix لل stays outside the words
            "us-led-coalition",
            "possible",
        ),
        (
            "تبنى التحالف الدولي الغارة على هجين أمس.",
            [("التحالف الدولي", "claimed")],
            "us-led-coalition",
            "confirmed",
        ),
    ],
)
def test_claims_and_assessment(sentence: str, claims: list, attacker: str, confidence: str) -> None:
    drafted = event(sentence)
    assert [(c["actor"], c["stance"]) for c in drafted["claims"]] == claims
    assert (drafted["attacker"], drafted["confidence"]) == (attacker, confidence)


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        (
            "Regime forces shelled Khasham yesterday, but the regime's media denied it.",
            [("Regime forces", "attributed-by-source")],
        ),
        (
            "قصفت قوات النظام بالمدفعية قرية الجلاء يوم الثلاثاء، فيما نفت وسائل إعلام النظام وقوع أي قصف.",
            [("قوات النظام", "attributed-by-source")],
        ),
    ],
)
def test_each_clause_keeps_its_own_stance(sentence: str, claims: list) -> None:
    assert [(c["actor"], c["stance"]) for c in event(sentence)["claims"]] == claims


@pytest.mark.parametrize(
    ("sentence", "actor", "stance"),
    [
        (
            "A military convoy of the Fatemiyoun militia arrived in al-Mayadin yesterday.",
            "Fatemiyoun",
            "attributed-by-source",
        ),
        (
            "وصلت أمس شحنة أسلحة للميليشيات الإيرانية إلى الميادين.",
            "ميليشيات الإيرانية",  # للميليشيات: the prefix لل stays outside
            "attributed-by-source",
        ),
        (
            "أعلنت القيادة المركزية الأمريكية أن قواتها نفذت ضربات جوية على القائم أمس.",
            "القيادة المركزية الأمريكية",
            "claimed",
        ),
        ("The US military announced that its jets struck al-Qaim yesterday.", "US", "claimed"),
    ],
)
def test_who_moved_or_claimed(sentence: str, actor: str, stance: str) -> None:
    assert [(c["actor"], c["stance"]) for c in event(sentence)["claims"]] == [(actor, stance)]


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        (
            "Military aircraft, presumably affiliated with the Israeli Air Force, raided Hajin yesterday.",
            [("Israeli Air Force", "suspected")],
        ),
        (
            "Drones hovered over Hajin yesterday, which saw training by the forces of the US-led coalition.",
            [("US-led coalition", "attributed-by-source")],
        ),
    ],
)
def test_doers_named_after_their_force(sentence: str, claims: list) -> None:
    assert [(c["actor"], c["stance"]) for c in event(sentence)["claims"]] == claims


def test_a_dateline_is_not_a_site() -> None:
    drafted = event("DEIR EZ-ZOR, Syria (North Press) – A drone struck a car in Hajin yesterday.")
    assert [p["place_id"] for p in drafted["places"]] == ["hajin"]
    assert drafted["quote"] == "A drone struck a car in Hajin yesterday."


def test_who_says_so() -> None:
    drafted = event("Israeli warplanes struck Hajin yesterday, according to the Syrian Observatory.")
    assert drafted["claims"][0]["by"] == "the Syrian Observatory"
    drafted = event("قصفت طائرات إسرائيلية هجين أمس، بحسب المرصد السوري.")
    assert drafted["claims"][0]["by"] == "المرصد السوري"


def test_a_denial() -> None:
    drafted = event("Artillery shelling hit Khasham yesterday; the regime forces denied shelling it.")
    assert [(c["actor"], c["stance"]) for c in drafted["claims"]] == [("regime forces", "denied")]
    assert (drafted["attacker"], drafted["confidence"]) == ("unknown", "unknown")


# --- places and roles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        ("A drone struck Albu Kamal yesterday.", [("Albu Kamal", "al-bukamal", "target")]),
        ("A drone struck Boukamal yesterday.", [("Boukamal", "al-bukamal", "target")]),
        ("A drone struck a car near al-Mayadin yesterday.", [("al-Mayadin", "al-mayadin", "vicinity")]),
        (
            "A weapons shipment coming from al-Qaim arrived in al-Mayadin yesterday.",
            [("al-Qaim", "al-qaim", "origin"), ("al-Mayadin", "al-mayadin", "destination")],
        ),
        ("استهدفت طائرة مسيرة البوكمال أمس.", [("البوكمال", "al-bukamal", "target")]),
        ("استهدفت طائرة مسيرة سيارة قرب الميادين أمس.", [("الميادين", "al-mayadin", "vicinity")]),
        (
            "وصلت شحنة أسلحة قادمة من القائم إلى الميادين أمس.",
            [("القائم", "al-qaim", "origin"), ("الميادين", "al-mayadin", "destination")],
        ),
    ],
)
def test_places_and_roles(sentence: str, places: list) -> None:
    drafted = event(sentence)
    assert [(p["as_written"], p["place_id"], p["role"]) for p in drafted["places"]] == places


@pytest.mark.parametrize(
    "sentence",
    [
        "A drone struck Albu Kamal in the eastern countryside of Deir ez-Zor yesterday.",
        "استهدفت طائرة مسيرة البوكمال بريف دير الزور الشرقي أمس.",
    ],
)
def test_the_wider_area_locating_a_place_is_not_a_site(sentence: str) -> None:
    assert [p["place_id"] for p in event(sentence)["places"]] == ["al-bukamal"]


def test_the_headline_places_the_first_event_that_names_no_place() -> None:
    text = "Drone strike on a truck near Hajin\n\nA drone struck a truck outside the town yesterday.\n"
    assert [(p["as_written"], p["role"]) for p in event(text)["places"]] == [("Hajin", "vicinity")]


def test_a_place_gets_its_coordinate_from_the_gazetteer() -> None:
    place = event("A drone struck Albu Kamal yesterday.")["places"][0]
    assert (place["lat"], place["lon"]) == (34.45226, 40.91854)


# --- events and evidence -------------------------------------------------------------------------------


def test_undated_background_is_not_an_event() -> None:
    found = events("A drone struck Hajin yesterday.\n\nThe area is frequently targeted by drones.\n")
    assert len(found) == 1


def test_a_dated_sentence_is_no_background() -> None:
    found = events("Hajin, which is frequently targeted, was struck by a drone yesterday.\n")
    assert [e["date"]["words"] for e in found] == ["yesterday"]


def test_a_reference_date_is_not_the_event_date() -> None:
    text = "A drone struck Hajin yesterday, the hardest hit since the outbreak of the war on October 7.\n"
    assert [e["date"]["words"] for e in events(text)] == ["yesterday"]
    text = "استهدفت طائرة مسيرة هجين أمس، في أعنف هجوم منذ اندلاع الحرب في 7 تشرين الأول.\n"
    assert [e["date"]["words"] for e in events(text)] == ["أمس"]


@pytest.mark.parametrize(
    "text",
    [
        "Warplanes struck Hajin.\n\nIn a related development, warplanes struck Hajin's market.\n",
        "قصفت طائرات حربية هجين.\n\nفي سياق متصل، قصفت طائرات حربية سوق هجين.\n",
    ],
)
def test_a_related_development_is_another_event(text: str) -> None:
    assert len(events(text)) == 2


def test_each_dated_event_is_its_own_draft() -> None:
    text = "September 4: a drone struck Hajin.\n\nSeptember 27: a drone struck al-Asharah.\n"
    assert [e["date"]["month_day"] for e in events(text)] == ["09-04", "09-27"]


def test_a_wave_on_many_sites_is_one_event() -> None:
    text = "Warplanes struck Albu Kamal, al-Mayadin and Hajin last night, killing 23 fighters.\n"
    found = events(text)
    assert len(found) == 1
    assert [p["place_id"] for p in found[0]["places"]] == ["al-bukamal", "al-mayadin", "hajin"]


def test_a_summary_over_a_period_is_not_an_event() -> None:
    text = "Activists documented four drone attacks from September 3 to October 8.\n"
    assert events(text) == []


def test_the_quote_is_one_verbatim_sentence() -> None:
    text = "A drone struck Hajin yesterday. It destroyed a truck.\n"
    assert event(text)["quote"] == "A drone struck Hajin yesterday."


def test_evidence_spans_are_the_article_words() -> None:
    text = "Israeli warplanes struck Hajin yesterday, killing 4 fighters.\n"
    drafted = draft_article(text, published=PUBLISHED).events[0]
    assert {k: [s.text for s in v] for k, v in drafted.evidence.items()} == {
        "quote": ["Israeli warplanes struck Hajin yesterday, killing 4 fighters."],
        "event_type": ["warplanes"],
        "date": ["yesterday"],
        "locations[0]": ["Hajin"],
        "claims[0]": ["Israeli", text.strip()],
        "killed": ["killing 4"],
    }
    for spans in drafted.evidence.values():
        for span in spans:
            assert text[span.start : span.end] == span.text
