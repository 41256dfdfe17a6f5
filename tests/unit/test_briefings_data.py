"""Briefing data files: the shipped briefing loads, and every kind of mistake is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidents.briefings import BriefingError, check_all, date_order_problems, list_briefings, load_briefing
from incidents.load import load_incidents

VALID = """\
title: A test briefing
summary: Two incidents, for the tests.
filters:
  from: 2022-09-01
  type: [drone-strike]
incidents:
  - id: one
    sentence: The first incident happened.
  - id: two
    sentence: The second incident happened.
"""


@pytest.fixture(scope="module")
def real():
    return load_incidents()


def _write(tmp_path: Path, text: str, name: str = "test-briefing") -> Path:
    (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_shipped_briefing(real) -> None:
    assert "january-2021-raids" in list_briefings()
    briefing = load_briefing("january-2021-raids", known_ids=real.incidents["id"])
    january_february = sorted(i for i in real.incidents["id"] if i.startswith(("2021-01", "2021-02")))
    assert sorted(briefing.ids) == january_february
    starts = dict(zip(real.incidents["id"], real.incidents["date_start"].dt.date, strict=True))
    assert date_order_problems(briefing, starts) == []
    shown, _ = briefing.filter().apply(real.incidents, real.sites)
    assert set(briefing.ids) <= set(shown["id"])  # its filters never hide its own incidents
    assert all(len(s) < 300 for s in briefing.sentences.values())
    assert check_all(known_ids=real.incidents["id"]) == []


def test_valid_file(tmp_path: Path) -> None:
    briefing = load_briefing("test-briefing", _write(tmp_path, VALID), known_ids={"one", "two"})
    assert briefing.name == "test-briefing" and briefing.ids == ["one", "two"]
    assert briefing.query() == {"from": ["2022-09-01"], "type": ["drone-strike"]}
    assert briefing.filter().types == ("drone-strike",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VALID.replace("id: two", "id: three"), "unknown incident 'three'"),
        (VALID.replace("id: two", "id: one"), "'one' is listed twice"),
        (VALID.replace("  from: 2022-09-01", "  zoom: 7"), "filters.zoom: not a filter"),
        (VALID.replace("[drone-strike]", "[drone-strikes]"), "Unknown event type"),
        (VALID.replace("title: A test briefing", "title: A test briefing\nauthor: me"), "author"),
        (VALID + "name: other-name\n", "name must be the file's stem"),
    ],
)
def test_mistakes_are_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(BriefingError, match=message) as caught:
        load_briefing("test-briefing", _write(tmp_path, text), known_ids={"one", "two"})
    assert all(e.line is not None for e in caught.value.errors)


@pytest.mark.parametrize("name", ["../records/x", "Not-A-Slug", "missing"])
def test_bad_or_missing_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(KeyError):
        load_briefing(name, _write(tmp_path, VALID))
