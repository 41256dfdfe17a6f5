"""Writing imported records: one run for every layout (`import` of ACLED and of UCDP GED alike).

An importer maps each usable row to a `Candidate` (a record as plain data, the row it came
from) and hands them all to `write_records`, which writes the records into DIR with the
import's places.csv and a copy of the source file. Nothing is written that `python -m incidents
validate DIR` would reject: each record is checked first against the schema, then by
`validate.check_record` with the places the import adds and the source file's text (the quotes);
a record either fails is refused, counted in the report and listed with its row, the column
holding its source id and the first problem found.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from incidents.ingest import ROW, IngestReport
from incidents.model import Incident
from incidents.source_files import read_source
from incidents.validate import check_record

PLACES_FILE = "places.csv"
SOURCES_DIR = "sources"


@dataclass
class ImportResult:
    """What an import wrote and which rows it could not use (with why)."""

    written: list[Path] = field(default_factory=list)
    places: int = 0
    skipped: list[str] = field(default_factory=list)
    report: IngestReport | None = None


@dataclass
class Candidate:
    """One row's record, before it is checked and written.

    `column` and `source_id` name the row's own id in the report (`event_id_cnty` SYR123, `id`
    410001); `site` is the site number of our own ACLED export's rows (one row per site of one
    incident): a later row's `site_location` (default: its record's location) joins the first
    row's record.
    """

    row: int
    column: str
    source_id: str
    header: str  # the YAML file's first comment line, saying where the record came from
    data: dict[str, Any]
    site: int | None = None
    site_location: dict[str, Any] | None = None


def write_records(
    path: Path,
    out_dir: Path,
    candidates: Iterable[Candidate],
    places: Any,
    gazetteer: Any,
    report: IngestReport,
) -> ImportResult:
    """Check and write `candidates` into `out_dir`, then `places` (the importer's `_Places`, whose
    `frame()` is read once every candidate is made) as places.csv and the source file in sources/."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pending: dict[str, Candidate] = {}
    sites: dict[str, list[tuple[int, dict]]] = {}  # record id -> (site number, location) per row
    for each in candidates:
        try:
            Incident.model_validate(each.data)
        except ValueError as exc:
            report.skip(each.row, "(record)", each.source_id, f"not a valid record: {_first_error(exc)}")
            continue
        record_id = each.data["id"]
        if record_id in pending and each.site is not None and record_id in sites:
            # Another site of one of our incidents: its location joins the record.
            sites[record_id].append((each.site, each.site_location or each.data["locations"][0]))
            continue
        if record_id in pending:
            report.skip(
                each.row, each.column, each.source_id, f"same record id {record_id!r} as an earlier row"
            )
            continue
        if each.site is not None:
            sites[record_id] = [(each.site, each.data["locations"][0])]
        pending[record_id] = each
    result = ImportResult(report=report)
    added = places.frame()
    from geodata.gazetteer import Gazetteer

    checked = Gazetteer(pd.concat([gazetteer.places, added.set_index("place_id", drop=False)]))
    with _documents(path) as documents:
        for record_id, each in pending.items():
            data = each.data
            if record_id in sites:
                data["locations"] = [loc for _, loc in sorted(sites[record_id], key=lambda s: s[0])]
            target = out_dir / f"{record_id}.yaml"
            # What `validate DIR` will run on the file, so that nothing is written it rejects.
            errors = check_record(_plain(data), target.name, gazetteer=checked, seeds=documents)
            if errors:
                first = errors[0]
                reason = f"not written, `validate` would reject it: {first.field}: {first.message}"
                report.skip(each.row, "(record)", each.source_id, reason)
                continue
            target.write_text(each.header + _dump(data), encoding="utf-8")
            result.written.append(target)
    if len(added):
        added.to_csv(out_dir / PLACES_FILE, index=False, encoding="utf-8")
    result.places = len(added)
    (out_dir / SOURCES_DIR).mkdir(exist_ok=True)
    shutil.copyfile(path, out_dir / SOURCES_DIR / path.name)
    result.skipped = report.lines()
    return result


def document_text(path: Path) -> str:
    """An imported CSV as the text its quotes are checked against: every cell, one per line."""
    frame, _ = read_source(path)
    cells = frame.drop(columns=[ROW]).astype(str).to_numpy().ravel()
    return "\n".join(c for c in cells if c and c != "nan")


@contextlib.contextmanager
def _documents(path: Path) -> Iterator[Path]:
    """A directory holding the imported file as `validate DIR` reads it (`document_text`)."""
    with tempfile.TemporaryDirectory(prefix="incident-import-") as tmp:
        (Path(tmp) / path.name).write_text(document_text(path), encoding="utf-8")
        yield Path(tmp)


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return str(exc)


def _plain(value: Any) -> Any:
    """A record's data as its YAML file reads back: dates as ISO strings (pydantic parses them)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _dump(data: dict) -> str:
    return yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False, width=100)
