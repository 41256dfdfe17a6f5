"""The Arabic interface in real Chromium: right to left, Arabic words and place names, and an
accessibility check (axe-core, served by the app like the other vendored scripts) in both languages.

Screenshots go to test-artifacts/ (arabic-desktop.png, arabic-phone.png) for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Frame, Page

from incidents.maps import assets
from tests.e2e.conftest import ARTIFACTS, map_frame, open_context, wait_until_idle

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def open_map(browser, server, query: str, viewport: dict) -> tuple[object, Page, Frame]:
    context, traffic = open_context(browser, viewport=viewport)
    page = context.new_page()
    page.goto(server.url + "/" + query)
    _frame, handle = map_frame(page)
    wait_until_idle(page)
    assert not traffic.blocked
    return context, page, handle


def axe_violations(frame: Page | Frame, server) -> list[str]:
    """axe-core's serious and critical violations of WCAG 2.1 A/AA in this document (not its iframes)."""
    frame.add_script_tag(url=server.url + assets.url("axe-core/axe.min.js"))
    found = frame.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: false});
            return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + ') in ' + location.pathname + ': ' + v.nodes.slice(0, 3)
                    .map(n => n.target.join(' ') + ' ' + n.html.slice(0, 99) + ' ' + (n.any[0] || {}).message)
                    .join(' | '));
        }""",
        AXE_TAGS,
    )
    return list(found)


@pytest.mark.parametrize("viewport,name", [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_arabic_link_reads_right_to_left_in_arabic(server, browser, viewport, name) -> None:
    context, page, frame = open_map(browser, server, "?lang=ar&attacker=israel", viewport)
    try:
        assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
        sidebar = page.locator("[data-testid='stSidebar']")
        if name == "phone":  # collapsed: off the screen, not squeezed beside the map (RTL)
            assert not sidebar.is_visible() or sidebar.bounding_box()["width"] == 0
            assert not page.get_by_text("عوامل التصفية", exact=True).is_visible()
        if name == "desktop":
            assert sidebar.get_by_text("عوامل التصفية", exact=True).is_visible()
            assert sidebar.get_by_text("المهاجم (وفق التقييم)", exact=True).is_visible()
            assert sidebar.get_by_text("إسرائيل", exact=True).first.is_visible()
        count = page.locator("[data-testid='incident-count']").first.inner_text()
        assert "من أصل" in count and "منسوبة إلى" in count and "إسرائيل" in count, count
        assert frame.evaluate("document.documentElement.dir") == "rtl"
        legend = frame.locator(".incident-legend summary").inner_text()
        assert legend == "مفتاح الخريطة"
        scale = frame.locator(".leaflet-control-scale-line").all_inner_texts()
        assert len(scale) == 2 and re.fullmatch(r"\d+ (كم|م)", scale[0]), scale  # the scale bar's units
        assert re.fullmatch(r"\d+ (ميل|قدم)", scale[1]), scale
        labels = frame.locator(".place-label").all_inner_texts()
        assert {"البوكمال", "دير الزور"} <= set(labels), labels
        # Dates in words in Arabic (Babel's month names, Western digits) in the list below the map.
        meta = " ".join(frame.locator(".in-view-meta").all_inner_texts())
        assert re.search(r"\d{1,2} يناير 2021", meta) and "January" not in meta, meta
        assert page.get_by_role("link", name="English").is_visible()  # the switch, at any width
        # Every link to another page keeps the language; the one without it is the switch to English.
        links = page.locator(".st-key-page-links a").evaluate_all(
            "links => links.map(a => [a.innerText.trim(), a.href])"
        )
        assert all(text.endswith("English") for text, href in links if "lang=ar" not in href), links
        assert all("attacker=israel" in href for _text, href in links), links
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"arabic-{name}.png"), full_page=False)
    finally:
        context.close()


def test_the_same_link_without_lang_is_english(server, browser) -> None:
    context, page, frame = open_map(browser, server, "?attacker=israel", DESKTOP)
    try:
        assert page.evaluate("document.documentElement.dir") == "ltr"
        assert page.locator("[data-testid='stSidebar']").get_by_text("Filters", exact=True).is_visible()
        count = page.locator("[data-testid='incident-count']").first.inner_text()
        assert " of " in count and "attributed to Israel" in count, count
        assert frame.locator(".incident-legend summary").inner_text() == "Legend"
        scale = frame.locator(".leaflet-control-scale-line").all_inner_texts()
        assert (
            len(scale) == 2 and re.fullmatch(r"\d+ k?m", scale[0]) and re.fullmatch(r"\d+ (mi|ft)", scale[1])
        )
        assert "al-Bukamal" in frame.locator(".place-label").all_inner_texts()
        # The switch opens this view in Arabic, filters kept.
        page.get_by_role("link", name="العربية").click()
        page.wait_for_url(lambda url: "lang=ar" in url, timeout=30_000)
        map_frame(page)
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert "attacker=israel" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_map_page_has_no_serious_accessibility_violation(server, browser, lang, viewport) -> None:
    context, page, frame = open_map(browser, server, f"?lang={lang}", viewport)
    try:
        violations = axe_violations(page, server) + axe_violations(frame, server)
        assert not violations, "\n".join(violations)
        # axe runs its viewport rule in the top document only; the map's page must let readers zoom too.
        viewports = frame.evaluate(
            "Array.from(document.querySelectorAll('meta[name=viewport]'), m => m.content)"
        )
        assert viewports and not any("user-scalable=no" in v or "maximum-scale" in v for v in viewports)
    finally:
        context.close()


def test_the_picture_s_caption_is_arabic(server, browser) -> None:
    """The PNG's caption: the count line, the filters in words and the credits, in Arabic."""
    context, page, frame = open_map(browser, server, "?lang=ar&attacker=israel", DESKTOP)
    try:
        with page.expect_download(timeout=60_000):
            frame.locator(".incident-picture").click()
        picture = frame.evaluate("() => window.incidentPicture")
        assert picture["state"] == "done", picture.get("error")
        caption = picture["caption"]
        count = page.locator("[data-testid='incident-count'] strong").first.inner_text()
        assert count in caption and "من أصل" in caption, caption
        assert "منسوبة إلى" in caption and "إسرائيل" in caption and "Natural Earth" in caption, caption
        assert not re.search(r"\b(incidents|of|attributed|Made with|Sources)\b", caption), caption
    finally:
        context.close()


@pytest.mark.parametrize("query", ["?lang=ar", ""])
def test_the_map_page_s_links_fit_beside_its_title_at_1400_px(server, browser, query) -> None:
    context, page, _frame = open_map(browser, server, query, DESKTOP)
    try:
        links = page.locator(".st-key-map-header .st-key-page-links a[data-testid='stPageLink-NavLink']")
        tops = links.evaluate_all("links => links.map(a => Math.round(a.getBoundingClientRect().top))")
        assert len(tops) >= 7 and len(set(tops)) == 1, tops  # one line, no link wrapped under the others
    finally:
        context.close()
