"""The map's legend: every attacker, event type and confidence a table names, with its label,
colour, shape and outline style (styles.json, actors.csv), in the order the layers code them.

The incident layer, the server's aggregation, the timeline and the pages' labels all read it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from incidents import actors
from incidents.event_types import plural

STYLES_PATH = Path(__file__).with_name("styles.json")


@lru_cache(maxsize=1)
def styles() -> dict:
    """Map symbology (colours, shapes, confidence outlines) from styles.json."""
    return json.loads(STYLES_PATH.read_text(encoding="utf-8"))


def legend_lookups(incidents: pd.DataFrame | None = None, incident_url: str = "incident?incident=") -> dict:
    """The lookup tables the browser needs: labels, colours, shapes and outline styles.

    Attackers are every actor declared in incidents/actors.csv, then every other actor the table
    names (commonest first, each keeping its own name); event types are ours, then any type of
    the source's own. Indexes into these lists are what the incident layers send per site.
    An attacker is `listed` in a legend when the table names it (every one without a table): a
    map of strikes alone has no "No attacker" row (and the map's legend hides, view by view, the
    rows no incident in view has: incident_layer.js `showInLegend`). `assessed` is False for the
    one attacker no confidence is said of (`no-attacker`): its events are drawn with
    `no_attacker_outline` and never counted as uncertain (`uncertain_rows`).
    """
    from incidents.model import Confidence, EventType

    st = styles()
    known = actors.known_actors()
    named = _named(incidents, "attacker", "attacker_label")
    counts = {slug: 0 for slug in known} | {slug: count for slug, (count, _) in named.items()}
    colours = actors.colours(counts)
    order = [*known, *sorted((s for s in named if s not in known), key=lambda s: -named[s][0])]
    shapes = st["event_type_shapes"]
    types = [(t.value, t.label) for t in EventType]
    types += [
        (slug, label) for slug, (_, label) in _named(incidents, "event_type", "event_type_label").items()
    ]
    return {
        "attackers": [
            {
                "slug": slug,
                "label": known[slug].label if slug in known else named[slug][1],
                "color": colours[slug],
                "shared": colours[slug] == actors.SHARED_COLOUR,
                "assessed": actors.graded(slug),
                "listed": incidents is None or slug in named,
            }
            for slug in order
        ],
        "types": [
            {
                "slug": slug,
                "label": label,
                "plural": plural(label),
                "shape": shapes.get(slug, shapes["other"]),
            }
            for slug, label in dict(types).items()
        ],
        "confidences": [
            {"slug": c.value, "label": c.label, **st["confidence_styles"][c.value]} for c in Confidence
        ],
        "no_attacker_outline": st["no_attacker_outline"],
        "incident_url": incident_url,
    }


def _named(incidents: pd.DataFrame | None, column: str, label: str) -> dict[str, tuple[int, str]]:
    """slug -> (how many incidents, label) for the values of `column` in the table."""
    if incidents is None or not len(incidents):
        return {}
    # A categorical column (a converted table's) counts its unused categories too, '' among them:
    # the legend would show a row with no name.
    counts = incidents[column].value_counts()
    counts = counts[(counts > 0) & (counts.index.astype(str) != "")]
    labels = incidents.drop_duplicates(column).set_index(column)[label]
    return {str(slug): (int(n), str(labels.get(slug, slug))) for slug, n in counts.items()}


def uncertain_rows(table: pd.DataFrame, lookups: dict) -> np.ndarray | None:
    """Which rows have an uncertain attribution (the share a group's dashed arc shows): a
    confidence drawn dashed, of an attacker a confidence is said of; an event with no attacker
    has no attribution to doubt. None when the table does not say how sure it is.
    (incident_layer.js `uncertain` reads the same two flags of the lookups.)"""
    if "confidence" not in table:
        return None
    dashed = [c["slug"] for c in lookups.get("confidences", []) if c.get("dash")]
    unassessed = [a["slug"] for a in lookups.get("attackers", []) if a.get("assessed") is False]
    doubted = table["confidence"].isin(dashed)
    if "attacker" in table:
        doubted &= ~table["attacker"].isin(unassessed)
    return doubted.to_numpy(bool)


def listed(entries: Sequence[Mapping]) -> list[Mapping]:
    """The attackers a legend lists (`listed`: the table names them)."""
    return [entry for entry in entries if entry.get("listed", True)]


def lookup_index(lookups: dict, kind: str) -> dict[str, int]:
    """slug -> position in `lookups[kind]`, the code the layers send for it."""
    return {entry["slug"]: i for i, entry in enumerate(lookups[kind])}


def colour_by_dataset(datasets: Sequence[Mapping]) -> dict:
    """The lookups' `colour_by` for `colour=dataset`: the legend's title and one entry per dataset
    (its slug, label and colour, in INCIDENTS_SOURCE's order); the layers code each incident's
    dataset as its position here (the 4th code of its style)."""
    from incidents.i18n import _

    return {
        "column": "dataset",
        "title": _("Colour: dataset"),
        "others": _("{n} other datasets (one colour)"),
        "entries": [
            {
                "slug": d["slug"],
                "label": d["label"],
                "color": d["color"],
                "shared": d["color"] == actors.SHARED_COLOUR,
            }
            for d in datasets
        ],
    }


def colour_codes(values: pd.Series, lookups: dict) -> np.ndarray | None:
    """Each row's position in `lookups["colour_by"]`'s entries (None: colours show the attacker)."""
    colour_by = lookups.get("colour_by")
    if not colour_by:
        return None
    order = {entry["slug"]: i for i, entry in enumerate(colour_by["entries"])}
    codes, uniques = pd.factorize(values.astype(str), sort=False)
    lookup = np.array([order.get(u, 0) for u in uniques] or [0], dtype=np.int64)
    return lookup[codes]


def dataset_colours(slugs: list[str]) -> dict[str, str]:
    """A colour per dataset in INCIDENTS_SOURCE's order (styles.json), for `colour=dataset`; the
    datasets beyond the palette share the actors' shared grey."""
    palette = styles()["dataset_colours"]
    return {slug: palette[i] if i < len(palette) else actors.SHARED_COLOUR for i, slug in enumerate(slugs)}
