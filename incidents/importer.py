"""`python -m incidents import FILE.csv -o DIR` (alias `import-acled`): ACLED rows become records in DIR.

UCDP GED files are imported the same way by incidents/ucdp_import.py (`import_any` chooses by
the file's columns).

What lands in DIR, so that `python -m incidents validate DIR` and `export --dir DIR` work:

- `<id>.yaml`, one record per row (mapping: incidents/acled.py). ACLED's own values of the
  columns our schema cannot hold (actors, inter codes, admin areas, precision codes, its date and
  coordinates) are kept in the record's optional `acled` field and exported back unchanged.
- `places.csv`, the places ACLED names that our gazetteer cannot stand for, in the gazetteer's
  columns: ACLED's point, a radius from its geo_precision (incidents.acled.IMPORT_RADIUS_M), and
  provenance `acled:<event_id_cnty>`. A row's place is our gazetteer's only when it is certain:
  our own export's `imap:place_id` tag, or a gazetteer match for the location name whose point
  is within that place's radius of ACLED's. Nothing is snapped to a "nearest" place, which would
  invent precision. The CLI loads DIR/places.csv as an extra gazetteer (`gazetteer_for`).
- `sources/<FILE>.csv`, a copy of the imported file. Each record's source is that file and its
  quote is the row's `notes` (ACLED's source text); `validate DIR` checks the quotes against the
  file's cells (`documents_dir`), beside the usual seeds.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from geodata.distance import distance_km
from incidents import acled, acled_read
from incidents.ingest import ROW, IngestReport, SourceError
from incidents.record_writer import (
    PLACES_FILE,
    SOURCES_DIR,
    Candidate,
    ImportResult,
    document_text,
    write_records,
)
from incidents.source_files import read_source
from incidents.text import slug

MAX_CSV_BYTES = 100_000_000


class _Places:
    """Resolves an ACLED row to a place id, collecting the imported places it has to add."""

    def __init__(self, gazetteer, existing: pd.DataFrame | None, dataset: str = "acled") -> None:
        self.gazetteer = gazetteer
        self.dataset = dataset  # the prefix of the places it adds and of their provenance
        self.rows: dict[str, dict[str, object]] = {}
        if existing is not None:
            self.rows = {str(pid): dict(row) for pid, row in existing.iterrows()}

    def resolve(self, row: dict, document: str) -> str:
        """Our gazetteer's place when certain (our tag, or its name within its radius), else ACLED's."""
        place_id = row["place_tag"]
        if place_id and place_id in self.gazetteer:
            return place_id
        lat, lon = float(row["lat"]), float(row["lon"])
        name = row["location"] or "unnamed place"
        found = self.gazetteer.match(name)
        if found.place is not None:
            place = found.place
            metres = float(distance_km(lat, lon, [place.lat], [place.lon])[0]) * 1000
            # Our place only when it supports the row's precision: else validate would reject the record.
            if metres <= max(place.precision_m, 1000) and not _overstates(row, place.precision_m):
                return place.place_id
        return self._add(name, lat, lon, row, document)

    def _add(self, name: str, lat: float, lon: float, row: dict, document: str) -> str:
        base = f"{self.dataset}-" + (slug(name, acled_read.ACLED_SLUG_MAX) or "place")
        for n in range(1, 10_000):
            place_id = base if n == 1 else f"{base}-{n}"
            known = self.rows.get(place_id)
            if known is None:
                break
            same_point = known["name"] == name and float(known["lat"]) == lat and float(known["lon"]) == lon
            # One place per point and radius: a row coding the same point less precisely gets its own.
            if same_point and int(known["precision_m"]) == int(row["precision_m"]):
                return place_id
        self.rows[place_id] = {
            "place_id": place_id,
            "name": name,
            "name_ar": "",
            "aliases": "",
            "feature_type": "town" if row["location_precision"] == "town" else "region",
            "parent_id": "",
            "governorate": slug(row.get("admin1", ""), acled_read.ACLED_SLUG_MAX)
            or slug(row.get("country", ""), acled_read.ACLED_SLUG_MAX)
            or "unknown",
            "district": slug(row.get("admin2", ""), acled_read.ACLED_SLUG_MAX),
            "country": {v[1]: k for k, v in acled.COUNTRIES.items()}.get(row.get("country", ""), ""),
            "lat": lat,
            "lon": lon,
            "precision_m": int(row["precision_m"]),
            "provenance": f"{self.dataset}:{row['event_id_cnty']}",
            "provenance_source": document,
            "provenance_note": f"{self.dataset.upper()}'s point for {name!r}; not in our gazetteer. "
            f"{row['geo_note']}",
            "shared_aliases": "",
        }
        return place_id

    def frame(self) -> pd.DataFrame:
        from geodata.gazetteer import COLUMNS

        return pd.DataFrame(list(self.rows.values()), columns=list(COLUMNS))


def _overstates(row: dict, radius_m: float) -> bool:
    """Whether the row's location precision claims more than a place of this radius supports."""
    from incidents.model import LocationPrecision
    from incidents.precisions import overstates

    return overstates(LocationPrecision(row["location_precision"]), radius_m)


def open_import(
    path: Path,
    out_dir: Path,
    gazetteer,
    recognised: Callable[[Iterable[str]], bool],
    not_recognised: str,
    dataset: str = "acled",
) -> tuple[pd.DataFrame, IngestReport, Any, _Places]:
    """How every import starts: the size limit, the file read by the ingestion step, its layout
    checked (`not_recognised` says what it lacks), our gazetteer, and the places DIR holds."""
    from geodata.gazetteer import load_gazetteer, read_places

    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise SourceError(
            f"{path}: {size:,} bytes; the import limit is {MAX_CSV_BYTES:,} (use INCIDENTS_SOURCE)"
        )
    gazetteer = gazetteer or load_gazetteer()
    frame, report = read_source(path)
    if not recognised(frame.columns):
        raise SourceError(f"{path}: {not_recognised}")
    places_path = out_dir / PLACES_FILE
    places = _Places(gazetteer, read_places(places_path) if places_path.exists() else None, dataset=dataset)
    return frame, report, gazetteer, places


def import_acled(path: Path, out_dir: Path, gazetteer=None) -> ImportResult:
    """Turn an ACLED CSV into records, places.csv and a copy of the source file in `out_dir`.

    Rows go through the same ingestion and ACLED mapping as a large table (incidents.ingest,
    incidents.acled_read.normalise), so a row skipped here is skipped there, for the same reason, and
    nothing is written that `validate` would reject (incidents.record_writer checks each record).
    """
    frame, report, gazetteer, places = open_import(
        path,
        out_dir,
        gazetteer,
        acled_read.is_acled,
        "not an ACLED export (no event_id_cnty, event_date, actor1 columns)",
    )
    rows = acled_read.normalise(frame, report, gazetteer)
    document = path.name

    def candidates() -> Iterator[Candidate]:
        for row in rows.to_dict("records"):
            data = acled_read.to_record(row, document=document, place_id=places.resolve(row, document))
            site = acled_read.parse_tags(str(row.get("tags") or "")).get("site")
            location = dict(data["locations"][0])
            if data.get("acled", {}).get("notes") != "":
                # Another site's ACLED notes stay with its location: exporting gives the row back.
                location["note"] = data["sources"][0]["quotes"][0]
            yield Candidate(
                row[ROW],
                "event_id_cnty",
                row["event_id_cnty"],
                acled_read.ACLED.header(document, row["event_id_cnty"]),
                data,
                None if site is None else int(site),
                location,
            )

    return write_records(path, out_dir, candidates(), places, gazetteer, report)


def gazetteer_for(records_dir: Path | None, path: Path | None = None):
    """Our gazetteer, plus DIR/places.csv (places of imported records) when DIR has one.

    Raises ValueError when an imported place reuses a gazetteer id (it would silently move it).
    """
    from geodata.gazetteer import Gazetteer, load_gazetteer, read_places

    base = load_gazetteer(path)
    extra_path = Path(records_dir) / PLACES_FILE if records_dir is not None else None
    if extra_path is None or not extra_path.is_file():
        return base
    extra = read_places(extra_path)
    clash = sorted(set(extra.index) & set(base.places.index))
    if clash:
        raise ValueError(f"{extra_path}: place ids already in the gazetteer: {', '.join(clash)}")
    return Gazetteer(pd.concat([base.places, extra]))


@contextlib.contextmanager
def documents_dir(records_dir: Path, seeds: Path | None) -> Iterator[Path | None]:
    """The directory to check quotes against: the seeds, plus DIR/sources/*.csv as cell text.

    Yields `seeds` unchanged when DIR has no sources/ (our own records).
    """
    sources = Path(records_dir) / SOURCES_DIR
    if not sources.is_dir():
        yield seeds
        return
    with tempfile.TemporaryDirectory(prefix="incident-documents-") as tmp:
        overlay = Path(tmp)
        if seeds is not None and seeds.is_dir():
            for document in seeds.iterdir():
                if document.is_file():
                    (overlay / document.name).symlink_to(document.resolve())
        for document in sources.glob("*.csv"):
            (overlay / document.name).write_text(document_text(document), encoding="utf-8")
        yield overlay


def import_any(path: Path, out_dir: Path) -> ImportResult:
    """Import a file in any layout we can make records of: ACLED's (both) or UCDP GED's."""
    from incidents import ucdp
    from incidents.source_files import read_chunks
    from incidents.ucdp_import import import_ucdp

    frames, _ = read_chunks(path, rows=1)
    columns = list(next(frames).columns)
    if ucdp.is_ucdp(columns):
        return import_ucdp(path, out_dir)
    if acled_read.is_acled(columns):
        return import_acled(path, out_dir)
    raise SourceError(
        f"{path}: neither ACLED's layout (event_id_cnty, event_date, actor1, ...) nor UCDP GED's "
        f"({', '.join(ucdp.REQUIRED)}, ...): nothing to import"
    )


def main_import(csv_path: Path, out_dir: Path) -> int:
    """The command: import, then report every skipped row and warning, and a summary line."""
    try:
        result = import_any(csv_path, out_dir)
    except (OSError, SourceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for message in result.skipped:
        print(message, file=sys.stderr)
    report = result.report
    print(
        f"{report.summary()}. {len(result.written)} records written to {out_dir}; {result.places} "
        f"imported places in {out_dir / PLACES_FILE if result.places else '(none)'}",
        file=sys.stderr,
    )
    return 1 if report.n_skipped else 0
