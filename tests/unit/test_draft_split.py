"""Several events in the words of one: a sentence of two clauses, a list of incidents, another
group of a strike wave, an earlier event a count implies; and the places and tolls these reports
lean on ("in the city", "the X neighborhood in the Y city", "several dead ... Five died").

Every sentence is written for the test (English and Arabic), with the exact expected value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from incidents.draft import draft_article

PUBLISHED = dt.date(2021, 1, 14)  # a Thursday


def events(text: str) -> list[dict[str, Any]]:
    return draft_article(text, published=PUBLISHED).to_json()["events"]


def summary(event: dict[str, Any]) -> tuple:
    date = event["date"]
    return (
        event["event_type"],
        date["earliest"] or date["month_day"],
        [(p["place_id"], p["role"]) for p in event["places"]],
    )


@pytest.mark.parametrize(
    "text",
    [
        "Warplanes struck Hajin on September 4. On the same day, other explosions were heard in al-Quriyah.",
        "قصفت طائرات حربية هجين في 4 أيلول. وفي اليوم ذاته، سمع دوي انفجارات أخرى في القورية.",
    ],
)
def test_same_day_other_explosions_are_another_event_of_that_day(text: str) -> None:
    assert [summary(e) for e in events(text)] == [
        ("air-strike", "09-04", [("hajin", "target")]),
        ("unattributed-explosion", "09-04", [("al-quriyah", "target")]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "At least 20 raids hit Hajin on 13 January.\n\nOther six raids hit al-Quriyah.",
        "شن الطيران الحربي 20 غارة على هجين في 13 كانون الثاني.\n\nواستهدفت الغارات الأخرى القورية.",
    ],
)
def test_another_group_of_a_strike_wave_is_its_own_event_with_the_date(text: str) -> None:
    assert [summary(e) for e in events(text)] == [
        ("air-strike", "01-13", [("hajin", "target")]),
        ("air-strike", "01-13", [("al-quriyah", "target")]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Warplanes struck Hajin on 13 January, while no confirmation was obtained as to the attacks "
        "on sites in al-Mayadin.",
        "قصفت طائرات حربية هجين في 13 كانون الثاني، في حين لم يتسن التأكد من الغارات على مواقع في الميادين.",
    ],
)
def test_an_unconfirmed_clause_is_its_own_event_and_only_its_places_are_unconfirmed(text: str) -> None:
    found = events(text)
    assert [summary(e) for e in found] == [
        ("air-strike", "01-13", [("hajin", "target")]),
        ("air-strike", "01-13", [("al-mayadin", "unconfirmed")]),
    ]
    assert all(e["quote"] in text for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "Further strikes hit sites of the militias. These incidents occurred near Hajin, the town of "
        "Khasham, and sites in Muhasan.",
        "وقصفت طائرات حربية مواقع للميليشيات. ووقعت هذه الحوادث قرب هجين، وبلدة خشام، ومواقع في موحسن.",
    ],
)
def test_a_list_of_incidents_is_one_event_per_item(text: str) -> None:
    assert [summary(e)[2] for e in events(text)] == [
        [("hajin", "vicinity")],
        [("khasham", "target")],
        [("muhasan", "target")],
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Warplanes struck a site in Hajin. This marks the second such strike in as many days.",
            "the second such strike in as many days",
        ),
        (
            "قصفت طائرات حربية موقعا في هجين. وهي الضربة الثانية من نوعها خلال يومين.",
            "الضربة الثانية من نوعها خلال يومين",
        ),
    ],
)
def test_a_count_implies_an_earlier_undated_event_for_review(text: str, words: str) -> None:
    _later, earlier = events(text)
    assert summary(earlier) == ("air-strike", None, [("hajin", "target")])
    assert earlier["claims"] == [] and earlier["attacker"] == "unknown"
    assert earlier["review"][0].startswith(f"event: implied by '{words}'")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Drones struck a convoy in al-Mayadin on Tuesday.\n\n"
            "Militants attempted to arrest a man at a checkpoint in the city two days ago.",
            "in the city",
        ),
        (
            "استهدفت طائرة مسيرة رتلا في الميادين يوم الثلاثاء.\n\n"
            "وحاول عناصر من الميليشيات اعتقال شاب على حاجز في المدينة قبل يومين.",
            "في المدينة",
        ),
    ],
)
def test_the_city_is_the_place_named_last_before_it_for_review(text: str, words: str) -> None:
    second = events(text)[1]
    assert [(p["place_id"], p["as_written"]) for p in second["places"]] == [("al-mayadin", words)]
    assert any(r.startswith(f"places: '{words}' taken to be") for r in second["review"])


@pytest.mark.parametrize(
    "text",
    [
        "Militias evacuated posts in the al-Jam'iyat neighborhood in the al-Bukamal city yesterday.",
        "أخلت الميليشيات مقرات في حي الجمعيات في مدينة البوكمال أمس.",
    ],
)
def test_the_town_a_neighbourhood_lies_in_is_no_site_of_its_own(text: str) -> None:
    assert [p["place_id"] for p in events(text)[0]["places"]] == ["al-jamiyat"]


@pytest.mark.parametrize(
    "text",
    [
        "The explosion killed a member of the group, which has been active since the outbreak of the war.",
        "أدى الانفجار إلى مقتل عنصر من الجماعة التي برزت منذ اندلاع الحرب.",
    ],
)
def test_background_words_after_the_report_leave_it_a_report(text: str) -> None:
    killed = events(text)[0]["killed"]
    assert (killed["min"], killed["max"]) == (1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "The raids on Hajin left several dead. Five fighters died in the raids, according to initial "
        "information.",
        "خلفت الغارات على هجين عددا من القتلى. وقتل خمسة عناصر في الغارات بحسب حصيلة أولية.",
    ],
)
def test_a_number_replaces_vague_words_and_a_first_count_stays_open(text: str) -> None:
    killed = events(text)[0]["killed"]
    assert (killed["min"], killed["max"]) == (5, None)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "The Syrian Observatory said on Tuesday that a drone struck a car near Hajin last night.",
            "last night",
        ),
        (
            "قال المرصد السوري يوم الثلاثاء إن طائرة مسيرة استهدفت سيارة قرب هجين الليلة الماضية.",
            "الليلة الماضية",
        ),
    ],
)
def test_last_night_in_reported_speech_is_the_night_before_the_report_day(text: str, words: str) -> None:
    draft = draft_article(text, published=PUBLISHED)
    date = draft.to_json()["events"][0]["date"]
    assert (date["earliest"], date["latest"], date["words"]) == ("2021-01-11", "2021-01-12", words)
    assert "relative" not in draft.events[0].record["date"]  # not relative to the publication day


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("A drone struck a car near Hajin the day before yesterday.", "the day before yesterday"),
        ("استهدفت طائرة مسيرة سيارة قرب هجين أمس الأول.", "أمس الأول"),
    ],
)
def test_the_day_before_yesterday_is_two_days_before_publication(text: str, words: str) -> None:
    date = events(text)[0]["date"]
    assert (date["earliest"], date["latest"], date["words"]) == ("2021-01-12", "2021-01-12", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("A convoy of trucks carrying weapons coming from Iraq arrived in al-Mayadin yesterday.", "Iraq"),
        ("وصلت أمس شحنة أسلحة قادمة من العراق إلى الميادين.", "العراق"),
    ],
)
def test_a_country_is_the_origin_of_a_route(text: str, words: str) -> None:
    places = [(p["as_written"], p["place_id"], p["role"], p["precision"]) for p in events(text)[0]["places"]]
    assert (words, "iraq", "origin", "region") in places


@pytest.mark.parametrize(
    "text",
    [
        "Warplanes struck militia positions in al-Mayadin in eastern Syria yesterday.",
        "قصفت طائرات حربية مواقع للميليشيات في الميادين شرقي سوريا أمس.",
    ],
)
def test_a_country_is_never_the_site_of_a_strike(text: str) -> None:
    assert [p["place_id"] for p in events(text)[0]["places"]] == ["al-mayadin"]


@pytest.mark.parametrize(
    "text",
    [
        "Israeli warplanes raided several posts across Deir ez-Zor province.\n\n"
        "A series of raids targeted sites in al-Mayadin on 13 January, sources reported.",
        "قصفت طائرات حربية إسرائيلية مواقع في محافظة دير الزور.\n\n"
        "واستهدفت سلسلة غارات مواقع في الميادين في 13 كانون الثاني.",
    ],
)
def test_an_undated_lead_is_the_dated_event_told_closer_in_its_area(text: str) -> None:
    found = events(text)
    assert [summary(e)[:2] for e in found] == [("air-strike", "01-13")]
    assert [p["place_id"] for p in found[0]["places"]] == ["deir-ez-zor-governorate", "al-mayadin"]
    assert [c["stance"] for c in found[0]["claims"]] == ["attributed-by-source"]


@pytest.mark.parametrize(
    "text",
    [
        "Israeli warplanes struck Hajin on 13 January.\n\nOther six raids hit al-Quriyah.",
        "قصفت طائرات حربية إسرائيلية هجين في 13 كانون الثاني.\n\nواستهدفت الغارات الأخرى القورية.",
    ],
)
def test_another_group_of_a_wave_takes_the_waves_attribution_for_review(text: str) -> None:
    first, second = events(text)
    assert [(c["actor"], c["stance"]) for c in second["claims"]] == [
        (c["actor"], c["stance"]) for c in first["claims"]
    ]
    assert second["attacker"] == "israel"
    assert any(
        r.startswith("attacker: the attribution is that of the event told just before")
        for r in second["review"]
    )


@pytest.mark.parametrize(
    "words", ["late on Tuesday", "overnight Tuesday", "early on Tuesday", "last Tuesday"]
)
def test_a_weekday_with_its_time_of_day_is_that_weekday(words: str) -> None:
    date = events(f"Israeli warplanes struck positions near al-Bukamal {words}.")[0]["date"]
    assert (date["earliest"], date["latest"], date["words"]) == ("2021-01-12", "2021-01-12", words)


def test_a_bare_arabic_bombardment_is_an_event_whose_type_the_curator_chooses() -> None:
    (found,) = events("قصف التحالف الدولي مواقع في البوكمال في 12 كانون الثاني/يناير 2021.")
    assert (found["event_type"], found["date"]["earliest"]) == ("other", "2021-01-12")
    assert "event type: no cue words; choose the type" in found["review"]


def test_a_death_toll_after_a_possessive_is_a_number() -> None:
    killed = events("The death toll from Wednesday's strikes on Hajin rose to 57, SOHR said.")[0]["killed"]
    assert (killed["min"], killed["max"]) == (57, 57)


@pytest.mark.parametrize(
    "text",
    [
        "A convoy of trucks loaded with weapons came from Iraq through the al-Qaim crossing on Tuesday "
        "and headed to the city of al-Mayadin.",
        "وصلت شحنة أسلحة قادمة من العراق عبر معبر القائم إلى مدينة الميادين يوم الثلاثاء.",
    ],
)
def test_a_route_passes_through_a_crossing_to_the_town_it_names(text: str) -> None:
    roles = {p["place_id"]: p["role"] for p in events(text)[0]["places"]}
    assert roles == {"iraq": "origin", "al-qaim-border-crossing": "vicinity", "al-mayadin": "destination"}


def test_the_syrian_governments_air_aggression_is_an_air_strike_it_blames() -> None:
    (found,) = events(
        "قالت وزارة الدفاع السورية إن العدو الإسرائيلي شن عدوانا جويا على منطقة البوكمال فجر اليوم."
    )
    assert (found["event_type"], found["date"]["earliest"]) == ("air-strike", "2021-01-14")
    assert [(c["stance"], found["attacker"]) for c in found["claims"]] == [("blamed-by", "israel")]


@pytest.mark.parametrize(
    "text",
    [
        "Drones struck al-Bukamal yesterday. In 2019, a similar strike killed 20 militiamen in the same "
        "area.\n\n"
        "Since 2017, strikes in the area have killed more than 300 people.",
        "استهدفت طائرة مسيرة البوكمال أمس. وفي عام 2019، قتلت غارة مماثلة 20 عنصرا في المنطقة ذاتها.\n\n"
        "ومنذ عام 2017 قتلت الغارات في المنطقة أكثر من 300 شخص.",
    ],
)
def test_another_years_toll_is_background_never_todays(text: str) -> None:
    (found,) = events(text)
    assert (found["date"]["earliest"], found["killed"]["min"], found["killed"]["max"]) == (
        "2021-01-13",
        None,
        None,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Warplanes struck militia positions near al-Bukamal this morning, killing seven fighters.\n\n"
        "A local source said the strikes targeted trucks that had entered from Iraq two days ago.",
        "قتل سبعة عناصر جراء غارات جوية على مواقع في محيط مدينة البوكمال بريف دير الزور الشرقي فجر اليوم.\n\n"
        "وقال مصدر محلي إن الغارات استهدفت شاحنات كانت قد دخلت من العراق قبل يومين.",
    ],
)
def test_the_strikes_named_again_go_on_with_the_event_and_a_sub_clauses_date_is_not_theirs(text: str) -> None:
    (found,) = events(text)
    assert (found["event_type"], found["date"]["earliest"], found["killed"]["min"]) == (
        "air-strike",
        "2021-01-14",
        7,
    )
    assert [(p["place_id"], p["role"]) for p in found["places"]] == [("al-bukamal", "vicinity")]


def test_a_wire_dateline_is_not_a_place_of_the_report() -> None:
    (found,) = events("DEIR EZ-ZOR (Wire) — A drone struck a car near the Syrian town of Hajin yesterday.")
    assert found["quote"].startswith("A drone struck")
    assert [(p["place_id"], p["role"]) for p in found["places"]] == [("hajin", "vicinity")]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "A drone, believed to belong to the US-led coalition, struck a motorcycle near Hajin on "
            "Wednesday, killing both riders.\n\nThe attack came a day after an unidentified drone struck a "
            "vehicle in al-Mayadin, wounding three militiamen.",
            "came a day after",
        ),
        (
            "استهدفت طائرة مسيرة يرجح أنها تابعة للتحالف الدولي دراجة نارية قرب هجين يوم الأربعاء، "
            "ما أدى إلى مقتل شخصين.\n\nوجاء ذلك بعد يوم من استهداف طائرة مسيرة مجهولة سيارة في "
            "الميادين، ما أدى إلى إصابة ثلاثة عناصر.",
            "جاء ذلك بعد يوم من",
        ),
    ],
)
def test_an_attack_that_came_a_day_after_another_tells_the_other_the_day_before(
    text: str, words: str
) -> None:
    first, second = events(text)
    assert (first["date"]["earliest"], first["killed"]["min"], first["attacker"]) == (
        "2021-01-13",
        2,
        "us-led-coalition",
    )
    assert [c["stance"] for c in first["claims"]] == ["suspected"]
    assert (second["event_type"], second["date"]["earliest"], second["date"]["words"]) == (
        "drone-strike",
        "2021-01-12",
        words,
    )
    assert [p["place_id"] for p in second["places"]] == ["al-mayadin"]
    assert (second["injured"]["min"], second["injured"]["max"]) == (3, 3)


@pytest.mark.parametrize(
    "text",
    [
        "A military convoy of the militias coming from al-Bukamal to Deir Ezzor city arrived yesterday.",
        "وصل رتل عسكري للميليشيات قادما من البوكمال إلى مدينة دير الزور أمس.",
    ],
)
def test_from_one_town_to_another_is_a_route(text: str) -> None:
    roles = [(p["place_id"], p["role"]) for p in events(text)[0]["places"]]
    assert roles == [("al-bukamal", "origin"), ("deir-ez-zor", "destination")]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("قصفت طائرة مسيرة مقرا للحرس الثوري الإيراني في حي الكتف بمدينة البوكمال أمس.", "البوكمال"),
        (
            "A drone struck a headquarters of the Revolutionary Guard in the Qalaat Zarqa neighborhood in "
            "the al-Bukamal city yesterday.",
            "al-Bukamal",
        ),
    ],
)
def test_the_hit_headquarters_actor_is_no_doer_and_an_unknown_quarter_leaves_its_town(
    text: str, town: str
) -> None:
    (found,) = events(text)
    assert (found["claims"], found["attacker"]) == ([], "unknown")
    assert ("al-bukamal", town) in [(p["place_id"], p["as_written"]) for p in found["places"]]


@pytest.mark.parametrize(
    "text",
    [
        "استهدفت طائرة مسيرة سيارة قرب هجين أمس، ما أسفر عن سقوط 4 قتلى و6 جرحى.",
        "A drone struck a car near Hajin yesterday, leaving 4 dead and 6 wounded.",
    ],
)
def test_killed_and_wounded_side_by_side_keep_their_own_numbers(text: str) -> None:
    found = events(text)[0]
    assert [(found[k]["min"], found[k]["max"]) for k in ("killed", "injured")] == [(4, 4), (6, 6)]


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, drones hovered over Hajin for two hours, which also saw military drills by "
        "government forces in al-Mayadin.",
        "حلّقت طائرات مسيرة في أجواء هجين لساعتين يوم الاثنين، التي شهدت أيضاً تدريبات عسكرية "
        "لقوات الحكومة في الميادين.",
    ],
)
def test_a_second_event_joined_in_one_sentence_is_its_own_event(text: str) -> None:
    """Drones hovering and drills elsewhere, told in one sentence: two drafts, each with its own
    place; the second clause does not take the first's date."""
    assert [summary(e) for e in events(text)] == [
        ("other", "2021-01-11", [("hajin", "target")]),
        ("other", None, [("al-mayadin", "target")]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "A drone struck a car in Hajin on Monday, while residents fled the town.",
        "A drone struck a car in Hajin on Monday, while the strike killed three fighters.",
        "A drone struck a car in Hajin on Monday, as well as a truck carrying weapons.",
        "استهدفت طائرة مسيرة سيارة في هجين يوم الاثنين، في حين أسفرت الغارة عن مقتل ثلاثة.",
    ],
)
def test_a_joiner_without_a_second_event_does_not_cut(text: str) -> None:
    """A clause with no event of its own ("while residents fled") or that names the event just
    told again ("while the strike killed three") stays with its sentence, toll and all."""
    assert [summary(e) for e in events(text)] == [("drone-strike", "2021-01-11", [("hajin", "target")])]


@pytest.mark.parametrize(
    ("text", "area"),
    [
        (
            "Warplanes struck a depot in al-Mayadin on Monday. On Tuesday, drones hovered over the "
            "area, which also saw military drills in Hajin.",
            "deir-ez-zor-governorate",
        ),
        (
            "قصفت طائرات حربية مستودعاً في الميادين يوم الاثنين. ويوم الثلاثاء، حلّقت طائرات مسيرة "
            "في أجواء المنطقة، التي شهدت أيضاً تدريبات عسكرية في هجين.",
            "deir-ez-zor-governorate",
        ),
        (  # no clause that puts another place in the area: the place named last
            "Warplanes struck a depot in al-Mayadin on Monday. On Tuesday, drones hovered over the area.",
            "al-mayadin",
        ),
    ],
)
def test_the_area_a_relative_clause_puts_another_place_in_holds_both(text: str, area: str) -> None:
    """ "Over the area, which also saw drills in Hajin": the area holds al-Mayadin (named before)
    and Hajin, so it is their governorate, not al-Mayadin."""
    hover = next(
        e for e in events(text) if e["event_type"] == "other" and e["date"]["earliest"] == "2021-01-12"
    )
    assert [p["place_id"] for p in hover["places"]] == [area]
