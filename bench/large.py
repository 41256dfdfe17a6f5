"""Large tables side by side: the Parquet conversion and what the app does with it, against the
pandas path that reads the whole file (issue 17). Prints figures; never a timed test.

For each size it generates an ACLED-layout CSV (bench/generate.py: notes of ACLED's length,
dates over ten years, clustered places), then runs each step in a fresh process of its own, so
each peak memory (VmHWM) is that step's alone:

- **convert**: `python -m incidents convert` (hash, read in slices, write Parquet), with its CPU
  time (user + system, all threads) and the load average before and after;
- **columnar**: what a replica does on opening the converted table: read it back, a typical filter
  (attacker and a four-year period), a text search (DuckDB over the Parquet file; first and
  repeated), the timeline's monthly counts, for the whole table;
- **pandas**: the path before the conversion, `tables.read_table` on the whole CSV (skipped above
  `--pandas-max` rows; it needs about 3 GB per million rows).

    python -m bench.large --sizes 100000 1000000 2000000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

_STEP = r"""
import json, sys, time, datetime as dt
from pathlib import Path
step, path = sys.argv[1], Path(sys.argv[2])
out = {}
started = time.perf_counter()
def peak():
    # VmHWM starts afresh with this process's image (ru_maxrss would keep the parent's from fork).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
if step == "convert":
    import os, resource
    from incidents import columnar
    out["load_before"] = os.getloadavg()[0]
    directory = columnar.convert(path)
    out["convert_s"] = time.perf_counter() - started
    # CPU time of the whole process (all its threads), user + system: less sensitive to a busy
    # machine than the wall-clock time.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu_s"] = usage.ru_utime + usage.ru_stime
    out["load_after"] = os.getloadavg()[0]
    out["parquet_mb"] = sum(f.stat().st_size for f in directory.iterdir()) / 1e6
elif step in ("columnar", "pandas"):
    import pandas as pd
    from incidents import columnar, tables
    from incidents.filters import Filter
    if step == "columnar":
        incidents, sites, report = columnar.open_table(path)
    else:
        incidents, sites, report = tables.read_table(path)
    out["open_s"] = time.perf_counter() - started
    out["rows"] = len(incidents)
    out["frames_mb"] = (incidents.memory_usage(deep=True).sum() + sites.memory_usage(deep=True).sum()) / 1e6
    # Each site's row in `incidents`, worked out once per table as the app does (pages/shared/data.py).
    positions = pd.Index(incidents["id"]).get_indexer(sites["incident_id"])
    typical = Filter(attackers=("israel",), date_from=dt.date(2018, 1, 1), date_to=dt.date(2021, 12, 31))
    # The first search opens DuckDB; the second is another word, as a reader's next search.
    searches = (("search", Filter(q="hajin")), ("search_again", Filter(q="mayadin")))
    for name, filt in (("filter", typical), *searches):
        t = time.perf_counter()
        shown = filt.apply(incidents, sites, site_positions=positions)[0]
        out[name + "_s"] = time.perf_counter() - t
        out[name + "_rows"] = len(shown)
    t = time.perf_counter()
    months = incidents["date_start"].dt.to_period("M").value_counts()
    out["timeline_s"] = time.perf_counter() - t
out["peak_mb"] = peak()
print("RESULT " + json.dumps(out))
"""


def _step(step: str, path: Path, env: dict[str, str], timeout: float) -> dict:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _STEP, step, str(path)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line.removeprefix("RESULT "))
            result["wall_s"] = time.perf_counter() - started
            return result
    return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1][:200]}


def run(sizes: list[int], pandas_max: int, timeout: float) -> list[dict]:
    from bench.generate import write

    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "INCIDENTS_CACHE": str(OUT / "columnar-cache")}
    rows = []
    for n in sizes:
        csv = OUT / f"acled-{n}-long.csv"
        if not csv.exists():
            print(f"[large] generating {n:,} rows", flush=True)
            write(n, csv)
        row = {"n": n, "csv_mb": csv.stat().st_size / 1e6}
        subprocess.run(["rm", "-rf", str(OUT / "columnar-cache")], check=True)  # a cold conversion
        for step in ("convert", "columnar", "pandas"):
            if step == "pandas" and n > pandas_max:
                row[step] = {"error": f"not run above {pandas_max:,} rows (--pandas-max)"}
                continue
            print(f"[large] {n:>9,} {step}", flush=True)
            row[step] = _step(step, csv, env, timeout)
            print(f"[large] {json.dumps(row[step])}", flush=True)
        rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    def f(value: object, digits: int = 2) -> str:
        return "–" if value is None else f"{value:,.{digits}f}"

    lines = [
        "| events | CSV MB | convert s (peak MB) | convert CPU s (load avg before-after) | Parquet MB | path "
        "| open s | frames MB | filter s | search s (next word) | timeline s | peak MB |",
        "|---:|---:|---|---|---:|---|---:|---:|---:|---|---:|---:|",
    ]
    for row in rows:
        conv = row["convert"]
        first = True
        for path in ("columnar", "pandas"):
            r = row[path]
            head = (
                f"| {row['n']:,} | {row['csv_mb']:,.0f} | {f(conv.get('convert_s'), 1)} "
                f"({f(conv.get('peak_mb'), 0)}) | {f(conv.get('cpu_s'), 1)} "
                f"({f(conv.get('load_before'), 1)}-{f(conv.get('load_after'), 1)}) "
                f"| {f(conv.get('parquet_mb'), 0)} "
                if first
                else "| | | | | "
            )
            first = False
            if "error" in r:
                lines.append(head + f"| {path} | {r['error']} | | | | | |")
                continue
            lines.append(
                head + f"| {path} | {f(r['open_s'])} | {f(r['frames_mb'], 0)} | {f(r['filter_s'])} | "
                f"{f(r['search_s'])} ({f(r['search_again_s'])}) | {f(r['timeline_s'])} "
                f"| {f(r['peak_mb'], 0)} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 2_000_000])
    parser.add_argument("--pandas-max", type=int, default=2_000_000, help="largest size for the pandas path")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per step")
    args = parser.parse_args(argv)
    rows = run(args.sizes, args.pandas_max, args.timeout)
    load = os.getloadavg()
    print(f"\n{time.strftime('%Y-%m-%d %H:%M')}, load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
