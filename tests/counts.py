"""Reading the count line every filtered page shows ('1,234 of 100,000 incidents')."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

COUNT = re.compile(r"([\d,]+) of ([\d,]+) incidents")


def parse_count(text: str) -> tuple[int, int] | None:
    """(shown, total) from a count line's text, or None when the text has none."""
    match = COUNT.search(text)
    if match is None:
        return None
    return int(match[1].replace(",", "")), int(match[2].replace(",", ""))


def count_line(at: AppTest) -> tuple[int, int]:
    """(shown, total) from the count line of a page run in AppTest."""
    for md in at.markdown:
        counted = parse_count(md.value)
        if counted is not None:
            return counted
    raise AssertionError("no count line")
