"""Score the drafter on a labelled set: per-field table, English and Arabic and the seed articles.

    .venv/bin/python -m bench.draft.score            # the table bench/RESULTS.md keeps

The labelled set is cases_en.yaml and cases_ar.yaml (short reports written for this bench) plus
the five seed articles in ../shared/seeds, whose answers are the 29 records in incidents/records.
Seed dates: the text gives no year, so the answer is what the words allow (a day of unknown year
for "September 4" or "reported on 13 January"; unknown for weekdays and relative words, which need a
publication day the page does not carry); a drafted date inside a record's hedged range is not
counted as wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from geodata.gazetteer import load_gazetteer
from incidents import paths
from incidents.draft import draft_article
from incidents.load import casualty_range
from incidents.model import DatePrecision, Incident

HERE = Path(__file__).parent
CASES = (HERE / "cases_en.yaml", HERE / "cases_ar.yaml", HERE / "cases_heldout.yaml")


@dataclass
class Case:
    name: str
    text: str
    published: dt.date | None
    events: list[dict[str, Any]]
    group: str


@dataclass
class Tally:
    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    seconds: list[float] = field(default_factory=list)

    def add(self, key: str, ok: bool, n: int = 1) -> None:
        self.counts[key][0] += int(ok) * n
        self.counts[key][1] += n


def labelled_cases() -> list[Case]:
    cases = []
    for path in CASES:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            published = item.get("published")
            cases.append(
                Case(item["id"], item["text"], published, item["events"], path.stem.removeprefix("cases_"))
            )
    return cases


def _record_answer(incident: Incident) -> dict[str, Any]:
    date = incident.date
    answer: dict[str, Any] = {}
    if date is not None and date.relative is None:
        if date.precision is DatePrecision.DAY_YEAR_UNKNOWN or (
            date.precision in (DatePrecision.DAY, DatePrecision.DAY_INFERRED) and date.year_inferred
        ):
            answer = {"month_day": f"{date.start:%m-%d}"}
        elif date.precision in (DatePrecision.DAY, DatePrecision.DAY_INFERRED):
            answer = {"earliest": date.start, "latest": date.end}

    def toll(reports: list) -> dict[str, int | None] | None:
        if not reports:
            return None
        low, high = casualty_range(reports)
        return {"min": low, "max": high}

    return {
        "event_type": incident.event_type,
        "date": answer,
        "span": (date.start, date.end) if date is not None else None,
        "places": sorted({loc.place_id for loc in incident.locations if loc.place_id}),
        "killed": toll(incident.killed),
        "injured": toll(incident.injured),
        "stances": [[c.attacker, c.stance.value] for c in incident.claims],
        "id": incident.id,
    }


def seed_cases(seeds: Path) -> list[Case]:
    by_document: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in sorted(paths.records_dir().glob("*.yaml")):
        incident = Incident.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        by_document[incident.sources[0].document].append(_record_answer(incident))
    cases = []
    for document, answers in sorted(by_document.items()):
        file = seeds / document
        if file.is_file():
            cases.append(Case(document, file.read_text(encoding="utf-8"), None, answers, "seeds"))
    return cases


def _date_key(date: dict[str, Any]) -> tuple:
    def iso(v: Any) -> str | None:
        return v.isoformat() if isinstance(v, dt.date) else v

    return (iso(date.get("earliest")), iso(date.get("latest")), date.get("month_day"))


def _inside(drafted: dict[str, Any], span: tuple[dt.date, dt.date] | None) -> bool:
    """A record's range ("between 19 and 20 February") holds the drafted day or day of the year."""
    if span is None or not (span[0] or span[1]):
        return False
    start, end = span
    if drafted.get("earliest"):
        return (
            start
            <= dt.date.fromisoformat(drafted["earliest"])
            <= dt.date.fromisoformat(drafted["latest"])
            <= end
        )
    month, day = map(int, drafted["month_day"].split("-"))
    for year in range(start.year, end.year + 1):
        try:
            if start <= dt.date(year, month, day) <= end:
                return True
        except ValueError:
            continue
    return False


def _matches(answer: dict[str, Any], event: dict[str, Any]) -> float:
    drafted = {p["place_id"] for p in event["places"] if p["place_id"]}
    places = len(drafted & set(answer["places"]))
    date_ok = bool(answer["date"]) and _date_key(answer["date"]) == _date_key(event["date"])
    if not places and not date_ok:
        return 0.0
    return (
        2.0 * date_ok + (event["event_type"] == answer["event_type"]) + places / max(1, len(answer["places"]))
    )


def _verbatim(text: str, event: dict[str, Any]) -> tuple[int, int]:
    strings = [event["quote"], event["date"]["words"], event["killed"]["words"], event["injured"]["words"]]
    strings += [p["as_written"] for p in event["places"]]
    strings += [v for c in event["claims"] for v in (c["actor"], c["by"], c["quote"])]
    strings = [s for s in strings if s is not None]
    return sum(s in text for s in strings), len(strings)


def score_case(case: Case, tally: Tally, gazetteer: Any, misses: list[str] | None = None) -> None:
    started = time.perf_counter()
    draft = draft_article(case.text, published=case.published, gazetteer=gazetteer)
    tally.seconds.append(time.perf_counter() - started)
    events = draft.to_json()["events"]
    for event in events:
        ok, total = _verbatim(case.text, event)
        tally.add("verbatim strings", ok == total, total) if ok == total else tally.add(
            "verbatim strings", False, total
        )
    pairs = sorted(
        (
            (s, i, j)
            for i, a in enumerate(case.events)
            for j, e in enumerate(events)
            if (s := _matches(a, e)) > 0
        ),
        reverse=True,
    )
    used_a, used_e, matched = set(), set(), {}
    for _, i, j in pairs:
        if i not in used_a and j not in used_e:
            used_a.add(i)
            used_e.add(j)
            matched[i] = events[j]
    for i, answer in enumerate(case.events):
        event = matched.get(i)
        tally.add("events found", event is not None)
        if event is None:
            if misses is not None:
                misses.append(f"{case.name}: {answer.get('id') or i}")
            continue
        drafted = {p["place_id"] for p in event["places"] if p["place_id"]}
        for place in answer["places"]:
            tally.add("places found", place in drafted)
        tally.add("event types", event["event_type"] == answer["event_type"])
        date = answer["date"]
        got = _date_key(event["date"])
        if date.get("earliest") and date.get("earliest") == date.get("latest"):
            tally.add("single-day dates", got == _date_key(date))
        elif date.get("earliest"):
            tally.add("date spans", got == _date_key(date))
        elif date.get("month_day"):
            tally.add("day-of-unknown-year dates", got == _date_key(date))
        drafted = got != (None, None, None)
        tally.add(
            "invented or wrong dates (lower is better)",
            drafted and got != _date_key(date) and not _inside(event["date"], answer.get("span")),
        )
        for kind in ("killed", "injured"):
            want = answer.get(kind)
            have = event[kind]
            if want is not None:
                tally.add("tolls exact", (have["min"], have["max"]) == (want["min"], want["max"]))
            invented = have["min"] is not None or have["max"] is not None
            wrong = invented and (want is None or (have["min"], have["max"]) != (want["min"], want["max"]))
            tally.add("invented or wrong tolls (lower is better)", wrong)
        wanted = {tuple(s) for s in answer["stances"]}
        have_stances = {(c["attacker"], c["stance"]) for c in _claims_with_slugs(event, draft)}
        for stance in wanted:
            tally.add("stances", stance in have_stances)
        if not wanted:
            tally.add("stances", not have_stances or event["attacker"] == "unknown")
    # drafted coordinates right: a drafted place id among the answers' places for its event
    for event in events:
        answer = next((case.events[i] for i, e in matched.items() if e is event), None)
        if answer is None:
            continue
        for place in event["places"]:
            if place["place_id"]:
                tally.add("drafted places right", place["place_id"] in answer["places"])


def _claims_with_slugs(event: dict[str, Any], draft: Any) -> list[dict[str, str]]:
    for drafted in draft.events:
        if drafted.json is event:
            return [{"attacker": c["attacker"], "stance": c["stance"]} for c in drafted.record["claims"]]
    return []


def table(tallies: dict[str, Tally]) -> str:
    keys = sorted({k for t in tallies.values() for k in t.counts}, key=_ORDER.index)
    head = "| field | " + " | ".join(tallies) + " |"
    lines = [head, "|---" * (len(tallies) + 1) + "|"]
    for key in keys:
        cells = []
        for tally in tallies.values():
            ok, total = tally.counts.get(key, [0, 0])
            cells.append(f"{ok}/{total} ({100 * ok / total:.0f} %)" if total else "-")
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    cells = [f"{max(t.seconds):.2f} s" if t.seconds else "-" for t in tallies.values()]
    lines.append("| slowest article | " + " | ".join(cells) + " |")
    return "\n".join(lines)


_ORDER = [
    "events found",
    "places found",
    "drafted places right",
    "single-day dates",
    "date spans",
    "day-of-unknown-year dates",
    "tolls exact",
    "event types",
    "stances",
    "invented or wrong dates (lower is better)",
    "invented or wrong tolls (lower is better)",
    "verbatim strings",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=paths.seeds_dir())
    parser.add_argument("--misses", action="store_true", help="list the labelled events not drafted")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    tallies: dict[str, Tally] = {}
    misses: list[str] = []
    for case in labelled_cases() + seed_cases(args.seeds):
        score_case(case, tallies.setdefault(case.group, Tally()), gazetteer, misses)
    print(table(tallies))
    if args.misses:
        print("\n".join(["", "not drafted:", *misses] if misses else ["", "every labelled event drafted"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
