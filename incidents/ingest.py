"""One ingestion step for every file a user brings, and one report of what became of each row.

Every input row gets exactly one outcome: drawn, drawn with a warning, or skipped with its row
number, column, value and reason (`IngestReport`). Only a file that is not data at all (empty,
binary, an image, JSON that is not GeoJSON, an encoding we cannot read) is refused as a whole,
with one `SourceError` naming the file and what it seems to be.

CSV is read cell by cell as text, in UTF-8 (with or without BOM), UTF-16 (detected) or
Windows-1252/Latin-1 (said so in `notes`), separated by commas, semicolons, tabs or bars. A
ragged row or an oversized cell is a reason for that row, not for the file.

    >>> report = IngestReport(source="events.csv", rows_in=3)
    >>> report.skip(4, "latitude", "", "latitude is blank")
    >>> report.summary()
    'events.csv: 3 rows, 2 drawn, 1 skipped'
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import math
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

MAX_CELL = 32_767
"""The longest cell we read (Excel's own limit); a longer one is a reason to skip its row."""
MAX_VALUE_SHOWN = 60
ROW = "_row"
"""The column of the read frame holding each row's number in the file (CSV line, feature, row)."""
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


class SourceError(ValueError):
    """The file is not data we can read; the message names the file and what to do."""


@dataclass(frozen=True)
class RowIssue:
    """What happened to one row: skipped (not drawn) or a warning (drawn)."""

    row: int
    column: str
    value: str
    reason: str
    skipped: bool = True

    def describe(self, where: str = "line") -> str:
        value = self.value if len(self.value) <= MAX_VALUE_SHOWN else self.value[:MAX_VALUE_SHOWN] + "…"
        shown = json.dumps(value, ensure_ascii=False)
        return f"{where} {self.row}: {self.column} {shown}: {self.reason}"


@dataclass
class IngestReport:
    """Every row's outcome for one file: counted, listed, summarised, the same everywhere."""

    source: str
    rows_in: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    where: str = "line"  # what a row number counts: CSV lines, GeoJSON features, Parquet rows
    error: str = ""  # the file-level SourceError's message when the file is not data at all

    @property
    def name(self) -> str:
        return Path(self.source).name or self.source

    def skip(self, row: int, column: str, value: object, reason: str) -> None:
        """Record that `row` is not drawn, and why (only its first reason counts it)."""
        self.issues.append(RowIssue(int(row), column, _text(value), reason, skipped=True))

    def warn(self, row: int, column: str, value: object, reason: str) -> None:
        """Record that `row` is drawn but something about it deserves a look."""
        self.issues.append(RowIssue(int(row), column, _text(value), reason, skipped=False))

    def skip_many(self, rows: Iterable[int], column: str, values: Iterable[object], reason: str) -> None:
        for row, value in zip(rows, values, strict=True):
            self.skip(row, column, value, reason)

    def warn_many(self, rows: Iterable[int], column: str, values: Iterable[object], reasons: Iterable[str]):
        for row, value, reason in zip(rows, values, reasons, strict=True):
            self.warn(row, column, value, reason)

    @property
    def skipped_rows(self) -> set[int]:
        return {i.row for i in self.issues if i.skipped}

    @property
    def skipped(self) -> list[RowIssue]:
        """The first reason of each skipped row, in row order."""
        first: dict[int, RowIssue] = {}
        for issue in self.issues:
            if issue.skipped and issue.row not in first:
                first[issue.row] = issue
        return [first[r] for r in sorted(first)]

    @property
    def warnings(self) -> list[RowIssue]:
        """Warnings of rows that are drawn."""
        skipped = self.skipped_rows
        return sorted((i for i in self.issues if not i.skipped and i.row not in skipped), key=lambda i: i.row)

    @property
    def n_skipped(self) -> int:
        return len(self.skipped_rows)

    @property
    def n_drawn(self) -> int:
        return self.rows_in - self.n_skipped

    def summary(self) -> str:
        """One line: rows in, drawn (with warnings), skipped."""
        if self.error:
            return self.error
        warned = len({i.row for i in self.warnings})
        drawn = f"{self.n_drawn:,} drawn" + (f" ({warned:,} with a warning)" if warned else "")
        text = f"{self.name}: {self.rows_in:,} rows, {drawn}, {self.n_skipped:,} skipped"
        return text + "".join(f"; {note}" for note in self.notes)

    def lines(self) -> list[str]:
        """Every skipped row and every warning, as `file:line N: column "value": reason`."""
        out = [f"{self.name}: skipped {i.describe(self.where)}" for i in self.skipped]
        out += [f"{self.name}: warning {i.describe(self.where)}" for i in self.warnings]
        return out

    def to_dict(self) -> dict[str, object]:
        """A JSON-able summary for exports."""
        return {
            "source": self.name,
            "rows": self.rows_in,
            "drawn": self.n_drawn,
            "skipped": [
                {"row": i.row, "column": i.column, "value": i.value, "reason": i.reason} for i in self.skipped
            ],
            "warnings": [
                {"row": i.row, "column": i.column, "value": i.value, "reason": i.reason}
                for i in self.warnings
            ],
            "notes": list(self.notes),
        }


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


# --- reading ---------------------------------------------------------------------------------------


def read_source(path: Path) -> tuple[pd.DataFrame, IngestReport]:
    """The file's rows as text cells (plus `ROW`), and the report so far; SourceError if not data."""
    chunks, report = read_chunks(path)
    frames = list(chunks)
    return (frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)), report


def read_chunks(path: Path, rows: int | None = None) -> tuple[Iterator[pd.DataFrame], IngestReport]:
    """The file's rows in frames of about `rows` rows (all at once when None), and its report.

    The same checks as `read_source` (which is this, joined): a large CSV or Parquet file is
    read a slice at a time, so converting it (incidents.columnar) never holds the whole file.
    The report fills in as the frames are read; at least one frame (maybe empty) comes out.
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
            frames = _csv(path, _opened(path, encoding), report, rows)
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


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv(path: Path, lines: Iterable[str], report: IngestReport, chunk: int | None) -> Iterator[pd.DataFrame]:
    """Frames of up to `chunk` rows (all in one when None) from the file's lines."""
    lines = iter(lines)
    first_line = next(lines, "").lstrip("\ufeff")
    delimiter = _delimiter(first_line.split("\n", 1)[0])
    if delimiter != ",":
        report.notes.append(f"columns separated by {DELIMITERS[delimiter]}")
    csv.field_size_limit(sys.maxsize)
    reader = csv.reader(itertools.chain([first_line], lines), delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
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
        spans = f" (spans lines {line}-{end}: an unclosed quote?)" if end > line + 1 else ""
        if len(fields) != width:
            report.skip(
                line, "(row)", f"{len(fields)} fields", f"has {len(fields)} fields, the header {width}{spans}"
            )
            continue
        long = next((k for k, f in enumerate(fields) if len(f) > MAX_CELL), None)
        if long is not None:
            report.skip(
                line,
                header[long].strip().lower() or f"column {long + 1}",
                f"{len(fields[long]):,} characters",
                f"a cell longer than {MAX_CELL:,} characters{spans}",
            )
            continue
        rows.append(fields)
        numbers.append(line)
        if chunk is not None and len(rows) >= chunk:
            yield frame()
            yielded = True
            rows, numbers = [], []
    if report.rows_in == 0:
        raise SourceError(f"{path}: the file has a header but no rows")
    if rows or not yielded:
        yield frame()


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


# --- checks shared by every layout -------------------------------------------------------------------


def note_unused(report: IngestReport, columns: Iterable[str], used: Iterable[str]) -> None:
    """Name, in the report's notes, every column of the file that the layout's mapping does not read,
    so that no column is dropped without a word."""
    known = set(used) | {ROW}
    unused = [c for c in columns if c not in known]
    if unused:
        report.notes.append(f"columns not used: {', '.join(unused)}")


def text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as stripped text ('' where blank or absent)."""
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    values = frame[column]
    return values.astype(object).where(values.notna(), "").astype(str).str.strip()


def coordinates(
    frame: pd.DataFrame, lat_column: str, lon_column: str, report: IngestReport
) -> tuple[pd.Series, pd.Series]:
    """Latitude and longitude as floats; each blank, non-numeric, non-finite or impossible one skipped.

    Checked once, here, where data enters: nothing downstream receives a point it cannot draw.
    """
    rows = frame[ROW]
    out = []
    for column, limit in ((lat_column, 90.0), (lon_column, 180.0)):
        raw = text(frame, column)
        number = pd.to_numeric(raw.str.replace(",", ".", regex=False).where(raw != ""), errors="coerce")
        number = number.astype("float64")
        blank = raw == ""
        bad = ~blank & number.isna()
        infinite = np.isinf(number) | raw.str.lower().isin(["nan", "-nan", "+nan"])
        bad &= ~infinite
        outside = number.abs() > limit
        for mask, reason in (
            (blank, f"{column} is blank"),
            (bad, f"{column} is not a number"),
            (infinite, f"{column} is not a finite number"),
            (outside & ~infinite, f"{column} is outside -{limit:g}..{limit:g}"),
        ):
            if mask.any():
                report.skip_many(rows[mask], column, raw[mask], reason)
        out.append(number.where(~(blank | bad | infinite | outside)))
    lat, lon = out
    zero = (lat == 0) & (lon == 0)
    if zero.any():
        report.skip_many(
            rows[zero], lat_column, ["0, 0"] * int(zero.sum()), "0,0 is almost always a blank coordinate"
        )
    return lat, lon


def drop_skipped(frame: pd.DataFrame, report: IngestReport) -> pd.DataFrame:
    """The rows with no reason to skip them."""
    skipped = report.skipped_rows
    if not skipped:
        return frame
    return frame[~frame[ROW].isin(list(skipped))]


def named_blank_ids(ids: pd.Series, frame: pd.DataFrame, column: str, report: IngestReport) -> pd.Series:
    """Blank ids replaced by a stable one made from the file and row (`<file>-line-<N>`), with a warning."""
    ids = ids.copy()
    blank = ids == ""
    if blank.any():
        stem = _slug(Path(report.source).stem or "row")
        rows = frame.loc[blank, ROW]
        made = [f"{stem}-{report.where}-{r}" for r in rows]
        report.warn_many(rows, column, [""] * len(made), [f"blank id: called {m}" for m in made])
        ids[blank] = made
    return ids


@dataclass
class IdLedger:
    """The ids of the chunks already read from one file, so a later chunk's repeats are told apart
    as `unique_ids` tells them apart within one (ids and row contents kept as 64-bit hashes)."""

    ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype="uint64"))
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype="int64"))
    contents: np.ndarray = field(default_factory=lambda: np.empty(0, dtype="uint64"))

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """Position in the ledger of each hash, -1 where it is new."""
        at = np.searchsorted(self.ids, hashes).clip(0, max(len(self.ids) - 1, 0))
        found = (
            (len(self.ids) > 0) & (self.ids[at] == hashes) if len(self.ids) else np.zeros(len(hashes), bool)
        )
        return np.where(found, at, -1)

    def add(self, hashes: np.ndarray, rows: np.ndarray, contents: np.ndarray) -> None:
        order = np.argsort(ids := np.concatenate([self.ids, hashes]), kind="stable")
        self.ids = ids[order]
        self.rows = np.concatenate([self.rows, rows])[order]
        self.contents = np.concatenate([self.contents, contents])[order]


def _hashes(values: pd.Series | pd.DataFrame) -> np.ndarray:
    return np.array(pd.util.hash_pandas_object(values, index=False), dtype="uint64")


def unique_ids(
    ids: pd.Series, frame: pd.DataFrame, column: str, report: IngestReport, earlier: IdLedger | None = None
) -> pd.Series:
    """Ids that never merge two rows: blank ones made from the file and row, repeats told apart.

    A row identical to an earlier one is skipped as a duplicate; a different row reusing an id
    keeps its data under `<id>-line-<row>`, with a warning naming both rows. `earlier` holds
    the ids of the file's chunks read before this one (incidents.columnar reads large files so).
    """
    rows = frame[ROW]
    ids = named_blank_ids(ids, frame, column, report)
    repeated = ids.duplicated(keep=False)
    if repeated.any():
        content = frame.drop(columns=[ROW]).astype(str).agg("\x1f".join, axis=1)
        seen: dict[str, dict[str, int]] = {}  # id -> content -> the row that first had it
        for index in ids.index[repeated]:
            key, row = ids[index], int(rows[index])
            before = seen.setdefault(key, {})
            if not before:
                before[content[index]] = row
            elif content[index] in before:
                report.skip(row, column, key, f"the same row as {report.where} {before[content[index]]}")
            else:
                first = next(iter(before.values()))
                before[content[index]] = row
                new = f"{key}-{report.where}-{row}"
                report.warn(row, column, key, f"id also used at {report.where} {first}: kept as {new}")
                ids[index] = new
    if earlier is not None:
        hashes, contents = _hashes(ids), _hashes(frame.drop(columns=[ROW]).astype(str))
        at = earlier.find(hashes)
        for i in np.flatnonzero(at >= 0):
            index, key, row = ids.index[i], ids.iloc[i], int(rows.iloc[i])
            first = int(earlier.rows[at[i]])
            if earlier.contents[at[i]] == contents[i]:
                report.skip(row, column, key, f"the same row as {report.where} {first}")
            else:
                new = f"{key}-{report.where}-{row}"
                report.warn(row, column, key, f"id also used at {report.where} {first}: kept as {new}")
                ids[index] = new
                hashes[i] = _hashes(pd.Series([new]))[0]
        earlier.add(hashes, rows.to_numpy(dtype="int64"), contents)
    return ids


def _slug(text: str) -> str:
    from incidents.actors import slug_of

    return slug_of(text) or "row"


PLAUSIBILITY_CSV = Path(__file__).resolve().parents[1] / "geodata" / "plausibility.csv"


def _max_km() -> dict[str, float]:
    table = pd.read_csv(PLAUSIBILITY_CSV)
    return dict(zip(table["feature_type"], table["max_km"].astype(float), strict=True))


KIND_SUFFIXES = (
    " governorate",
    " province",
    " sub-district",
    " subdistrict",
    " district",
    " nahiya",
    " region",
    " town",
    " village",
    " city",
)
"""The kind of place a dataset writes after a name (UCDP: "Dayr Az Zawr governorate", "Hajin town")."""


def bare_name(text: str) -> str:
    """A place or area name without its kind: "Abu Kamal district" -> "Abu Kamal"."""
    text = " ".join(str(text).split())
    for suffix in KIND_SUFFIXES:
        if text.casefold().endswith(suffix):
            return text[: -len(suffix)].strip()
    return text


def _governorate_of(name: str, gazetteer) -> str | None:
    """Our governorate slug for a row's own governorate name; None when it names none of ours."""
    base = bare_name(name)
    for query in (f"{base} governorate", base):
        hit = gazetteer.lookup(query)
        if hit is not None and hit.governorate:
            return str(hit.governorate)
    return None


def check_places(
    frame: pd.DataFrame,
    lat: pd.Series,
    lon: pd.Series,
    location: pd.Series,
    admin_areas: list[pd.Series],
    gazetteer,
    report: IngestReport,
    governorate: pd.Series | None = None,
    named_areas: list[pd.Series] | None = None,
) -> None:
    """Warn where a row's point is implausibly far from the place its name denotes in our gazetteer.

    The row's `location` is looked up first, then its admin areas (ACLED: admin2, admin1), which
    only count when they name one of our regions (a district named after its town is not the
    town). Lookups are exact or normalised spellings, never fuzzy. The distance allowed depends on
    the kind of place (geodata/plausibility.csv), or is three times the place's own radius if
    larger. When swapping latitude and longitude lands on the place, the warning says so.

    Homonyms: a place is compared only when the row's own `governorate` (ACLED admin1, UCDP adm_1),
    if it gives one, is the place's: a Sukkariyah in Aleppo governorate is not our al-Sukkariyah
    near al-Bukamal. Areas: when the row's location resolves, under another name, to the very
    place one of its `named_areas` (ACLED admin2/admin3, UCDP adm_2) is called after, the name
    stands for that area, not the town, and the area's distance applies ("admin-area").
    """
    from geodata.distance import distance_km
    from geodata.names import normalise

    limits = _max_km()
    row_governorate = None
    if governorate is not None:
        ours = {name: _governorate_of(name, gazetteer) if name else "" for name in pd.unique(governorate)}
        row_governorate = governorate.map(ours)
    names = [("location", location, None), *(("admin area", a, "region") for a in admin_areas)]
    place = pd.Series(None, index=lat.index, dtype=object)
    named = pd.Series("", index=lat.index, dtype=object)
    for label, series, kind in names:
        found = {}
        for name in pd.unique(series):
            hit = gazetteer.lookup(name) if name else None
            found[name] = hit if hit is not None and kind in (None, hit.feature_type) else None
        these = series.map(found)
        if row_governorate is not None:
            same = these.map(lambda p: p.governorate if p is not None else None) == row_governorate
            these = these.where(same | (row_governorate == ""))
        these = these.where(place.isna())
        named = named.where(these.isna(), label + "\x1f" + series)
        place = place.where(these.isna(), these)
    checked = place.notna() & lat.notna() & lon.notna()
    if not checked.any():
        return
    chosen = place[checked]
    y, x = lat[checked].to_numpy(), lon[checked].to_numpy()
    p_lat = np.array([p.lat for p in chosen], dtype=float)
    p_lon = np.array([p.lon for p in chosen], dtype=float)
    limit = np.array(
        [max(limits.get(p.feature_type, limits["*"]), 3 * p.precision_m / 1000) for p in chosen], dtype=float
    )
    chosen_ids = np.array([p.place_id for p in chosen], dtype=object)
    for area in named_areas or []:
        called = {
            name: getattr(gazetteer.lookup(bare_name(name)) if name else None, "place_id", None)
            for name in pd.unique(area)
        }
        area_place = area[checked].map(called).to_numpy()
        same_place = area_place == chosen_ids
        if not same_place.any():
            continue
        # Each distinct pair of names compared once (a large table repeats a few hundred of them).
        pairs = pd.DataFrame({"location": location[checked][same_place], "area": area[checked][same_place]})
        keys = {
            (a, b): normalise(a) != normalise(bare_name(b))
            for a, b in pairs.drop_duplicates().itertuples(index=False)
        }
        other_name = np.zeros(len(same_place), dtype=bool)
        other_name[same_place] = [keys[pair] for pair in pairs.itertuples(index=False, name=None)]
        limit = np.where(same_place & other_name, np.maximum(limit, limits["admin-area"]), limit)
    km = distance_km(y, x, p_lat, p_lon)
    swapped = np.where(np.abs(x) <= 90, distance_km(x, y, p_lat, p_lon), np.inf)
    for k in np.flatnonzero(km > limit):
        index = chosen.index[k]
        p = chosen.iloc[k]
        column, name = named[index].split("\x1f", 1)
        hint = "; latitude and longitude look swapped" if swapped[k] <= limit[k] else ""
        report.warn(
            frame.at[index, ROW],
            column,
            name,
            f"the point ({y[k]:g}, {x[k]:g}) is {km[k]:,.0f} km from our gazetteer's {p.name} "
            f"({p.lat:g}, {p.lon:g}), more than {limit[k]:,.0f} km{hint}",
        )
