"""The filter sidebar is drawn from the registry: a link sets every widget, and a widget changed by
the reader is the filter the page applies and writes back into the link."""

from __future__ import annotations

import datetime as dt

import pytest

from incidents.filters import Filter
from incidents.load import load_incidents
from pages.shared.sidebar import WIDGETS, _key
from tests.app.run_page import open_page
from tests.counts import count_line

EVERY_FILTER = {
    "q": "militia",
    "from": "2017-01-01",
    "to": "2024-12-31",
    "dates": "within",
    "attacker": ["united-states", "unknown"],
    "actor": ["united-states"],
    "confidence": ["likely", "confirmed", "unknown"],
    "type": ["air-strike", "drone-strike"],
    "place": "al-bukamal",
    "km": "60",
    "governorate": "deir-ez-zor",
    "target": "militia",
    "min_killed": "1",
    "source": ["000_902b5b095033170b"],
    "dataset": ["records"],
}
ONE_DATASET = {"dataset"}
"""Widgets not drawn for our records alone (nothing to choose; tests/app/test_datasets.py has it)."""


def _widget(at, param):
    kinds = {"text": at.text_input, "date": at.date_input, "checkbox": at.checkbox, "number": at.number_input}
    kinds |= {"multiselect": at.multiselect, "select": at.selectbox}
    return kinds[param.widget.kind](key=_key(param))


@pytest.fixture(scope="module")
def records():
    return load_incidents()


def test_a_link_sets_every_widget(records) -> None:
    assert {p.name for p in WIDGETS} == set(EVERY_FILTER)  # every filter has its widget
    at = open_page(None, **EVERY_FILTER)
    assert not at.warning, [w.value for w in at.warning]
    shown = {param.name: _widget(at, param).value for param in WIDGETS if param.name not in ONE_DATASET}
    assert shown == {
        **{name: value for name, value in EVERY_FILTER.items() if name not in ONE_DATASET},
        "from": dt.date(2017, 1, 1),
        "to": dt.date(2024, 12, 31),
        "dates": True,  # "Only incidents certainly in this period"
        "km": 60.0,
        "min_killed": 1,
    }


def test_a_changed_widget_is_the_filter_applied_and_linked(records) -> None:
    at = open_page(None, type="air-strike")
    at.multiselect(key="f_type").select("drone-strike").run()
    at.checkbox(key="f_dates").check().run()
    expected = Filter(types=("air-strike", "drone-strike"), date_match="within")
    shown, _ = expected.apply(records.incidents, records.sites)
    assert count_line(at) == (len(shown), len(records.incidents))
    link = {name: [v] if isinstance(v, str) else list(v) for name, v in at.query_params.items()}
    assert Filter.from_query(link)[0] == expected
