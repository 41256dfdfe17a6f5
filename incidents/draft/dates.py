"""Dates in an article: the words that date an event, and the days they allow.

Absolute dates ("September 4", "13 January 2021", "4 أيلول/سبتمبر") come from the month
names of the language; relative words ("yesterday", "on Thursday", أمس، فجر اليوم، قبل يومين)
are resolved by incidents.dates against the publication day; words relative to the event just
reported ("a day earlier") against that event's date. A day and month without a year is a day of
unknown year, never given the publication's year unless the text settles it ("of this year").
With no publication day, relative words are kept and the date stays unknown.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from incidents import dates, language
from incidents.draft.spans import Sentence, Span
from incidents.language import Language

THIS_YEAR = -1  # "October 7 of this year", "4 أيلول الجاري": the publication's year
LAST_SUCH_DAY = -2  # "4 أيلول الماضي": the last 4 September on or before publication


@dataclass(frozen=True)
class DateMention:
    """Words that date something, and what they say (a day, a month-day, or relative words)."""

    span: Span
    kind: str  # absolute | relative | anchored
    month: int | None = None
    day: int | None = None
    year: int | None = None
    back: int = 0  # anchored: days before the previous event's date


@dataclass(frozen=True)
class DateDraft:
    """The days an event may have happened on, as the JSON and the record give them."""

    earliest: dt.date | None
    latest: dt.date | None
    month_day: str | None
    words: Span | None
    precision: str | None  # the schema's slug, None when unknown
    relative: str | None = None  # words incidents.dates resolves, for the record's date.relative
    spoken: Span | None = None  # the report's own date words ("said on Tuesday") it was resolved against

    @property
    def known(self) -> bool:
        return self.earliest is not None or self.month_day is not None


def _alternation(names: list[str], lang: Language) -> str:
    return "|".join(
        lang.source(re.escape(n)).replace("\\ ", "\\s+") for n in sorted(names, key=len, reverse=True)
    )


@functools.cache
def _patterns(lang: Language) -> list[re.Pattern[str]]:
    months = _alternation(list(language.month_names(lang.code)), lang)
    digits = "[0-9٠-٩]"
    year = rf"(?P<year>(?:19|20|١٩|٢٠){digits}{{2}})"
    settle = lang.data.get("this_year") or []
    this_year = f"(?P<this_year>{'|'.join(lang.source(p) for p in settle)})" if settle else "(?!)"
    recent = lang.data.get("past_month") or []
    past = f"(?P<past>{'|'.join(lang.source(p) for p in recent)})" if recent else "(?!)"
    day = rf"(?:the\s+)?(?P<day>{digits}{{1,2}}|{lang.ordinal_pattern()})(?:st|nd|rd|th)?"
    month = rf"(?P<month>{months})(?:\.(?=\s*[0-9٠-٩]))?"  # "Dec. 5"
    tail = rf"(?:,?\s+(?:{year}|{this_year}|{past}))?"
    second = rf"(?:\s*/\s*(?:{months}))?"
    joiner = "".join(f"(?:{w}\\s+)?" for w in lang.data.get("day_month_words") or [])
    return [
        re.compile(r"(?<!\w)(?P<iso>(?P<iy>(?:19|20)\d\d)[-/.](?P<im>[01]?\d)[-/.](?P<id>[0-3]?\d))(?!\w)"),
        # 14/01/2021 or 01/14/2021: only when the day is over 12, so the order cannot be mistaken
        re.compile(r"(?<!\w)(?P<na>[0-3]?\d)[/.](?P<nb>[0-3]?\d)[/.](?P<ny>(?:19|20)\d\d)(?!\w)"),
        re.compile(rf"(?<!\w){lang.prefix}{day}\s+{joiner}{month}{second}{tail}(?!\w)", lang.flags),
        re.compile(rf"(?<!\w){month}\s+{day}{tail}(?!\w)", lang.flags),
    ]


@functools.cache
def _relative_patterns(lang: Language) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = lang.data
    rel = list(data.get("relative_days") or {})
    weekdays = list(language.weekday_names(lang.code))
    prefix = "|".join(lang.source(p) for p in data.get("weekday_prefix") or [])
    numbers = lang.number_pattern()
    before = "|".join(lang.source(p) for p in data.get("days_ago_before") or []) or "(?!)"
    after = "|".join(lang.source(p) for p in data.get("days_ago_after") or [])
    pre = lang.prefix
    days = _alternation(weekdays, lang)
    relative = re.compile(
        rf"(?<!\w){pre}(?P<w>(?:(?:{prefix})(?:{days}))|{days}"
        rf"|(?:(?:{before}){numbers}(?:{after}))|(?:{numbers}(?:{after}))|{_alternation(rel, lang)})(?!\w)",
        lang.flags,
    )
    anchored = re.compile(
        rf"(?<!\w){pre}(?P<w>{_alternation(list(data.get('anchored_days') or {}), lang)})(?!\w)", lang.flags
    )
    return relative, anchored, re.compile("(?!)")


def _number(text: str) -> int:
    value = language.number(text)
    return int(value) if value is not None else 0


def find(sentence: Sentence, lang: Language) -> list[DateMention]:
    """Every dating phrase in a sentence, in order (absolute dates before overlapping words)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    months = language.month_names(lang.code)
    for pattern in _patterns(lang):
        for m in pattern.finditer(sentence.folded):
            start, end = m.span()
            if any(a < end and start < b for a, b in taken):
                continue
            groups = m.groupdict()
            if groups.get("iso") or groups.get("ny"):
                if groups.get("iso"):
                    year, month_n, day_n = int(m["iy"]), int(m["im"]), int(m["id"])
                else:
                    a, b, year = int(m["na"]), int(m["nb"]), int(m["ny"])
                    if (a > 12) == (b > 12):
                        continue  # 05/06/2021: day and month cannot be told apart
                    day_n, month_n = (a, b) if a > 12 else (b, a)
                try:
                    day = dt.date(year, month_n, day_n)
                except ValueError:
                    continue
                found.append(
                    DateMention(sentence.span(start, end, "date"), "absolute", day.month, day.day, day.year)
                )
            else:
                start = m.start("day") if m.start("day") < m.start("month") else m.start("month")
                month = months.get(" ".join(m["month"].casefold().split()))
                if month is None:
                    month = next(
                        (
                            v
                            for k, v in months.items()
                            if re.fullmatch(
                                lang.source(re.escape(k)).replace("\\ ", "\\s+"), m["month"], lang.flags
                            )
                        ),
                        None,
                    )
                day_n = _number(m["day"])
                if month is None or not 1 <= day_n <= 31:
                    continue
                year = _number(m["year"]) if m["year"] else None
                if m.groupdict().get("this_year"):
                    year = THIS_YEAR
                elif m.groupdict().get("past"):
                    year = LAST_SUCH_DAY
                found.append(DateMention(sentence.span(start, end, "date"), "absolute", month, day_n, year))
            taken.append((start, end))
    relative, anchored, _ = _relative_patterns(lang)
    anchors = {k.casefold(): int(v) for k, v in (lang.data.get("anchored_days") or {}).items()}
    # The longest words win ("the day before yesterday" over "the day before"); on equal length,
    # words relative to the event before over words relative to the publication ("a day earlier").
    candidates = [(m, "anchored") for m in anchored.finditer(sentence.folded)]
    candidates += [
        (m, "relative") for m in relative.finditer(sentence.folded) if dates.days_before(m["w"]) is not None
    ]
    candidates.sort(key=lambda c: (c[0].start("w") - c[0].end("w"), c[1] != "anchored"))
    for m, kind in candidates:
        start, end = m.span("w")
        if any(a < end and start < b for a, b in taken):
            continue
        back = anchors.get(" ".join(m["w"].casefold().split()), 0) if kind == "anchored" else 0
        found.append(DateMention(sentence.span(start, end, "date"), kind, back=back))
        taken.append((start, end))
    return sorted(found, key=lambda d: d.span.start)


def first(mentions: list[DateMention]) -> DateMention | None:
    """The mention that dates a sentence: a calendar date before words relative to the event
    before, before words relative to the publication day ("on Thursday, 14 January")."""
    for kind in ("absolute", "anchored", "relative"):
        found = next((m for m in mentions if m.kind == kind), None)
        if found:
            return found
    return None


def reported_on(sentence: Sentence, mentions: list[DateMention], lang: Language) -> DateMention | None:
    """The mention that dates the report, not the event, when the sentence has another one
    ("the Observatory said on Tuesday that a drone struck ... last night": the event is the night
    before Tuesday). The words before it are the language's `report_date`."""
    if len(mentions) < 2:
        return None
    cue = lang.words(lang.data.get("report_date") or [], "end")
    for mention in mentions:
        offset = sentence.at(mention.span.start - sentence.start)
        if cue.search(sentence.folded[max(0, offset - _REPORT_WINDOW) : offset]):
            return mention
    return None


_REPORT_WINDOW = 40


def resolve(
    mention: DateMention,
    published: dt.date | None,
    previous: DateDraft | None,
    spoken: DateDraft | None = None,
) -> DateDraft:
    """The days a mention allows, never more precise than its words and the publication day, or
    than the day it was `spoken` on when a report date is given ("said on Tuesday ... last night")."""
    words = mention.span
    if spoken is not None and mention.kind == "relative":
        if spoken.earliest is None or spoken.latest is None:
            return DateDraft(None, None, None, words, None)  # said on a day we do not know
        allowed = dates.resolve(words.text, spoken.earliest, spoken.latest)
        if allowed is None or allowed[1] is None:
            return DateDraft(None, None, None, words, None)
        precision = "day-inferred" if allowed[0] == allowed[1] else "range"
        return DateDraft(allowed[0], allowed[1], None, words, precision, spoken=spoken.words)
    if mention.kind == "absolute" and mention.month and mention.day:
        month_day = DateDraft(None, None, f"{mention.month:02d}-{mention.day:02d}", words, "day-year-unknown")
        year = mention.year
        if year in (THIS_YEAR, LAST_SUCH_DAY):
            if published is None:
                return month_day
            later = (mention.month, mention.day) > (published.month, published.day)
            year = published.year - 1 if year == LAST_SUCH_DAY and later else published.year
        if not year:
            return month_day
        try:
            day = dt.date(year, mention.month, mention.day)
        except ValueError:
            return DateDraft(None, None, None, words, None)
        if mention.year in (THIS_YEAR, LAST_SUCH_DAY) and published is not None and day > published:
            return month_day  # "October 7 of this year" in a March report: the words do not add up
        return DateDraft(day, day, None, words, "day")
    if mention.kind == "anchored":
        if previous is not None and previous.earliest is not None and previous.earliest == previous.latest:
            day = previous.earliest - dt.timedelta(days=mention.back)
            return DateDraft(day, day, None, words, "day-inferred")
        if previous is not None and previous.month_day is not None:
            shifted = dt.date(2000, *map(int, previous.month_day.split("-"))) - dt.timedelta(
                days=mention.back
            )
            return DateDraft(None, None, f"{shifted:%m-%d}", words, "day-year-unknown")
        return DateDraft(None, None, None, words, None)
    if published is None:
        return DateDraft(None, None, None, words, None)
    allowed = dates.resolve(words.text, published, published)
    if allowed is None:
        return DateDraft(None, None, None, words, None)
    first, last = allowed
    precision = "day-inferred" if first == last else "range"
    return DateDraft(first, last, None, words, precision, relative=words.text)
