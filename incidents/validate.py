"""Every check a record file must pass, each failure reported as `path:line: field: message`.

Records are written by hand and may come from strangers, so the file is read defensively (size
cap, strict UTF-8, safe YAML without anchors, aliases or custom tags) and every problem is
collected rather than raised: one broken file must never hide the others.

Field paths follow pydantic's locations with 0-based list indices (`locations[1].place_id`);
the line is where that field is written, taken from the composed YAML node.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from incidents import dates, sources
from incidents.model import Incident
from incidents.paths import sources_dir
from incidents.precisions import finest_allowed, overstates
from incidents.quotes import normalise_for_quotes

MAX_BYTES = 1_000_000
"""Records are a few kilobytes; anything over 1 MB is refused before parsing."""

MAX_DEPTH = 20
"""Records nest four levels deep; deeper YAML is refused so hostile input cannot exhaust the stack."""

# Explicit tags a record may use; everything else (!!python/object, !include, !!binary) is refused.
_ALLOWED_TAGS = {None, "!"} | {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
}
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class RecordError:
    """One problem in one record file, located as precisely as the file allows."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.field}: {self.message}"


class PlaceLookup(Protocol):
    """What the checks need from the gazetteer (geodata.gazetteer.Gazetteer satisfies it)."""

    places: Any

    def __contains__(self, place_id: object) -> bool: ...


class _Refused(yaml.MarkedYAMLError):
    """A YAML construct records never need and hostile files abuse."""


class _RecordLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases, unknown tags and deep nesting while composing.

    Refusing anchors outright (records have no use for them) stops "billion laughs" alias bombs
    before any expansion. Dates stay strings so pydantic reports impossible dates with a field path
    instead of the YAML constructor failing on the whole file.
    """

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                None, None, f"YAML alias *{event.anchor} is not allowed in records", event.start_mark
            )
        if getattr(event, "anchor", None) is not None:
            raise _Refused(
                None, None, f"YAML anchor &{event.anchor} is not allowed in records", event.start_mark
            )
        tag = getattr(event, "tag", None)
        if tag not in _ALLOWED_TAGS:
            raise _Refused(None, None, f"YAML tag {tag!r} is not allowed in records", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass(frozen=True)
class ParsedFile:
    """A record file read as plain data, with the line of every field path for error messages."""

    data: Any
    lines: dict[str, int]


def read_record_file(path: Path, name: str | None = None) -> tuple[ParsedFile | None, list[RecordError]]:
    """Read one file safely into plain data; never raises for bad content."""
    name = name or str(path)

    def fail(message: str, line: int | None = None, field: str = "(file)") -> tuple[None, list[RecordError]]:
        return None, [RecordError(name, line, field, message)]

    try:
        if not path.is_file():
            return fail("not a regular file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            return fail(f"file is {size:,} bytes; records are limited to {MAX_BYTES:,} bytes")
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return fail(f"cannot read file: {exc.strerror or exc}")
    if len(raw) > MAX_BYTES:  # the file grew, or stat lied (a device)
        return fail(f"file is over {MAX_BYTES:,} bytes; records are limited to {MAX_BYTES:,} bytes")
    if raw.startswith(_BOM):  # editors on Windows add one; harmless, so accepted and stripped
        raw = raw[len(_BOM) :]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail("file is UTF-16; save it as UTF-8", 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return fail(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save as UTF-8", line
        )
    if not text.strip():
        return fail("file is empty", 1)

    try:
        loader = _RecordLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        return fail(f"character U+{exc.character:04X} is not allowed in YAML", line, "(yaml)")
    try:
        node = loader.get_single_node()
        if node is None:
            return fail("file has no YAML document", 1)
        if not isinstance(node, yaml.MappingNode):
            return fail("a record must be a YAML mapping of fields (key: value)", _line(node), "(yaml)")
        lines: dict[str, int] = {}
        errors = _map_lines(node, "", lines, name)
        if errors:
            return None, errors
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        return fail(message, mark.line + 1 if mark else None, "(yaml)")
    except yaml.YAMLError as exc:
        return fail(f"invalid YAML: {exc}", None, "(yaml)")
    except (RecursionError, ValueError, TypeError) as exc:
        return fail(f"invalid YAML: {exc}", None, "(yaml)")
    finally:
        loader.dispose()
    return ParsedFile(data, lines), []


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _map_lines(node: yaml.Node, path: str, lines: dict[str, int], name: str) -> list[RecordError]:
    """Record the line of every field path below `node`; report duplicate keys, which YAML hides."""
    errors: list[RecordError] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = f"{path}.{key}" if path else key
            if key in seen:
                errors.append(
                    RecordError(name, _line(key_node), child, "duplicate key (the later value would win)")
                )
            seen.add(key)
            lines.setdefault(child, _line(key_node))
            errors += _map_lines(value_node, child, lines, name)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            lines[child] = _line(item)
            errors += _map_lines(item, child, lines, name)
    return errors


def field_path(loc: Sequence[int | str]) -> str:
    """Pydantic's location tuple as `locations[1].place_id`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def line_for(lines: dict[str, int], path: str) -> int | None:
    """The line of a field, or of its nearest written parent when the field itself is missing."""
    while path:
        if path in lines:
            return lines[path]
        path = re.sub(r"(\[\d+\]|\.?[^.\[]+)$", "", path)
    return min(lines.values(), default=None)


def _model_at(loc: Sequence[int | str]) -> type[BaseModel] | None:
    """The sub-model a location points into, to list its allowed fields."""
    model: type[BaseModel] = Incident
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        while get_origin(annotation) is not None:
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if args else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        else:
            return None
    return model


def _plain_message(error: dict[str, Any]) -> str:
    """Pydantic's message rewritten for a curator, with the allowed values where that helps."""
    kind = error["type"]
    loc = tuple(error["loc"])
    given = error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = f" (allowed: {', '.join(model.model_fields)})" if model else ""
        return f"unknown field{allowed}"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{given!r} is not one of {expected}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        detail = error["msg"].split(",", 1)[-1].strip() if "," in error["msg"] else error["msg"]
        return f"{given!r} is not a valid date (YYYY-MM-DD): {detail}"
    if kind == "string_type" and isinstance(given, int) and loc and loc[-1] == "time_local":
        return 'time_local must be quoted ("01:10"); unquoted, YAML reads it as a number'
    message = str(error["msg"])
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        message += f", got {type(given).__name__} {str(given)[:40]!r}"
    return message


def parse_incident(parsed: ParsedFile, name: str) -> tuple[Incident | None, list[RecordError]]:
    """Validate plain data against the schema; every schema error becomes one RecordError."""
    try:
        return Incident.model_validate(parsed.data), []
    except ValidationError as exc:
        errors = []
        for error in exc.errors(include_url=False):
            path = field_path(error["loc"]) or "(record)"
            errors.append(RecordError(name, line_for(parsed.lines, path), path, _plain_message(error)))
        return None, errors


# --- checks across the record, the gazetteer and the source documents -------------------------


def check_dates(incident: Incident, parsed: ParsedFile, name: str, today: dt.date) -> list[RecordError]:
    """Dates the schema accepts but that cannot be right."""
    if incident.date is not None and incident.date.start > today:
        return [
            RecordError(name, line_for(parsed.lines, "date.start"), "date.start", "date is in the future")
        ]
    return []


def check_published(incident: Incident, parsed: ParsedFile, name: str) -> list[RecordError]:
    """No incident can be dated after a source that reports it was published, and relative words
    ('two days ago') must give the record's dates when resolved against the first source's."""
    errors: list[RecordError] = []
    if incident.date is None:  # a draft whose date the text does not give
        return errors
    relative = incident.date.relative
    published = incident.sources[0].published
    if relative is not None and published is not None:
        allowed = dates.resolve(relative, published.earliest, published.latest)
        line = line_for(parsed.lines, "date.relative")
        if allowed is None:
            known = ", ".join(f"'{w}'" for w in dates.RELATIVE_WORDS)
            errors.append(
                RecordError(
                    name,
                    line,
                    "date.relative",
                    f"cannot resolve {relative!r}; use words such as {known}, 'N days ago' or a "
                    "weekday, or leave the field out and explain the date in the note",
                )
            )
        elif incident.date.start < allowed[0] or (allowed[1] is not None and incident.date.end > allowed[1]):
            upto = f"{allowed[1]}" if allowed[1] is not None else "any later day"
            errors.append(
                RecordError(
                    name,
                    line_for(parsed.lines, "date.start"),
                    "date.start",
                    f"{relative!r} said on the publication day of {incident.sources[0].document} "
                    f"({published.earliest} to {published.latest or 'unknown'}) means {allowed[0]} to "
                    f"{upto}, but the record gives {incident.date.start} to {incident.date.end}",
                )
            )
    for index, source in enumerate(incident.sources):
        latest = source.published.latest if source.published is not None else None
        if latest is not None and incident.date.start > latest:
            path = f"sources[{index}].published.latest"
            errors.append(
                RecordError(
                    name,
                    line_for(parsed.lines, "date.start"),
                    "date.start",
                    f"the incident is dated {incident.date.start}, after {source.document} was "
                    f"published (latest {latest}, {path})",
                )
            )
    return errors


def check_places(
    incident: Incident, parsed: ParsedFile, name: str, gazetteer: PlaceLookup
) -> list[RecordError]:
    """Every location must name a gazetteer place, and claim no more precision than its radius allows."""
    errors = []
    for index, location in enumerate(incident.locations):
        if location.place_id is None:  # a draft's name the gazetteer lacks (the schema allows it only there)
            continue
        if location.place_id in gazetteer:
            radius = gazetteer.places.loc[location.place_id].get("precision_m")
            if radius is not None and not _missing(radius) and overstates(location.precision, radius):
                path = f"locations[{index}].precision"
                allowed = finest_allowed(float(radius))
                errors.append(
                    RecordError(
                        name,
                        line_for(parsed.lines, path),
                        path,
                        f"precision {location.precision.value!r} overstates place "
                        f"{location.place_id!r}, whose radius is {int(radius):,} m; at most "
                        f"{allowed.value!r} (incidents/location_precisions.csv)",
                    )
                )
            continue
        path = f"locations[{index}].place_id"
        known = [str(pid) for pid in gazetteer.places.index]
        close = difflib.get_close_matches(location.place_id, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; add the place to geodata/gazetteer.csv first"
        message = f"unknown place_id {location.place_id!r}{hint}"
        errors.append(RecordError(name, line_for(parsed.lines, path), path, message))
    return errors


def _safe_document_name(document: str) -> bool:
    return bool(document) and "/" not in document and "\\" not in document and document not in (".", "..")


def check_quotes(
    incident: Incident, parsed: ParsedFile, name: str, seeds: Path, store: Path | None = None
) -> list[RecordError]:
    """Every quote must be found verbatim in its source document (claims: in any of the record's),
    and a source text whose sha256 the record gives must still have that hash."""
    errors = []
    texts: list[str] = []
    all_found = True

    def err(path: str, message: str) -> None:
        errors.append(RecordError(name, line_for(parsed.lines, path), path, message))

    for s_index, source in enumerate(incident.sources):
        doc_path = f"sources[{s_index}].document"
        if not _safe_document_name(source.document):
            err(doc_path, f"document must be a file name in the seeds directory, got {source.document!r}")
            all_found = False
            continue
        kept = sources.locate(source.document, seeds, store)
        if kept is None:
            where = f"{seeds} or {store or sources_dir()}"
            err(doc_path, f"source document {source.document!r} not found in {where}")
            all_found = False
            continue
        try:
            raw = kept.read_bytes()
            text = normalise_for_quotes(raw.decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            err(doc_path, f"cannot read source document {source.document!r}: {exc}")
            all_found = False
            continue
        if source.sha256 is not None and sources.sha256_of(raw) != source.sha256:
            err(
                f"sources[{s_index}].sha256",
                f"source text {source.document} has changed: its sha256 is {sources.sha256_of(raw)}, "
                f"the record says {source.sha256}",
            )
        texts.append(text)
        for q_index, quote in enumerate(source.quotes):
            if normalise_for_quotes(quote) not in text:
                err(
                    f"sources[{s_index}].quotes[{q_index}]",
                    f"quote not found verbatim in {source.document}: {_clip(quote)}",
                )
    for c_index, claim in enumerate(incident.claims):
        if claim.quote is None:
            continue
        path = f"claims[{c_index}].quote"
        if not claim.quote.strip():
            err(path, "quote is empty (leave the field out when there is no quote)")
        elif all_found and not any(normalise_for_quotes(claim.quote) in text for text in texts):
            err(path, f"quote not found verbatim in any source document of this record: {_clip(claim.quote)}")
    return errors


def _missing(value: Any) -> bool:
    try:
        return bool(value != value)  # NaN from pandas
    except (TypeError, ValueError):
        return False


def _clip(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def display_path(path: Path) -> str:
    """A path as people read it in messages: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def record_files(directory: Path) -> list[Path]:
    """The record files of a directory, in a stable order (first file wins a duplicate id)."""
    return sorted(
        p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )


_DEFAULT: Any = object()


def check_parsed(
    parsed: ParsedFile,
    name: str,
    gazetteer: PlaceLookup | None = None,
    seeds: Path | None = None,
    today: dt.date | None = None,
    store: Path | None = None,
) -> tuple[Incident | None, list[RecordError]]:
    """Every check of one record read as plain data: the schema, dates, places (with a gazetteer)
    and quotes (with `seeds`). The one place the checks are listed, for files and drafts alike."""
    incident, errors = parse_incident(parsed, name)
    if incident is None:
        return None, errors
    errors += check_dates(incident, parsed, name, today or dt.date.today())
    errors += check_published(incident, parsed, name)
    if gazetteer is not None:
        errors += check_places(incident, parsed, name, gazetteer)
    if seeds is not None:
        errors += check_quotes(incident, parsed, name, seeds, store)
    return incident, errors


def check_record(
    data: dict,
    name: str,
    *,
    gazetteer: PlaceLookup | None = _DEFAULT,
    seeds: Path | None = _DEFAULT,
    today: dt.date | None = None,
) -> list[RecordError]:
    """Every check `validate` runs, on a record held in memory (a draft, an import) named `name`.

    By default the record is checked as `validate` checks the repository: against our gazetteer
    and, when the source documents are there, their quotes. Pass `gazetteer=None` or `seeds=None`
    to leave those checks out, or another gazetteer / documents directory (an import's own).
    Errors carry no line (the record has no file yet).

    >>> check_record({"id": "x"}, "draft", gazetteer=None, seeds=None)[0].field
    'title'
    """
    if not isinstance(data, dict):
        return [RecordError(name, None, "(record)", "a record must be a mapping of fields (key: value)")]
    if gazetteer is _DEFAULT:
        from geodata.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    if seeds is _DEFAULT:
        from incidents import paths

        seeds = paths.seeds_dir() if paths.seeds_dir().is_dir() else None
    return check_parsed(ParsedFile(data, {}), name, gazetteer, seeds, today)[1]


def check_file(
    path: Path,
    name: str | None = None,
    gazetteer: PlaceLookup | None = None,
    seeds: Path | None = None,
    today: dt.date | None = None,
    store: Path | None = None,
) -> tuple[Incident | None, list[RecordError]]:
    """One record file read safely and checked (`check_parsed`): the one loader of record files."""
    name = name or display_path(path)
    parsed, errors = read_record_file(path, name)
    if parsed is None:
        return None, errors
    return check_parsed(parsed, name, gazetteer, seeds, today)


@dataclass(frozen=True)
class Checked:
    """The outcome of checking a set of files: the valid incidents (with their files) and all errors."""

    records: list[tuple[Incident, str]]
    errors: list[RecordError]


def check_files(
    paths: Iterable[Path],
    gazetteer: PlaceLookup | None = None,
    seeds: Path | None = None,
    today: dt.date | None = None,
) -> Checked:
    """Check every file; a file with any error is left out of the records, never stopping the rest.

    Ids must be unique across files: the first file (in sorted order) keeps the id and each later
    one is reported. Places are checked when a gazetteer is given, quotes when `seeds` is given.
    """
    today = today or dt.date.today()
    records: list[tuple[Incident, str]] = []
    errors: list[RecordError] = []
    owner: dict[str, str] = {}
    for path in paths:
        name = display_path(path)
        parsed, file_errors = read_record_file(path, name)
        incident = None
        if parsed is not None:
            incident, file_errors = check_parsed(
                parsed, name, gazetteer, seeds, today, sources_dir(path.parent)
            )
        if incident is not None and parsed is not None:
            if incident.id in owner:
                line = line_for(parsed.lines, "id")
                file_errors.append(
                    RecordError(
                        name, line, "id", f"id {incident.id!r} is already used by {owner[incident.id]}"
                    )
                )
            else:
                owner[incident.id] = name
        errors += file_errors
        if incident is not None and not file_errors:
            records.append((incident, name))
    return Checked(records, errors)
