"""The command line: `python -m incidents validate [DIR]` and `python -m incidents export`.

validate exits 1 when any record has an error (so `make test` fails), printing every error as
`path:line: field: message`; export writes the valid records and lists skipped files on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from incidents import paths
from incidents.export import FORMATS, ExportFilter, export
from incidents.load import load_incidents
from incidents.model import Attacker, EventType
from incidents.validate import PlaceLookup


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _gazetteer(path: Path | None) -> PlaceLookup | None:
    if path is None:
        return None  # load_incidents loads the default and reports if it cannot
    from geodata.gazetteer import load_gazetteer

    return load_gazetteer(path)


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
    result = load_incidents(
        records_dir, gazetteer=_gazetteer(args.gazetteer), seeds_dir=seeds, check_quotes=check_quotes
    )
    for error in result.errors:
        print(error)
    files = len({e.path for e in result.errors})
    status = f"{len(result.records)} valid records; {len(result.errors)} errors in {files} files"
    print(status, file=sys.stderr)
    return 1 if result.errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export the valid records, filtered; skipped files are listed on stderr."""
    result = load_incidents(args.dir, gazetteer=_gazetteer(args.gazetteer))
    for error in result.errors:
        print(f"skipped: {error}", file=sys.stderr)
    selection = ExportFilter(args.date_from, args.date_to, tuple(args.attacker), tuple(args.type))
    if args.output is None or str(args.output) == "-":
        export(result, args.format, sys.stdout, selection)
    else:
        with args.output.open("w", encoding="utf-8", newline="\n") as out:
            export(result, args.format, out, selection)
    return 0


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
    exp.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="on or after (YYYY-MM-DD)")
    exp.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="on or before (YYYY-MM-DD)")
    exp.add_argument("--attacker", action="append", default=[], choices=[a.value for a in Attacker])
    exp.add_argument("--type", action="append", default=[], choices=[t.value for t in EventType])
    exp.add_argument("--dir", type=Path, help="records directory (default incidents/records)")
    exp.add_argument("--gazetteer", type=Path, help="gazetteer CSV (default geodata/gazetteer.csv)")
    exp.set_defaults(func=cmd_export)
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
