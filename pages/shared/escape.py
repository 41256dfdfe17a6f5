"""Record text and link text are data, never markup: escaping them for Streamlit's Markdown and
for the HTML folium writes.

A quote containing `*`, `[link](...)`, `$x$` or `<b>` shows as typed.
"""

from __future__ import annotations

import html
import re

# Every ASCII character Markdown (and Streamlit's extensions: `:red[...]`, `$math$`,
# `:material/icon:`) may treat as syntax; a backslash before ASCII punctuation is always literal.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:^=&\"'])")


def md_escape(text: object) -> str:
    """Record text made safe to embed in `st.markdown`: it renders exactly as written."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    # A line break inside a record is a space on screen, never a Markdown block.
    return re.sub(r"\s*\n\s*", " ", escaped).strip()


def html_escape(text: str) -> str:
    """Record text is data: escape it before it goes into any HTML we write.

    Braces become entities too: folium compiles the HTML of a tooltip as a jinja template, where
    "{{" or "{%" in a place name would be read as template syntax.
    """
    return html.escape(str(text), quote=True).replace("{", "&#123;").replace("}", "&#125;")
