"""What a widget offers and how a value reads: the table's own attackers and types (its facets,
its labels), our confidences, the loaded data's sources and places."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from incidents import actors, event_types
from incidents.i18n import _
from incidents.model import Confidence, EventType

# --- vocabularies ---------------------------------------------------------------------------------


def choices(options: str, facets: Any | None = None) -> list[str]:
    """What a widget offers: every attacker and event type the loaded table names (with ours), our
    confidences, or one of the loaded data's facets (`sources`, `used_places`, `governorates`)."""
    if options in ("attackers", "types"):
        if facets is not None:
            return [entry["slug"] for entry in facets.lookups[options]]
        return list(actors.known_actors()) if options == "attackers" else [t.value for t in EventType]
    if options == "actors":
        return (
            [entry["slug"] for entry in facets.actors] if facets is not None else list(actors.known_actors())
        )
    if options == "confidences":
        return [c.value for c in Confidence]
    if options == "datasets":
        return [entry["slug"] for entry in facets.datasets] if facets is not None else []
    return list(getattr(facets, options)) if facets is not None else []


Labels = Mapping[str, Mapping[str, str]]
"""The labels of the table being shown, by vocabulary (`attackers`, `types`, `actors`) and slug
(`labels_of`)."""


def labels_of(
    lookups: Mapping[str, Any], listed_actors: list[dict] | None = None, datasets: Any = ()
) -> dict[str, dict[str, str]]:
    """The labels of a table's legend (incidents.maps.legend.legend_lookups): its own actors and
    types under their own names, which no process-wide registry holds (a table may be read in
    another process); with its parties (`incidents.parties.listing`), theirs too, and with its
    datasets (slug, title), their titles."""
    labels = {
        kind: {entry["slug"]: entry["label"] for entry in lookups[kind]} for kind in ("attackers", "types")
    }
    labels["actors"] = {entry["slug"]: entry["label"] for entry in listed_actors or []}
    labels["datasets"] = {entry["slug"]: entry["label"] for entry in datasets}
    return labels


def label(options: str, value: str, labels: Labels | None = None) -> str:
    """A value as people read it (attacker, event type and confidence labels; others as they are).

    Attackers and event types take the label of the table being shown (`labels`, its facets)
    when it names them, else ours (actors.csv, model.EventType), else the slug itself; labels are
    in the reader's language where the catalogue has them.
    """
    if labels is not None and value in labels.get(options, {}):
        return _(labels[options][value])
    if options in ("attackers", "actors"):
        return _(actors.label(value))
    if options == "types":
        return _(event_types.label(value))
    if options == "confidences":
        return _(Confidence(value).label)
    return value
