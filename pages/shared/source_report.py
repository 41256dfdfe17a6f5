"""What became of every row of the file a reader brought: a notice with the counts, the list below.

The same `IngestReport` the command line prints (`python -m incidents check-source FILE`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents.ingest import IngestReport
from pages.shared.record_view import md_escape


def show_source_report(report: IngestReport | None) -> None:
    """A notice when the file could not be read, or when rows were skipped or drawn with a warning."""
    if report is None:
        return
    if report.error:
        message = report.error.replace(report.source, report.name)  # not the server's folders
        st.error(f"**The data file could not be read.** {md_escape(message)}", icon=":material/error:")
        return
    warned = len({i.row for i in report.warnings})
    if not report.n_skipped and not warned and not report.notes:
        return
    parts = []
    if report.n_skipped:
        parts.append(
            f"**{report.n_skipped:,} of {report.rows_in:,} rows** of {md_escape(report.name)} were skipped"
        )
    if warned:
        parts.append(f"{warned:,} drawn with a warning")
    parts += [md_escape(note) for note in report.notes]
    message = "; ".join(parts) + "."
    message = message[0].upper() + message[1:]
    if not report.n_skipped:  # named, as several tables may be shown at once, each with its report
        message = f"{md_escape(report.name)}: {message}"
    (st.warning if report.n_skipped or warned else st.info)(message, icon=":material/rule:")
    if not report.n_skipped and not warned:
        return
    # The file's name in the label: several tables may be shown at once, each with its report.
    with st.expander(
        f"Rows skipped or drawn with a warning in {md_escape(report.name)} ({report.n_skipped + warned:,})"
    ):
        issues = [(i, "skipped") for i in report.skipped] + [(i, "drawn, warning") for i in report.warnings]
        table = pd.DataFrame(
            {
                report.where.capitalize(): [i.row for i, _ in issues],
                "Outcome": [o for _, o in issues],
                "Column": [i.column for i, _ in issues],
                "Value": [i.value[:200] for i, _ in issues],
                "Reason": [i.reason for i, _ in issues],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")
