"""What became of every row of the file a reader brought: a notice with the counts, the list below.

The same `IngestReport` the command line prints (`python -m incidents check-source FILE`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents import i18n
from incidents.i18n import N_, _
from incidents.ingest import IngestReport
from pages.shared.record_view import md_escape

# What a row number counts in the reader's words (IngestReport.where: CSV lines, GeoJSON features,
# Parquet rows), the outcome of a row, and the table's headings.
WHERE = {"line": N_("Line"), "feature": N_("Feature"), "row": N_("Row")}
OUTCOMES = {"skipped": N_("skipped"), "warned": N_("drawn, warning")}


def show_source_report(report: IngestReport | None) -> None:
    """A notice when the file could not be read, or when rows were skipped or drawn with a warning.

    The frame is in the reader's language; the reasons are the checks' own sentences (the same the
    command line prints), in English, isolated so they keep their order in an Arabic sentence."""
    if report is None:
        return
    if report.error:
        message = report.error.replace(report.source, report.name)  # not the server's folders
        heading = _("The data file could not be read.")
        st.error(f"**{heading}** {md_escape(i18n.isolate(message))}", icon=":material/error:")
        return
    warned = len({i.row for i in report.warnings})
    if not report.n_skipped and not warned and not report.notes:
        return
    parts = []
    name = md_escape(i18n.isolate(report.name))
    if report.n_skipped:
        parts.append(
            _("**{skipped} of {rows} rows** of {name} were skipped").format(
                skipped=i18n.number(report.n_skipped), rows=i18n.number(report.rows_in), name=name
            )
        )
    if warned:
        parts.append(_("{n} drawn with a warning").format(n=i18n.number(warned)))
    parts += [md_escape(i18n.isolate(note)) for note in report.notes]
    message = _("; ").join(parts) + "."
    message = message[0].upper() + message[1:]
    if not report.n_skipped:  # named, as several tables may be shown at once, each with its report
        message = f"{name}: {message}"
    (st.warning if report.n_skipped or warned else st.info)(message, icon=":material/rule:")
    if not report.n_skipped and not warned:
        return
    # The file's name in the label: several tables may be shown at once, each with its report.
    with st.expander(
        _("Rows skipped or drawn with a warning in {name} ({n})").format(
            name=name, n=i18n.number(report.n_skipped + warned)
        )
    ):
        issues = [(i, "skipped") for i in report.skipped] + [(i, "warned") for i in report.warnings]
        where = WHERE.get(report.where)
        table = pd.DataFrame(
            {
                _(where) if where else report.where.capitalize(): [i.row for i, _o in issues],
                _("Outcome"): [_(OUTCOMES[o]) for _i, o in issues],
                _("Column"): [i.column for i, _o in issues],
                _("Value"): [i.value[:200] for i, _o in issues],
                _("Reason"): [i.reason for i, _o in issues],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")
