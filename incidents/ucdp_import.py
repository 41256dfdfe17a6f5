"""`python -m incidents import ged.csv -o DIR`: UCDP GED events become records, as ACLED's do.

The rows go through the same ingestion step and mapping as a UCDP table on the map
(incidents.ucdp.normalise), so a row skipped there is skipped here for the same reason; the
records are made by the same builder as ACLED's (incidents.imported_record) and written by the
same run (incidents.record_writer), which refuses, counts and lists any record `validate` would
reject. What lands in DIR is as for import-acled (incidents/importer.py): one YAML record per event,
`places.csv` with the points UCDP gives for places our gazetteer cannot stand for (ids `ucdp-`,
provenance `ucdp:<id>`), and a copy of the file in `sources/`, against whose cells the quote of
each record (its `source_headline`, else its `where_description`, else its place) is checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from incidents import imported_record, ucdp
from incidents.importer import open_import
from incidents.ingest import ROW, bare_name
from incidents.record_writer import Candidate, ImportResult, write_records

UCDP = imported_record.Source("UCDP", "UCDP GED")


def _int(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def to_record(row: dict[str, Any], *, document: str, place_id: str) -> dict[str, Any]:
    """A record (plain data, ready for YAML and the schema) for one row of `ucdp.normalise`."""
    ucdp_id = row["ucdp_id"]
    place = row["where_coordinates"] or row["adm_2"] or row["adm_1"] or row["country"] or f"UCDP {ucdp_id}"
    sides = f"side A {row['side_a'] or 'not named'}, side B {row['side_b'] or 'not named'}"
    low, best, high = _int(row["low"]), _int(row["best"]), _int(row["high"])
    killed = None
    if low is not None or best is not None:
        civilians = _int(row["deaths_civilians"])
        note = f"UCDP's low to high estimate; best estimate {best if best is not None else 'not given'}" + (
            f"; civilians among them: {civilians}." if civilians else "."
        )
        killed = (low if low is not None else best, high if high is not None else best, note)
    imported = imported_record.Imported(
        source=UCDP,
        source_id=ucdp_id,
        place=place,
        quote=next(q for q in (row["source_headline"], row["where_description"], place) if q),
        reasoning=f"Imported from UCDP GED ({sides}). {row['sides_meaning']} "
        "Its coding has not been reviewed against its sources.",
        outlet=row["source_office"],
        published={
            "earliest": row["date_start"],
            "note": "A UCDP event is coded after it happens, so no earlier than its first day.",
        },
        targets=[row["side_b"]] if row["side_b"] else [],
        # one-sided violence: side A did it
        claimant=row["side_a"] if row["confidence"] == "attributed" else "",
        killed=killed,
        notes=ucdp.clarity(row["event_clarity"]),
    )
    return imported_record.record(row, imported, document=document, place_id=place_id)


def import_ucdp(path: Path, out_dir: Path, gazetteer=None) -> ImportResult:
    """Turn a UCDP GED CSV into records, places.csv and a copy of the source file in `out_dir`."""
    frame, report, gazetteer, places = open_import(
        path,
        out_dir,
        gazetteer,
        ucdp.is_ucdp,
        "not a UCDP GED file (no type_of_violence, where_prec, date_prec, best)",
        dataset="ucdp",
    )
    rows = ucdp.normalise(frame, report, gazetteer)
    document = path.name

    def candidates() -> Iterator[Candidate]:
        for row in rows.to_dict("records"):
            place_row = row | {
                "place_tag": "",
                "location": bare_name(row["where_coordinates"]),
                "admin1": bare_name(row["adm_1"]),
                "admin2": bare_name(row["adm_2"]),
                "event_id_cnty": row["ucdp_id"],
            }
            data = to_record(row, document=document, place_id=places.resolve(place_row, document))
            header = UCDP.header(document, row["ucdp_id"])
            yield Candidate(row[ROW], "id", str(row["ucdp_id"]), header, data)

    return write_records(path, out_dir, candidates(), places, gazetteer, report)
