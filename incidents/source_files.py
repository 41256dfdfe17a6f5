"""Reading the file a user brings into rows of text cells, whatever its format and encoding.

CSV is read cell by cell as text, in UTF-8 (with or without BOM), UTF-16 (detected) or
Windows-1252/Latin-1 (said so in `notes`), separated by commas, semicolons, tabs or bars. A
ragged row or an oversized cell is a reason for that row, not for the file (incidents.ingest's
report). Parquet and GeoJSON are read as the same text cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from incidents.ingest import ROW, IngestReport, RowIssue, SourceError

MAX_CELL = 32_767
QUOTE = '"'
"""Both CSV readers' quoting (Python csv's default dialect, which pyarrow's reader is set to in
incidents.csv_arrow): a cell may be quoted, a quote inside it is doubled, there is no escape
character."""
"""The longest cell we read (Excel's own limit); a longer one is a reason to skip its row."""
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an Excel workbook (.xlsx): save the sheet as CSV (UTF-8)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls): save the sheet as CSV (UTF-8)"),
    (b"\x1f\x8b", "a gzip archive: unpack it first"),
)


def read_source(path: Path) -> tuple[pd.DataFrame, IngestReport]:
    """The file's rows as text cells (plus `ROW`), and the report so far; SourceError if not data."""
    chunks, report = read_chunks(path)
    frames = list(chunks)
    return (frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)), report


def read_chunks(
    path: Path, rows: int | None = None, fast: bool = False
) -> tuple[Iterator[pd.DataFrame], IngestReport]:
    """The file's rows in frames of about `rows` rows (all at once when None), and its report.

    The same checks as `read_source` (which is this, joined): a large CSV or Parquet file is
    read a slice at a time, so converting it (incidents.columnar) never holds the whole file.
    The report fills in as the frames are read; at least one frame (maybe empty) comes out.

    `fast`: a regular UTF-8 CSV read in slices is split by pyarrow (incidents.csv_arrow), with the
    same rows and report; its frames may then raise csv_arrow.Irregular, and the caller reads the
    file again without `fast`.
    """
    path = Path(path)
    report = IngestReport(source=str(path))
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not head.strip() and size <= len(head):
        raise SourceError(f"{path}: the file is empty")
    for magic, what in MAGIC:
        if head.startswith(magic):
            raise SourceError(f"{path}: this looks like {what}, not a table of incidents")
    if head.startswith(b"PAR1"):
        frames = _parquet(path, report, rows)
    elif head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] in (b"{", b"["):
        frames = iter([_geojson(path, path.read_bytes(), report)])
    else:
        if path.suffix.lower() in (".parquet", ".pq"):
            report.notes.append(f"named {path.suffix} but holds text: read as CSV")
        if rows is None:
            text = decode(path, path.read_bytes(), report)
            frames = _csv(path, io.StringIO(text.lstrip("\ufeff")), report, rows)
        else:
            encoding = stream_encoding(path, head, report)
            frames = (fast and encoding == "utf-8-sig" and _arrow(path, report, rows)) or _csv(
                path, _opened(path, encoding), report, rows
            )
    return (_tidy(path, frame) for frame in frames), report


def _tidy(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [_column_name(c) for c in frame.columns]
    frame = frame.loc[:, [c for c in frame.columns if c and not c.startswith("unnamed:")] or [ROW]]
    if frame.columns.duplicated().any():
        twice = sorted(set(frame.columns[frame.columns.duplicated()]))
        raise SourceError(f"{path}: the header names a column twice: {', '.join(twice)}")
    return frame


def _opened(path: Path, encoding: str) -> Iterator[str]:
    with path.open(encoding=encoding, newline="") as handle:
        yield from handle


def stream_encoding(path: Path, head: bytes, report: IngestReport) -> str:
    """The encoding `decode` would choose for the whole file, read block by block (never whole)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head.count(b"\x00") > len(head) // 4:
        return _utf16(path, head, report)
    _check_binary(path, head)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    cp1252 = True
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            try:
                utf8.decode(block)
            except UnicodeDecodeError:
                utf8 = None
            if utf8 is None:
                cp1252 = cp1252 and not any(bad in block for bad in _CP1252_UNDEFINED)
                if not cp1252:
                    break
    if utf8 is not None:
        return "utf-8-sig"
    return _legacy_note(report, cp1252)


_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def _legacy_note(report: IngestReport, cp1252: bool) -> str:
    if cp1252:
        report.notes.append("not UTF-8: read as Windows-1252 (Latin-1); check accented names")
        return "cp1252"
    report.notes.append("not UTF-8: read as Latin-1; check accented names")
    return "latin-1"


def _utf16(path: Path, head: bytes, report: IngestReport) -> str:
    report.notes.append("read as UTF-16 (save it as UTF-8 for other tools)")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
    return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"


def _check_binary(path: Path, head: bytes) -> None:
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > len(head) // 100:
        raise SourceError(f"{path}: this looks like binary data, not a CSV table")


def _column_name(name: object) -> str:
    text = str(name).replace("\ufeff", "").strip()
    return text if text == ROW else text.lower()


def decode(path: Path, data: bytes, report: IngestReport) -> str:
    """Text from bytes in the encodings real exports come in; which one is said in notes."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head.count(b"\x00") > len(head) // 4:
        return _strict(path, data, _utf16(path, head, report))
    _check_binary(path, head)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode(_legacy_note(report, cp1252=False))
    _legacy_note(report, cp1252=True)
    return text


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: looks like {encoding.upper()} but is not valid {encoding.upper()} "
            f"(byte {exc.start}); save it as UTF-8"
        ) from exc


def _delimiter(first_line: str, report: IngestReport) -> str:
    """The delimiter the header line holds most of (a comma when none), for both CSV readers;
    any other than a comma is said in the report's notes."""
    header_line = first_line.split("\n", 1)[0]
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    delimiter = best if counts[best] else ","
    if delimiter != ",":
        report.notes.append(f"columns separated by {DELIMITERS[delimiter]}")
    return delimiter


def _csv(path: Path, lines: Iterable[str], report: IngestReport, chunk: int | None) -> Iterator[pd.DataFrame]:
    """Frames of up to `chunk` rows (all in one when None) from the file's lines."""
    lines = iter(lines)
    first_line = next(lines, "").lstrip("\ufeff")
    delimiter = _delimiter(first_line, report)
    csv.field_size_limit(sys.maxsize)
    reader = csv.reader(itertools.chain([first_line], lines), delimiter=delimiter, quotechar=QUOTE)
    header = next(reader, None)
    if not has_column_names(header):
        raise SourceError(f"{path}: the first line holds no column names")
    width = len(header)
    columns = [str(h) for h in header]
    rows: list[list[str]] = []
    numbers: list[int] = []
    start = reader.line_num + 1
    yielded = False

    def frame() -> pd.DataFrame:
        out = pd.DataFrame(rows, columns=columns, dtype=object)
        out[ROW] = np.asarray(numbers, dtype="int64")
        return out

    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.rows_in += 1
            report.skip(start, "(row)", "", f"not readable as CSV: {exc}")
            start = reader.line_num + 1
            continue
        line, end = start, reader.line_num
        start = end + 1
        if not fields:
            continue  # an empty line is not a row (a line of empty cells is, and gets its reason)
        report.rows_in += 1
        if len(fields) != width:
            report.issues.append(ragged_row(len(fields), width, line, end))
            continue
        long = next((k for k, f in enumerate(fields) if len(f) > MAX_CELL), None)
        if long is not None:
            report.issues.append(long_cell(header, long, len(fields[long]), line, end))
            continue
        rows.append(fields)
        numbers.append(line)
        if chunk is not None and len(rows) >= chunk:
            yield frame()
            yielded = True
            rows, numbers = [], []
    if report.rows_in == 0:
        raise no_rows(path)
    if rows or not yielded:
        yield frame()


def _arrow(path: Path, report: IngestReport, rows: int) -> Iterator[pd.DataFrame] | None:
    """pyarrow's frames of a regular CSV (incidents.csv_arrow); None when the file is not regular."""
    from incidents import csv_arrow

    try:
        layout = csv_arrow.scan(path)
    except csv_arrow.Irregular:
        return None
    return csv_arrow.frames(path, layout, _delimiter(layout.header, report), report, rows)


def has_column_names(header: list[str] | None) -> bool:
    """Whether a CSV's first row names its columns (one non-blank name at least)."""
    return bool(header) and any(h.strip() for h in header)


def no_rows(path: Path) -> SourceError:
    """The error of a CSV that has its header and nothing after it, from either reader."""
    return SourceError(f"{path}: the file has a header but no rows")


def ragged_row(fields: int, width: int, line: int, end: int) -> RowIssue:
    """Why a row of `fields` fields under a header of `width` is skipped (both CSV readers say so)."""
    return RowIssue(
        line, "(row)", f"{fields} fields", f"has {fields} fields, the header {width}{_spans(line, end)}"
    )


def long_cell(header: list[str], column: int, length: int, line: int, end: int) -> RowIssue:
    """Why a row with a cell longer than MAX_CELL is skipped (both CSV readers say so)."""
    name = header[column].strip().lower() or f"column {column + 1}"
    reason = f"a cell longer than {MAX_CELL:,} characters{_spans(line, end)}"
    return RowIssue(line, name, f"{length:,} characters", reason)


def _spans(line: int, end: int) -> str:
    return f" (spans lines {line}-{end}: an unclosed quote?)" if end > line + 1 else ""


def _parquet(path: Path, report: IngestReport, chunk: int | None) -> Iterator[pd.DataFrame]:
    report.where = "row"
    try:
        parquet = pq.ParquetFile(path)
        total = parquet.metadata.num_rows
    except Exception as exc:  # pyarrow raises several types for a corrupt or truncated file
        raise SourceError(f"{path}: not a readable Parquet file ({exc})") from exc
    if not total:
        raise SourceError(f"{path}: the Parquet file has no rows")
    report.rows_in = total
    done = 0
    try:
        for batch in parquet.iter_batches(batch_size=chunk or max(total, 1)):
            frame = batch.to_pandas()
            frame = frame.drop(columns=[c for c in frame.columns if str(c).startswith("__index_level_")])
            frame[ROW] = np.arange(done + 1, done + len(frame) + 1, dtype="int64")
            done += len(frame)
            yield frame
    except SourceError:
        raise
    except Exception as exc:
        raise SourceError(f"{path}: not a readable Parquet file after row {done:,} ({exc})") from exc


def _geojson(path: Path, data: bytes, report: IngestReport) -> pd.DataFrame:
    """A FeatureCollection of Points: properties as columns, the point as lat/lon."""
    report.where = "feature"
    try:
        document = json.loads(decode(path, data, report))
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise SourceError(f"{path}: JSON, but not a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise SourceError(f"{path}: the FeatureCollection has no features")
    report.rows_in = len(features)
    rows, numbers, lats, lons = [], [], [], []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if not isinstance(properties, dict):
            report.skip(number, "properties", "", "a feature without properties")
            continue
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") != "Point"
            or not isinstance(coords, list)
            or len(coords) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords[:2])
        ):
            report.skip(number, "geometry", json.dumps(geometry)[:80], "not a Point with two numbers")
            continue
        rows.append(properties)
        numbers.append(number)
        lons.append(coords[0])
        lats.append(coords[1])
    frame = pd.DataFrame(rows)
    frame = frame.drop(columns=[c for c in ("lat", "lon", "latitude", "longitude") if c in frame.columns])
    frame["lat"], frame["lon"] = lats, lons
    if "incident_id" not in frame.columns and "id" in frame.columns:
        frame = frame.rename(columns={"id": "incident_id"})
    frame[ROW] = np.asarray(numbers, dtype="int64")
    return frame
