"""How a casualty range reads in words, wherever an incident is shown.

(A date reads as the tables' `date_words`, from incidents.dates.words, everywhere.)

>>> casualty_label(3, 22), casualty_label(16, None), casualty_label(None, None)
('3-22', 'at least 16', '')
"""

from __future__ import annotations

import pandas as pd


def casualty_label(low: object, high: object) -> str:
    """'5', '3-22', 'at least 16' or '' when nothing was reported."""
    if pd.isna(low):
        return ""
    if pd.isna(high):
        return f"at least {int(low)}"
    if int(low) == int(high):
        return str(int(low))
    return f"{int(low)}-{int(high)}"
