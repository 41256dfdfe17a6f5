"""Eastern Syria incident map: navigation and app configuration only."""

from pathlib import Path

import streamlit as st
from PIL import Image, ImageDraw

from incidents import i18n
from incidents.filters import language
from incidents.i18n import _
from incidents.maps import assets
from pages.shared import nav
from pages.shared.rerun_rate import paced
from pages.shared.run_slots import run_slot

LAYOUT_CSS = Path(__file__).with_name("pages") / "shared" / "layout.css"
RTL_CSS = LAYOUT_CSS.with_name("rtl.css")


def _favicon() -> Image.Image:
    """Drawn locally: a material or emoji page icon makes the browser fetch it from a CDN."""
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, 58, 58), fill=(140, 45, 4, 255))
    draw.polygon([(32, 14), (50, 46), (14, 46)], fill=(255, 255, 255, 255))
    return image


# A few runs a second per session (pages/shared/rerun_rate.py): a flood of reruns waits its turn and
# only its latest runs. A few runs at a time per process (pages/shared/run_slots.py): a burst of
# readers waits its turn instead of sharing one interpreter lock a hundred ways.
with paced(), run_slot():
    # The link's language (`lang`) first: every string of this run, notices included, is in it.
    i18n.use(language(st.query_params))
    st.set_page_config(
        page_title=_("Eastern Syria incident map"),
        page_icon=_favicon(),
        layout="wide",
        initial_sidebar_state="auto",
    )
    assets.ensure_installed()

    # The map is the page: a compact header, the map filling the width and most of the height.
    st.html(f"<style>{LAYOUT_CSS.read_text(encoding='utf-8')}</style>")
    nav.document_language()
    if i18n.direction() == "rtl":
        st.html(f"<style>{RTL_CSS.read_text(encoding='utf-8')}</style>")

    # Declared once in pages/shared/nav.py. One navigation: the links at the top of every page
    # (`nav.page_links`, which carry the filters); Streamlit's own menu, which drops them, is hidden.
    PAGES = [spec.st_page() for spec in nav.SITE]

    st.navigation(PAGES, position="hidden").run()
