"""The possible days of an incident, what they say about a period, and the date in words.

A record's `date` (incidents.model.DateInfo) gives the first and last possible day and a
precision saying which days between them are possible: every day (a range, a month), one
calendar day per candidate year ("4 September", year unknown), or one weekday ("on Thursday",
week unknown). Everything that asks "when?" — the date filter, the count line, the timeline,
the exports and the words on every page — asks this module, so they cannot disagree.

Tables (from the records or a large file) carry `date_start`, `date_end`, `date_precision`
and optionally `date_years` ("2018|2020|2021"); without `date_years` a day-year-unknown row's
candidates are every year from start to end.

>>> words(dt.date(2018, 9, 4), dt.date(2024, 9, 4), "day-year-unknown")
'4 September (year unknown: 2018-2024)'
>>> possible_days(dt.date(2019, 9, 4), dt.date(2021, 9, 4), "day-year-unknown", [2019, 2021])
[datetime.date(2019, 9, 4), datetime.date(2021, 9, 4)]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from incidents import i18n, language
from incidents.i18n import _
from incidents.model import DatePrecision
from incidents.text import spread

YEAR_UNKNOWN = DatePrecision.DAY_YEAR_UNKNOWN.value
WEEKDAY = DatePrecision.WEEKDAY.value
DISCRETE = (YEAR_UNKNOWN, WEEKDAY)
"""Precisions whose possible days are not every day from start to end."""

YEARS_COLUMN = "date_years"
"""Optional table column: the candidate years of a day-year-unknown row, `|`-separated."""


# --- one incident ---------------------------------------------------------------------------------


def parse_years(value: object) -> list[int] | None:
    """A `date_years` cell ('2018|2020', a list, or empty) as a list of years, None when empty.

    A cell that is not a list of years (a user's table may hold anything) is also None, which
    means every year from start to end: the widest reading, never a narrower one made up.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    parts = value.replace(",", "|").split("|") if isinstance(value, str) else value
    if not isinstance(parts, Iterable):
        return None
    years = [str(p).strip() for p in parts if str(p).strip()]
    if not all(y.isdigit() and len(y) == 4 for y in years):
        return None
    return [int(y) for y in years] or None


def format_years(years: Sequence[int] | None) -> str:
    """The `date_years` cell for a list of years ('' when every year from start to end)."""
    return "|".join(str(y) for y in years) if years else ""


def candidate_years(start: dt.date, end: dt.date, years: Sequence[int] | None = None) -> list[int]:
    """The years a day-year-unknown date may fall in: the given list, else start's to end's."""
    return list(years) if years else list(range(start.year, end.year + 1))


def possible_days(
    start: dt.date, end: dt.date, precision: str, years: Sequence[int] | None = None
) -> list[dt.date] | None:
    """The possible days when they are not all days from start to end; None when they are."""
    if precision == YEAR_UNKNOWN:
        found = []
        for year in candidate_years(start, end, years):
            try:
                found.append(start.replace(year=year))
            except ValueError:  # 29 February in a common year: not a candidate
                continue
        return found
    if precision == WEEKDAY:
        return [start + dt.timedelta(days=d) for d in range(0, (end - start).days + 1, 7)]
    return None


# --- a period ---------------------------------------------------------------------------------------


def period_masks(
    table: pd.DataFrame, date_from: dt.date | None, date_to: dt.date | None
) -> tuple[pd.Series, pd.Series]:
    """(certain, possible) over `table`: every possible day is in the period / at least one is.

    A row with no start date is in neither. `certain` implies `possible`. Start and end are
    always possible days themselves, so "certain" needs only them; "possible" looks at the
    candidate days of the rows that have them (one per year, or one per week).
    """
    start, end = table["date_start"], table["date_end"].fillna(table["date_start"])
    known = start.notna()
    certain = known.copy()
    possible = known.copy()
    lo = pd.Timestamp(date_from) if date_from is not None else None
    hi = pd.Timestamp(date_to) if date_to is not None else None
    if lo is not None:
        certain &= start >= lo
        possible &= end >= lo
    if hi is not None:
        certain &= end <= hi
        possible &= start <= hi
    if lo is None and hi is None:
        return certain, possible
    precision = table.get("date_precision")
    if precision is None:
        return certain, possible
    weekly = possible & (precision == WEEKDAY)
    if weekly.any():
        first = start[weekly] if lo is None else start[weekly].where(start[weekly] >= lo, lo)
        last = end[weekly] if hi is None else end[weekly].where(end[weekly] <= hi, hi)
        # The first day of the row's weekday on or after `first`, then: is it still in the period?
        ahead = (start[weekly] - first).dt.days % 7
        possible.loc[weekly] = (first + pd.to_timedelta(ahead, unit="D")) <= last
    yearly = possible & (precision == YEAR_UNKNOWN)
    if yearly.any():
        years = table[YEARS_COLUMN] if YEARS_COLUMN in table else pd.Series(None, index=table.index)
        for index in yearly[yearly].index:
            days = possible_days(
                start[index].date(), end[index].date(), YEAR_UNKNOWN, parse_years(years[index])
            )
            possible.loc[index] = any(
                (lo is None or pd.Timestamp(d) >= lo) and (hi is None or pd.Timestamp(d) <= hi)
                for d in days or ()
            )
    return certain & possible, possible


# --- words ------------------------------------------------------------------------------------------


# English reads as it always has (strftime, fast at a million rows: the tables' `date_words` are
# English); another language has Babel's CLDR formats and the catalogue's sentences.


def _day(day: dt.date, year: bool = True) -> str:
    if i18n.current() == i18n.DEFAULT:
        return f"{day.day} {day:%B}" + (f" {day.year}" if year else "")
    return i18n.date_text(day, "d MMMM y" if year else "d MMMM")


def day_words(day: dt.date) -> str:
    """'13 January 2021', '13 يناير 2021': a calendar day in the interface's language."""
    return _day(day)


def _month(day: dt.date, year: bool = True) -> str:
    if i18n.current() == i18n.DEFAULT:
        return f"{day:%B %Y}" if year else f"{day:%B}"
    return i18n.date_text(day, "MMMM y" if year else "MMMM")


def _weekday_name(day: dt.date) -> str:
    return f"{day:%A}" if i18n.current() == i18n.DEFAULT else i18n.date_text(day, "EEEE")


def between(start: dt.date, end: dt.date) -> str:
    """'between 12 and 13 January 2021', 'between 7 October and 31 December 2023', ..."""
    if start.year != end.year:
        first = _day(start)
    elif start.month != end.month:
        first = _day(start, year=False)
    else:
        first = str(start.day)
    return _("between {start} and {end}").format(start=first, end=_day(end))


def published_words(earliest: dt.date, latest: dt.date | None) -> str:
    """A source's publication date as it is known: 'published 13 January 2021', 'published between
    8 and 13 October 2023', 'published on or after 8 November 2017'."""
    if latest is None:
        return _("published on or after {day}").format(day=_day(earliest))
    when = _day(earliest) if earliest == latest else between(earliest, latest)
    return _("published {date}").format(date=when)


def _years_words(years: list[int]) -> str:
    if years == list(range(years[0], years[-1] + 1)) and len(years) > 2:
        return f"{years[0]}-{years[-1]}"
    text = [str(y) for y in years]
    if len(text) == 1:
        return text[0]
    return _("{years} or {last}").format(years=_(", ").join(text[:-1]), last=text[-1])


def _whole_month(start: dt.date, end: dt.date) -> bool:
    return start.day == 1 and (end + dt.timedelta(days=1)).day == 1 and start.month == end.month


def words(
    start: dt.date | None,
    end: dt.date | None,
    precision: str,
    years: Sequence[int] | None = None,
    year_inferred: bool = False,
) -> str:
    """The date in words that never claim more than the record knows, in the interface's language.

    '13 January 2021', '4 September (year unknown: 2018-2024)', 'a Thursday, week unknown
    (between 9 November 2017 and 5 December 2024)', 'January 2021', 'between 7 October and
    31 December 2023'. An inferred year is said so.
    """
    if start is None or pd.isna(start):
        return _("date unknown")
    start = pd.Timestamp(start).date()
    end = pd.Timestamp(end).date() if end is not None and not pd.isna(end) else start

    def inferred(date: str) -> str:
        return _("{date} (year inferred)").format(date=date) if year_inferred else date

    if precision == DatePrecision.DAY_INFERRED.value and start == end:
        if year_inferred:
            return _("{day} (day worked out from the text; year inferred)").format(day=_day(start))
        return _("{day} (day worked out from the text)").format(day=_day(start))
    if precision == YEAR_UNKNOWN:
        candidates = _years_words(candidate_years(start, end, years))
        return _("{day} (year unknown: {years})").format(day=_day(start, year=False), years=candidates)
    if precision == WEEKDAY:
        if start == end:
            return inferred(_("{weekday} {day}").format(weekday=_weekday_name(start), day=_day(start)))
        return _("a {weekday}, week unknown ({between})").format(
            weekday=_weekday_name(start), between=between(start, end)
        )
    if start == end:
        return inferred(_day(start))
    if _whole_month(start, end):
        return inferred(_month(start))
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return inferred(str(start.year))
    return inferred(between(start, end))


def words_of(date: object, lang: str = i18n.DEFAULT) -> str:
    """`words` for a record's date block (incidents.model's), as every page and export shows it:
    in English (a table's `date_words`) unless `lang` says otherwise."""
    with i18n.using(lang):
        return words(
            date.start,  # type: ignore[attr-defined]
            date.end,  # type: ignore[attr-defined]
            date.precision.value,  # type: ignore[attr-defined]
            date.years,  # type: ignore[attr-defined]
            date.year_inferred,  # type: ignore[attr-defined]
        )


def local_words(table: pd.DataFrame) -> pd.Series:
    """The rows' dates in words in the interface's language: the table's own `date_words` in
    English, worked out for these rows in another language."""
    if i18n.current() == i18n.DEFAULT and "date_words" in table:
        return table["date_words"]
    return words_column(table, lang=i18n.current())


def words_column(table: pd.DataFrame, lang: str = i18n.DEFAULT) -> pd.Series:
    """`words` for every row of a table (computed once per distinct date, so 100k rows are quick),
    in English (the tables' `date_words`, whatever the language of the run that loads them) unless
    `lang` says otherwise."""
    if not len(table):
        return pd.Series([], index=table.index, dtype="str")
    years = (
        table[YEARS_COLUMN].fillna("").astype("str")
        if YEARS_COLUMN in table
        else pd.Series("", index=table.index)
    )
    inferred = (
        table["year_inferred"].fillna(False).astype(bool)
        if "year_inferred" in table
        else pd.Series(False, index=table.index)
    )
    keys = pd.DataFrame(
        {
            "s": table["date_start"],
            "e": table["date_end"],
            "p": table["date_precision"].astype("str"),
            "y": years,
            "i": inferred,
        }
    )
    # One call of `words` per distinct date, spread back to the rows by group number.
    groups = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy()
    first = keys.iloc[np.unique(groups, return_index=True)[1]]
    with i18n.using(lang):
        text = [
            words(s, e, p, parse_years(y), bool(i))
            for s, e, p, y, i in first.itertuples(index=False, name=None)
        ]
    return spread(text, groups, table.index)


SPAN_DASH = " to "
"""Between the first and last possible day in `span_column` ('2017-11-08 to 2024-12-07')."""


def span_column(table: pd.DataFrame) -> pd.Series:
    """The possible days as the range they are, YYYY-MM-DD: one day alone only when only that day is
    possible. Written earliest first, so a table sorting this text sorts by the earliest possible day."""
    start = pd.to_datetime(table["date_start"]).dt.strftime("%Y-%m-%d").fillna("")
    end = pd.to_datetime(table["date_end"]).dt.strftime("%Y-%m-%d").fillna(start)
    return start.where(start == end, start + SPAN_DASH + end).astype("str")


def _period(date_from: dt.date | None, date_to: dt.date | None) -> tuple[str, bool]:
    """The period's words, and whether they name a month or months (said 'in ...')."""
    if date_from and date_to:
        if (
            date_from.day == 1
            and (date_to + dt.timedelta(days=1)).day == 1
            and date_from.year == date_to.year
        ):
            if date_from.month == date_to.month:
                return _month(date_from), True
            return f"{_month(date_from, year=False)}-{_month(date_to)}", True
        return between(date_from, date_to), False
    if date_from:
        return _("from {day}").format(day=_day(date_from)), False
    if date_to:
        return _("until {day}").format(day=_day(date_to)), False
    return "", False


def period_words(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """The period of a filter: 'January-February 2021', 'between 3 and 9 May 2021', 'from ...'."""
    return _period(date_from, date_to)[0]


def count_words(
    certain: int,
    possible_only: int,
    date_from: dt.date | None,
    date_to: dt.date | None,
    certain_only: bool = False,
) -> str:
    """The count line's date phrase: '15 certainly in January-February 2021, 2 more possibly'.

    `possible_only` counts the incidents possibly but not certainly in the period; with
    `certain_only` (the `dates=within` link) they are hidden, and the phrase says how many.
    """
    period, months = _period(date_from, date_to)
    if not period:
        return ""
    if months:
        period = _("in {period}").format(period=period)
    if certain_only:
        if possible_only:
            return _("only incidents certainly {period} ({n} more possibly, not shown)").format(
                period=period, n=i18n.number(possible_only)
            )
        return _("only incidents certainly {period}").format(period=period)
    return _("{certain} certainly {period}, {more} more possibly").format(
        certain=i18n.number(certain), period=period, more=i18n.number(possible_only)
    )


# --- relative words ---------------------------------------------------------------------------------

RELATIVE_WORDS: dict[str, tuple[int, int]] = language.relative_days()
"""Relative words of every language (incidents/lang/*.yaml) -> (most, fewest) days before the
day they are said on."""


def _days_ago() -> re.Pattern[str]:
    """'two days ago', 'قبل يومين'-like phrases of every language: the number in group `n`."""
    before, after = [], []
    for code in language.LANGUAGES:
        lang = language.language(code)
        before += [lang.source(p) for p in lang.data.get("days_ago_before") or []]
        after += [lang.source(p) for p in lang.data.get("days_ago_after") or []]
    return re.compile(f"^(?:{'|'.join(before) or '(?!)'})?(?P<n>\\S+(?: \\S+)?)(?:{'|'.join(after)})$")


_DAYS_AGO = _days_ago()


def _weekday(text: str) -> int | None:
    """Monday=0 ... for a weekday name of any language, with its prefix ('on', 'يوم') removed."""
    for code in language.LANGUAGES:
        names = language.weekday_names(code)
        prefixes = language.language(code).words(
            language.language(code).data.get("weekday_prefix") or [], "start"
        )
        bare = prefixes.sub("", text, count=1).strip()
        if bare in names:
            return names[bare]
    return None


def _fold(phrase: str) -> str:
    return " ".join(phrase.casefold().split()).removeprefix("on ") if phrase else ""


def days_before(phrase: str) -> tuple[int, int] | None:
    """How many days before the reference day a phrase points: (most, fewest), None if unknown.

    'two days ago' -> (2, 2); 'late last night' -> (1, 0); 'on Tuesday' said on a Wednesday is
    yesterday, so a weekday gives (6, 0) here and `resolve` narrows it with the real day.
    Arabic words (أمس، قبل يومين، الخميس) resolve the same way.
    """
    text = _fold(phrase)
    if text in RELATIVE_WORDS:
        return RELATIVE_WORDS[text]
    ago = _DAYS_AGO.match(text)
    count = language.number(ago["n"]) if ago else None
    if count is not None:
        return count, count
    if _weekday(text) is not None:
        return 6, 0
    return None


def resolve(phrase: str, earliest: dt.date, latest: dt.date | None) -> tuple[dt.date, dt.date | None] | None:
    """The days a relative phrase can mean when said on a day from `earliest` to `latest`.

    A weekday is the most recent such day on or before the day of speaking. None when the
    phrase is not one we know how to resolve (the record's note then carries the reasoning).
    """
    span = days_before(phrase)
    if span is None:
        return None
    weekday = _weekday(_fold(phrase))
    if weekday is not None:

        def back(day: dt.date) -> dt.date:
            return day - dt.timedelta(days=(day.weekday() - weekday) % 7)

        return back(earliest), back(latest) if latest else None
    most, fewest = span
    return earliest - dt.timedelta(days=most), (latest - dt.timedelta(days=fewest)) if latest else None
