"""Several datasets on one map: each loaded on its own (its report, its title), then stacked.

INCIDENTS_SOURCE may name several tables and our records (incidents.dataset). Each is loaded
as it would be alone (a table through its one-time conversion, with its own ingestion report)
and the results are stacked into one LoadResult whose rows carry a `dataset` column (the
dataset's slug: the `dataset` filter, the map's colours, the count line's counts).

    >>> import pandas as pd
    >>> from incidents.dataset import Dataset
    >>> from incidents.tables import empty_tables
    >>> inc, sites = empty_tables()
    >>> part = Part(Dataset("A", "", "a"), LoadResult([], [], inc, sites))
    >>> list(combine([part]).result.incidents.columns)[-1]
    'dataset'

An id two datasets share (two overlapping ACLED exports) would make one incident's page show
another's: the later table's copy takes its dataset's slug in front ('acled-2-acled-syr1'),
and its report says how many ids were renamed so. Our records' ids never change (links to them
are public), so their ids count as taken first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from incidents import ondisk
from incidents.dataset import Dataset
from incidents.ingest import IngestReport
from incidents.load import LoadResult

COLUMN = "dataset"
"""The column of the incidents and sites tables naming each row's dataset (its slug)."""


@dataclass(frozen=True)
class Part:
    """One dataset as loaded alone."""

    dataset: Dataset
    result: LoadResult


@dataclass(frozen=True)
class Combined:
    """The stacked tables and, per dataset, what it is, how many incidents it gave and its report."""

    result: LoadResult
    datasets: list[Dataset]
    counts: dict[str, int] = field(default_factory=dict)  # slug -> incidents loaded
    reports: list[IngestReport] = field(default_factory=list)  # the tables' reports, in order


def load(datasets: Sequence[Dataset], open_records: Callable[[], LoadResult], open_table) -> Combined:
    """Each dataset loaded with `open_records()` or `open_table(path)`, then combined."""
    return combine([Part(d, open_records() if d.path is None else open_table(d.path)) for d in datasets])


def combine(parts: Sequence[Part]) -> Combined:
    """The parts stacked in order, each row tagged with its dataset (see the module docstring)."""
    parts = _unique_ids(parts) if len(parts) > 1 else list(parts)  # one table: nothing to compare
    counts = {p.dataset.slug: len(p.result.incidents) for p in parts}
    reports = [p.result.report for p in parts if p.result.report is not None]
    datasets = [p.dataset for p in parts]
    if len(parts) == 1:
        one = parts[0].result
        incidents = one.incidents.assign(**{COLUMN: _constant(parts[0].dataset.slug, len(one.incidents))})
        sites = one.sites.assign(**{COLUMN: _constant(parts[0].dataset.slug, len(one.sites))})
        incidents.attrs.update(one.incidents.attrs)
        return Combined(replace(one, incidents=incidents, sites=sites), datasets, counts, reports)
    incidents, sites = _stack(parts)
    records = [r for p in parts for r in p.result.records]
    errors = [e for p in parts for e in p.result.errors]
    drafts = [d for p in parts for d in p.result.drafts]
    result = LoadResult(records, errors, incidents, sites, reports[0] if len(reports) == 1 else None, drafts)
    return Combined(result, datasets, counts, reports)


def _constant(value: str, n: int) -> pd.Categorical:
    return pd.Categorical.from_codes(np.zeros(n, dtype="int8"), categories=[value])


def _stack(parts: Sequence[Part]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Incidents and sites of every part, one after the other.

    A converted table keeps its search text and account on disk (incidents.ondisk): its rows
    keep their row key in its file and `attrs[ondisk.ATTR]` names each dataset's file; the rows
    of a table held in memory (our records) keep their text in the column and the key -1. Each
    site's `ROW_KEY` becomes its incident's position in the stacked table (what the app's fast
    filters use).
    """
    files: dict[str, str] = {}
    incident_parts, site_parts = [], []
    offset = 0
    for part in parts:
        inc, sites, slug = part.result.incidents, part.result.sites, part.dataset.slug
        if ondisk.ROW_KEY in sites:
            positions = sites[ondisk.ROW_KEY].to_numpy()
        else:
            positions = pd.Index(inc["id"]).get_indexer(sites["incident_id"])
        on_disk = inc.attrs.get(ondisk.ATTR)
        if on_disk:
            files[slug] = str(on_disk)
        keys = inc[ondisk.ROW_KEY] if ondisk.ROW_KEY in inc else np.full(len(inc), -1, dtype="int64")
        incident_parts.append(inc.assign(**{ondisk.ROW_KEY: keys, COLUMN: slug}))
        site_parts.append(sites.assign(**{ondisk.ROW_KEY: positions + offset, COLUMN: slug}))
        offset += len(inc)
    incidents, sites = _concat(incident_parts), _concat(site_parts)
    if files:
        incidents.attrs[ondisk.ATTR] = files
    return incidents, sites


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames stacked column by column: a text column that is categorical in one part (a converted
    table's labels, actors, places) stays categorical, as pd.concat would make it plain objects
    (two million Python strings)."""
    columns: list[str] = []
    for frame in frames:
        columns += [c for c in frame.columns if c not in columns]
    n = [len(f) for f in frames]
    out = {}
    for column in columns:
        values = [f[column] if column in f else pd.Series([None] * len(f), dtype=object) for f in frames]
        if column == COLUMN or any(isinstance(v.dtype, pd.CategoricalDtype) for v in values):
            out[column] = pd.Series(
                union_categoricals([_categorical(v) for v in values], ignore_order=True),
                index=pd.RangeIndex(sum(n)),
            )
        else:
            out[column] = pd.concat([v.reset_index(drop=True) for v in values], ignore_index=True)
    return pd.DataFrame(out, copy=False)


def _categorical(values: pd.Series) -> pd.Categorical:
    """The column as a categorical whose categories are plain objects (union_categoricals wants
    one dtype of categories; pandas infers `str` for some parts and `object` for others)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        cat = values.array
        return pd.Categorical.from_codes(cat.codes, categories=pd.Index(cat.categories, dtype=object))
    plain = values.astype(object).where(values.notna(), None)
    return pd.Categorical(plain, categories=pd.Index(plain.dropna().unique(), dtype=object))


def _unique_ids(parts: Sequence[Part]) -> list[Part]:
    """Parts whose ids no earlier part (and no records) already holds (see the module docstring)."""
    taken: set[str] = set()
    for part in parts:
        if part.dataset.path is None:
            taken.update(part.result.incidents["id"].astype(str))
    out = []
    for part in parts:
        if part.dataset.path is None:
            out.append(part)
            continue
        ids = part.result.incidents["id"].astype(str)
        clash = ids.isin(taken)
        if clash.any():
            part = _renamed(part, set(ids[clash]))
            ids = part.result.incidents["id"].astype(str)
        taken.update(ids)
        out.append(part)
    return out


def _renamed(part: Part, clashing: set[str]) -> Part:
    prefix = part.dataset.slug + "-"
    result = part.result

    def rename(values: pd.Series) -> pd.Series:
        text = values.astype(str)
        return text.where(~text.isin(clashing), prefix + text)

    incidents = result.incidents.assign(id=rename(result.incidents["id"]))
    incidents.attrs.update(result.incidents.attrs)
    sites = result.sites.assign(incident_id=rename(result.sites["incident_id"]))
    report = result.report
    if report is not None:
        report.notes.append(
            f"{len(clashing):,} event ids also in a dataset loaded before it are shown as "
            f"{prefix}<id>, so each incident keeps its own page"
        )
    return Part(part.dataset, replace(result, incidents=incidents, sites=sites))
