"""The workbench's domain: the article with its evidence, checking, naming and saving a record."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from geodata.gazetteer import load_gazetteer
from incidents import paths, workbench
from incidents.draft import Span, draft_article
from incidents.load import load_incidents

SEED = "000_902b5b095033170b.txt"
needs_seeds = pytest.mark.skipif(not (paths.seeds_dir() / SEED).is_file(), reason="seed articles not here")


def test_the_article_is_escaped_with_nested_spans_marked_by_their_innermost_kind() -> None:
    text = "<b>Drones</b> hit al-Bukamal."
    sentence = Span(0, len(text), text, "quote")
    place = Span(text.index("al-"), text.index("."), "al-Bukamal", "place")
    page = workbench.highlight_html(text, [sentence, place])
    assert "<b>" not in page and "&lt;b&gt;Drones&lt;/b&gt;" in page
    assert f'<mark class="ev-place" id="ev-{place.start}-{place.end}" title="place">al-Bukamal</mark>' in page
    assert page.count("ev-quote") == 2  # the sentence around the place, in two stretches
    assert page.startswith('<div class="article" dir="ltr">')
    assert workbench.highlight_html("قصف", [], rtl=True).startswith('<div class="article" dir="rtl">')


def test_an_id_comes_from_date_type_and_place_never_from_typed_text() -> None:
    data = {
        "title": "../../etc/passwd",
        "date": {"start": "2021-01-13"},
        "event_type": "air-strike",
        "locations": [{"place_id": "../al-bukamal"}],
    }
    assert workbench.record_id(data) == "2021-01-13-air-strike-al-bukamal"
    assert workbench.record_id({}) == "undated-event"


def test_pasted_text_is_capped_like_an_upload() -> None:
    with pytest.raises(workbench.UploadRefused, match="up to 2 MB"):
        workbench.read_pasted("x" * (workbench.MAX_BYTES + 1))
    with pytest.raises(workbench.UploadRefused, match="paste an article"):
        workbench.read_pasted("   ")


@needs_seeds
def test_a_draft_corrected_is_checked_saved_and_loads_with_its_kept_source(
    tmp_path: Path, monkeypatch
) -> None:
    records = tmp_path / "records"
    shutil.copytree(paths.records_dir(), records)
    monkeypatch.setenv("INCIDENTS_RECORDS_DIR", str(records))
    gazetteer = load_gazetteer()
    article = (paths.seeds_dir() / SEED).read_text(encoding="utf-8")
    drafted = draft_article(article, published=dt.date(2021, 10, 9), gazetteer=gazetteer)
    event = next(e for e in drafted.events if e.record.get("date") and e.record["locations"])
    record = workbench.accepted(event.record, article, dt.date(2026, 12, 6))
    assert "status" not in record and "review" not in record
    assert record["sources"][0]["sha256"] == drafted.sha256
    record["sources"][0]["outlet"] = "The Syrian Observatory For Human Rights"
    record["sources"][0]["quotes"] = ["words that are not in the article"]
    errors = workbench.check(record, article, gazetteer)
    assert [e.field for e in errors] == ["sources[0].quotes[0]"]
    assert "quote not found verbatim" in errors[0].message
    record["sources"][0]["quotes"] = [event.record["sources"][0]["quotes"][0]]
    assert workbench.check(record, article, gazetteer) == []

    saved = workbench.save(record, article)
    assert saved == (records / f"{record['id']}.yaml").resolve()
    assert yaml.safe_load(saved.read_text(encoding="utf-8"))["id"] == record["id"]
    assert (tmp_path / "sources" / record["sources"][0]["document"]).is_file()
    loaded = load_incidents(records, check_quotes=True)
    assert loaded.errors == [] and record["id"] in set(loaded.incidents["id"])
    with pytest.raises(FileExistsError):
        workbench.save(record, article)
    assert workbench.duplicates(record, loaded.records)  # now the same place and day is recorded


def test_save_never_writes_outside_the_records_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a plain name"):
        workbench.save({"id": "../escaped"}, "text", records=tmp_path / "records", store=tmp_path / "sources")
    assert not (tmp_path / "escaped.yaml").exists()


def test_drafts_kept_in_the_state_folder(tmp_path: Path) -> None:
    kept = workbench.keep_draft({"events": []}, "An article.", tmp_path)
    assert kept.parent == tmp_path.resolve() and kept.suffix == ".json"


def test_a_new_estimated_place_is_checked_like_the_gazetteer_and_written_with_the_record(
    tmp_path: Path,
) -> None:
    from geodata.gazetteer import GAZETTEER_CSV, load_gazetteer

    gazetteer = tmp_path / "gazetteer.csv"
    shutil.copy(GAZETTEER_CSV, gazetteer)
    before = load_gazetteer(gazetteer)
    fields = {
        "lat": 35.0,
        "lon": 40.5,
        "precision_m": 5000,
        "reason": "A test reason: a point for this test only",
        "feature_type": "desert-area",
        "governorate": "deir-ez-zor",
        "country": "SY",
    }
    row = workbench.new_place("Test estimated place", **fields)
    assert row["place_id"] == "test-estimated-place" and row["provenance"] == "estimated"
    assert workbench.place_problems([row], gazetteer) == []
    assert workbench.place_problems([{**row, "provenance_note": " "}], gazetteer) == [
        "provenance_note: missing: say how the estimated coordinate was reached"
    ]
    assert "test-estimated-place" in workbench.gazetteer_with([row], gazetteer)
    record = {"id": "test-record"}
    workbench.save(
        record, "text", tmp_path / "records", tmp_path / "sources", places=[row], gazetteer=gazetteer
    )
    after = load_gazetteer(gazetteer)  # a new version of the file is read again
    assert after is not before and "test-estimated-place" in after
    assert len(after.places) == len(before.places) + 1
