"""One record builder for every imported layout (ACLED's, UCDP GED's): a normalised row -> a record.

A layout's `normalise` (incidents.acled_read, incidents.ucdp) gives our columns under our names
(id, event type, date and location blocks, attacker, confidence); what only the layout knows (its
place name, quote, reasoning, targets, toll...) it says in an `Imported`. `record` puts the two
together in the record's one shape, which incidents.record_writer checks and writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from incidents import actors, event_types


@dataclass(frozen=True)
class Source:
    """How a data source names itself in the records made of its rows."""

    short: str  # in titles: "Air strike at Hajin (UCDP 410001)"
    name: str  # as outlet, reporter and claimant: "UCDP GED"

    def header(self, document: str, source_id: str) -> str:
        """The first line of a record's YAML file, saying where it came from."""
        return f"# Imported from {self.name}: {document}, event {source_id}.\n"


@dataclass
class Imported:
    """What one layout's row says beyond our normalised columns, in the record's terms."""

    source: Source
    source_id: str  # the row's own id: ACLED's event_id_cnty, UCDP's id
    place: str  # the place as the row names it
    quote: str  # the source file's text the record's source quotes
    reasoning: str
    outlet: str  # the outlets the row names ("" for none: the data source itself)
    published: dict[str, Any]
    targets: list[str]
    claimant: str = ""  # the actor the row names as having struck ("" for none)
    killed: tuple[int, int | None, str] | None = None  # (min, max or None, note)
    notes: str = ""  # said after "Imported from <source> event <id> (<document>)."
    role: str = "target"


def record(row: Mapping[str, Any], imported: Imported, *, document: str, place_id: str) -> dict[str, Any]:
    """A record (plain data, ready for YAML and the schema) for one normalised row."""
    source, source_id = imported.source, imported.source_id
    date = {
        "start": row["date_start"],
        "end": row["date_end"],
        "precision": row["date_precision"],
        "note": row["date_note"],
    }
    out: dict[str, Any] = {
        "id": row["id"],
        "title": f"{row['event_type_label']} at {imported.place} ({source.short} {source_id})"[:200],
        "event_type": row["event_type"],
        **({} if event_types.is_ours(row["event_type"]) else {"event_type_name": row["event_type_label"]}),
        "date": date,
        "locations": [
            {
                "name_reported": imported.place,
                "place_id": place_id,
                "role": imported.role,
                "precision": row["location_precision"],
                "note": row["geo_note"],
            }
        ],
        "claims": [],
        "assessment": {
            **({} if row["attacker"] in actors.known_actors() else {"attacker_name": row["attacker_label"]}),
            "attacker": row["attacker"],
            "confidence": row["confidence"],
            "reasoning": imported.reasoning,
        },
        "targets": imported.targets,
        "notes": " ".join(
            n for n in (f"Imported from {source.name} event {source_id} ({document}).", imported.notes) if n
        ),
        "sources": [
            {
                "document": document,
                "outlet": imported.outlet or source.name,
                "headline": f"{source.name} event {source_id}",
                "published": imported.published,
                "quotes": [imported.quote],
            }
        ],
    }
    if imported.claimant:
        out["claims"].append(
            {
                "actor": imported.claimant,
                "attacker": row["attacker"],
                "stance": "attributed-by-source",
                "by": source.name + (f" ({imported.outlet})" if imported.outlet else ""),
            }
        )
    if imported.killed is not None:
        low, high, note = imported.killed
        toll: dict[str, Any] = {"min": low, "reported_by": source.name}
        if high is not None:
            toll["max"] = high
        toll["note"] = note
        out["killed"] = [toll]
    return out
