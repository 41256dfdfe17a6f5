"""What the curator's workbench does besides drafting: read an upload, keep drafts apart, save a record.

Drafts live in the curator's own state folder, never under the records, so a public replica that
restarts from the checkout can never publish a record nobody reviewed. A saved record's file name
comes from its id (date and place), never from typed text, and is written atomically.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import itertools
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from geodata.gazetteer import Gazetteer, estimated_place, gazetteer_csv, read_places, with_places
from incidents import paths, sources
from incidents.files import inside, write_atomic
from incidents.model import Incident
from incidents.text import slug
from incidents.validate import PlaceLookup, RecordError, check_record

if TYPE_CHECKING:
    from incidents.draft import Span

UPLOAD_MB = 2
"""Largest upload (and pasted article) the workbench accepts, in megabytes (streamlit's own cap too)."""
MAX_BYTES = UPLOAD_MB * 1024 * 1024
UPLOAD_SUFFIXES = (".txt", ".html", ".htm")


class UploadRefused(ValueError):
    """An upload the workbench will not read; the message says why, for the curator."""


def state_dir() -> Path:
    """The curator's own folder for drafts in progress (env CURATOR_STATE; default the XDG state dir)."""
    configured = os.environ.get("CURATOR_STATE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "eastern-syria-incident-map" / "drafts"


def read_pasted(text: str) -> str:
    """A pasted article, held to the same size as an upload."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise UploadRefused(
            f"the pasted text is {size / 1024 / 1024:.1f} MB; "
            f"the workbench takes articles up to {UPLOAD_MB} MB"
        )
    if not text.strip():
        raise UploadRefused("paste an article's text or upload a file first")
    return text


def read_upload(name: str, data: bytes) -> str:
    """An uploaded article as text: size-capped, UTF-8, a saved web page reduced to its text.

    The HTML is never kept or shown as HTML: only the text taken from it goes on.
    """
    if len(data) > MAX_BYTES:
        raise UploadRefused(
            f"{name}: the file is {len(data) / 1024 / 1024:.1f} MB; the workbench takes articles up to "
            f"{UPLOAD_MB} MB (save the article's text alone, or paste it)"
        )
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadRefused(f"{name}: expected a .txt file or a saved web page (.html)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRefused(f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    if suffix in (".html", ".htm"):
        from incidents.draft import reduce_html

        text = reduce_html(text)
    if not text.strip():
        raise UploadRefused(f"{name}: no text in the file")
    return text


# --- the article with its evidence --------------------------------------------------------------


def highlight_html(text: str, spans: Sequence[Span], rtl: bool = False) -> str:
    """The article as escaped HTML with every evidence span marked by kind (`<mark class="ev-place">`).

    Spans may nest (a place inside a quoted sentence): each stretch of text is marked with the
    kind of the shortest span covering it, so the words stand out inside their sentence. Each
    span's first stretch carries `id="ev-<start>-<end>"`, the anchor a field's evidence links to.

    >>> from incidents.draft import Span
    >>> page = highlight_html("Drones hit <al-Bukamal>.", [Span(11, 23, "<al-Bukamal>", "place")])
    >>> page.split("hit ")[1]
    '<mark class="ev-place" id="ev-11-23" title="place">&lt;al-Bukamal&gt;</mark>.</div>'
    """
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    anchored: set[tuple[int, int]] = set()
    for start, end in itertools.pairwise(cuts):
        piece = html.escape(text[start:end])
        covering = [s for s in spans if s.start <= start and end <= s.end and s.start < s.end]
        if not covering:
            out.append(piece)
            continue
        span = min(covering, key=lambda s: (s.end - s.start, s.kind))
        anchor = ""
        if (span.start, span.end) not in anchored and span.start == start:
            anchored.add((span.start, span.end))
            anchor = f' id="{anchor_of(span)}"'
        kind = html.escape(span.kind)
        out.append(f'<mark class="ev-{kind}"{anchor} title="{kind}">{piece}</mark>')
    direction = "rtl" if rtl else "ltr"
    return f'<div class="article" dir="{direction}">{"".join(out)}</div>'


def anchor_of(span: Span) -> str:
    """The HTML id of a span's mark in `highlight_html`."""
    return f"ev-{span.start}-{span.end}"


# --- checking, naming and saving a record ----------------------------------------------------------


def accepted(data: Mapping[str, Any], article: str, retrieved: dt.date) -> dict[str, Any]:
    """The record as the curator accepts it: no draft status or review list, an id from its date,
    type and first place, and its source pointing at the kept article with its hash and day."""
    record = {k: v for k, v in data.items() if k not in ("status", "review")}
    record["id"] = record_id(record)
    digest = sources.sha256_of(article.encode("utf-8"))
    record["sources"] = [dict(s) for s in record.get("sources") or [{}]]
    first = record["sources"][0]
    first["document"] = f"{digest[: sources.HASH_PREFIX]}.txt"
    first["sha256"] = digest
    first["retrieved"] = retrieved.isoformat()
    return record


def record_id(data: Mapping[str, Any]) -> str:
    """An id (and file name) made only from the record's date, type and first place: never typed text.

    >>> record_id({"date": {"start": "2021-01-13"}, "event_type": "air-strike",
    ...            "locations": [{"place_id": "al-bukamal"}]})
    '2021-01-13-air-strike-al-bukamal'
    """
    date = (data.get("date") or {}).get("start")
    locations = data.get("locations") or [{}]
    parts = [
        str(date or "undated"),
        str(data.get("event_type") or "event"),
        str(locations[0].get("place_id") or ""),
    ]
    return slug(" ".join(parts))


def check(
    data: Mapping[str, Any], article: str, gazetteer: PlaceLookup, today: dt.date | None = None
) -> list[RecordError]:
    """Every check `validate` runs (`check_record`), on this record held in memory; its quotes are
    looked for in the article itself (it is not kept until saved)."""
    with tempfile.TemporaryDirectory(prefix="draft-article-") as folder:
        for source in data.get("sources") or []:
            document = source.get("document") if isinstance(source, Mapping) else None
            with contextlib.suppress(ValueError, TypeError):  # check_record reports a bad document name
                inside(Path(folder), str(document)).write_text(article, encoding="utf-8")
        return check_record(dict(data), "draft", gazetteer=gazetteer, seeds=Path(folder), today=today)


def duplicates(data: Mapping[str, Any], records: Sequence[Incident]) -> list[str]:
    """Records that may already tell this event: the same article URL, or the same place and a shared day."""
    found = []
    urls = {s.get("url") for s in data.get("sources") or [] if s.get("url")}
    date = data.get("date") or {}
    places = {loc.get("place_id") for loc in data.get("locations") or [] if loc.get("place_id")}
    try:
        start, end = dt.date.fromisoformat(str(date["start"])), dt.date.fromisoformat(str(date["end"]))
    except (KeyError, ValueError):
        start = end = None
    for incident in records:
        if urls & {s.url for s in incident.sources if s.url}:
            found.append(f"{incident.id}: the same article (URL) is already a source of this record")
        elif (
            start is not None
            and incident.date is not None
            and places & {loc.place_id for loc in incident.locations}
            and incident.date.start <= end
            and start <= incident.date.end
        ):
            found.append(f"{incident.id}: already records the same place on a day this event may be")
    return found


def save(
    data: Mapping[str, Any],
    article: str,
    records: Path | None = None,
    store: Path | None = None,
    places: Sequence[dict[str, str]] = (),
    gazetteer: Path | None = None,
) -> Path:
    """Keep the article in the source store, add the new `places` to the gazetteer and write the
    record as YAML in the records folder.

    The file is `<id>.yaml` inside `records` (never elsewhere, never over an existing record),
    written atomically. Check the record and the places first (`check`, `place_problems`): this
    only writes.
    """
    folder = records or paths.records_dir()
    target = inside(folder, f"{data['id']}.yaml")
    if target.exists():
        raise FileExistsError(f"{target.name} already exists; a record's id never changes")
    sources.save(article, store)
    if places:
        target_csv = gazetteer or gazetteer_csv()
        write_atomic(target_csv, with_places(list(places), target_csv).encode("utf-8"))
    text = yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=100)
    write_atomic(target, text.encode("utf-8"))
    return target


# --- a place the gazetteer lacks ------------------------------------------------------------------


def new_place(name: str, **fields: Any) -> dict[str, str]:
    """A gazetteer row for a place the curator adds: `estimated`, its id made from its name."""
    return estimated_place(slug(name), name, **fields)


def place_problems(rows: Sequence[dict[str, str]], gazetteer: Path | None = None) -> list[str]:
    """What `python -m geodata check` says about the new rows, once appended to the gazetteer."""
    from geodata.__main__ import check as check_gazetteer

    current = gazetteer or gazetteer_csv()
    first_new = current.read_text(encoding="utf-8").count("\n") + 1
    with tempfile.TemporaryDirectory(prefix="gazetteer-") as folder:
        candidate = Path(folder) / "gazetteer.csv"
        candidate.write_text(with_places(list(rows), current), encoding="utf-8")
        return [
            f"{field}: {message}" for line, field, message in check_gazetteer(candidate) if line >= first_new
        ]


def gazetteer_with(rows: Sequence[dict[str, str]], gazetteer: Path | None = None) -> Gazetteer:
    """The gazetteer as it will be once the new rows are added (to check a record that uses them)."""
    with tempfile.TemporaryDirectory(prefix="gazetteer-") as folder:
        candidate = Path(folder) / "gazetteer.csv"
        candidate.write_text(with_places(list(rows), gazetteer), encoding="utf-8")
        return Gazetteer(read_places(candidate))


def keep_draft(draft_json: Mapping[str, Any], article: str, folder: Path | None = None) -> Path:
    """Keep an article and its drafts in the curator's state folder (outside the records), by hash."""
    digest = sources.sha256_of(article.encode("utf-8"))
    target = inside(folder or state_dir(), f"{digest[: sources.HASH_PREFIX]}.json")
    payload = {"article": article, "drafts": dict(draft_json)}
    write_atomic(target, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
    return target
