"""One fold, one slug, one plural: each concept is said the same way everywhere."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geodata.gazetteer import load_gazetteer
from incidents import actors, event_types
from incidents.event_types import plural
from incidents.filters import Filter
from incidents.maps.legend import legend_lookups
from incidents.model import EventType
from incidents.text import fold, slug, slug_series


def test_the_sentence_and_the_legend_say_one_plural() -> None:
    legend = {entry["slug"]: entry["plural"] for entry in legend_lookups()["types"]}
    assert Filter(types=("shelling",)).describe() == "Shelling"  # not "Shellings"
    assert Filter(types=("drone-strike",)).describe() == "Drone strikes"
    for slug_, said in legend.items():
        assert Filter(types=(slug_,)).describe().lower() == said
    # Declared, never guessed: ACLED's own types read as English; a name no one declared as written.
    assert plural("Armed clash") == "armed clashes"
    assert plural("Mob violence") == "mob violence"
    assert plural("Change to group/activity") == "changes to group/activity"
    assert plural("Some type of its own") == "some type of its own"


def test_every_type_of_ours_and_of_acled_and_ucdp_has_a_declared_plural() -> None:
    vocabulary = json.loads((event_types.PLURALS_CSV.parent / "acled_vocabulary.json").read_text("utf-8"))
    ucdp = json.loads((event_types.PLURALS_CSV.parent / "ucdp_vocabulary.json").read_text("utf-8"))
    names = {t.label for t in EventType} | {v["label"] for v in ucdp["type_of_violence"].values()}
    names |= {e[k] for e in vocabulary["event_types"] for k in ("event_type", "sub_event_type") if e[k]}
    assert {n for n in names if n.casefold() not in event_types._plurals()} == set()


@pytest.mark.parametrize(
    "name",
    [
        "Hayat Tahrir al-Sham",
        "Straße nach Raqqa",
        "Café  Noir",
        "البوكمال",
        "Kataʻib Ḥizbullāh",
        "x" * 120,
        "",
    ],
)
def test_a_slug_is_the_same_one_by_one_and_by_column(name: str) -> None:
    assert slug_series(pd.Series([name]))[0] == slug(name)
    assert slug_series(pd.Series([name]), 60)[0] == slug(name, 60)


def test_actor_names_and_gazetteer_spellings_use_the_one_fold() -> None:
    # An apostrophe or an accent in a dataset's name is the same name (fold), for actors as for places.
    assert actors.match_known("Military Forces of Isra'el") is actors.known_actors()["israel"]
    assert load_gazetteer().match("Albū Kamal").method == "exact"
    assert fold("Albū Kamal") == fold("Albu Kamal")
