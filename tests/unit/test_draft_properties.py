"""On any text the drafter raises nothing and every string it emits is the article's own words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata.gazetteer import load_gazetteer
from incidents.draft import draft_article

GAZETTEER = load_gazetteer()

# Words the rules react to, so that random text reaches them, mixed with any characters.
CUES = [
    "drone",
    "warplanes",
    "Israeli",
    "US",
    "presumably",
    "killed",
    "at least",
    "12",
    "over",
    "injured",
    "on Tuesday",
    "yesterday",
    "September 4",
    "Albu Kamal",
    "al-Mayadin",
    "near",
    "coming from",
    "arrived in",
    "shipment",
    "No casualties",
    "غارة",
    "مسيرة",
    "مقتل",
    "ثلاثة",
    "٥",
    "أمس",
    "البوكمال",
    "قرب",
    "إسرائيلية",
    "يرجح",
    "أيلول",
    ".",
    ",",
    "\n",
    "\n\n",
    " ",
    "You might also like\n",
    "Photo: ",
]
words = st.lists(st.one_of(st.sampled_from(CUES), st.sampled_from(CUES), st.text(max_size=12)), max_size=14)
sentences = words.map(lambda w: " ".join(w) + ".")  # a line ending in "." is a sentence, not a heading
articles = st.lists(st.lists(sentences, min_size=1, max_size=3).map(" ".join), max_size=6).map("\n".join)


def _strings(event: dict[str, Any]) -> list[str]:
    found = [event["quote"], event["date"]["words"], event["killed"]["words"], event["injured"]["words"]]
    found += [p["as_written"] for p in event["places"]]
    found += [v for c in event["claims"] for v in (c["actor"], c["by"], c["quote"])]
    return [s for s in found if s is not None]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=articles, published=st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31))))
def test_every_emitted_string_is_verbatim(text: str, published: dt.date | None) -> None:
    draft = draft_article(text, published=published, gazetteer=GAZETTEER)
    for event in draft.to_json()["events"]:
        for value in _strings(event):
            assert value in text
    for drafted in draft.events:
        for spans in drafted.evidence.values():
            for span in spans:
                assert text[span.start : span.end] == span.text
