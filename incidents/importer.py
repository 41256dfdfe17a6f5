"""`python -m incidents import-acled FILE.csv -o DIR`: ACLED rows become records in DIR.

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
import csv
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from geodata.distance import distance_km
from incidents import acled
from incidents.model import Incident, LocationPrecision

PLACES_FILE = "places.csv"
SOURCES_DIR = "sources"
MAX_CSV_BYTES = 100_000_000
REQUIRED = ("event_id_cnty", "event_date", "location", "latitude", "longitude")


@dataclass
class ImportResult:
    """What an import wrote and which rows it could not use (with why)."""

    written: list[Path] = field(default_factory=list)
    places: int = 0
    skipped: list[str] = field(default_factory=list)


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of an ACLED CSV; raises ValueError naming what is wrong with the file."""
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise ValueError(f"{path.name} is {size:,} bytes; the limit is {MAX_CSV_BYTES:,}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name} is not an ACLED export: no column {', '.join(missing)}")
        return [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]


def document_text(path: Path) -> str:
    """An ACLED CSV as the text its quotes are checked against: every cell, one per line."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return "\n".join(cell for row in csv.reader(handle) for cell in row)


class _Places:
    """Resolves an ACLED row to a place id, collecting the imported places it has to add."""

    def __init__(self, gazetteer, existing: pd.DataFrame | None) -> None:
        self.gazetteer = gazetteer
        self.rows: dict[str, dict[str, object]] = {}
        if existing is not None:
            self.rows = {str(pid): dict(row) for pid, row in existing.iterrows()}

    def resolve(self, row: dict[str, str], document: str) -> tuple[str, LocationPrecision]:
        tags = acled.parse_tags(row.get("tags", ""))
        code = row.get("geo_precision", "").strip() or "2"
        precision = (
            LocationPrecision(tags["location_precision"])
            if tags.get("location_precision") in {p.value for p in LocationPrecision}
            else acled.IMPORT_PRECISION.get(code, LocationPrecision.AREA)
        )
        place_id = tags.get("place_id")
        if place_id and place_id in self.gazetteer:
            return place_id, precision
        lat, lon = float(row["latitude"]), float(row["longitude"])
        name = acled.unneutralise(row["location"]).strip() or "unnamed place"
        found = self.gazetteer.match(name)
        if found.place is not None:
            place = found.place
            metres = float(distance_km(lat, lon, [place.lat], [place.lon])[0]) * 1000
            if metres <= max(place.precision_m, 1000):
                return place.place_id, precision
        return self._add(name, lat, lon, code, row, document), precision

    def _add(self, name: str, lat: float, lon: float, code: str, row: dict[str, str], document: str) -> str:
        base = "acled-" + (acled.slug(name) or "place")
        for n in range(1, 10_000):
            place_id = base if n == 1 else f"{base}-{n}"
            known = self.rows.get(place_id)
            if known is None:
                break
            if known["name"] == name and float(known["lat"]) == lat and float(known["lon"]) == lon:
                return place_id
        self.rows[place_id] = {
            "place_id": place_id,
            "name": name,
            "name_ar": "",
            "aliases": "",
            "feature_type": "town" if code == "1" else "region",
            "parent_id": "",
            "governorate": acled.slug(row.get("admin1", ""))
            or acled.slug(row.get("country", ""))
            or "unknown",
            "district": acled.slug(row.get("admin2", "")),
            "country": {v[1]: k for k, v in acled.COUNTRIES.items()}.get(row.get("country", ""), ""),
            "lat": lat,
            "lon": lon,
            "precision_m": acled.IMPORT_RADIUS_M.get(code, 25_000),
            "provenance": f"acled:{row['event_id_cnty']}",
            "provenance_source": document,
            "provenance_note": f"ACLED's point for {name!r}, geo_precision {code}; not in our gazetteer.",
            "shared_aliases": "",
        }
        return place_id

    def frame(self) -> pd.DataFrame:
        from geodata.gazetteer import COLUMNS

        return pd.DataFrame(list(self.rows.values()), columns=list(COLUMNS))


def import_acled(path: Path, out_dir: Path, gazetteer=None) -> ImportResult:
    """Turn an ACLED CSV into records, places.csv and a copy of the source file in `out_dir`."""
    from geodata.gazetteer import load_gazetteer, read_places

    gazetteer = gazetteer or load_gazetteer()
    rows = read_rows(path)
    out_dir.mkdir(parents=True, exist_ok=True)
    document = path.name
    places_path = out_dir / PLACES_FILE
    places = _Places(gazetteer, read_places(places_path) if places_path.exists() else None)
    result = ImportResult()
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        event_id = row.get("event_id_cnty", "").strip() or f"line {line}"
        try:
            place_id, precision = places.resolve(row, document)
            data = acled.to_record(row, document=document, place_id=place_id, location_precision=precision)
            Incident.model_validate(data)
        except (ValueError, KeyError) as exc:
            result.skipped.append(f"{path.name}:{line}: {event_id}: {exc}")
            continue
        if data["id"] in seen:
            result.skipped.append(f"{path.name}:{line}: {event_id}: same id as line {seen[data['id']]}")
            continue
        seen[data["id"]] = line
        target = out_dir / f"{data['id']}.yaml"
        header = f"# Imported from ACLED: {document}, event {event_id}.\n"
        target.write_text(header + _dump(data), encoding="utf-8")
        result.written.append(target)
    frame = places.frame()
    if len(frame):
        frame.to_csv(places_path, index=False, encoding="utf-8")
    result.places = len(frame)
    (out_dir / SOURCES_DIR).mkdir(exist_ok=True)
    shutil.copyfile(path, out_dir / SOURCES_DIR / document)
    return result


def _dump(data: dict) -> str:
    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value

    # Dates as ISO strings; the record reader keeps them strings and pydantic parses them.
    return yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False, width=100)


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


def main_import(csv_path: Path, out_dir: Path) -> int:
    """The command: import, then report what was written and what was skipped."""
    try:
        result = import_acled(csv_path, out_dir)
    except (OSError, ValueError, csv.Error) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for message in result.skipped:
        print(f"skipped: {message}", file=sys.stderr)
    print(
        f"{len(result.written)} records written to {out_dir}; {result.places} imported places in "
        f"{out_dir / PLACES_FILE if result.places else '(none)'}; {len(result.skipped)} rows skipped",
        file=sys.stderr,
    )
    return 1 if result.skipped else 0
