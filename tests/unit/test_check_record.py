"""check_record: every check `validate` runs, on a record that is not a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from incidents import paths
from incidents.validate import check_file, check_record, read_record_file

RECORDS = paths.records_dir()


def _a_record() -> tuple[Path, dict]:
    path = sorted(RECORDS.glob("*.yaml"))[0]
    parsed, errors = read_record_file(path)
    assert parsed is not None and errors == []
    return path, parsed.data


def test_a_valid_record_in_memory_has_no_errors() -> None:
    _, data = _a_record()
    assert check_record(data, "draft") == []


def test_every_check_runs_on_a_record_in_memory(tmp_path: Path) -> None:
    _, data = _a_record()
    data["locations"][0]["place_id"] = "al-bukamall"
    data["sources"][0]["quotes"] = ["words nobody wrote"]
    data["date"]["start"] = data["date"]["end"] = "2099-01-01"
    errors = {(e.field, e.message.split(" ")[0]) for e in check_record(data, "draft")}
    assert ("locations[0].place_id", "unknown") in errors  # the gazetteer
    assert ("sources[0].quotes[0]", "quote") in errors  # the source documents
    assert ("date.start", "date") in errors  # in the future
    assert all(e.path == "draft" and e.line is None for e in check_record(data, "draft"))


def test_a_file_and_its_data_get_the_same_errors(tmp_path: Path) -> None:
    _, data = _a_record()
    data["locations"][0]["precision"] = "exact"
    data["locations"][0]["place_id"] = "deir-ez-zor-governorate"
    in_memory = check_record(data, "r.yaml", today=dt.date(2030, 1, 1))
    assert [e.message for e in in_memory] and "overstates" in in_memory[0].message
    import yaml

    from geodata.gazetteer import load_gazetteer

    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, on_disk = check_file(path, "r.yaml", gazetteer=load_gazetteer(), seeds=paths.seeds_dir())
    assert [(e.field, e.message) for e in on_disk] == [(e.field, e.message) for e in in_memory]


def test_not_a_mapping() -> None:
    assert check_record(["a list"], "draft")[0].message.startswith("a record must be a mapping")  # type: ignore[arg-type]
