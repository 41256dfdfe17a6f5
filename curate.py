"""The curator's workbench (`make curate`): the public pages plus the curator's own, local only.

Never imported or launched by app.py or deploy/; every run passes the gate first, so a page of
this app refuses to load outside curator mode or without the launch token.
"""

from dataclasses import replace
from pathlib import Path

import streamlit as st

from curator import gate
from curator.pages import WORKBENCH
from incidents.maps import assets
from pages.shared import nav

LAYOUT_CSS = Path(__file__).with_name("pages") / "shared" / "layout.css"

st.set_page_config(page_title="Curator workbench · Eastern Syria incident map", layout="wide")
gate.require_curator()
assets.ensure_installed()
st.html(f"<style>{LAYOUT_CSS.read_text(encoding='utf-8')}</style>")

# The workbench's pages first (the landing page), then the public ones to check the result.
SPECS = [*WORKBENCH, *(replace(spec, default=False) for spec in nav.SITE)]
st.navigation([spec.st_page(with_icon=False) for spec in SPECS], position="sidebar").run()
