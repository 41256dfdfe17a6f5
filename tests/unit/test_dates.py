"""Possible days, certain/possible periods and dates in words (incidents/dates.py), on real records."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from incidents import dates
from incidents.filters import Filter
from incidents.load import load_incidents
from incidents.model import DateInfo

D = dt.date


@pytest.fixture(scope="module")
def records():
    return load_incidents()


def _table(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """A large-table-like frame: only the three date columns, plus date_years when given."""
    frame = pd.DataFrame(rows, columns=["date_start", "date_end", "date_precision", "date_years"])
    frame["date_start"] = pd.to_datetime(frame["date_start"])
    frame["date_end"] = pd.to_datetime(frame["date_end"])
    return frame


def test_year_unknown_possible_days_are_one_per_candidate_year() -> None:
    days = dates.possible_days(D(2018, 9, 4), D(2024, 9, 4), "day-year-unknown")
    assert days == [D(y, 9, 4) for y in range(2018, 2025)]
    assert dates.possible_days(D(2019, 9, 4), D(2023, 9, 4), "day-year-unknown", [2019, 2023]) == [
        D(2019, 9, 4),
        D(2023, 9, 4),
    ]
    assert dates.possible_days(D(2021, 1, 7), D(2021, 1, 13), "week") is None


def test_weekday_possible_days_are_that_weekday_only() -> None:
    days = dates.possible_days(D(2021, 1, 7), D(2021, 2, 4), "weekday")
    assert days == [D(2021, 1, 7), D(2021, 1, 14), D(2021, 1, 21), D(2021, 1, 28), D(2021, 2, 4)]
    assert {d.strftime("%A") for d in days} == {"Thursday"}


def test_a_september_event_of_unknown_year_is_not_possibly_in_january() -> None:
    table = _table(
        [
            ("2018-09-04", "2024-09-04", "day-year-unknown", ""),  # 4 September, 2018-2024
            ("2017-11-09", "2024-12-05", "weekday", ""),  # a Thursday, 2017-2024
            ("2017-11-08", "2024-12-07", "range", ""),  # any day, 2017-2024
            ("2021-01-13", "2021-01-13", "day", ""),
        ]
    )
    certain, possible = dates.period_masks(table, D(2021, 1, 1), D(2021, 2, 28))
    assert certain.tolist() == [False, False, False, True]
    assert possible.tolist() == [False, True, True, True]
    certain, possible = dates.period_masks(table, D(2020, 9, 1), D(2020, 9, 30))
    assert possible.tolist() == [True, True, True, False]
    assert not certain.any()


def test_a_weekday_is_not_possibly_in_a_period_without_that_weekday() -> None:
    table = _table([("2017-11-09", "2024-12-05", "weekday", "")])  # Thursdays
    friday_to_wednesday = dates.period_masks(table, D(2021, 1, 8), D(2021, 1, 13))[1]
    assert friday_to_wednesday.tolist() == [False]
    assert dates.period_masks(table, D(2021, 1, 8), D(2021, 1, 14))[1].tolist() == [True]


def test_candidate_years_column_narrows_the_possible_days() -> None:
    table = _table([("2019-09-04", "2023-09-04", "day-year-unknown", "2019|2023")])
    assert dates.period_masks(table, D(2021, 9, 1), D(2021, 9, 30))[1].tolist() == [False]
    assert dates.period_masks(table, D(2023, 9, 1), D(2023, 9, 30))[1].tolist() == [True]
    # Without the column the same row is a plain every-year candidate list.
    plain = table.drop(columns="date_years")
    assert dates.period_masks(plain, D(2021, 9, 1), D(2021, 9, 30))[1].tolist() == [True]


def test_a_whole_period_holding_every_candidate_is_certain() -> None:
    table = _table([("2018-09-04", "2024-09-04", "day-year-unknown", "")])
    certain, possible = dates.period_masks(table, D(2018, 1, 1), D(2024, 12, 31))
    assert certain.tolist() == [True] and possible.tolist() == [True]


@pytest.mark.parametrize(
    ("start", "end", "precision", "years", "expected"),
    [
        (D(2018, 9, 4), D(2024, 9, 4), "day-year-unknown", None, "4 September (year unknown: 2018-2024)"),
        (
            D(2019, 9, 4),
            D(2023, 9, 4),
            "day-year-unknown",
            [2019, 2023],
            "4 September (year unknown: 2019 or 2023)",
        ),
        (
            D(2017, 11, 9),
            D(2024, 12, 5),
            "weekday",
            None,
            "a Thursday, week unknown (between 9 November 2017 and 5 December 2024)",
        ),
        (D(2021, 1, 13), D(2021, 1, 13), "day", None, "13 January 2021"),
        (D(2021, 1, 1), D(2021, 1, 31), "month", None, "January 2021"),
        (D(2021, 1, 12), D(2021, 1, 13), "range", None, "between 12 and 13 January 2021"),
        (D(2023, 10, 7), D(2023, 12, 31), "range", None, "between 7 October and 31 December 2023"),
    ],
)
def test_words(start, end, precision, years, expected) -> None:
    assert dates.words(start, end, precision, years) == expected


def test_words_say_an_inferred_year() -> None:
    assert (
        dates.words(D(2021, 1, 13), D(2021, 1, 13), "day", year_inferred=True)
        == "13 January 2021 (year inferred)"
    )
    assert dates.words(D(2021, 1, 12), D(2021, 1, 12), "day-inferred", year_inferred=True) == (
        "12 January 2021 (day worked out from the text; year inferred)"
    )


def test_words_column_matches_words_row_by_row(records) -> None:
    table = records.incidents
    column = dates.words_column(table)
    for row, text in zip(table.to_dict("records"), column, strict=True):
        assert text == row["date_words"]
    assert "4 September (year unknown: 2018-2024)" in set(column)


def test_the_model_refuses_a_year_unknown_date_with_two_different_days() -> None:
    with pytest.raises(ValueError, match="same day and month"):
        DateInfo(start=D(2018, 9, 4), end=D(2024, 9, 5), precision="day-year-unknown", note="a test note")
    with pytest.raises(ValueError, match="does not exist in 2019"):
        DateInfo(
            start=D(2016, 2, 29),
            end=D(2020, 2, 29),
            precision="day-year-unknown",
            years=[2016, 2019, 2020],
            note="a test note",
        )


def test_the_january_february_2021_link_counts_certain_and_possible_apart(records) -> None:
    """The issue's default link: no year-unknown September or October event is in it."""
    filt, notices = Filter.from_query({"from": ["2021-01-01"], "to": ["2021-02-28"]})
    assert notices == []
    shown, _ = filt.apply(records.incidents, records.sites)
    certain, possible = dates.period_masks(shown, filt.date_from, filt.date_to)
    assert possible.all()
    ids = set(shown["id"])
    assert not {i for i in ids if i.startswith(("sept-", "oct-"))}
    assert all(str(i).startswith("2021-") for i in shown.loc[certain, "id"])
    assert filt.date_phrase(shown) == (
        f"{int(certain.sum())} certainly in January-February 2021, {int((~certain).sum())} more possibly"
    )
    within, _ = Filter.from_query({"from": ["2021-01-01"], "to": ["2021-02-28"], "dates": ["within"]})
    only_certain, _ = within.apply(records.incidents, records.sites)
    assert set(only_certain["id"]) == set(shown.loc[certain, "id"])
    hidden = len(shown) - len(only_certain)
    assert within.date_phrase(only_certain, hidden) == (
        f"only incidents certainly in January-February 2021 ({hidden} more possibly, not shown)"
    )


def test_period_words() -> None:
    assert dates.period_words(D(2021, 1, 1), D(2021, 2, 28)) == "January-February 2021"
    assert dates.period_words(D(2021, 5, 1), D(2021, 5, 31)) == "May 2021"
    assert dates.period_words(D(2021, 5, 3), D(2021, 5, 9)) == "between 3 and 9 May 2021"
    assert dates.period_words(D(2021, 5, 3), None) == "from 3 May 2021"
    assert dates.period_words(None, None) == ""


def test_the_large_table_path_filters_our_csv_export_the_same_way(records, tmp_path) -> None:
    """A table a user brings in our layout (date_start/date_end/date_precision, date_years optional)."""
    import io

    from incidents import tables
    from incidents.export import export

    out = io.StringIO()
    export(records, "csv", out)
    frame = pd.read_csv(io.StringIO(out.getvalue()), dtype=str, keep_default_na=False)
    lat_lon = records.sites.groupby("incident_id")[["lat", "lon"]].first()
    frame["lat"] = frame["id"].map(lat_lon["lat"])
    frame["lon"] = frame["id"].map(lat_lon["lon"])
    filt, _ = Filter.from_query({"from": ["2021-01-01"], "to": ["2021-02-28"]})
    wanted = set(filt.apply(records.incidents, records.sites)[0]["id"])
    for columns in (list(frame.columns), [c for c in frame.columns if c != "date_years"]):
        path = tmp_path / "table.csv"
        frame[columns].to_csv(path, index=False)
        incidents, sites = tables.load_table(path)
        assert set(filt.apply(incidents, sites)[0]["id"]) == wanted
        sept = incidents.set_index("id").loc["sept-04-drone-strike-pmf-trucks-al-bukamal"]
        assert sept["date_words"] == "4 September (year unknown: 2018-2024)"


@pytest.mark.parametrize(
    ("phrase", "earliest", "latest", "expected"),
    [
        ("two days ago", D(2021, 1, 13), None, (D(2021, 1, 11), None)),
        ("on Tuesday", D(2021, 1, 13), D(2021, 1, 14), (D(2021, 1, 12), D(2021, 1, 12))),
        ("on Tuesday", D(2021, 1, 12), D(2021, 1, 12), (D(2021, 1, 12), D(2021, 1, 12))),  # the day itself
        ("late last night", D(2023, 10, 8), D(2023, 12, 31), (D(2023, 10, 7), D(2023, 12, 31))),
        ("Earlier today", D(2021, 2, 26), D(2021, 2, 27), (D(2021, 2, 26), D(2021, 2, 27))),
        ("in the past few days", D(2021, 1, 13), None, None),
    ],
)
def test_relative_words_are_resolved_against_the_publication_days(phrase, earliest, latest, expected) -> None:
    assert dates.resolve(phrase, earliest, latest) == expected


def test_records_with_relative_words_agree_with_their_publication_dates(records) -> None:
    with_words = [r for r in records.records if r.date.relative]
    assert len(with_words) >= 4
    for record in with_words:
        published = record.sources[0].published
        low, high = dates.resolve(record.date.relative, published.earliest, published.latest)
        assert low <= record.date.start and (high is None or record.date.end <= high), record.id


def test_a_years_cell_that_is_not_years_means_every_year() -> None:
    assert dates.parse_years("2019|2023") == [2019, 2023]
    assert dates.parse_years("") is None and dates.parse_years(None) is None
    assert dates.parse_years("next year|2020") is None  # not narrowed by a guess
    table = _table([("2019-09-04", "2023-09-04", "day-year-unknown", "garbage")])
    assert dates.period_masks(table, D(2021, 9, 1), D(2021, 9, 30))[1].tolist() == [True]
