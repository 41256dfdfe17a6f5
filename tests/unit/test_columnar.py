"""The Parquet conversion of a user's file gives the same incidents as reading it whole.

The parity test runs the same filters through both paths (pandas on the whole file; the
conversion read back, with the search text queried by DuckDB) on a generated 100k ACLED table
with the defects real files have, converted in several slices.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from bench.generate import generate
from geodata.gazetteer import load_gazetteer
from incidents import columnar, ondisk, tables
from incidents.filters import Filter
from incidents.ingest import SourceError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _with_defects(frame: pd.DataFrame) -> pd.DataFrame:
    """Blank and impossible coordinates, repeated ids (the same row, and another row) across slices."""
    frame = frame.astype(object)
    frame.loc[10, "latitude"] = ""
    frame.loc[11, "longitude"] = "200"
    frame.loc[12, "event_date"] = "not a date"
    copy = frame.loc[[5]].copy()  # the same row again, far away in the file: a duplicate
    other = frame.loc[[6]].copy()
    other["notes"] = "Another event that reuses an id."
    return pd.concat([frame, copy, other], ignore_index=True)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, gazetteer):
    """The 100k table read whole, and converted in four slices (repeats span slices) and read back."""
    folder = tmp_path_factory.mktemp("parity")
    path = folder / "acled-100000.csv"
    _with_defects(generate(100_000, seed=11)).to_csv(path, index=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columnar, "CHUNK_ROWS", 30_000)
        converted = columnar.open_table(path, gazetteer, cache=folder / "cache")
    return tables.read_table(path, gazetteer), converted


FILTERS = [
    {},
    {"q": ["drone"]},
    {"q": ["al mayadin"]},
    {"q": ["no such words anywhere"]},
    {"attacker": ["israel"]},
    {"attacker": ["unknown"], "confidence": ["unknown"]},
    {"type": ["drone-strike"], "from": ["2019-01-01"], "to": ["2019-06-30"]},
    {"from": ["2020-03-01"], "to": ["2020-03-31"], "dates": ["within"]},
    {"min_killed": ["3"]},
    {"target": ["civilians"]},
    {"q": ["strike"], "attacker": ["united-states"], "from": ["2018-01-01"]},
]


def test_the_conversion_keeps_the_same_incidents_under_every_filter(both, gazetteer) -> None:
    (whole_incidents, whole_sites, whole_report), (incidents, sites, report) = both
    assert "search_text" not in incidents.columns and ondisk.has(incidents, "search_text")
    assert list(incidents["id"]) == list(whole_incidents["id"])
    assert len(sites) == len(whole_sites)
    # Each site's key is its incident's row: the app's site positions, with no lookup of 2M ids.
    expected_positions = pd.Index(incidents["id"]).get_indexer(sites["incident_id"])
    assert (sites[ondisk.ROW_KEY].to_numpy() == expected_positions).all()
    assert report.summary() == whole_report.summary()
    assert report.lines() == whole_report.lines()
    assert report.n_skipped == 4  # blank latitude, longitude 200, a bad date, the repeated row
    places = gazetteer.places
    counts = []
    for params in FILTERS:
        filt, notices = Filter.from_query(params, known_places=places.index)
        assert notices == [], (params, notices)
        expected = filt.apply(whole_incidents, whole_sites, places)
        got = filt.apply(incidents, sites, places)
        assert list(got[0]["id"]) == list(expected[0]["id"]), params
        assert list(got[1]["incident_id"]) == list(expected[1]["incident_id"]), params
        counts.append(len(got[0]))
    # The filters are not vacuous: each keeps some incidents and leaves some out (but "no such words").
    assert all(0 < n < len(incidents) for n in counts[1:3] + counts[4:]), counts
    assert counts[3] == 0


def test_columns_read_back_with_the_loaders_values(both) -> None:
    (whole, whole_sites, _), (incidents, sites, _) = both
    for frame, original in ((incidents, whole), (sites, whole_sites)):
        for column in original.columns:
            if column in ondisk.COLUMNS:
                continue
            left = frame[column].astype(object).where(frame[column].notna(), None).tolist()
            right = original[column].astype(object).where(original[column].notna(), None).tolist()
            assert left == right, column
    assert incidents.memory_usage(deep=True).sum() < whole.memory_usage(deep=True).sum() / 4


def _small(tmp_path: Path, name: str = "events.csv") -> Path:
    target = tmp_path / name
    target.write_bytes((FIXTURES / "acled-current-defects.csv").read_bytes())
    return target


def test_a_repeated_id_in_a_later_slice_is_reported_as_in_one_slice(
    tmp_path: Path, gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = generate(40, seed=3)
    frame = pd.concat([frame, frame.loc[[2]], frame.loc[[3]].assign(notes="different")], ignore_index=True)
    path = tmp_path / "repeats.csv"
    frame.to_csv(path, index=False)
    monkeypatch.setattr(columnar, "CHUNK_ROWS", 7)
    whole = tables.read_table(path, gazetteer)
    sliced = columnar.open_table(path, gazetteer, cache=tmp_path / "cache")
    assert sliced[2].lines() == whole[2].lines()
    assert any("the same row as line 4" in line for line in sliced[2].lines())
    assert any("kept as" in line for line in sliced[2].lines())
    assert list(sliced[0]["id"]) == list(whole[0]["id"])


def test_the_conversion_is_made_once_and_again_when_the_file_changes(tmp_path: Path, gazetteer) -> None:
    path = _small(tmp_path)
    cache = tmp_path / "cache"
    lines: list[str] = []
    first = columnar.convert(path, gazetteer, lambda p: lines.append(p.line()), cache=cache)
    assert any(line.startswith("Converting: ") and "rows/s" in line and "left" in line for line in lines)
    made = (first / "incidents.parquet").stat().st_mtime_ns
    assert columnar.convert(path, gazetteer, cache=cache) == first
    assert (first / "incidents.parquet").stat().st_mtime_ns == made  # not converted again
    assert columnar.cached(path, cache) == first
    path.write_text(path.read_text(encoding="utf-8").replace("Deir ez Zor", "Dayr az Zawr"), encoding="utf-8")
    assert columnar.cached(path, cache) is None
    second = columnar.convert(path, gazetteer, cache=cache)
    assert second != first and second.is_dir()


def test_an_interrupted_conversion_leaves_nothing(
    tmp_path: Path, gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cache = _small(tmp_path), tmp_path / "cache"

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(columnar, "_count_distinct", interrupted)
    with pytest.raises(KeyboardInterrupt):
        columnar.convert(path, gazetteer, cache=cache)
    assert list(cache.iterdir()) == []
    assert columnar.cached(path, cache) is None


def test_a_damaged_conversion_is_made_again(tmp_path: Path, gazetteer) -> None:
    path, cache = _small(tmp_path), tmp_path / "cache"
    directory = columnar.convert(path, gazetteer, cache=cache)
    expected = columnar.load(directory)[0]["id"].tolist()
    (directory / "incidents.parquet").write_bytes(b"PAR1 cut short")
    with pytest.raises(SourceError, match="cannot be read"):
        columnar.load(directory)
    incidents, _, _ = columnar.open_table(path, gazetteer, cache=cache)
    assert incidents["id"].tolist() == expected


def test_a_corrupt_parquet_source_and_a_full_disk_say_so(
    tmp_path: Path, gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1" + os.urandom(200))
    result = columnar.load_result(broken, gazetteer, cache=tmp_path / "cache")
    assert "broken.parquet" in result.report.error and "Parquet" in result.report.error
    assert not any((tmp_path / "cache").iterdir())

    class Full:
        free = 10

    monkeypatch.setattr(columnar.shutil, "disk_usage", lambda _: Full())
    with pytest.raises(SourceError, match="MB of disk"):
        columnar.convert(_small(tmp_path), gazetteer, cache=tmp_path / "cache")


def test_a_text_search_on_disk_finds_what_the_column_in_memory_finds(tmp_path: Path, gazetteer) -> None:
    path = _small(tmp_path)
    whole = tables.read_table(path, gazetteer)[0]
    incidents = columnar.open_table(path, gazetteer, cache=tmp_path / "cache")[0]
    for words in ("drone", "DEIR", "Dayr", "qaim"):
        filt = Filter.from_query({"q": [words]})[0]
        got = incidents[filt.mask(incidents, incidents.iloc[0:0])]["id"].tolist()
        assert got == whole[filt.mask(whole, whole.iloc[0:0])]["id"].tolist(), words
    # A slice of the table keeps its own rows' keys: the search answers for those rows only.
    part = incidents.iloc[len(incidents) // 2 :]
    filt = Filter.from_query({"q": ["drone"]})[0]
    expected = whole[filt.mask(whole, whole.iloc[0:0])]["id"]
    kept = set(part["id"])
    assert part[filt.mask(part, part.iloc[0:0])]["id"].tolist() == [i for i in expected if i in kept]


def test_the_app_converts_in_a_child_process_with_progress_and_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCIDENTS_CACHE", str(tmp_path / "cache"))
    seen: list[columnar.Progress] = []
    directory = columnar.convert_in_child(_small(tmp_path), seen.append)
    assert directory.parent == tmp_path / "cache" and (directory / "incidents.parquet").is_file()
    assert {p.phase for p in seen} == {"reading", "converting"} and seen[-1].fraction == 1.0
    assert columnar.report_of(directory).rows_in > 0
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SourceError, match=r"empty\.csv: the file is empty"):
        columnar.convert_in_child(empty)


def test_a_conversion_abandoned_by_a_killed_process_is_removed(tmp_path: Path, gazetteer) -> None:
    cache = tmp_path / "cache"
    abandoned = cache / ".0123-abcd.999999999.partial"  # no such process
    abandoned.mkdir(parents=True)
    (abandoned / "incidents.parquet").write_bytes(b"PAR1 half")
    columnar.convert(_small(tmp_path), gazetteer, cache=cache)
    assert not abandoned.exists()
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []
