"""The drafter's results: the JSON for pipelines and the draft record files for curators.

Every string the JSON shows is a verbatim span of the article. The record is in
incidents/model.py's schema, marked `status: draft` with its review list, so `validate` checks
it like any record and the map never shows it until a curator accepts it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from incidents.draft.events import EventParts
from incidents.draft.spans import Span
from incidents.model import Incident
from incidents.text import slug

TITLE_MAX = 200


@dataclass
class EventDraft:
    """One drafted event: a record for the curator, the spans behind each field, what to check."""

    record: dict[str, Any]
    evidence: dict[str, list[Span]]
    review: list[str]
    json: dict[str, Any] = field(repr=False, default_factory=dict)


@dataclass
class ArticleDraft:
    """Everything drafted from one article."""

    text: str
    published: dt.date | None
    url: str | None
    sha256: str
    language: str
    events: list[EventDraft]

    def to_json(self) -> dict[str, Any]:
        """The JSON shape documented in the README (one object per article)."""
        return {
            "source": {
                "url": self.url,
                "published": self.published.isoformat() if self.published else None,
                "sha256": self.sha256,
            },
            "events": [e.json for e in self.events],
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def event_json(parts: EventParts) -> dict[str, Any]:
    date = parts.date
    single = date is not None and date.earliest is not None and date.earliest == date.latest
    return {
        "event_type": parts.event_type,
        "date": {
            "earliest": _iso(date.earliest) if date else None,
            "latest": _iso(date.latest) if date else None,
            "month_day": date.month_day if date and not single else None,
            "words": date.words.text if date and date.words else None,
        },
        "places": [p.to_dict() for p in parts.places],
        "claims": [
            {
                "actor": c.actor.text,
                "stance": c.stance,
                "by": c.by.text if c.by else None,
                "quote": c.quote.text,
            }
            for c in parts.claims
        ],
        "attacker": parts.attacker,
        "confidence": parts.confidence,
        "killed": parts.tolls["killed"].to_dict()
        if "killed" in parts.tolls
        else {"min": None, "max": None, "words": None},
        "injured": parts.tolls["injured"].to_dict()
        if "injured" in parts.tolls
        else {"min": None, "max": None, "words": None},
        "quote": parts.segment.anchor.text,
        "review": list(parts.review),
    }


def evidence(parts: EventParts) -> dict[str, list[Span]]:
    found: dict[str, list[Span]] = {"quote": [parts.segment.anchor.whole()]}
    if parts.type_words:
        found["event_type"] = [parts.type_words]
    if parts.date and parts.date.words:
        found["date"] = [parts.date.words]
    for i, place in enumerate(parts.places):
        found[f"locations[{i}]"] = [place.words]
    for i, claim in enumerate(parts.claims):
        found[f"claims[{i}]"] = [claim.actor] + ([claim.by] if claim.by else []) + [claim.quote]
    if parts.unidentified and not parts.claims:
        found["assessment"] = [parts.unidentified]
    for kind, toll in parts.tolls.items():
        found[kind] = [toll.words]
    return found


def _title(sentence: str) -> str:
    if len(sentence) <= TITLE_MAX:
        return sentence
    cut = sentence[:TITLE_MAX].rsplit(" ", 1)[0]
    return cut


def _date_record(parts: EventParts, published: dt.date | None) -> dict[str, Any] | None:
    date = parts.date
    if date is None or date.earliest is None or date.latest is None or date.precision is None:
        return None
    note = f"Drafted from the words '{date.words.text}'" if date.words else "Drafted"
    if date.relative and published:
        note += f", resolved against the publication day {published.isoformat()}"
    elif date.spoken is not None:
        note += f", resolved against the day the report was made ('{date.spoken.text}')"
    record: dict[str, Any] = {
        "start": date.earliest.isoformat(),
        "end": date.latest.isoformat(),
        "precision": date.precision,
        "note": note + " (draft: check).",
    }
    if date.relative:
        record["relative"] = date.relative
    return record


def _casualties(parts: EventParts, kind: str, by: str) -> list[dict[str, Any]]:
    toll = parts.tolls.get(kind)
    if toll is None or (toll.min is None and toll.max is None):
        return []
    return [
        {
            "min": toll.min if toll.min is not None else 0,
            "max": toll.max,
            "reported_by": by,
            "note": toll.words.text,
        }
    ]


def record(
    parts: EventParts,
    index: int,
    sha256: str,
    published: dt.date | None,
    published_words: Span | None,
    url: str | None,
    document: str | None,
    headline: Span | None,
) -> dict[str, Any]:
    """The draft record (plain data, YAML-ready) of one event."""
    by = "the article (draft: name the source)"
    place = parts.places[0].words.text if parts.places else ""
    ident = slug(f"draft {sha256[:8]} {index + 1:02d} {parts.event_type} {place}")
    source: dict[str, Any] = {
        "document": document or f"{sha256[:16]}.txt",
        "headline": headline.text if headline else None,
        "url": url,
        "quotes": [parts.segment.anchor.text],
    }
    if published:
        how = f"the text's publication line '{published_words.text}'" if published_words else "--published"
        source["published"] = {
            "earliest": published.isoformat(),
            "latest": published.isoformat(),
            "note": f"From {how} (draft: check).",
        }
    claims = [
        {
            "actor": c.actor.text,
            "attacker": c.attacker,
            "stance": c.stance,
            "by": c.by.text if c.by else by,
            "quote": c.quote.text,
        }
        for c in parts.claims
    ]
    reasoning = (
        f"Drafted from the words: {', '.join(sorted({c.stance for c in parts.claims}))}; graded by the "
        "records' rules, never above the words (draft: check)."
        if parts.claims
        else "Drafted: the article names nobody as the doer (draft: check)."
    )
    data: dict[str, Any] = {
        "id": ident,
        "title": _title(parts.segment.anchor.text),
        "status": "draft",
        "review": list(parts.review),
        "event_type": parts.event_type,
        "date": _date_record(parts, published),
        "locations": [
            {"name_reported": p.words.text, "place_id": p.place_id, "role": p.role, "precision": p.precision}
            for p in parts.places
        ],
        "claims": claims,
        "assessment": {"attacker": parts.attacker, "confidence": parts.confidence, "reasoning": reasoning},
        "killed": _casualties(parts, "killed", by),
        "injured": _casualties(parts, "injured", by),
        "sources": [{k: v for k, v in source.items() if v is not None}],
    }
    Incident.model_validate(data)  # every draft passes the record check before it is shown
    return data
