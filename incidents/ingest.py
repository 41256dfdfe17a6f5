"""One ingestion step for every file a user brings, and one report of what became of each row.

Every input row gets exactly one outcome: drawn, drawn with a warning, or skipped with its row
number, column, value and reason (`IngestReport`). Only a file that is not data at all (empty,
binary, an image, JSON that is not GeoJSON, an encoding we cannot read) is refused as a whole,
with one `SourceError` naming the file and what it seems to be.

Files are read by incidents/source_files.py; this module holds the report and the checks every
layout (ACLED's, our own) shares.

    >>> report = IngestReport(source="events.csv", rows_in=3)
    >>> report.skip(4, "latitude", "", "latitude is blank")
    >>> report.summary()
    'events.csv: 3 rows, 2 drawn, 1 skipped'
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from incidents.text import slug

MAX_VALUE_SHOWN = 60
ROW = "_row"
"""The column of the read frame holding each row's number in the file (CSV line, feature, row)."""


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
        return pd.Series("", index=frame.index, dtype="str")
    values = frame[column]
    if values.dtype == "str":  # read by pyarrow: already text, no round trip through objects
        return values.fillna("").str.strip()
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
        stem = slug(Path(report.source).stem or "row") or "row"
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


def _content_hashes(frame: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per row of all its cells as text (but its row number), by DuckDB over the
    frame's Arrow columns (hashing Python strings one by one was a tenth of a large conversion)."""
    import duckdb
    import pyarrow as pa

    cells = frame.drop(columns=[ROW])
    cells = cells.astype({c: str for c in cells.columns if cells[c].dtype != "str"})
    table = pa.Table.from_pandas(cells, preserve_index=False)
    names = [f"c{i}" for i in range(table.num_columns)]
    table = table.rename_columns(names)
    with duckdb.connect() as db:
        db.register("cells", table)
        found = db.execute(f"SELECT hash({', '.join(names)}) AS h FROM cells").fetchnumpy()["h"]  # noqa: S608
    return np.asarray(found, dtype="uint64")


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
        hashes, contents = _hashes(ids), _content_hashes(frame)
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


def warn_implausible_points(
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
    n = len(lat)
    row_governorate = None
    if governorate is not None:
        codes, uniques = pd.factorize(governorate, use_na_sentinel=False)
        ours = [_governorate_of(name, gazetteer) if name else "" for name in uniques]
        row_governorate = np.array(ours, dtype=object)[codes]
    names = [("location", location, None), *(("admin area", a, "region") for a in admin_areas)]
    # Each name looked up once; a row's place is an index into `places` (-1: none found yet).
    places: list = []
    known: dict[str, int] = {}

    def index_of(hit) -> int:
        if hit.place_id not in known:
            known[hit.place_id] = len(places)
            places.append(hit)
        return known[hit.place_id]

    place = np.full(n, -1, dtype="int64")
    named = np.full(n, -1, dtype="int64")  # which of `names` gave the row its place
    for which, (_label, series, kind) in enumerate(names):
        codes, uniques = pd.factorize(series, use_na_sentinel=False)
        found = []
        for name in uniques:
            hit = gazetteer.lookup(name) if name else None
            found.append(index_of(hit) if hit is not None and kind in (None, hit.feature_type) else -1)
        these = np.array(found, dtype="int64")[codes]
        if row_governorate is not None:
            # A place counts only in the row's own governorate (a blank one claims none).
            place_governorate = np.array([p.governorate for p in places] + [None], dtype=object)[these]
            same = (these >= 0) & pd.notna(row_governorate) & (place_governorate == row_governorate)
            these = np.where(same | (row_governorate == ""), these, -1)
        new = (place < 0) & (these >= 0)
        place[new] = these[new]
        named[new] = which
    checked_mask = (place >= 0) & lat.notna().to_numpy() & lon.notna().to_numpy()
    if not checked_mask.any():
        return
    checked = pd.Series(checked_mask, index=lat.index)
    where = place[checked_mask]
    y, x = lat[checked].to_numpy(), lon[checked].to_numpy()
    p_lat = np.array([p.lat for p in places] + [np.nan], dtype=float)[where]
    p_lon = np.array([p.lon for p in places] + [np.nan], dtype=float)[where]
    limit = np.array(
        [max(limits.get(p.feature_type, limits["*"]), 3 * p.precision_m / 1000) for p in places] + [0.0],
        dtype=float,
    )[where]
    chosen_ids = np.array([p.place_id for p in places] + [""], dtype=object)[where]
    for area in named_areas or []:
        codes, uniques = pd.factorize(area[checked], use_na_sentinel=False)
        called = [
            getattr(gazetteer.lookup(bare_name(name)) if name else None, "place_id", None) for name in uniques
        ]
        area_place = np.array(called, dtype=object)[codes]
        same_place = area_place == chosen_ids
        if not same_place.any():
            continue
        # Each distinct pair of names compared once (a large table repeats a few hundred of them).
        place_codes, place_names = pd.factorize(location[checked][same_place], use_na_sentinel=False)
        area_codes, area_names = pd.factorize(area[checked][same_place], use_na_sentinel=False)
        pairs, pair_of_row = np.unique(place_codes * len(area_names) + area_codes, return_inverse=True)
        differs = np.array(
            [
                normalise(place_names[pair // len(area_names)])
                != normalise(bare_name(area_names[pair % len(area_names)]))
                for pair in pairs
            ],
            dtype=bool,
        )
        other_name = np.zeros(len(same_place), dtype=bool)
        other_name[same_place] = differs[pair_of_row]
        limit = np.where(same_place & other_name, np.maximum(limit, limits["admin-area"]), limit)
    km = distance_km(y, x, p_lat, p_lon)
    swapped = np.where(np.abs(x) <= 90, distance_km(x, y, p_lat, p_lon), np.inf)
    rows = frame[ROW].to_numpy()[checked_mask]
    positions = np.flatnonzero(checked_mask)
    for k in np.flatnonzero(km > limit):
        p = places[where[k]]
        column, series = names[named[positions[k]]][:2]
        name = series.iloc[positions[k]]
        hint = "; latitude and longitude look swapped" if swapped[k] <= limit[k] else ""
        report.warn(
            rows[k],
            column,
            name,
            f"the point ({y[k]:g}, {x[k]:g}) is {km[k]:,.0f} km from our gazetteer's {p.name} "
            f"({p.lat:g}, {p.lon:g}), more than {limit[k]:,.0f} km{hint}",
        )
