"""Terminal tables against CSV at a stress size: wall time and peak memory of whole processes.

    python benchmarks/make_corpus.py --copies /tmp/c10k 10000
    python benchmarks/tables.py /tmp/c10k [--runs 5] [--cxref PATH]

Runs `matrix`, `sources cs` and `compare` on the corpus (loaded with --definitions, on top of
the shipped five), each as a terminal table and as CSV, interleaved (table csv table csv ...),
with stdout to /dev/null, COLUMNS=100, NO_COLOR=1 and a warm cache of its own (one run first
fills it). Prints, per command, the median [min-max] wall time of each format, the median of
the per-round ratios table/CSV, and each format's largest peak RSS (ru_maxrss from os.wait4).
The target (issue 20) is a ratio of at most 3 at 10,000 sources.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as timing

COMMANDS = {"matrix": ["matrix"], "sources cs": ["sources", "cs"], "compare": ["compare"]}


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one process (its stderr kept in a file, so that a
    corpus with many warnings cannot fill a pipe)."""
    try:
        done = timing.run(argv, env, Path.cwd())
    except timing.Failed as exc:
        sys.exit(str(exc))
    return done.wall, done.rss_mb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a definitions folder (make_corpus.py --copies DIR N)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cxref", default=shutil.which("cxref") or "cxref")
    args = parser.parse_args()
    cache = tempfile.mkdtemp(prefix="cxref-tables-")
    env = {k: v for k, v in os.environ.items() if k not in ("CXREF_DEFINITIONS", "FORCE_COLOR")}
    env.update(COLUMNS="100", NO_COLOR="1", XDG_CACHE_HOME=cache,
               XDG_DATA_HOME=os.path.join(cache, "no-personal-folder"))
    base = [args.cxref, "--no-pager", "-d", args.corpus]
    try:
        run(base + ["compare", "-f", "csv"], env)  # fills the cache
        print(f"cxref tables vs CSV: {args.corpus}, {args.runs} runs each after a warm-up; "
              "median [min-max] ms; peak RSS MB")
        print(f"  {'command':<12} {'table ms':>22} {'csv ms':>22} {'table/csv':>10} "
              f"{'table MB':>9} {'csv MB':>7}")
        for name, words in COMMANDS.items():
            times: dict[str, list[float]] = {"table": [], "csv": []}
            peaks: dict[str, list[float]] = {"table": [], "csv": []}
            for fmt in ("table", "csv"):  # warm-up
                run(base + words + ["-f", fmt], env)
            for _ in range(args.runs):
                for fmt in ("table", "csv"):
                    seconds, peak = run(base + words + ["-f", fmt], env)
                    times[fmt].append(seconds * 1000)
                    peaks[fmt].append(peak)
            ratios = [t / c for t, c in zip(times["table"], times["csv"])]

            def spread(values: list[float]) -> str:
                return f"{statistics.median(values):,.0f} [{min(values):,.0f}-{max(values):,.0f}]"

            print(f"  {name:<12} {spread(times['table']):>22} {spread(times['csv']):>22} "
                  f"{f'x{statistics.median(ratios):.2f}':>10} {max(peaks['table']):>9.0f} "
                  f"{max(peaks['csv']):>7.0f}")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
