"""The actor filter on an ACLED file in real Chromium: a party on either side is found, a force
covers its units, and the list names every actor with its count."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS, map_frame, open_context, shown_count, start_server, stop_server

EITHER_SIDE = Path(__file__).resolve().parents[1] / "fixtures" / "acled" / "acled-either-side.csv"
ROWS = 9


@pytest.fixture(scope="module")
def acled_server():
    server = start_server({"INCIDENTS_SOURCE": str(EITHER_SIDE)})
    yield server
    stop_server(server)


@pytest.mark.parametrize(
    ("query", "count", "sentence"),
    [
        # Islamic State is actor2 in 6 of its 7 events: `attacker` finds its one strike (an IED).
        ("actor=islamic-state-syria", 7, "involving Islamic State (Syria) (either side)"),
        ("attacker=islamic-state-syria", 1, "attributed to Islamic State (Syria)"),
        # The force covers its 5th Assault Corps and 4th Armoured Division; a unit is itself alone.
        ("actor=syrian-government", 4, "involving Syrian government (either side)"),
        ("actor=military-forces-of-syria-2000-5th-assault-corps", 2, "5th Assault Corps (either side)"),
    ],
)
def test_actor_counts(acled_server, browser, query: str, count: int, sentence: str) -> None:
    context, traffic = open_context(browser)
    page = context.new_page()
    page.goto(f"{acled_server.url}/?{query}", wait_until="domcontentloaded")
    map_frame(page)
    assert shown_count(page) == (count, ROWS)
    assert page.get_by_text(sentence).first.is_visible()
    assert traffic.errors == [] and traffic.blocked == []
    context.close()


def test_actor_list_names_counts_and_units(acled_server, browser) -> None:
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(acled_server.url + "/", wait_until="domcontentloaded")
    map_frame(page)
    widget = page.locator("[data-testid='stMultiSelect']").filter(has_text="Actor (either side)")
    widget.locator("input").click()
    options = page.locator("[role='option']")
    options.first.wait_for(timeout=20_000)
    texts = [t for t in options.all_inner_texts() if "·" in t]  # Streamlit adds "Select all"
    assert texts[0] == "Islamic State (Syria) · 7"  # commonest first
    unit = "↳ Military Forces of Syria (2000-) 5th Assault Corps · 2"
    assert texts.index(unit) == texts.index("Syrian government · 4") + 1  # under its force
    page.keyboard.type("Assault")  # the list is searchable
    page.wait_for_function("() => document.querySelectorAll('[role=option]').length < 5", timeout=20_000)
    assert unit in options.all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / "actor-list.png"))
    context.close()


def _legend_rows(frame) -> list[str]:
    """The legend's rows this view shows (a row none of its incidents has is hidden)."""
    frame.wait_for_function("() => document.querySelector('.incident-legend [data-shows]') !== null")
    return frame.evaluate(
        """() => Array.from(document.querySelectorAll('.incident-legend .legend-row'))
            .filter(row => !row.hidden).map(row => row.textContent.trim())"""
    )


def _legend_colour(frame, label: str) -> str:
    """The colour the map's legend gives `label` (the fill of its row's symbol)."""
    return frame.evaluate(
        """(label) => { for (const row of document.querySelectorAll('.incident-legend .legend-row')) {
            if (row.textContent.trim() === label) return row.querySelector('g').getAttribute('fill'); }
            return null; }""",
        label,
    )


def test_an_actor_has_one_colour_on_the_map_and_on_its_incident_page(acled_server, browser) -> None:
    """Islamic State was teal on the map and maroon on its incident page (issue 29)."""
    from incidents import tables

    incidents, _ = tables.load_table(EITHER_SIDE)
    event = str(incidents.loc[incidents["attacker"] == "islamic-state-syria", "id"].iloc[0])
    context, _ = open_context(browser)
    page = context.new_page()
    colours = []
    for path in ("/?from=2019-02-05", "/?attacker=islamic-state-syria", f"/incident?incident={event}"):
        page.goto(acled_server.url + path, wait_until="domcontentloaded")
        _, frame = map_frame(page)
        colours.append(_legend_colour(frame, "Islamic State (Syria)"))
    assert colours[0] is not None and colours == [colours[0]] * 3, colours
    context.close()


HAJIN = (34.69508, 40.83138)  # a battle (no attacker), a shelling and an air strike on one point


def test_a_battle_is_drawn_plain_and_is_no_uncertain_share(acled_server, server, browser) -> None:
    """A battle has no attacker, so no attribution to doubt (issue 29): a plain outline, not the
    dashed one of a possible attribution, and no part of its group's dashed arc. The legend says
    what the plain outline means, and only where the table has such an event."""
    context, traffic = open_context(browser)
    page = context.new_page()
    at = f"center={HAJIN[0]},{HAJIN[1]}&zoom=13"
    page.goto(f"{acled_server.url}/?{at}", wait_until="domcontentloaded")
    _, frame = map_frame(page)
    frame.wait_for_selector(".incident-cluster-icon", timeout=30_000)
    group = frame.evaluate(
        """() => { const el = document.querySelector('.incident-cluster-icon');
            const arc = el.querySelector('.incident-cluster-arc');
            return {count: Number(el.dataset.count), share: arc ? Number(arc.dataset.share) : 0,
                    name: el.getAttribute('aria-label')}; }"""
    )
    # The shelling and the air strike are attributed by the source (dashed); the battle is not.
    assert group["count"] == 3 and round(group["share"] * 3) == 2, group
    assert "2 with an uncertain attribution" in group["name"], group
    legend = frame.locator(".incident-legend").text_content()
    assert "No attacker (not a strike; see the parties)" in legend
    assert "Plain: no attacker, so none to grade (not a strike)" in legend
    page.goto(f"{acled_server.url}/?attacker=no-attacker&{at}", wait_until="domcontentloaded")
    _, frame = map_frame(page)
    battle = frame.locator(".incident-icon[data-incident='acled-syr91003'] g")
    battle.wait_for(timeout=30_000)
    assert battle.get_attribute("stroke-dasharray") is None
    name = frame.locator(".incident-icon[data-incident='acled-syr91003']").get_attribute("aria-label")
    assert name.endswith(": No attacker (not a strike; see the parties)"), name  # no confidence graded
    # The legend names what the view holds: battles and other events with no attacker only.
    shown = _legend_rows(frame)
    assert {"No attacker (not a strike; see the parties)", "Armed clash"} <= set(shown), shown
    assert "Plain: no attacker, so none to grade (not a strike)" in shown
    assert not {"Air strike", "Shelling", "Russia", "Israel"} & set(shown), shown
    # Our records are all strikes: no "No attacker" in their legend; a view of Israel's strikes
    # lists Israel alone among the actors.
    page.goto(server.url + "/", wait_until="domcontentloaded")
    _, frame = map_frame(page)
    legend = frame.locator(".incident-legend").text_content()
    assert "Israel" in legend and "No attacker" not in legend and "Plain: no attacker" not in legend
    assert {"Israel", "United States"} <= set(_legend_rows(frame))
    page.goto(server.url + "/?attacker=israel", wait_until="domcontentloaded")
    _, frame = map_frame(page)
    shown = _legend_rows(frame)
    assert "Israel" in shown and "United States" not in shown and "Russia" not in shown, shown
    assert traffic.errors == []
    context.close()
