"""Page logic with streamlit.testing: the map page on the real records, from various links."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.run_page import open_page
from tests.counts import count_line


def run(**params: str | list[str]) -> AppTest:
    return open_page(None, **params)


def test_map_page_shows_every_incident_by_default():
    at = run()
    shown, total = count_line(at)
    assert total >= 20 and shown == total


def test_filter_link_narrows_the_count_and_keeps_its_parameters():
    at = run(type="drone-strike")
    shown, total = count_line(at)
    assert 0 < shown < total
    assert at.query_params["type"] == ["drone-strike"] or at.query_params["type"] == "drone-strike"


@pytest.mark.parametrize(
    "params",
    [
        {"attacker": "martians"},
        {"from": "2021-02-31"},
        {"incident": "no-such-incident"},
        {"center": "x,y", "zoom": "300"},
        {"place": "../../etc/passwd"},
    ],
)
def test_nonsense_parameters_give_a_notice_not_an_exception(params):
    at = run(**params)
    assert at.warning, "expected a visible notice"
    shown, total = count_line(at)
    assert shown == total
