"""Drafted records: checked like any record, kept off the map and the exports until accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from incidents.load import load_incidents
from incidents.model import Incident, LocationRole

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "valid-record.yaml"


def _record(**changes: object) -> dict:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def test_a_draft_may_lack_a_place_id_a_date_and_a_publication() -> None:
    data = _record(status="draft", review=["check the place"], date=None)
    data["locations"][0]["place_id"] = None
    data["sources"][0]["published"] = None
    incident = Incident.model_validate(data)
    assert incident.is_draft and incident.review == ["check the place"]


def test_an_accepted_record_may_not() -> None:
    data = _record(date=None)
    data["locations"][0]["place_id"] = None
    with pytest.raises(ValueError, match=r"only a draft .* may leave out date, locations\[0\]\.place_id"):
        Incident.model_validate(data)
    with pytest.raises(ValueError, match="review is only for a draft"):
        Incident.model_validate(_record(review=["x"]))


def test_origin_and_destination_are_roles() -> None:
    assert {LocationRole.ORIGIN.value, LocationRole.DESTINATION.value} == {"origin", "destination"}


def test_drafts_never_reach_the_tables(tmp_path: Path) -> None:
    accepted = _record()
    draft = _record(id="a-drafted-record", status="draft", review=["check everything"])
    (tmp_path / "accepted.yaml").write_text(yaml.safe_dump(accepted), encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(yaml.safe_dump(draft), encoding="utf-8")
    result = load_incidents(tmp_path)
    assert result.errors == []
    assert [r.id for r in result.records] == [accepted["id"]]
    assert [d.id for d in result.drafts] == ["a-drafted-record"]
    assert list(result.incidents["id"]) == [accepted["id"]]
    assert set(result.sites["incident_id"]) == {accepted["id"]}
