"""The Draft page in curator mode (streamlit.testing): an article in, a corrected draft saved.

Records are written to a temporary copy of the records folder, never the repository's.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from curator.gate import TOKEN_ENV
from incidents import paths

CURATE = str(Path(__file__).resolve().parents[2] / "curate.py")
SEED = paths.seeds_dir() / "000_902b5b095033170b.txt"
OUTLET_MISSING = "may leave out sources[0].outlet"

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="the seed articles are not here")


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "records"
    shutil.copytree(paths.records_dir(), folder)
    monkeypatch.setenv("INCIDENTS_RECORDS_DIR", str(folder))
    monkeypatch.setenv("CURATOR_STATE", str(tmp_path / "state"))
    monkeypatch.setenv(TOKEN_ENV, "test-token")
    return folder


def errors(at: AppTest) -> list[str]:
    """The error messages on the page, Markdown escapes removed."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]


def test_paste_draft_correct_and_save(records: Path) -> None:
    at = AppTest.from_file(CURATE, default_timeout=200)
    at.query_params["token"] = "test-token"
    at.run()
    assert at.title[0].value == "Draft a record"
    at.text_area[0].input(SEED.read_text(encoding="utf-8"))
    at.date_input[0].set_value(dt.date(2021, 10, 9))
    at.button[0].click()
    at.run()
    assert not at.exception
    drafts = at.selectbox[0]
    assert len(drafts.options) >= 2
    for index in range(len(drafts.options)):  # the draft that only lacks its outlet
        at.selectbox[0].set_value(index)
        at.run()
        if [e for e in errors(at) if "to fix before saving" not in e] and all(
            OUTLET_MISSING in e for e in errors(at) if "to fix before saving" not in e
        ):
            break
    else:
        pytest.fail("no draft of the seed lacks only its outlet")
    save = next(b for b in at.button if b.label == "Save the record")
    assert save.disabled

    next(t for t in at.text_input if t.label == "Outlet").input("The Syrian Observatory For Human Rights")
    at.run()
    assert errors(at) == []
    next(b for b in at.button if b.label == "Save the record").click()
    at.run()
    assert not at.exception
    saved = [s.value for s in at.success]
    assert saved and saved[0].startswith("Saved as")
    new = sorted(
        set(p.name for p in records.iterdir())
        - set(p.name for p in paths.REPO_ROOT.joinpath("incidents", "records").iterdir())
    )
    assert len(new) == 1
    record = yaml.safe_load((records / new[0]).read_text(encoding="utf-8"))
    assert record["sources"][0]["outlet"] == "The Syrian Observatory For Human Rights"
    assert "status" not in record
    assert (records.parent / "sources" / record["sources"][0]["document"]).is_file()
    links = {
        p.proto.label: p.proto.query_string
        for p in at.get("page_link")
        if p.proto.label in ("Show on the map", "Its permalink")
    }
    assert links and all(f"incident={record['id']}" in q for q in links.values())


def test_an_upload_over_the_cap_is_refused_with_a_message(records: Path) -> None:
    at = AppTest.from_file(CURATE, default_timeout=200)
    at.query_params["token"] = "test-token"
    at.run()
    at.text_area[0].input("x" * (2 * 1024 * 1024 + 10))
    at.button[0].click()
    at.run()
    assert any("up to 2 MB" in e for e in errors(at))


def test_an_arabic_article_is_shown_right_to_left_and_saved(records: Path) -> None:
    at = AppTest.from_file(CURATE, default_timeout=200)
    at.query_params["token"] = "test-token"
    at.run()
    at.text_area[0].input("استهدفت طائرة مسيرة سيارة قرب الميادين أمس.")  # a test sentence, not a record
    at.date_input[0].set_value(dt.date(2021, 10, 9))
    at.button[0].click()
    at.run()
    article = [h.proto.body for h in at.get("html") if 'class="article"' in h.proto.body]
    assert article and article[0].startswith('<div class="article" dir="rtl">')
    assert at.selectbox[0].label == "1 draft from this article"
    assert next(s for s in at.selectbox if s.label == "Event type").value == "drone-strike"
    next(t for t in at.text_input if t.label == "Outlet").input("A test outlet")
    at.run()
    assert errors(at) == []
    next(b for b in at.button if b.label == "Save the record").click()
    at.run()
    assert (records / "2021-10-08-drone-strike-al-mayadin.yaml").is_file()


def test_a_place_the_gazetteer_lacks_is_added_as_estimated_and_used(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geodata.gazetteer import GAZETTEER_CSV, load_gazetteer

    gazetteer = tmp_path / "gazetteer.csv"
    shutil.copy(GAZETTEER_CSV, gazetteer)
    monkeypatch.setenv("GEODATA_GAZETTEER", str(gazetteer))
    at = AppTest.from_file(CURATE, default_timeout=200)
    at.query_params["token"] = "test-token"
    at.run()
    at.text_area[0].input("استهدفت طائرة مسيرة سيارة قرب الميادين أمس.")  # a test sentence, not a record
    at.date_input[0].set_value(dt.date(2021, 10, 9))
    at.button[0].click()
    at.run()
    next(t for t in at.text_input if t.label == "Outlet").input("A test outlet")
    at.checkbox(key="d1-e0:place:use").check()
    at.text_input(key="d1-e0:place:name").input("Test estimated place")
    at.run()
    assert "the new place needs a name, a latitude, a longitude and a radius" in errors(at)
    at.number_input(key="d1-e0:place:lat").set_value(40.0)  # outside Deir ez-Zor: geodata check says so
    at.number_input(key="d1-e0:place:lon").set_value(40.5)
    at.number_input(key="d1-e0:place:radius").set_value(5000)
    at.text_area(key="d1-e0:place:reason").input("A test reason: a point for this test only")
    at.selectbox(key="d1-e0:place:gov").set_value("deir-ez-zor")
    at.run()
    assert any("outside deir-ez-zor's bounds" in e for e in errors(at)), errors(at)
    assert next(b for b in at.button if b.label == "Save the record").disabled
    at.number_input(key="d1-e0:place:lat").set_value(35.0)
    at.run()
    assert errors(at) == []
    next(b for b in at.button if b.label == "Save the record").click()
    at.run()
    record = yaml.safe_load(
        (records / "2021-10-08-drone-strike-test-estimated-place.yaml").read_text("utf-8")
    )
    assert record["locations"][0]["place_id"] == "test-estimated-place"
    place = load_gazetteer(gazetteer).places.loc["test-estimated-place"]
    assert (place["provenance"], place["precision_m"]) == ("estimated", 5000)
    assert GAZETTEER_CSV.read_text(encoding="utf-8").count("test-estimated-place") == 0
