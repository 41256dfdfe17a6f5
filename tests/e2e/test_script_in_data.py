"""Script in data, in a real browser: records full of `<script>`, `<img onerror>`, `javascript:`
links and Markdown are shown as text on every page, in map tooltips and popups.

A server of its own runs on tests/fixtures/hostile/ (records, source document, briefing). Every
page is opened in Chromium; no dialog may open (in the page or its map iframes), no injected
element may exist in any frame, no request may leave 127.0.0.1, and the hostile text must be
visible literally. The exports of the same records: tests/unit/test_hostile_exports.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import ROOT, Server, Traffic, open_context, start_server, stop_server, wait_until_idle

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
WORST = "hostile-script-in-every-field"
TITLE = "<script>alert('title')</script> strike <img src=x onerror=alert('title-img')> near al-Bukamal"
MD_TITLE = "[Drone strike](javascript:alert('md-title')) at al-Mayadin :material/warning: **now**"
# jinja syntax: folium's renderer must pass it through as text (incidents/maps/raw_script.py).
JINJA_TITLE = "Drone strike {{ 7*7 }} {% raw %} {# near Hajin {{ 'x' }}"
# A link whose notice would draw a third-party image if a notice repeated it as Markdown.
PIXEL = "![x](http://evil.example/notice.png)"

INJECTED_JS = r"""() => {
  const scripts = [...document.scripts].filter(s => /alert\(/.test(s.textContent)
      && !s.textContent.includes('\\u003c') && !s.textContent.includes('&lt;'));
  const handlers = [...document.querySelectorAll('*')].filter(e =>
      [...e.attributes].some(a => a.name.startsWith('on') && /alert/.test(a.value)));
  const scripted = [...document.querySelectorAll('a[href], iframe[src], embed[src], object[data]')]
      .filter(e => /^\s*(javascript|data):/i.test(
          e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('data')));
  const styles = [...document.querySelectorAll('style')]
      .filter(s => s.textContent.includes('body{display:none}'));
  return {
    "img[src='x']": document.querySelectorAll("img[src='x'], svg[onload], b[onmouseover]").length,
    scripts: scripts.map(s => s.textContent.slice(0, 80)),
    handlers: handlers.map(e => e.outerHTML.slice(0, 80)),
    scripted: scripted.map(e => e.outerHTML.slice(0, 80)),
    styles: styles.length,
  };
}"""

OPEN_LAYERS_JS = """() => {
  const map = Object.keys(window).map(k => window[k]).find(v => v instanceof L.Map);
  const texts = [];
  if (!map) return texts;
  map.eachLayer(layer => {
    if (layer.getTooltip && layer.getTooltip()) {
      layer.openTooltip();
      const el = layer.getTooltip().getElement();
      if (el) texts.push(el.innerText);
    }
    if (layer.getPopup && layer.getPopup()) {
      layer.openPopup();
      const el = layer.getPopup().getElement();
      if (el) texts.push(el.innerText);
    }
  });
  return texts;
}"""


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[Server]:
    srv = start_server(
        env_extra={
            "INCIDENTS_RECORDS_DIR": str(HOSTILE / "records"),
            "INCIDENTS_SEEDS_DIR": str(HOSTILE / "seeds"),
            "INCIDENTS_BRIEFINGS_DIR": str(HOSTILE / "briefings"),
        }
    )
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def reader(browser: Browser) -> Iterator[tuple[Page, Traffic, list[str]]]:
    """One page for the whole tour; every dialog any frame opens is recorded and dismissed."""
    context, traffic = open_context(browser)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page, traffic, dialogs
    context.close()


def _maps(page: Page, expected: int = 1, ready: str = "window.incidentLayerInfo !== undefined") -> list[str]:
    """Open every tooltip and popup in every map iframe; return their texts."""
    selector = "iframe[title='streamlit_folium.st_folium']"
    page.wait_for_function(
        f'() => document.querySelectorAll("{selector}").length >= {expected}', timeout=60_000
    )
    texts: list[str] = []
    for handle in page.query_selector_all(selector):
        frame = handle.content_frame()
        frame.wait_for_function(f"() => window.L && {ready}", timeout=60_000)
        texts += frame.evaluate(OPEN_LAYERS_JS)
    return texts


def _check(page: Page, traffic: Traffic, dialogs: list[str]) -> str:
    """Nothing injected in any frame, no dialog, no script error, no third-party request; returns
    the page's text."""
    for frame in page.frames:
        found = frame.evaluate(INJECTED_JS)
        assert found == {"img[src='x']": 0, "scripts": [], "handlers": [], "scripted": [], "styles": 0}, (
            frame.url,
            found,
        )
    assert dialogs == []
    assert traffic.errors == []
    assert traffic.blocked == []
    return page.evaluate("() => document.body.innerText")


def _names_not_echoes(body: str, name: str) -> None:
    """The link's notice names the parameter, and never repeats the link's text (datasette 0.64.8)."""
    assert f"“{name}”" in body
    assert PIXEL not in body and PIXEL.lower() not in body and "notice.png" not in body


def _goto(page: Page, url: str, ready: str) -> None:
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)
    # Streamlit draws in several passes; wait until this run has finished.
    wait_until_idle(page)


def test_map_tooltips_popups_and_details_are_text(hostile_server, reader) -> None:
    page, traffic, dialogs = reader
    _goto(
        page,
        f"{hostile_server.url}/?cluster=0&incident={WORST}&attacker={PIXEL}",
        "[data-testid='incident-count']",
    )
    texts = _maps(page)
    assert any(TITLE in t for t in texts), texts  # tooltip
    popup = next(t for t in texts if "Open the full record" in t and TITLE in t)
    assert "<b onmouseover=alert('by')>local network</b>" in popup  # who says, as text
    assert any(MD_TITLE in t for t in texts)
    assert any(JINJA_TITLE in t for t in texts)
    body = _check(page, traffic, dialogs)
    assert "3 of 3 incidents" in body
    assert TITLE in body  # the selected incident beside the map
    _names_not_echoes(body, "attacker")


def test_incidents_table_is_text(hostile_server, reader) -> None:
    page, traffic, dialogs = reader
    _goto(page, f"{hostile_server.url}/incidents?attacker={PIXEL}", "[data-testid='stDataFrame']")
    page.wait_for_function(
        "t => [...document.querySelectorAll('table')].some(x => x.innerText.includes(t))", arg=TITLE
    )
    body = _check(page, traffic, dialogs)
    _names_not_echoes(body, "attacker")


def test_incident_page_shows_every_field_as_text(hostile_server, reader) -> None:
    page, traffic, dialogs = reader
    _goto(page, f"{hostile_server.url}/incident?incident={WORST}", "h1")
    assert page.locator("h1").first.inner_text() == TITLE
    texts = _maps(page)
    assert any(TITLE in t for t in texts)
    body = _check(page, traffic, dialogs)
    for literal in (
        "<script>alert('quote')</script>",
        "<img src=x onerror=alert('quote-img')>",
        "[click me](javascript:alert('quote-md'))",
        "<svg onload=alert('actor')>",
        "![pixel](http://evil.example/pixel.png) <img src=x onerror=alert('notes')> :red[red] $x^2$ **bold**",
        "<script>alert('reasoning')</script> only a presumption by the outlet.",
    ):
        assert literal in body, literal
    link = page.get_by_role("link", name="Open the original article")
    assert link.get_attribute("href").startswith("http://example.org/")


def test_sources_page_is_text(hostile_server, reader) -> None:
    page, traffic, dialogs = reader
    _goto(page, f"{hostile_server.url}/sources?source={PIXEL}", "[data-testid='incident-count']")
    page.get_by_text("What the record quotes").first.click()
    body = _check(page, traffic, dialogs)
    assert "\"><script>alert('headline')</script><img src=x onerror=alert('headline-img')>" in body
    assert "<iframe src=\"javascript:alert('outlet')\"></iframe>Hostile Wire" in body
    _names_not_echoes(body, "source")


def test_places_page_is_text(hostile_server, reader) -> None:
    page, traffic, dialogs = reader
    _goto(page, f"{hostile_server.url}/places?governorate={PIXEL}", "[data-testid='incident-count']")
    texts = _maps(page, ready="Object.keys(window).some(k => window[k] instanceof L.Map)")
    assert any("al-Bukamal (1 incident)" in t for t in texts), texts
    body = _check(page, traffic, dialogs)
    _names_not_echoes(body, "governorate")


def test_briefing_is_text(hostile_server, reader) -> None:
    page, traffic, dialogs = reader
    _goto(
        page,
        f"{hostile_server.url}/briefing?briefing=hostile-briefing&step=1",
        "[data-testid='briefing-step']",
    )
    texts = _maps(page)
    assert any(TITLE in t for t in texts)
    body = _check(page, traffic, dialogs)
    assert "<script>alert('briefing-title')</script> briefing" in body
    assert "<img src=x onerror=alert('sentence')> first step =1+1" in body
    _goto(page, f"{hostile_server.url}/briefing?briefing={PIXEL}", "[data-testid='stAlert']")
    _names_not_echoes(_check(page, traffic, dialogs), "briefing")
