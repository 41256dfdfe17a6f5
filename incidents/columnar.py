"""A table a user brings, converted once into Parquet and read back compactly.

ACLED's global export is about 2.4 million rows (1.3 GB of CSV). Reading it whole into pandas on
every start takes a minute and several gigabytes; so a source file is converted once, a slice
of `CHUNK_ROWS` rows at a time (incidents.tables.read_table_chunks: the same mapping, checks and
report as a small file), into `incidents.parquet` and `sites.parquet` in a cache directory named
by the file's content hash (and this code's, so an upgrade never reads an old conversion).

    python -m incidents convert acled-export.csv

A regular UTF-8 CSV is split by pyarrow (incidents.csv_arrow: the same rows, line numbers and
reasons as Python's csv, which reads any other file), in a thread of its own, and the Parquet files
are written by another; a file of three slices or more is mapped two slices at a time
(incidents.slice_pool, the same report). Two million ACLED rows convert in about 26 s on two cores
(42 s of CPU) where they took 120 (bench/RESULTS.md).

Each conversion is written under a temporary name and renamed when complete: an interrupted one
is never read. Loading reads repeated text (labels, actor names, places) as pandas categoricals
and leaves the search text on disk for DuckDB (incidents.ondisk), so two million events fit in
well under two gigabytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from incidents import code_digest, csv_arrow, ondisk, paths, tables
from incidents.ingest import IngestReport, RowIssue, SourceError
from incidents.load import INCIDENT_COLUMNS, SITE_COLUMNS, LoadResult

CHUNK_ROWS = 50_000
"""Rows converted at a time: bounds the conversion's memory whatever the file's size."""
PARALLEL_SLICES = 3
"""From this many slices on, two are mapped at a time (incidents.slice_pool)."""
CATEGORY_MAX = 20_000
"""A text column with at most this many distinct values (labels, actor names, places: repeated
across millions of rows) is read back as a categorical: a code per row instead of a string."""
FORMAT = 2
"""The layout of a conversion's files: raise it when `_write` changes what it writes."""
_META = "meta.json"
_ARROW = {"str": pa.string(), "datetime64[ns]": pa.timestamp("ns"), "Int64": pa.int64(), "int64": pa.int64()}
_ARROW |= {"float64": pa.float64(), "bool": pa.bool_()}


@dataclass(frozen=True)
class Progress:
    """How far a conversion is, for the command line and the app's progress bar."""

    phase: str  # "reading" (hashing the file) or "converting"
    done: int  # bytes hashed, or rows converted
    total: int  # bytes in the file, or rows expected (its line count)
    started: float  # time.monotonic() when the phase began

    @property
    def fraction(self) -> float:
        return min(self.done / self.total, 1.0) if self.total else 0.0

    def line(self) -> str:
        """'Converting: 1,200,000 of 2,000,000 rows (60%), 85,000 rows/s, about 9 s left'."""
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate and self.total > self.done else 0
        if self.phase == "reading":
            what = f"{self.done / 1e6:,.0f} of {self.total / 1e6:,.0f} MB ({self.fraction:.0%})"
            speed = f"{rate / 1e6:,.0f} MB/s"
        else:
            what = f"{self.done:,} of about {self.total:,} rows ({self.fraction:.0%})"
            speed = f"{rate:,.0f} rows/s"
        return f"{self.phase.capitalize()}: {what}, {speed}, about {left:,.0f} s left"

    def to_json(self) -> str:
        """One line a parent process reads back with `from_json` (convert_in_child)."""
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, line: str) -> Progress | None:
        try:
            return cls(**json.loads(line))
        except (ValueError, TypeError):
            return None


ProgressFn = Callable[[Progress], None]


def _code_digest() -> str:
    """The code and data a conversion is made with (this module and all it imports of ours, with
    their folders' data files: the fold, dates, event types, the model, geodata's CSVs)."""
    return code_digest.digest(__name__, salt=f"format {FORMAT}")


def fingerprint(path: Path, progress: ProgressFn | None = None) -> tuple[str, int]:
    """(the cache key of this file, its line count): its content's SHA-256 and this code's."""
    digest, lines, size = hashlib.sha256(), 0, path.stat().st_size
    started, done = time.monotonic(), 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 24):
            digest.update(block)
            lines += block.count(b"\n")
            done += len(block)
            if progress:
                progress(Progress("reading", done, size, started))
    return f"{digest.hexdigest()[:32]}-{_code_digest()}", lines


def cached(path: Path, cache: Path | None = None) -> Path | None:
    """The finished conversion of this file, if there is one (hashes the file)."""
    target = (cache or paths.cache_dir()) / fingerprint(Path(path))[0]
    return target if (target / _META).is_file() else None


def convert(
    path: Path, gazetteer=None, progress: ProgressFn | None = None, cache: Path | None = None
) -> Path:
    """The directory of this file's conversion, converting it first if it has none.

    SourceError for a file that is not data (as tables.read_table), or when the disk cannot hold
    the conversion. Nothing is left behind by a conversion that fails or is interrupted.
    """
    path = Path(path)
    cache = cache or paths.cache_dir()
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    key, lines = fingerprint(path, progress)
    target = cache / key
    if (target / _META).is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    # Parquet of these tables is about half the CSV; a margin on top (the disk may fill meanwhile).
    needed, free = path.stat().st_size, shutil.disk_usage(cache).free
    if free < needed:
        raise SourceError(
            f"{path}: converting it needs about {needed / 1e6:,.0f} MB of disk in {cache}, "
            f"which has {free / 1e6:,.0f} MB free (set INCIDENTS_CACHE to a larger disk)"
        )
    _remove_abandoned(cache)
    partial = cache / f".{key}.{os.getpid()}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        report, categories = _write(path, partial, gazetteer, progress, max(lines - 1, 1))
        meta = {
            "source": str(path),
            "size": path.stat().st_size,
            "key": key,
            "converted": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "categories": categories,
            "report": dataclasses.asdict(report),
        }
        (partial / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        try:
            partial.rename(target)
        except OSError:  # another process finished the same conversion first
            if not (target / _META).is_file():
                raise
            shutil.rmtree(partial, ignore_errors=True)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return target


def _remove_abandoned(cache: Path) -> None:
    """Partial conversions whose process is gone (killed mid-way): never read, now removed."""
    for partial in cache.glob(".*.partial"):
        pid = partial.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(partial, ignore_errors=True)


def convert_in_child(path: Path, progress: ProgressFn | None = None) -> Path:
    """`convert` in a process of its own (`python -m incidents convert`), so that a server's
    memory never holds a conversion's peak and a conversion that crashes takes nothing with it.

    The child's progress lines call `progress`; its error becomes a SourceError here.
    """
    child = subprocess.Popen(
        [sys.executable, "-m", "incidents", "convert", str(path), "--progress", "json"],
        cwd=paths.REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    errors: list[str] = []
    assert child.stderr is not None and child.stdout is not None
    for line in child.stderr:
        step = Progress.from_json(line)
        if step is not None:
            if progress:
                progress(step)
        elif line.startswith("error: "):
            errors.append(line.removeprefix("error: ").strip())
    out = child.stdout.read().strip().splitlines()
    if child.wait() != 0 or not out:
        raise SourceError(
            errors[-1] if errors else f"{path}: the conversion stopped (exit {child.returncode})"
        )
    return Path(out[-1])


def _schema(columns: dict[str, str], extra: dict[str, pa.DataType] | None = None) -> pa.Schema:
    return pa.schema([(name, _ARROW[dtype]) for name, dtype in columns.items()] + list((extra or {}).items()))


def _write(
    path: Path, out: Path, gazetteer, progress: ProgressFn | None, expected: int
) -> tuple[IngestReport, dict[str, list[str]]]:
    """The tables written in `out`; a CSV pyarrow splits otherwise than Python's csv would is
    written again, read the exact way (incidents.csv_arrow)."""
    try:
        return _write_from(path, out, gazetteer, progress, expected, fast=True)
    except csv_arrow.Irregular:
        return _write_from(path, out, gazetteer, progress, expected, fast=False)


def _write_from(
    path: Path, out: Path, gazetteer, progress: ProgressFn | None, expected: int, fast: bool
) -> tuple[IngestReport, dict[str, list[str]]]:
    parallel = expected > (PARALLEL_SLICES - 1) * CHUNK_ROWS
    parts, report = tables.read_table_chunks(path, gazetteer, CHUNK_ROWS, fast, parallel)
    schemas = {
        "incidents": _schema(INCIDENT_COLUMNS, {ondisk.ROW_KEY: pa.int64()}),
        "sites": _schema(SITE_COLUMNS, {ondisk.ROW_KEY: pa.int64()}),
    }
    writers = {name: pq.ParquetWriter(out / f"{name}.parquet", schema) for name, schema in schemas.items()}
    distinct: dict[str, dict[str, set]] = {name: {} for name in schemas}
    counts = {name: 0 for name in schemas}
    started = time.monotonic()
    written: deque[Future] = deque()
    try:
        # Parquet is written by a thread of its own (pyarrow writes without Python's lock), in
        # order, at most two slices behind the mapping.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet") as pool:
            for incidents, sites in parts:
                positions = np.arange(
                    counts["incidents"], counts["incidents"] + len(incidents), dtype="int64"
                )
                incidents = incidents.assign(**{ondisk.ROW_KEY: positions})
                # A site's key is its incident's row, so a text hit keeps the incident's sites.
                index = pd.Index(incidents["id"])
                sites = sites.assign(**{ondisk.ROW_KEY: positions[index.get_indexer(sites["incident_id"])]})
                for name, frame in (("incidents", incidents), ("sites", sites)):
                    written.append(pool.submit(_write_table, writers[name], frame, schemas[name]))
                    counts[name] += len(frame)
                    _count_distinct(frame, distinct[name])
                while len(written) > 4:
                    written.popleft().result()
                if progress:
                    progress(Progress("converting", report.rows_in, max(expected, report.rows_in), started))
            while written:
                written.popleft().result()
    finally:
        for writer in writers.values():
            writer.close()
    categories = {
        name: sorted(c for c, values in distinct[name].items() if values is not None and counts[name])
        for name in schemas
    }
    return report, categories


def _write_table(writer: pq.ParquetWriter, frame: pd.DataFrame, schema: pa.Schema) -> None:
    writer.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False))


def _count_distinct(frame: pd.DataFrame, seen: dict[str, set | None]) -> None:
    """Keep, per text column, its distinct values while they stay few (None once they are not)."""
    for column in frame.columns:
        if column in ondisk.COLUMNS or str(frame[column].dtype) != "str" or seen.get(column, set()) is None:
            continue
        values = seen.setdefault(column, set())
        values.update(frame[column].dropna().unique().to_numpy())  # not Arrow scalars one by one
        if len(values) > CATEGORY_MAX:
            seen[column] = None


def load(directory: Path) -> tuple[pd.DataFrame, pd.DataFrame, IngestReport]:
    """(incidents, sites, report) of a conversion; SourceError if its files cannot be read."""
    directory = Path(directory)
    try:
        meta = json.loads((directory / _META).read_text(encoding="utf-8"))
        frames = {}
        for name, columns in (("incidents", INCIDENT_COLUMNS), ("sites", SITE_COLUMNS)):
            file = directory / f"{name}.parquet"
            wanted = [c for c in (*columns, ondisk.ROW_KEY) if c not in ondisk.COLUMNS]
            categories = set(meta["categories"][name])
            parquet = pq.ParquetFile(file, read_dictionary=sorted(categories))
            # A column at a time: the peak is the table in pandas plus one column in Arrow.
            frame = {
                column: _column(parquet, column, columns.get(column), column in categories)
                for column in wanted
            }
            frames[name] = pd.DataFrame(frame, copy=False)
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        raise SourceError(f"{directory}: the converted table cannot be read ({exc})") from exc
    incidents, sites = frames["incidents"], frames["sites"]
    incidents.attrs[ondisk.ATTR] = str(directory / "incidents.parquet")
    return incidents, sites, _report(meta["report"])


def _column(parquet: pq.ParquetFile, column: str, dtype: str | None, categorical: bool) -> pd.Series:
    values = parquet.read(columns=[column]).column(0).to_pandas()
    if dtype == "Int64":  # blank counts come back as floats
        values = values.astype("Int64")
    if categorical and "" not in values.cat.categories:  # so `.fillna("")` works as on plain text
        values = values.cat.add_categories("")
    return values.rename(column)


def report_of(directory: Path) -> IngestReport:
    """The report of a finished conversion, without reading its tables."""
    return _report(json.loads((Path(directory) / _META).read_text(encoding="utf-8"))["report"])


def _report(data: dict) -> IngestReport:
    issues = [RowIssue(**issue) for issue in data.pop("issues")]
    return IngestReport(**data, issues=issues)


def open_table(
    path: Path,
    gazetteer=None,
    progress: ProgressFn | None = None,
    cache: Path | None = None,
    directory: Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, IngestReport]:
    """(incidents, sites, report) of a source file, converted first if needed.

    `directory`: its conversion, when the caller has just made or found it (convert_in_child),
    so the file is not hashed a second time. A conversion that cannot be read (a disk error, a
    file damaged since) is removed and made again once, from the source, rather than shown half.
    """
    directory = directory or convert(path, gazetteer, progress, cache)
    try:
        return load(directory)
    except SourceError:
        shutil.rmtree(directory, ignore_errors=True)
        return load(convert(path, gazetteer, progress, cache))


def load_result(
    path: Path,
    gazetteer=None,
    progress: ProgressFn | None = None,
    cache: Path | None = None,
    directory: Path | None = None,
) -> LoadResult:
    """`tables.load_result` through the conversion: the same LoadResult, from the Parquet cache."""
    try:
        incidents, sites, report = open_table(path, gazetteer, progress, cache, directory)
    except SourceError as exc:
        report = IngestReport(source=str(path), error=str(exc))
        incidents, sites = tables.empty_tables()
    return LoadResult(records=[], errors=[], incidents=incidents, sites=sites, report=report)
