"""Drafting incident records from a news article, English and Arabic.

`draft_article(text)` returns one draft per event the article reports, each value with the
verbatim words it came from and a list of what the curator must check. One module per field
(events, dates, event_type, claims, tolls, places), cue words in incidents/lang/*.yaml.

>>> draft = draft_article("On Thursday, Israeli warplanes struck al-Bukamal, killing at least 5 fighters.",
...                       published=dt.date(2021, 1, 15))
>>> event = draft.to_json()["events"][0]
>>> event["event_type"], event["date"]["earliest"], event["killed"]["min"], event["killed"]["max"]
('air-strike', '2021-01-14', 5, None)
"""

from __future__ import annotations

import datetime as dt
import hashlib

from geodata.gazetteer import Gazetteer, load_gazetteer
from incidents import language
from incidents.draft import events, output, split, text
from incidents.draft.html import reduce_html
from incidents.draft.output import ArticleDraft, EventDraft
from incidents.draft.spans import Sentence, Span

__all__ = ["ArticleDraft", "EventDraft", "Span", "draft_article", "reduce_html"]


def draft_article(
    text_: str,
    *,
    published: dt.date | None = None,
    url: str | None = None,
    document: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> ArticleDraft:
    """Draft every event an article reports (plain text; see `reduce_html` for a saved page)."""
    gazetteer = gazetteer or load_gazetteer()
    code = language.detect(text_)
    lang = language.language(code)
    published_words = None
    if published is None:
        found = events.published_in_text(text_, lang)
        if found:
            published, published_words = found
    sha256 = hashlib.sha256(text_.encode("utf-8")).hexdigest()
    headline = text.headline(text_)
    drafts = []
    mentions = gazetteer.find_in_text(text_)
    sentences = split.clauses(text.sentences(text_, lang), lang)
    segments, summaries = events.segment(sentences, lang, published, mentions, gazetteer)
    title = Sentence(headline.start, headline.end, headline.text, -1) if headline else None
    found: list[events.EventParts] = []
    for index, seg in enumerate(segments):
        parts = events.draft_event(seg, mentions, gazetteer, lang, summaries, title if index == 0 else None)
        earlier = split.implied(parts, lang)
        found += split.distribute(parts, lang) + ([earlier] if earlier else [])
    for index, parts in enumerate(found):
        record = output.record(parts, index, sha256, published, published_words, url, document, headline)
        drafts.append(
            output.EventDraft(record, output.evidence(parts), list(parts.review), output.event_json(parts))
        )
    return ArticleDraft(text_, published, url, sha256, code, drafts)
