"""How a date range and a casualty range read in words, wherever an incident is shown.

The map's popups, the record pages, the incidents table and the exports use these two, so a
date never shows more precision than the record has, anywhere.

>>> date_label(pd.Timestamp("2021-01-13"), pd.Timestamp("2021-01-13"), "day")
'13 January 2021'
>>> date_label(pd.Timestamp("2018-09-04"), pd.Timestamp("2024-09-04"), "day-year-unknown")
'4 September (year unknown: 2018-2024)'
>>> casualty_label(3, 22), casualty_label(16, None), casualty_label(None, None)
('3-22', 'at least 16', '')
"""

from __future__ import annotations

import pandas as pd

from incidents import dates


def date_label(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """A plain-language date that never shows more precision than the record has (incidents.dates)."""
    return dates.words(start, end, str(precision))


def casualty_label(low: object, high: object) -> str:
    """'5', '3-22', 'at least 16' or '' when nothing was reported."""
    if pd.isna(low):
        return ""
    if pd.isna(high):
        return f"at least {int(low)}"
    if int(low) == int(high):
        return str(int(low))
    return f"{int(low)}-{int(high)}"
