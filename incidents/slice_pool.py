"""Slices of a large table mapped two at a time, in threads, with the report and ids of mapping
them one after the other (issue 32: two million rows on two cores).

Most of a slice's mapping runs in Arrow's kernels and pandas' Arrow strings, which let go of
Python's lock, so a second thread mapping the next slice uses the second core. A slice's mapping
depends on the slices before it only through the id ledger (ingest.IdLedger: an id repeated
across slices is told apart as within one). So each thread maps its slice against an empty
ledger and a report of its own, and the slices are settled in order: a slice none of whose ids an
earlier slice used is taken as mapped (its reasons after the reader's for it, its ids added to
the ledger); a slice that reuses one is mapped again against the true ledger. Either way every
row's outcome, and the order of the reasons, is the one-after-the-other mapping's
(tests/unit/test_csv_arrow.py holds them equal).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pandas as pd

from incidents.ingest import IdLedger, IngestReport, RowIssue

WORKERS = 2
AHEAD = 3
"""Slices read and mapped or waiting at once (bounds the memory: a slice is about 25 MB)."""

Convert = Callable[..., tuple[pd.DataFrame, pd.DataFrame]]
Tables = tuple[pd.DataFrame, pd.DataFrame]
Mapped = tuple[Tables, IngestReport, IdLedger]


def mapped(
    convert: Convert,
    frames: Iterator[pd.DataFrame],
    source: str,
    report: IngestReport,
    gazetteer,
    ledger: IdLedger,
    empty: Callable[[], Tables],
) -> Iterator[Tables]:
    """(incidents, sites) per slice of `frames`, in order, as `convert` one after the other gives
    them, with `report` and `ledger` as it leaves them. The reader's reasons for a slice (added to
    `report` as it is read, ahead of the mapping) are taken out and put back in their order."""
    waiting: deque[tuple[pd.DataFrame, list[RowIssue], Future[Mapped] | None]] = deque()
    last: list[RowIssue] = []
    done = False

    def alone(raw: pd.DataFrame) -> Mapped:
        own, fresh = IngestReport(source=source, where=report.where), IdLedger()
        return convert(raw, source, own, gazetteer, fresh), own, fresh

    with ThreadPoolExecutor(WORKERS, thread_name_prefix="slice") as pool:
        while True:
            while not done and len(waiting) < AHEAD:
                before = len(report.issues)
                try:
                    raw = next(frames)
                except StopIteration:  # the reader's last reasons, after every slice's
                    done = True
                    last = report.issues[before:]
                    del report.issues[before:]
                    break
                reasons = report.issues[before:]
                del report.issues[before:]
                waiting.append((raw, reasons, pool.submit(alone, raw) if len(raw) else None))
            if not waiting:
                report.issues.extend(last)
                return
            raw, reasons, job = waiting.popleft()
            report.issues.extend(reasons)
            if job is None:
                yield empty()
                continue
            tables, own, theirs = job.result()
            if (ledger.find(theirs.ids) >= 0).any():  # an id an earlier slice used: map it again
                yield convert(raw, source, report, gazetteer, ledger)
                continue
            report.issues.extend(own.issues)
            report.notes.extend(own.notes)
            ledger.add(theirs.ids, theirs.rows, theirs.contents)
            yield tables
