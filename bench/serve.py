"""`streamlit run`, with the wall time of every script run appended to a file.

The benchmark's measure of "server time per rerun": the time ScriptRunner spends running the
page script, from its first line to its last element enqueued (data loading on a cold cache,
filtering, building the map, serialising the component's arguments). Nothing in the app is
changed; this wrapper patches the runner in the server process only.

    BENCH_TIMINGS=out.txt python -m bench.serve app.py --server.port 8600

With BENCH_PROFILE=<dir> each run also leaves a cProfile dump there (for finding hot spots).
"""

from __future__ import annotations

import cProfile
import os
import sys
import time


def _patch(path: str) -> None:
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script

    profile_dir = os.environ.get("BENCH_PROFILE")  # a directory: one cProfile dump per run

    def timed(self, rerun_data):  # type: ignore[no-untyped-def]
        profiler = cProfile.Profile() if profile_dir else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        try:
            return original(self, rerun_data)
        finally:
            seconds = time.perf_counter() - start
            if profiler:
                profiler.disable()
                profiler.dump_stats(os.path.join(profile_dir, f"run-{time.time():.3f}.prof"))
            with open(path, "a", encoding="utf-8") as out:
                out.write(f"{time.time():.3f} {seconds:.4f}\n")

    script_runner.ScriptRunner._run_script = timed


def main() -> None:
    if os.environ.get("BENCH_TIMINGS"):
        _patch(os.environ["BENCH_TIMINGS"])
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
