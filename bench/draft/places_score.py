"""Recall and precision of the place ids ``find_in_text`` resolves in the seed articles.

    .venv/bin/python -m bench.draft.places_score [--seeds DIR] [-v]

The answers are the curated records (``incidents/records/*.yaml``): for each seed article, the set of
``locations[].place_id`` of the records citing it (``sources[].document``). Recall: the share of those
ids that ``find_in_text`` resolves somewhere in the article; precision: the share of the ids it resolves
that a record of the article uses. A place the article names in passing and no record keeps (Palmyra,
Daraa) counts against precision, and a record's place inferred from words that name no place ("a
checkpoint in the city") counts against recall: both are what a curator would see.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

from geodata.gazetteer import load_gazetteer
from incidents import paths


def answers(records_dir: Path) -> dict[str, set[str]]:
    """Seed document name -> the place ids its records use."""
    out: dict[str, set[str]] = defaultdict(set)
    for path in sorted(records_dir.glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids = {loc["place_id"] for loc in record.get("locations") or [] if loc.get("place_id")}
        for source in record.get("sources") or []:
            if source.get("document"):
                out[source["document"]] |= ids
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=paths.seeds_dir())
    parser.add_argument("--records", type=Path, default=paths.records_dir())
    parser.add_argument("-v", "--verbose", action="store_true", help="print every mention")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    gazetteer.find_in_text("")  # build the index outside the timing
    hit = gold_total = found_total = in_candidates = 0
    slowest = 0.0
    for document, gold in sorted(answers(args.records).items()):
        text = (args.seeds / document).read_text(encoding="utf-8")
        started = time.perf_counter()
        mentions = gazetteer.find_in_text(text)
        slowest = max(slowest, time.perf_counter() - started)
        found = {m.resolved for m in mentions if m.resolved}
        candidates = {p for m in mentions for p in m.place_ids}
        hit += len(gold & found)
        in_candidates += len(gold & candidates)
        gold_total += len(gold)
        found_total += len(found)
        print(f"{document}: {len(gold & found)}/{len(gold)} record places found, {len(found)} resolved")
        if gold - found:
            print(f"  missed: {', '.join(sorted(gold - found))}")
        if found - gold:
            print(f"  not in a record: {', '.join(sorted(found - gold))}")
        review = [m for m in mentions if m.review]
        for m in review:
            print(f"  review: {m.review}")
        if args.verbose:
            for m in mentions:
                print(f"    {m.start}-{m.end} {m.as_written!r} {m.resolved} {m.precision} {m.qualifier}")
    print(
        f"recall {hit}/{gold_total} = {hit / gold_total:.1%} "
        f"(among candidates {in_candidates}/{gold_total} = {in_candidates / gold_total:.1%}); "
        f"precision {hit}/{found_total} = {hit / max(found_total, 1):.1%}; "
        f"slowest article {slowest * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
