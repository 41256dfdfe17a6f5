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
"""`DataFrame.attrs` key: the Parquet file holding the table's on-disk text columns."""
ROW_KEY = "table_row"
"""Column of a converted table: each row's position in its Parquet file."""
COLUMNS = ("search_text", "description")
"""The columns a converted table leaves on disk (the source's own account is read one row at a time)."""


def has(incidents: pd.DataFrame, column: str) -> bool:
    """Whether `column` of this table lives on disk rather than in the frame."""
    return column not in incidents.columns and column in COLUMNS and bool(incidents.attrs.get(ATTR))


def contains(incidents: pd.DataFrame, column: str, folded: str) -> pd.Series:
    """Boolean mask over `incidents`: the on-disk `column` contains the already folded words."""
    rows = _rows_containing(str(incidents.attrs[ATTR]), column, folded)
    keys = incidents[ROW_KEY].to_numpy()
    hit = np.zeros(int(keys.max()) + 1 if len(keys) else 0, dtype=bool)
    hit[rows[rows < len(hit)]] = True
    return pd.Series(hit[keys] if len(keys) else np.zeros(0, bool), index=incidents.index)


def cell(incidents: pd.DataFrame, column: str, key: int) -> str:
    """One row's on-disk text (`key`: its ROW_KEY), for the page of one incident."""
    if column not in COLUMNS:
        raise ValueError(f"{column} is not an on-disk column")
    import duckdb

    with duckdb.connect() as db:
        found = db.execute(
            f"SELECT {column} FROM read_parquet(?) WHERE {ROW_KEY} = ?",  # noqa: S608 (checked above)
            [str(Path(str(incidents.attrs[ATTR]))), int(key)],
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
