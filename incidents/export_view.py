"""What every export format is given: the filtered tables, their records and the view's words.

Its own module so that the formats (incidents.export) and the standalone page
(incidents.standalone) share it without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from incidents.ingest import IngestReport
from incidents.model import Incident

DEFAULT_BASE_URL = "http://localhost:8501/"


@dataclass(frozen=True)
class ExportView:
    """What an export shows: the filtered tables, their records and how to describe the view."""

    incidents: pd.DataFrame
    sites: pd.DataFrame
    records: Mapping[str, Incident] = field(default_factory=dict)
    places: pd.DataFrame | None = None
    title: str = ""
    description: str = ""
    link: str = ""
    sentences: Mapping[str, str] = field(default_factory=dict)
    base_url: str = DEFAULT_BASE_URL
    report: IngestReport | None = None  # a table's rows skipped at ingestion, summarised in the export
    acled_uncertain: bool = False  # write incidents ACLED cannot date, tagged (see acled.acled_date)
    lookups: dict | None = None
    """The whole table's legend (legend.legend_lookups of every row, not of this view), so an
    actor has the colour here that it has on every page and in every other export."""


Exporter = Callable[[ExportView], str]
"""A format: ExportView -> the file's text."""
