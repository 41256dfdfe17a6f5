"""Text columns a converted table keeps on disk (in its Parquet file), searched with DuckDB.

The folded search text of two million ACLED events is about 600 MB: more than the rest of the
table in memory. A converted table (incidents.columnar) leaves it in the Parquet file and
says so in `attrs[ATTR]`; the `q` filter (incidents.filters) then asks DuckDB for the rows
whose folded text contains the folded words: the same fold and the same plain substring test
as on a column in memory, so both paths keep the same incidents.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

ATTR = "text_on_disk"
"""`DataFrame.attrs` key: the Parquet file holding the table's on-disk text columns; for several
datasets stacked (incidents.combine), {dataset slug: its file}, the other rows (our records) keeping
their text in the column."""
ROW_KEY = "table_row"
"""Column of a converted table: each row's position in its Parquet file."""
COLUMNS = ("search_text", "description")
"""The columns a converted table leaves on disk (the source's own account is read one row at a time)."""


def has(incidents: pd.DataFrame, column: str) -> bool:
    """Whether `column` of this table lives on disk (for some of its rows, when stacked)."""
    files = incidents.attrs.get(ATTR)
    stacked = isinstance(files, dict)
    return column in COLUMNS and bool(files) and (stacked or column not in incidents.columns)


def _files(incidents: pd.DataFrame) -> dict[str | None, str]:
    """Dataset slug -> its Parquet file (None: every row of the table)."""
    files = incidents.attrs.get(ATTR)
    return {k: str(v) for k, v in files.items()} if isinstance(files, dict) else {None: str(files)}


def contains(incidents: pd.DataFrame, column: str, folded: str) -> pd.Series:
    """Boolean mask over `incidents`: the on-disk `column` contains the already folded words."""
    keys = incidents[ROW_KEY].to_numpy()
    found = np.zeros(len(keys), dtype=bool)
    if column in incidents.columns:  # stacked: the rows that hold their text (our records)
        found |= incidents[column].fillna("").astype(str).str.contains(folded, regex=False).to_numpy()
    for dataset, parquet in _files(incidents).items():
        rows = _rows_containing(parquet, column, folded)
        own = keys >= 0 if dataset is None else (incidents["dataset"] == dataset).to_numpy() & (keys >= 0)
        hit = np.zeros(int(keys[own].max()) + 1 if own.any() else 0, dtype=bool)
        hit[rows[rows < len(hit)]] = True
        found[own] |= hit[keys[own]]
    return pd.Series(found, index=incidents.index)


def cell(incidents: pd.DataFrame, column: str, key: int, dataset: str | None = None) -> str:
    """One row's on-disk text (`key`: its ROW_KEY; `dataset`: its slug when stacked), for the page
    of one incident."""
    if column not in COLUMNS:
        raise ValueError(f"{column} is not an on-disk column")
    files = _files(incidents)
    parquet = files.get(dataset, files.get(None))
    if parquet is None or key < 0:
        return ""
    import duckdb

    with duckdb.connect() as db:
        found = db.execute(
            f"SELECT {column} FROM read_parquet(?) WHERE {ROW_KEY} = ?",  # noqa: S608 (checked above)
            [str(Path(parquet)), int(key)],
        ).fetchone()
    return str(found[0]) if found and found[0] is not None else ""


@functools.lru_cache(maxsize=64)
def _rows_containing(parquet: str, column: str, folded: str) -> np.ndarray:
    if column not in COLUMNS:
        raise ValueError(f"{column} is not an on-disk column")
    import duckdb  # only where a converted table is searched

    with duckdb.connect() as db:
        found = db.execute(
            f"SELECT {ROW_KEY} FROM read_parquet(?) WHERE contains({column}, ?)",  # noqa: S608 (checked above)
            [str(Path(parquet)), folded],
        ).fetchnumpy()
    return np.asarray(found[ROW_KEY], dtype="int64")
