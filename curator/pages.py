"""The workbench's own pages, declared once (curate.py builds its navigation from them)."""

from __future__ import annotations

from pages.shared.nav import PageSpec

WORKBENCH: tuple[PageSpec, ...] = ()
"""Every workbench page, in menu order."""
