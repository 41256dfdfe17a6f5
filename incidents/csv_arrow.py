"""A large, regular CSV read by pyarrow: the rows, row numbers and per-row outcomes of the exact
reader (incidents.source_files._csv, Python's csv module), at several times its speed.

A conversion of ACLED's global export spent a quarter of its time in Python's csv module and its
per-row checks. Here pyarrow splits the file; what the exact reader says of a row is kept:

- every row keeps the number of the line it starts on (a quoted line break inside a cell moves
  the rows after it down, as in the exact reader);
- a row pyarrow cannot split into the header's number of fields is read again, alone, by
  Python's csv, and skipped with the exact reader's words ("has 3 fields, the header 31");
- a cell longer than MAX_CELL skips its row, named by its column, as there;
- the slices are the same (`chunk` rows kept each), and each slice's reasons are in the report
  before the slice is handed on, so the report lists them in the same order.

Only a regular file takes this path: UTF-8, every line break "\\n" or "\\r\\n", a header on one
line naming distinct columns; else `Irregular` is raised before a row is read. If, at the end, the
lines the rows account for are not the file's lines (an empty line, a quote left open, pyarrow
splitting a row otherwise than Python's csv), `Irregular` is raised then.
The caller then reads the file the exact way (incidents.columnar does so).
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from queue import Full, Queue

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from incidents.ingest import ROW, IngestReport, RowIssue
from incidents.source_files import MAX_CELL, QUOTE, has_column_names, long_cell, no_rows, ragged_row

BLOCK = 1 << 21
"""Bytes pyarrow parses at a time. Its reader reads up to 32 blocks ahead of the parsing: 64 MB
(16 MB blocks held half a gigabyte of a 1 GB file)."""
SCAN_BLOCK = 1 << 24
"""Bytes the pre-scan reads at a time."""


class Irregular(Exception):
    """The file is not one this reader gives the exact reader's rows for; read it the exact way."""


@dataclass
class Layout:
    """What one pass over the bytes tells: the header line, the file's line count, whether regular."""

    header: str
    lines: int


def scan(path: Path) -> Layout:
    """The header line and the number of lines (as Python's csv counts them); Irregular for a
    file whose lines pyarrow would count otherwise (a lone carriage return, a header over lines).

    Empty lines and stray quotes are not looked for here: they make the lines the rows account
    for differ from the file's, which `frames` finds at its end."""
    newlines = returns = crlf = 0
    last = b""
    with path.open("rb") as handle:
        first = handle.readline()
        handle.seek(0)
        while block := handle.read(SCAN_BLOCK):
            newlines += block.count(b"\n")
            crlf += last == b"\r" and block[:1] == b"\n"  # a "\r\n" across two blocks
            found = block.count(b"\r")
            if found:
                returns += found
                crlf += block.count(b"\r\n")
            last = block[-1:]
    if returns != crlf:
        raise Irregular("a line break is a lone carriage return")
    try:
        header = first.decode("utf-8-sig").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise Irregular("not UTF-8") from exc
    if header.count('"') % 2:
        raise Irregular("the header spans lines")
    return Layout(header=header, lines=newlines + (last not in (b"", b"\n")))


@dataclass
class _Pending:
    """Rows of the stream not yet handed on, and the reasons for the skipped ones."""

    batches: list[pa.RecordBatch] = field(default_factory=list)
    lines: list[np.ndarray] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    rows: int = 0


def frames(
    path: Path, layout: Layout, delimiter: str, report: IngestReport, chunk: int
) -> Iterator[pd.DataFrame]:
    """Frames of `chunk` rows (the last one shorter), each row's cells as text plus its line in ROW."""
    header = next(csv.reader([layout.header], delimiter=delimiter, quotechar=QUOTE), None)
    if not has_column_names(header):
        raise Irregular("no column names")
    if len(set(header)) != len(header):
        raise Irregular("a column named twice")
    width = len(header)
    names = [f"f{i}" for i in range(width)]
    invalid: list[tuple[int, str]] = []  # (ordinal, raw text) of the rows pyarrow could not split

    def refused(row) -> str:
        invalid.append((int(row.number), row.text))
        return "skip"

    reader = pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(use_threads=False, block_size=BLOCK, column_names=names, skip_rows=1),
        parse_options=pcsv.ParseOptions(
            delimiter=delimiter,
            quote_char=QUOTE,  # as Python's csv: doubled inside a cell, no escape character
            double_quote=True,
            escape_char=False,
            newlines_in_values=True,
            ignore_empty_lines=True,
            invalid_row_handler=refused,
        ),
        convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    # Ordinals count records as pyarrow does (the header is 1); lines count lines as Python does.
    state = {"accepted": 0, "ordinal": 2, "line": 2, "invalid_done": 0}
    pending = _Pending()
    yielded = False

    def numbered(batch: pa.RecordBatch | None) -> None:
        """Give the batch's rows, and the refused rows before them, their lines; keep the good rows.
        `None`: the end of the file (the refused rows after the last good one)."""
        n = batch.num_rows if batch is not None else 0
        seen = invalid[: len(invalid)]  # the reader may add later rows' meanwhile
        bad = np.array([o for o, _ in seen], dtype="int64")
        passed = bad - 2 - np.arange(len(bad))  # how many good rows come before each refused one
        good = np.arange(state["accepted"], state["accepted"] + n, dtype="int64")
        ordinals = good + 2 + np.searchsorted(passed, good, side="right")
        state["accepted"] += n
        rest = seen[state["invalid_done"] :]
        if batch is None:
            last = rest[-1][0] if rest else state["ordinal"] - 1
        else:
            last = int(ordinals[-1]) if n else state["ordinal"] - 1
        mine = [(o, t) for o, t in rest if o <= last]
        first = state["ordinal"]
        spans = np.zeros(max(last - first + 1, 0), dtype="int64")
        if n:
            breaks = np.zeros(n, dtype="int64")
            for column in batch.columns:
                breaks += pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
            spans[ordinals - first] = 1 + breaks
        for o, text in mine:
            spans[o - first] = 1 + text.count("\n")
        if (spans == 0).any():
            raise Irregular("rows pyarrow neither read nor refused")
        starts = state["line"] + np.cumsum(spans) - spans
        for o, text in mine:
            line = int(starts[o - first])
            end = line + int(spans[o - first]) - 1
            pending.issues.append(_ragged(text, delimiter, width, line, end))
        report.rows_in += n + len(mine)
        state["invalid_done"] += len(mine)
        state["ordinal"] = last + 1
        state["line"] = int(starts[-1] + spans[-1]) if len(spans) else state["line"]
        if not n:
            return
        lines = starts[ordinals - first]
        ends = lines + spans[ordinals - first] - 1
        first_long = np.full(n, -1, dtype="int64")
        lengths = np.zeros(n, dtype="int64")
        for k, column in enumerate(batch.columns):
            size = pc.utf8_length(column).to_numpy(zero_copy_only=False)
            long = (size > MAX_CELL) & (first_long < 0)
            if long.any():
                first_long[long], lengths[long] = k, size[long]
        for i in np.flatnonzero(first_long >= 0):
            issue = long_cell(header, int(first_long[i]), int(lengths[i]), int(lines[i]), int(ends[i]))
            pending.issues.append(issue)
        keep = first_long < 0
        if not keep.all():
            batch = batch.filter(pa.array(keep))
            lines = lines[keep]
        pending.issues.sort(key=lambda issue: issue.row)
        pending.batches.append(batch)
        pending.lines.append(lines)
        pending.rows += batch.num_rows

    def take(count: int, final: bool = False) -> pd.DataFrame:
        table = (
            pa.Table.from_batches(pending.batches, schema=pending.batches[0].schema)
            if pending.batches
            else None
        )
        lines = np.concatenate(pending.lines) if pending.lines else np.zeros(0, dtype="int64")
        if table is None:
            out = pd.DataFrame({h: pd.Series([], dtype="str") for h in header})
        else:
            out = table.slice(0, count).to_pandas()
            out.columns = header
            rest = table.slice(count)
            pending.batches = rest.to_batches() if rest.num_rows else []
        out[ROW] = lines[:count]
        pending.lines = [lines[count:]] if len(lines) > count else []
        pending.rows = max(pending.rows - count, 0)
        # The reasons of the rows before this slice's last, as the exact reader gives them first.
        last_line = int(out[ROW].iloc[-1]) if len(out) and not final else None
        due = [i for i in pending.issues if last_line is None or i.row < last_line]
        pending.issues = pending.issues[len(due) :]
        report.issues.extend(due)
        return out

    try:
        for batch in ahead(reader):
            numbered(batch)
            while pending.rows >= chunk:
                yield take(chunk)
                yielded = True
    except pa.ArrowInvalid as exc:
        raise Irregular(f"pyarrow: {exc}") from exc
    numbered(None)
    if state["line"] - 1 != layout.lines:
        raise Irregular(f"the rows account for {state['line'] - 1:,} lines, the file has {layout.lines:,}")
    if report.rows_in == 0:
        raise no_rows(path)
    if pending.rows or not yielded:
        yield take(pending.rows, final=True)
    report.issues.extend(pending.issues)


_END = object()


def ahead(items: Iterator, depth: int = 2) -> Iterator:
    """`items`, made by a thread of their own up to `depth` ahead: pyarrow parses and writes
    without holding Python's lock, so that work runs on the other core while this one maps.
    The thread's exception is raised here; closing this generator stops the thread."""
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def run() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_END)
        except BaseException as exc:  # handed to the consumer, which raises it
            put(exc)

    thread = threading.Thread(target=run, name="ahead", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def _ragged(text: str, delimiter: str, width: int, line: int, end: int) -> RowIssue:
    """The exact reader's reason for a row pyarrow could not split: its fields as Python's csv reads them."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=QUOTE))
    if len(rows) != 1 or len(rows[0]) == width:
        raise Irregular(f"line {line}: pyarrow and Python's csv read it differently")
    return ragged_row(len(rows[0]), width, line, end)
