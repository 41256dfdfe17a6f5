"""An imported event that is not a strike has no attacker (issue 29).

ACLED's codebook: actor1 and actor2 carry no direction (attacker or defender). Only remote
violence (a strike, shelling, an IED) keeps actor1 as the attacker, "attributed by the source";
a battle, a withdrawal, a protest... is `no-attacker`, with both sides among its parties. The
same in ACLED's current 31 columns and in its older layout (Remote violence, numeric inter).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from incidents import acled_read, actors, parties, tables
from incidents.export import export
from incidents.filters import Filter
from incidents.importer import gazetteer_for, import_acled
from incidents.load import load_incidents
from incidents.maps.legend import legend_lookups

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CURRENT = FIXTURES / "acled" / "acled-either-side.csv"  # ACLED's current 31 columns
OLDER = FIXTURES / "sources" / "acled-old-layout.csv"  # EVENT_TYPE "Remote violence", numeric inter


def _attackers(path: Path) -> dict[str, tuple[str, str]]:
    incidents, _ = tables.load_table(path)
    return {
        i.removeprefix("acled-"): (a, c)
        for i, a, c in zip(incidents["id"], incidents["attacker"], incidents["confidence"], strict=True)
    }


def test_a_battle_has_no_attacker_and_a_strike_keeps_actor1_current_layout() -> None:
    found = _attackers(CURRENT)
    # A battle whose actor1 is a unit of the Syrian army: not its attack, nobody's.
    assert found["syr91001"] == (actors.NO_ATTACKER, "unknown")
    assert found["syr91007"] == ("russia", "attributed")  # Russian warplanes: an air strike
    assert found["syr91008"] == (actors.NO_ATTACKER, "unknown")  # Russian troops withdrew
    assert found["syr91009"] == (actors.NO_ATTACKER, "unknown")  # violence against civilians
    assert found["syr91006"] == ("islamic-state-syria", "attributed")  # an IED
    assert found["syr91004"] == ("syrian-democratic-forces", "attributed")  # shelling


def test_a_battle_has_no_attacker_and_a_strike_keeps_actor1_older_layout() -> None:
    found = _attackers(OLDER)
    assert found["lby1001"] == (actors.NO_ATTACKER, "unknown")  # Battle-No change of territory
    assert found["lby1003"] == ("united-states", "attributed")  # Remote violence: US aircraft
    assert found["lby1002"] == ("unknown", "unknown")  # Remote violence by an unidentified group
    assert found["nig2001"] == (actors.NO_ATTACKER, "unknown")  # Violence against civilians
    assert found["nig2003"] == (actors.NO_ATTACKER, "unknown")  # Strategic development


def test_the_actor_filter_still_finds_both_sides_of_a_battle() -> None:
    incidents, sites = tables.load_table(CURRENT)
    listed = [entry["slug"] for entry in parties.listing(incidents["parties"])]

    def ids(query: dict) -> set[str]:
        filt, notices = Filter.from_query(query, known_actors=listed, known_attackers=incidents["attacker"])
        assert notices == []
        return set(incidents.loc[filt.mask(incidents, sites).to_numpy(), "id"])

    assert "acled-syr91001" in ids({"actor": ["syrian-government"]}) & ids({"actor": ["islamic-state-syria"]})
    assert ids({"actor": ["russia"]}) == {"acled-syr91007", "acled-syr91008"}
    assert ids({"attacker": ["russia"]}) == {"acled-syr91007"}
    assert ids({"attacker": [actors.NO_ATTACKER]}) == {f"acled-syr9100{n}" for n in (1, 2, 3, 8, 9)}


def test_every_acled_type_says_whether_it_is_a_strike() -> None:
    entries = acled_read.VOCABULARY["event_types"]
    assert all(isinstance(e["strike"], bool) for e in entries)
    strikes = {(e["event_type"], e["sub_event_type"]) for e in entries if e["strike"]}
    assert ("Explosions/Remote violence", "Air/drone strike") in strikes
    assert ("Remote violence", "") in strikes
    assert not any(kind.startswith("Battle") for kind, _ in strikes)
    assert not acled_read.is_strike("Something ACLED adds later", "")  # unlisted: not a strike
    assert acled_read.is_strike("Explosions/Remote violence", "")  # every sub-type of it is one
    assert not acled_read.is_strike("Battles", "")


def test_import_acled_gives_a_battle_no_attacker_and_keeps_its_parties(tmp_path: Path) -> None:
    out = tmp_path / "records"
    import_acled(CURRENT, out)
    loaded = load_incidents(out, gazetteer=gazetteer_for(out))
    assert loaded.errors == []
    records = {r.id: r for r in loaded.records}
    battle = records["acled-syr91001"]
    assert battle.assessment.attacker == actors.NO_ATTACKER
    assert battle.assessment.confidence.value == "unknown" and battle.claims == []
    assert "not a strike" in battle.assessment.reasoning
    strike = records["acled-syr91007"]
    assert (strike.assessment.attacker, strike.claims[0].actor) == (
        "russia",
        "Military Forces of Russia (2000-)",
    )
    table = loaded.incidents.set_index("id")
    assert parties.slugs(table.loc["acled-syr91001", "parties"]) >= {
        "syrian-government",
        "islamic-state-syria",
    }
    # Exported back, the battle's actor1 is ACLED's own, never "Unidentified".
    text = io.StringIO()
    export(loaded, "acled", text, acled_uncertain=True)
    rows = pd.read_csv(io.StringIO(text.getvalue()), dtype=str, keep_default_na=False)
    battle_row = rows[rows["event_id_cnty"] == "SYR91001"].iloc[0]
    assert battle_row["actor1"] == "Military Forces of Syria (2000-) 5th Assault Corps"


def test_a_tables_battle_exports_its_first_party_as_actor1() -> None:
    """A battle read from an ACLED table, exported in ACLED's columns: ACLED's actor1 comes back
    (its first party), not 'Unidentified Armed Group' for an attacker nobody assessed."""
    text = io.StringIO()
    export(tables.load_result(CURRENT), "acled", text, acled_uncertain=True)
    rows = pd.read_csv(io.StringIO(text.getvalue()), dtype=str, keep_default_na=False)
    actor1 = dict(zip(rows["event_id_cnty"], rows["actor1"], strict=True))
    assert actor1["SYR-IMAP-acled-syr91001"] == "Military Forces of Syria (2000-) 5th Assault Corps"
    assert actor1["SYR-IMAP-acled-syr91008"] == "Military Forces of Russia (2000-)"


def test_the_page_names_both_parties_and_grades_no_attacker() -> None:
    """'See the parties': the event's line names both sides; no confidence is said of no attacker."""
    incidents, _ = tables.load_table(CURRENT)
    battle = incidents.set_index("id").loc["acled-syr91001"]
    assert battle["claims_text"] == (
        "ACLED's parties, on no side: Military Forces of Syria (2000-) 5th Assault Corps"
        " and Islamic State (Syria)"
    )
    assert "no assessed attacker" in battle["reasoning"]
    entries = {a["slug"]: a for a in legend_lookups(incidents)["attackers"]}
    assert entries[actors.NO_ATTACKER]["assessed"] is False and entries["russia"]["assessed"] is True
    html = io.StringIO()
    export(tables.load_result(CURRENT), "html", html)
    assert "<dd>No attacker (not a strike; see the parties)</dd>" in html.getvalue()
    assert "(unknown attribution)" not in html.getvalue()


def test_a_legend_lists_no_attacker_only_for_a_table_that_has_one() -> None:
    """Our records are all strikes: their map's legend and timeline have no "No attacker" row
    (issue 29); an ACLED table with battles has one, and its plain outline is explained."""
    from pages.shared.timeline import timeline_spec

    records = load_incidents().incidents
    assert actors.NO_ATTACKER not in set(records["attacker"])
    ours = {a["slug"]: a for a in legend_lookups(records)["attackers"]}
    theirs = {a["slug"]: a for a in legend_lookups(tables.load_table(CURRENT)[0])["attackers"]}
    assert ours[actors.NO_ATTACKER]["listed"] is False and ours["israel"]["listed"] is True
    assert theirs[actors.NO_ATTACKER]["listed"] is True and theirs["israel"]["listed"] is False
    # Every actor stays in the lookups (a layer codes attackers by position), listed or not.
    assert set(actors.known_actors()) <= set(ours)
    spec, _ = timeline_spec(records, Filter())
    scales = [layer["encoding"]["color"]["scale"]["domain"] for layer in spec["layer"]]
    assert scales and all("Israel" in s and actors.label(actors.NO_ATTACKER) not in s for s in scales)


def test_an_event_with_no_attacker_is_not_an_uncertain_attribution() -> None:
    """Its confidence is 'unknown' (no attacker to grade), yet there is no attribution to doubt:
    drawn with the plain outline, never in a group's share of uncertain attributions."""
    from incidents.maps.legend import styles, uncertain_rows

    incidents, _ = tables.load_table(CURRENT)
    lookups = legend_lookups(incidents)
    doubted = dict(zip(incidents["id"], uncertain_rows(incidents, lookups).tolist(), strict=True))
    assert doubted["acled-syr91001"] is False  # a battle
    assert doubted["acled-syr91004"] is True  # shelling, attributed by the source
    assert lookups["no_attacker_outline"] == styles()["no_attacker_outline"]
    assert not lookups["no_attacker_outline"]["dash"]


def test_an_imported_battles_record_names_its_parties_not_targets(tmp_path: Path) -> None:
    """The record page of an imported battle (pages/shared/record_view.py) heads ACLED's actor2
    as a party, with the first side beside it; an imported strike keeps its targets."""
    from pages.shared.record_view import _named

    out = tmp_path / "records"
    import_acled(CURRENT, out)
    records = {r.id: r for r in load_incidents(out, gazetteer=gazetteer_for(out)).records}
    battle = _named(records["acled-syr91001"])
    assert (battle.label, battle.heading) == ("Parties", "Parties and casualties")
    assert battle.names == "Military Forces of Syria (2000-) 5th Assault Corps; Islamic State (Syria)"
    strike = _named(records["acled-syr91004"])
    assert (strike.label, strike.heading, strike.names) == (
        "Targets",
        "Targets and casualties",
        "Islamic State (Syria)",
    )


def test_the_attacker_parameter_says_that_non_strikes_have_no_attacker() -> None:
    """The README's parameter table (cog, from the registry) tells a reader that `attacker`
    finds no battle by its actors: those have `no-attacker`, their parties are `actor`'s."""
    from incidents.filters.registry import PARAMS, readme_table

    attacker = next(p for p in PARAMS if p.name == "attacker")
    assert f"`{actors.NO_ATTACKER}` selects the imported events that are not strikes" in attacker.doc
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme_table().splitlines() if line.startswith("| `attacker` |"))
    assert row in readme
