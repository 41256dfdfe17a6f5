"""CSV export: one flat row per incident, read back with pandas; formulas neutralised."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from incidents.briefings import load_briefing
from incidents.export import CSV_COLUMNS, FORMATS, SUFFIXES, export, export_bytes
from incidents.filters import Filter
from incidents.load import load_incidents

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def real():
    return load_incidents()


def _read(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _csv(result, selection: Filter | None = None, **options) -> pd.DataFrame:
    out = io.StringIO()
    export(result, "csv", out, selection, **options)
    return _read(out.getvalue())


def test_every_record_reads_back(real) -> None:
    table = _csv(real)
    assert list(table.columns) == list(CSV_COLUMNS)
    assert len(table) == len(real.incidents) > 20
    expected = real.incidents.reset_index(drop=True)
    assert table["id"].tolist() == expected["id"].tolist()
    assert table["title"].tolist() == expected["title"].tolist()
    assert table["date_start"].tolist() == [d.date().isoformat() for d in expected["date_start"]]
    killed = pd.to_numeric(table["killed_min"].replace("", None)).astype("Int64")
    assert killed.equals(expected["killed_min"].rename("killed_min"))
    assert set(table["year_inferred"]) <= {"true", "false"}


def test_cli_filters_mean_what_the_app_means(real, tmp_path: Path) -> None:
    out = tmp_path / "view.csv"
    args = ["export", "--format", "csv", "--type", "air-strike", "--confidence", "likely", "-o", str(out)]
    args += ["--from", "2021-01-01", "--q", "Bukamal"]
    subprocess.run([sys.executable, "-m", "incidents", *args], cwd=ROOT, check=True, timeout=60)
    query = {"type": ["air-strike"], "confidence": ["likely"], "from": ["2021-01-01"], "q": ["Bukamal"]}
    selection, notices = Filter.from_query(query)
    assert notices == []
    shown, _ = selection.apply(real.incidents, real.sites)
    assert _read(out.read_text(encoding="utf-8"))["id"].tolist() == shown["id"].tolist() != []


def test_briefing_keeps_its_incidents_in_its_order(real) -> None:
    briefing = load_briefing("january-2021-raids", known_ids=real.incidents["id"])
    assert _csv(real, briefing=briefing)["id"].tolist() == briefing.ids
    # Further filters narrow the briefing, keeping its order.
    narrowed = _csv(real, Filter(types=("air-strike",)), briefing=briefing)["id"].tolist()
    assert narrowed == [i for i in briefing.ids if "air-raids" in i or "us-strikes" in i]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_cells_are_neutralised(real, start: str) -> None:
    """Any text cell a spreadsheet would run gets a leading `'`; a large table's text is not stripped
    the way a record's is, so the tab and CR cases reach the exporter as they are."""
    formula = f'{start}HYPERLINK("http://evil.example","click")'
    incidents = real.incidents[real.incidents["killed_min"].notna()].head(1)
    incidents = incidents.assign(title=formula, damage="=1+2")
    data = export_bytes("csv", incidents, real.sites.iloc[0:0], records={})
    [row] = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert row["title"] == "'" + formula
    assert row["damage"] == "'=1+2"
    assert row["killed_min"] == str(incidents["killed_min"].iloc[0])  # numbers stay numbers


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_formula_cells_of_a_record_are_neutralised(tmp_path: Path, start: str) -> None:
    records = tmp_path / "records"
    records.mkdir()
    data = yaml.safe_load((FIXTURES / "valid" / "valid-record.yaml").read_text(encoding="utf-8"))
    data["title"] = f'{start}HYPERLINK("http://evil.example","click")'
    data["damage"] = "=1+2"
    (records / "hostile.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    shutil.copy(FIXTURES / "gazetteer-mini.csv", tmp_path / "gz.csv")
    from geodata.gazetteer import load_gazetteer

    result = load_incidents(records, gazetteer=load_gazetteer(tmp_path / "gz.csv"))
    row = _csv(result).iloc[0]
    assert row["title"] == "'" + data["title"]
    assert row["damage"] == "'=1+2"
    assert row["killed_min"] == "2"  # numbers stay numbers


def test_export_bytes_for_the_app(real) -> None:
    data = export_bytes("csv", real.incidents.head(3), real.sites, records=real.records)
    assert _read(data.decode("utf-8"))["id"].tolist() == real.incidents["id"].head(3).tolist()
    # Without records they are read back from the table's source paths.
    assert export_bytes("csv", real.incidents.head(3), real.sites) == data
    with pytest.raises(ValueError, match="unknown export format"):
        export_bytes("xlsx", real.incidents, real.sites)
    assert set(SUFFIXES) == set(FORMATS)


def test_every_filter_is_a_flag_and_a_link_means_the_same() -> None:
    """`export` offers every filter of the registry; `--link` and the flags make the same Filter."""
    from incidents.__main__ import FILTER_PARAMS, build_parser, export_filter

    parser = build_parser()
    link = "http://localhost:8501/map?type=drone-strike&type=air-strike&place=al-bukamal&km=25&min_killed=1"
    flags = ["--type", "drone-strike", "--type", "air-strike", "--place", "al-bukamal", "--km", "25"]
    flags += ["--min-killed", "1"]
    by_link = export_filter(parser.parse_args(["export", "--link", link]))
    by_flags = export_filter(parser.parse_args(["export", *flags]))
    assert (
        by_link
        == by_flags
        == Filter(types=("drone-strike", "air-strike"), place="al-bukamal", km=25, min_killed=1)
    )
    every = ["export"] + [arg for p in FILTER_PARAMS for arg in (p.flag, "x")]
    assert {p.field for p in FILTER_PARAMS} <= set(vars(parser.parse_args(every)))
    with pytest.raises(ValueError, match="“min_killed”"):
        export_filter(parser.parse_args(["export", "--min-killed", "many"]))
