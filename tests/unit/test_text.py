"""One text fold: the scalar `fold` and the vectorised `fold_series` agree on any text, and every
filter that matches words (search, target, governorate) goes through it."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from incidents.acled_read import record_id, record_ids
from incidents.filters import Filter
from incidents.labels import field_words
from incidents.load import load_incidents
from incidents.text import fold, fold_joined, fold_series

# Text that reaches the folds: any Unicode, with the apostrophes, marks and spaces they handle.
_TRICKY = st.sampled_from([*"'’‘ʿʾʻʼ`´′\"\u0640\u064e\u0301\t\n\x0b\x1c\x1f\x85\xa0\u2003 ", "Ḥ", "ال"])
texts = st.lists(st.one_of(st.text(max_size=40), st.lists(_TRICKY, max_size=12).map("".join)), max_size=20)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_vectorised_fold_equals_the_scalar_fold(values: list[str]) -> None:
    assert fold_series(pd.Series(values, dtype="str")).tolist() == [fold(v) for v in values]
    assert fold_series(pd.Series(values, dtype=object)).tolist() == [fold(v) for v in values]


def test_missing_values_fold_to_empty_text() -> None:
    assert fold_series(pd.Series(["A", None], dtype="str")).tolist() == ["a", ""]


def test_every_apostrophe_is_the_same_letter_for_the_target_filter() -> None:
    """'Kataʻib' (U+02BB) in a record is found by target=Kata'ib, as 'Kata’ib' and 'kataib' are."""
    incidents = pd.DataFrame({"id": ["a", "b"], "targets": ["Kataʻib Hezbollah", "PMF"]})
    sites = pd.DataFrame({"incident_id": ["a", "b"]})
    for query in ("Kata'ib", "Kata’ib", "kataib", "KATAʼIB"):
        assert Filter(target=query).apply(incidents, sites)[0]["id"].tolist() == ["a"], query


def test_no_field_name_reaches_a_reader() -> None:
    """A curator's note says `sources[0].published`; every table and page reads it in words."""
    loaded = load_incidents()
    noted = [r for r in loaded.records if "sources[" in (r.date.note or "") + r.assessment.reasoning]
    assert len(noted) >= 5
    for record in noted:
        outlets = [s.outlet for s in record.sources]
        for text in (record.date.note, record.assessment.reasoning):
            assert "sources[" not in field_words(text, outlets)
    assert not loaded.incidents["date_note"].str.contains("sources[", regex=False).any()
    assert (
        loaded.incidents["date_note"].str.contains("publication date of source 1 (", regex=False).sum() >= 5
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(texts.map(" ".join), texts.map(" ".join), texts.map(" ".join)), max_size=8))
def test_folding_columns_apart_equals_folding_their_joined_text(rows: list[tuple[str, str, str]]) -> None:
    """A large table's search text folds each column once per distinct value (`fold_joined`)."""
    columns = [pd.Series([row[k] for row in rows], dtype="str") for k in range(3)] if rows else []
    if not columns:
        return
    assert fold_joined(columns).tolist() == [fold(" ".join(row)) for row in rows]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.text(max_size=30), st.from_regex(r"SYR-IMAP-[a-z0-9-]{1,20}(\.[0-9])?", fullmatch=True))
    )
)
def test_record_ids_of_a_column_are_each_rows_record_id(event_ids: list[str]) -> None:
    assert record_ids(pd.Series(event_ids, dtype="str")).tolist() == [record_id(i) for i in event_ids]
