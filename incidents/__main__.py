"""The command line: `python -m incidents validate [DIR]`, `export`, `changes`, `import` (alias
`import-acled`) and `corroborate`.

validate exits 1 when any record (or briefing) has an error (so `make test` fails), printing every
error as `path:line: field: message`; export writes the valid records of the chosen view and
lists skipped files on stderr; import-acled turns an ACLED CSV into records (incidents/importer.py).
A records directory written by import-acled carries its own places.csv and sources/, which
validate and export use beside the gazetteer and the seeds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs

import pandas as pd

from incidents import actors, combine, dataset, parties, paths, table_places, tables
from incidents.export import DEFAULT_BASE_URL, FORMATS, export
from incidents.filters import PARAMETERS, PARAMS, Filter
from incidents.ingest import SourceError
from incidents.load import load_incidents
from incidents.model import EventType
from incidents.validate import PlaceLookup

FILTER_PARAMS = tuple(p for p in PARAMS if p.scope == "filter")


def _gazetteer(path: Path | None, records_dir: Path | None = None) -> PlaceLookup | None:
    """The gazetteer at `path` (default: ours), plus the imported places of `records_dir` if any."""
    from incidents.importer import PLACES_FILE, gazetteer_for

    if path is None and (records_dir is None or not (records_dir / PLACES_FILE).is_file()):
        return None  # load_incidents loads the default and reports if it cannot
    return gazetteer_for(records_dir, path)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every record; quotes too when the source documents are available."""
    seeds = args.seeds or paths.seeds_dir()
    check_quotes = seeds.is_dir()
    if args.seeds is not None and not check_quotes:
        print(f"error: --seeds {args.seeds} is not a directory", file=sys.stderr)
        return 2
    if not check_quotes:
        print(f"note: source documents not found at {seeds}; quotes not checked", file=sys.stderr)
    records_dir = args.dir or paths.records_dir()
    if not records_dir.is_dir():
        print(f"error: {records_dir} is not a directory", file=sys.stderr)
        return 2
    from incidents.importer import documents_dir

    try:
        gazetteer = _gazetteer(args.gazetteer, records_dir)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with documents_dir(records_dir, seeds if check_quotes else None) as documents:
        result = load_incidents(
            records_dir,
            gazetteer=gazetteer,
            seeds_dir=documents,
            check_quotes=documents is not None,
        )
    errors = list(result.errors)
    if args.dir is None:  # the repository's records: its briefings must name them
        from incidents.briefings import check_all

        errors += check_all(known_ids=result.incidents["id"])
    for error in errors:
        print(error)
    files = len({e.path for e in errors})
    drafts = f" and {len(result.drafts)} valid drafts" if result.drafts else ""
    status = f"{len(result.records)} valid records{drafts}; {len(errors)} errors in {files} files"
    print(status, file=sys.stderr)
    return 1 if errors else 0


def cmd_changes(args: argparse.Namespace) -> int:
    """Records added, changed and removed since a day (committed), each with its commits."""
    from incidents import history

    records_dir = args.dir or paths.records_dir()
    try:
        changes = history.changes_since(records_dir, args.since)
    except history.HistoryUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for change in changes:
        print(f"{change.kind:8} {change.id}")
        for commit in change.changes:
            print(f"         {commit.date:%Y-%m-%d} {commit.commit[:10]} {commit.message}")
    counts = {kind: sum(c.kind == kind for c in changes) for kind in ("added", "changed", "removed")}
    print(", ".join(f"{n} {kind}" for kind, n in counts.items()) + f" since {args.since}", file=sys.stderr)
    return 0


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {value[:20]!r}") from None


def export_filter(
    args: argparse.Namespace, incidents: pd.DataFrame | None = None, places: pd.DataFrame | None = None
) -> Filter:
    """The CLI's filter: `--link`'s query string, then every flag, read as the app reads a link.

    A flag is the URL parameter of the same name (incidents.filters.PARAMS), so `--type
    drone-strike` and `?type=drone-strike` mean the same; a flag repeats a link's parameter
    instead of adding to it. A value the app would ignore with a notice is an error here.
    Attackers and event types may be any the loaded table names (`incidents`).
    """
    query: dict[str, list[str]] = {}
    if args.link:
        link = args.link.split("#", 1)[0]
        query = parse_qs(link.split("?", 1)[1] if "?" in link else link, keep_blank_values=True)
    for param in FILTER_PARAMS:
        given = getattr(args, param.field)
        if given:
            query[param.name] = given
    known: dict[str, object] = {}
    if incidents is not None:
        known["known_attackers"] = [*actors.known_actors(), *incidents["attacker"].unique()]
        known["known_types"] = [*(t.value for t in EventType), *incidents["event_type"].unique()]
        known["known_actors"] = [entry["slug"] for entry in parties.listing(incidents["parties"])]
        if combine.COLUMN in incidents:
            known["known_datasets"] = [str(d) for d in incidents[combine.COLUMN].unique()]
    if places is not None:
        known["known_places"] = places.index
        known["known_governorates"] = places["governorate"].dropna().unique()
    selection, notices = Filter.from_query(query, **known)
    if notices:
        raise ValueError(" ".join(notices))
    return selection


def cmd_export(args: argparse.Namespace) -> int:
    """Export the valid records of the view, filtered; skipped files are listed on stderr."""
    try:
        gazetteer = _gazetteer(args.gazetteer, args.dir)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # The same datasets the app runs on (INCIDENTS_SOURCE), unless a table or records folder is named.
    shown = [dataset.describe(args.table)] if args.table else dataset.datasets()
    if args.dir is not None:
        shown = [dataset.describe(None)]
    both = combine.load(
        shown,
        lambda: load_incidents(args.dir, gazetteer=gazetteer),
        lambda path: tables.load_result(path, gazetteer),
    )
    result = both.result
    if any([print_report(report) for report in both.reports]):
        return 2
    if any(d.path is not None for d in shown):
        places = getattr(gazetteer, "places", None)
        if places is None:
            from geodata.gazetteer import load_gazetteer

            places = load_gazetteer().places
        gazetteer = SimpleNamespace(places=table_places.places_for(result.sites, places))
    for error in result.errors:
        print(f"skipped: {error}", file=sys.stderr)
    briefing = None
    if args.briefing:
        from incidents.briefings import BriefingError, load_briefing

        try:
            briefing = load_briefing(args.briefing, known_ids=result.incidents["id"])
        except KeyError:
            print(f"error: no briefing {args.briefing!r}", file=sys.stderr)
            return 2
        except BriefingError as exc:
            print(f"error: briefing {args.briefing!r} is broken: {exc}", file=sys.stderr)
            return 2
    places = getattr(gazetteer, "places", None)
    try:
        selection = export_filter(args, result.incidents, places)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    options = {
        "briefing": briefing,
        "places": places,
        "base_url": args.base_url,
        "acled_uncertain": args.acled_uncertain,
    }
    if args.output is None or str(args.output) == "-":
        left_out = export(result, args.format, sys.stdout, selection, **options)
    else:
        with args.output.open("w", encoding="utf-8", newline="") as out:
            left_out = export(result, args.format, out, selection, **options)
    for tag, count in left_out.items():
        print(f"note: {ACLED_LEFT_OUT[tag].format(n=count)}", file=sys.stderr)
    return 0


ACLED_LEFT_OUT = {
    "year-unknown": "{n} incident(s) left out of the ACLED export: the year is unknown, and ACLED codes "
    "no event less precisely than a month (--acled-uncertain writes them tagged year-unknown).",
    "date-range": "{n} incident(s) left out of the ACLED export: the possible days span more than a "
    "month (--acled-uncertain writes them tagged date-range).",
    "date-unknown": "{n} incident(s) left out of the ACLED export: no date at all.",
}
"""Why the ACLED export leaves an incident out, by the tag incidents.acled.acled_date gives it."""


def cmd_import_acled(args: argparse.Namespace) -> int:
    """Turn an ACLED or UCDP GED export into records in DIR (see incidents/importer.py)."""
    from incidents.importer import main_import

    return main_import(args.file, args.output)


def print_report(report) -> bool:
    """Every skipped row and warning of a table, then its summary, on stderr; True if unreadable."""
    if report is None:
        return False
    if report.error:
        print(f"error: {report.error}", file=sys.stderr)
        return True
    for line in report.lines():
        print(line, file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return False


def cmd_check_source(args: argparse.Namespace) -> int:
    """A dry run of loading a table: what would be drawn, warned about and skipped, and why."""
    result = tables.load_result(args.file)
    if print_report(result.report):
        return 2
    return 1 if result.report.n_skipped else 0


def cmd_corroborate(args: argparse.Namespace) -> int:
    """Candidate matches (CSV): our records (or --table's events, with --against) in another table."""
    from incidents import corroborate

    other_path = args.against or args.table
    other = tables.load_result(other_path)
    if print_report(other.report):
        return 2
    if args.against is not None:
        mine = tables.load_result(args.table)
        if print_report(mine.report):
            return 2
    else:
        mine = load_incidents(args.dir)
    found = corroborate.candidates(mine.incidents, mine.sites, other.incidents, other.sites, other_path.name)
    if args.output is None or str(args.output) == "-":
        found.to_csv(sys.stdout, index=False)
    else:
        found.to_csv(args.output, index=False, encoding="utf-8")
    print(
        f"{len(found):,} candidate matches in {other_path.name} for {found['id'].nunique():,} of "
        f"{len(mine.incidents):,} incidents (possible days overlapping, sites within both radii, "
        "compatible types); nothing merged or changed",
        file=sys.stderr,
    )
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    """Convert a table into the Parquet cache the app reads (once per file content), with progress."""
    from incidents import columnar

    last = [0.0]

    def show(progress: columnar.Progress) -> None:
        now = time.monotonic()
        if now - last[0] >= 1.0 or progress.fraction >= 1.0:  # a line a second, and the last one
            last[0] = now
            line = progress.to_json() if args.progress == "json" else progress.line()
            print(line, file=sys.stderr, flush=True)

    started = time.monotonic()
    try:
        directory = columnar.convert(args.file, progress=show)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(columnar.report_of(directory).summary(), file=sys.stderr)
    print(f"converted in {time.monotonic() - started:,.1f} s: {directory}", file=sys.stderr)
    print(directory)
    return 0


def _base_url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"the base URL must start with http:// or https://: {text!r}")
    return text if text.endswith("/") else text + "/"


def export_usage() -> str:
    """The README's synopsis of `export`, one flag per filter parameter (cog writes it)."""
    words = [f".venv/bin/python -m incidents export --format {{{','.join(FORMATS)}}}", "[--link QUERY]"]
    words += [f"[{p.flag} {p.metavar}]{'...' if p.repeat else ''}" for p in FILTER_PARAMS]
    words += ["[--briefing NAME]", "[--acled-uncertain]", "-o FILE"]
    lines = [words[0]]
    for word in words[1:]:
        if len(lines[-1]) + len(word) > 96:
            lines[-1] += " \\"
            lines.append("   ")
        lines[-1] += " " + word
    return "\n".join(lines)


def cmd_draft(args: argparse.Namespace) -> int:
    """Draft records from one article: JSON on standard output, or YAML record files."""
    from incidents.draft import draft_article, reduce_html
    from incidents.draft.cli import write_drafts

    if str(args.file) == "-":
        raw, document = sys.stdin.read(), None
    else:
        try:
            raw, document = args.file.read_text(encoding="utf-8"), args.file.name
        except (OSError, UnicodeDecodeError) as exc:
            print(f"error: cannot read {args.file}: {exc}", file=sys.stderr)
            return 2
    html = raw.lstrip()[:1] == "<" or args.file.suffix.lower() in (".html", ".htm")
    text = reduce_html(raw) if html else raw
    draft = draft_article(text, published=args.published, url=args.url, document=document)
    return write_drafts(draft, args.format, args.output, sys.stdout)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m incidents", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check every record and report all errors")
    validate.add_argument("dir", nargs="?", type=Path, help="records directory (default incidents/records)")
    validate.add_argument("--seeds", type=Path, help="source documents (default ../shared/seeds)")
    validate.add_argument("--gazetteer", type=Path, help="gazetteer CSV (default geodata/gazetteer.csv)")
    validate.set_defaults(func=cmd_validate)

    exp = commands.add_parser("export", help="write the records in an exchange format")
    exp.add_argument("--format", choices=sorted(FORMATS), default="geojson")
    exp.add_argument("-o", "--output", type=Path, help="output file (default stdout)")
    filters = exp.add_argument_group("filters (the URL parameters of the same name; see README)")
    filters.add_argument(
        "--link", metavar="QUERY", help="a link's query string as is ('?from=2021-01-01&attacker=israel')"
    )
    for param in FILTER_PARAMS:
        filters.add_argument(
            param.flag,
            dest=param.field,
            metavar=param.metavar,
            action="append",
            help=PARAMETERS[param.name].replace("`", ""),
        )
    exp.add_argument("--briefing", metavar="NAME", help="a briefing: its filters, incidents and order")
    exp.add_argument(
        "--base-url",
        type=_base_url,
        default=DEFAULT_BASE_URL,
        help=f"the live app, for links in the html export (default {DEFAULT_BASE_URL})",
    )
    exp.add_argument(
        "--acled-uncertain",
        action="store_true",
        help="ACLED format: also write incidents ACLED cannot date (year unknown, a span over a month), "
        "tagged year-unknown or date-range, at their earliest possible day",
    )
    exp.add_argument("--dir", type=Path, help="records directory (default incidents/records)")
    exp.add_argument(
        "--table",
        type=Path,
        help="a large table (CSV/Parquet/GeoJSON, ACLED or our layout) instead of the records "
        "(default: $INCIDENTS_SOURCE when set)",
    )
    exp.add_argument("--gazetteer", type=Path, help="gazetteer CSV (default geodata/gazetteer.csv)")
    exp.set_defaults(func=cmd_export)

    check = commands.add_parser(
        "check-source", help="dry run: which rows of a table would be drawn, warned about or skipped, and why"
    )
    check.add_argument("file", type=Path, help="a CSV, Parquet or GeoJSON file (ACLED's layout or ours)")
    check.set_defaults(func=cmd_check_source)

    corr = commands.add_parser(
        "corroborate",
        help="candidate matches (CSV): the events of a table that could be our records' (or another table's)",
    )
    corr.add_argument("--table", type=Path, required=True, help="a table (CSV/Parquet/GeoJSON, any layout)")
    corr.add_argument(
        "--against", type=Path, help="match --table's events against this table instead of our records"
    )
    corr.add_argument("--dir", type=Path, help="records directory (default incidents/records)")
    corr.add_argument("-o", "--output", type=Path, help="output CSV (default stdout)")
    corr.set_defaults(func=cmd_corroborate)

    conv = commands.add_parser(
        "convert", help="convert a large table once into the Parquet cache the app reads ($INCIDENTS_CACHE)"
    )
    conv.add_argument("file", type=Path, help="a CSV, Parquet or GeoJSON file (ACLED's layout or ours)")
    conv.add_argument(
        "--progress",
        choices=("text", "json"),
        default="text",
        help="progress lines on stderr (json: for the app)",
    )
    conv.set_defaults(func=cmd_convert)

    changes = commands.add_parser("changes", help="records added, changed and removed since a day (git)")
    changes.add_argument("--since", type=_day, required=True, metavar="YYYY-MM-DD", help="the first day")
    changes.add_argument("--dir", type=Path, help="records directory (default incidents/records)")
    changes.set_defaults(func=cmd_changes)

    draft = commands.add_parser("draft", help="draft records from a news article (English or Arabic)")
    draft.add_argument("file", type=Path, help="the article: plain text or a saved HTML page; - for stdin")
    draft.add_argument(
        "--published", type=_iso_date, help="publication date YYYY-MM-DD (default: from the text)"
    )
    draft.add_argument("--url", help="the article's web address")
    draft.add_argument(
        "--format", choices=("yaml", "json"), default="json", help="json (stdout) or yaml records"
    )
    draft.add_argument("-o", "--output", type=Path, help="directory for the drafts (default stdout)")
    draft.set_defaults(func=cmd_draft)

    imp = commands.add_parser(
        "import", aliases=["import-acled"], help="turn an ACLED or UCDP GED CSV export into records"
    )
    imp.add_argument("file", type=Path, help="the CSV (ACLED's layout, either, or UCDP GED's)")
    imp.add_argument("-o", "--output", type=Path, required=True, help="directory for the records")
    imp.set_defaults(func=cmd_import_acled)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `validate | head`: the reader left; stop quietly like other CLI tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
