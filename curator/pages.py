"""The workbench's own pages, declared once (curate.py builds its navigation from them)."""

from __future__ import annotations

from pages.shared.nav import PageSpec

DRAFT = PageSpec("curator/draft_page.py", "Draft a record", ":material/edit_note:", "draft", default=True)

WORKBENCH: tuple[PageSpec, ...] = (DRAFT,)
"""Every workbench page, in menu order."""
