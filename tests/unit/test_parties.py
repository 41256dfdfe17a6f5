"""Who takes part in an incident: every party on either side, a state force with its units."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from incidents import parties, tables
from incidents.filters import Filter
from incidents.load import load_incidents

EITHER_SIDE = Path(__file__).resolve().parents[1] / "fixtures" / "acled" / "acled-either-side.csv"


def _table():
    return tables.load_table(EITHER_SIDE)


def _count(query: dict, incidents: pd.DataFrame, sites: pd.DataFrame) -> int:
    listed = [entry["slug"] for entry in parties.listing(incidents["parties"])]
    filt, notices = Filter.from_query(query, known_actors=listed, known_attackers=incidents["attacker"])
    assert notices == []
    return int(filt.mask(incidents, sites).sum())


def test_a_party_is_found_on_either_side() -> None:
    incidents, sites = _table()
    # Islamic State is ACLED's actor2 in 6 of its 7 events; the attacker of its one strike (an IED).
    assert _count({"actor": ["islamic-state-syria"]}, incidents, sites) == 7
    assert _count({"attacker": ["islamic-state-syria"]}, incidents, sites) == 1
    # Russia is a party to its air strike and its withdrawal, the attacker of the strike only.
    assert _count({"actor": ["russia"]}, incidents, sites) == 2
    assert _count({"attacker": ["russia"]}, incidents, sites) == 1
    # An associated actor is a party too: the coalition beside the SDF.
    assert _count({"actor": ["us-led-coalition"]}, incidents, sites) == 1


def test_a_force_covers_its_units_and_a_unit_is_itself() -> None:
    incidents, sites = _table()
    assert _count({"actor": ["syrian-government"]}, incidents, sites) == 4
    assert _count({"actor": ["military-forces-of-syria-2000-5th-assault-corps"]}, incidents, sites) == 2
    assert _count({"actor": ["military-forces-of-syria-2000-4th-armoured-division"]}, incidents, sites) == 1


def test_only_acleds_years_make_a_unit() -> None:
    assert [p.slug for p in parties.parties_of("Military Forces of Syria (2000-2024) Air Force")] == [
        "military-forces-of-syria-2000-2024-air-force",
        "syrian-government",
    ]
    # Without ACLED's years the name is an actor of its own, never guessed into a force.
    assert [p.slug for p in parties.parties_of("Military Forces of Syria 5th Assault Corps")] == [
        "military-forces-of-syria-5th-assault-corps"
    ]
    assert [p.slug for p in parties.parties_of("Islamic State (Syria)")] == ["islamic-state-syria"]


def test_the_list_counts_incidents_with_units_under_their_force() -> None:
    incidents, _ = _table()
    listed = parties.listing(incidents["parties"])
    texts = [parties.option_text(entry) for entry in listed]
    assert texts[0] == "Islamic State (Syria) · 7"
    force = texts.index("Syrian government · 4")
    assert texts[force + 1 : force + 3] == [
        "↳ Military Forces of Syria (2000-) 5th Assault Corps · 2",
        "↳ Military Forces of Syria (2000-) 4th Armoured Division · 1",
    ]


def test_the_sentence_says_what_the_filter_matches() -> None:
    incidents, _ = _table()
    labels = {"actors": {e["slug"]: e["label"] for e in parties.listing(incidents["parties"])}}
    filt = Filter(actors=("islamic-state-syria",))
    assert filt.describe(labels=labels) == "Incidents involving Islamic State (Syria) (either side)"


def test_our_records_name_their_assessed_attacker_and_nobody_for_unknown() -> None:
    loaded = load_incidents()
    named = loaded.incidents[loaded.incidents["attacker"] != "unknown"]
    assert len(named) and all(
        named["attacker"].iloc[i] in parties.slugs(named["parties"].iloc[i]) for i in range(len(named))
    )
    assert (loaded.incidents.loc[loaded.incidents["attacker"] == "unknown", "parties"] == "").all()


def test_a_tables_parties_column_and_ucdp_sides_are_read(tmp_path: Path) -> None:
    ours = tmp_path / "ours.csv"
    ours.write_text(
        "id,date_start,lat,lon,attacker,parties\n"
        "o1,2019-02-03,34.4523,40.9185,unknown,"
        "Military Forces of Syria (2000-) 5th Assault Corps|Islamic State (Syria)\n",
        encoding="utf-8",
    )
    read, _ = tables.load_table(ours)
    assert "syrian-government" in parties.slugs(read["parties"].iloc[0])
    ucdp = tmp_path / "ucdp.csv"
    ucdp.write_text(
        "id,date_start,lat,lon,side_a,side_b\nu1,2019-02-03,34.4523,40.9185,Government of Syria,IS\n",
        encoding="utf-8",
    )
    read, _ = tables.load_table(ucdp)
    assert parties.slugs(read["parties"].iloc[0]) == {"government-of-syria", "is"}
