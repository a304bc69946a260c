"""The cxref benchmark: start-up, the cache at work (first run, warm, after one edit), every
command at each size, and peak memory; then the targets, met or not.

    python benchmarks/run.py [--runs N] [--cxref PATH] [--sizes 100,1000,10000] [--quick]

Standard library only. It times the installed `cxref` console script (found on PATH, or give
--cxref) as whole processes, and runs the baselines with the interpreter named in that script's
first line, so that all of them use the same Python, Typer and Rich. Benchmark a regular
(non-editable) install: pip compiles its modules once, as a user's install does. The report
goes to stdout, progress to stderr; see benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402  (beside this file)

# The targets of issue 27 (benchmarks/README.md says why each). 10,000 sources is a stress
# size: every command must finish and grow about linearly; its memory is reported, no target.
STARTUP_VS_MINIMAL = 1.35  # cxref compare (shipped, warm) vs a one-command Typer+Rich app
EDIT_VS_WARM = 1.3  # at 1,000 sources: compare after editing one file vs a warm compare
FIRST_VS_NO_CACHE = 1.1  # at 1,000 sources: a first compare vs --no-cache
TABLE_VS_CSV = 3.0  # at 1,000 sources: a long terminal table (sources cs) vs its CSV
SCALE = 11.0  # every command at 10,000 sources vs at 1,000
LINES = 6600  # lines of cxref's own Python (every .py file of the installed package)
RSS_BYTES = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB


class Failed(Exception):
    """A measured command exited non-zero: the benchmark stops."""


class Run(NamedTuple):
    wall: float  # seconds, from just before the fork to the reaped exit
    rss_mb: float  # peak resident memory of the process (wait4's ru_maxrss), in MB of 10^6
    # bytes like the YAML's size it is set against


def run(argv: list[str], env: dict[str, str], cwd: Path) -> Run:
    """Run `argv` once, stdout to /dev/null; raise Failed on a non-zero exit."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            raise Failed(f"command failed (exit {code}): {shlex.join(argv)}\n"
                         f"{err.read().decode('utf-8', 'replace').strip()}")
    return Run(wall, usage.ru_maxrss * RSS_BYTES / 1e6)


def interpreter_of(script: Path) -> str:
    """The Python named in a console script's first line (pip's sh form included)."""
    head = script.read_bytes()[:1024].decode("utf-8", "replace").splitlines()
    words = shlex.split(head[0][2:].strip()) if head and head[0].startswith("#!") else []
    if words and Path(words[0]).name in ("sh", "bash") and len(head) > 1:
        found = re.match(r"^'''exec' (.+?) \"\$0\"", head[1])
        if found:
            return shlex.split(found.group(1))[0]
    return words[0] if words else sys.executable


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float], scale: float = 1000.0) -> str:
    """'median [min-max]' in ms (or another unit)."""
    return f"{median(values) * scale:,.0f} [{min(values) * scale:,.0f}-{max(values) * scale:,.0f}]"


def rounds(commands: dict[str, Callable[[], Run]], count: int) -> dict[str, list[Run]]:
    """Each command `count` times, interleaved (A B C A B C ...) after one warm-up each, so
    that a busy moment of the machine hits all of them alike."""
    for make in commands.values():
        make()
    out: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(count):
        for name, make in commands.items():
            out[name].append(make())
    return out


def ratio(a: list[Run], b: list[Run]) -> float:
    """The median of the per-round ratios of wall time."""
    return median([x.wall / y.wall for x, y in zip(a, b)])


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- the report --------------------------------------------------------------------------------

COMMANDS = {  # every command that reads the corpus, as a user runs it
    "compare": ["compare"], "sources": ["sources", "cs"], "show": ["show", "SHOW"],
    "why": ["why", "reactive"], "disputes": ["disputes"], "matrix": ["matrix"],
    "terms": ["terms"], "ids": ["ids"], "search": ["search", "SEARCH"],
    "similarities": ["similarities"], "export": ["export"],
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "))
    parser.add_argument("--runs", type=int, default=9, help="measured runs per figure")
    parser.add_argument("--cxref", help="the cxref console script (default: cxref on PATH)")
    parser.add_argument("--sizes", default="100,1000,10000", help="corpus sizes (sources)")
    parser.add_argument("--quick", action="store_true", help="3 runs, sizes 100 and 1000")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    sizes = [100, 1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    found = args.cxref or shutil.which("cxref")
    if found is None:
        sys.exit("run.py: no cxref on PATH; install it (pip install .) or pass --cxref")
    cxref = str(Path(found).resolve()) if args.cxref else found
    python = interpreter_of(Path(cxref))
    probe = subprocess.run([python, "-c", "import cxref, typer, rich, msgspec, yaml; "
                            "print(cxref.__version__, typer.__version__, "
                            "__import__('importlib.metadata').metadata.version('rich'), "
                            "msgspec.__version__, yaml.__version__, cxref.__file__)"],
                           capture_output=True, text=True, check=True).stdout.split()
    work = Path(tempfile.mkdtemp(prefix="cxref-bench-"))
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("CXREF_", "XDG_"))}
    base_env.update({"COLUMNS": "100", "NO_COLOR": "1", "XDG_DATA_HOME": str(work / "data")})
    print(f"cxref benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"machine:  {platform.platform()}, {os.cpu_count()} CPUs ({platform.machine()})")
    print(f"python:   {platform.python_implementation().lower()} {platform.python_version()} "
          f"({python})")
    print(f"versions: cxref {probe[0]}, typer {probe[1]}, rich {probe[2]}, msgspec {probe[3]}, "
          f"pyyaml {probe[4]}")
    editable = "site-packages" not in probe[5]
    kind = "EDITABLE install: not what a user runs" if editable else "regular install"
    print(f"cxref:    {cxref} ({kind})")
    print(f"method:   wall time of each whole process, stdout to /dev/null, COLUMNS=100 "
          f"NO_COLOR=1; {runs} measured runs per figure after a warm-up, interleaved; "
          "median [min-max], ms; peak memory from wait4, MB (10^6 bytes)")
    results: dict[str, tuple[float, float, str]] = {}  # target -> (measured, goal, note)
    try:
        startup(cxref, python, base_env, work, runs, results)
        per_size: dict[int, dict[str, list[Run]]] = {}
        yaml_mb: dict[int, float] = {}
        for size in sizes:
            per_size[size], yaml_mb[size] = at_size(cxref, base_env, work, size, runs,
                                                     results)
        scaling(per_size, yaml_mb, results)
    except Failed as exc:
        print(f"\nSTOPPED: {exc}")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    package = Path(probe[5]).parent
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in package.rglob("*.py"))
    print(f"\n4. Size: {lines:,} lines of Python in {package}")
    results[f"lines of cxref/*.py / {LINES:,}"] = (lines / LINES, 1.0, f" ({lines:,} lines)")
    print("\nTargets")
    for name, (measured, goal, note) in results.items():
        met = "met" if measured <= goal else "NOT met"
        print(f"  {name:<60} x{measured:5.2f} (<= x{goal:.2f})  {met}{note}")
    return 0


def startup(cxref: str, python: str, env: dict[str, str], work: Path, runs: int,
            results: dict[str, tuple[float, float, str]]) -> None:
    say("start-up ...")
    env = {**env, "XDG_CACHE_HOME": str(work / "cache-shipped")}
    found = rounds({
        "cxref compare": lambda: run([cxref, "compare"], env, work),
        "python -c pass": lambda: run([python, "-c", "pass"], env, work),
        "python minimal_app.py": lambda: run([python, str(HERE / "minimal_app.py")], env, work),
    }, runs)
    print(f"\n1. Start-up: cxref compare on the 5 shipped sources (warm cache) against baselines "
          f"on the same interpreter, {runs} rounds")
    for name, found_runs in found.items():
        print(f"  {name:<24} {spread([r.wall for r in found_runs]):>20} ms")
    vs_minimal = ratio(found["cxref compare"], found["python minimal_app.py"])
    diff = median([a.wall - b.wall for a, b in zip(found["cxref compare"],
                                                    found["python minimal_app.py"])])
    print(f"  cxref compare / minimal app: x{vs_minimal:.2f}, difference {diff * 1000:.1f} ms "
          "(medians of the per-round figures)")
    results["start-up: cxref compare / the minimal Typer+Rich app"] = (
        vs_minimal, STARTUP_VS_MINIMAL, "")


def _edit_one(folder: Path, round_no: int) -> None:
    """Change one source file's title, as a person saving an edit does."""
    files = sorted((folder / "sources").glob("*.yaml"))
    path = files[(round_no * 7919) % len(files)]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f'title: "Edited {round_no}"', text, count=1,
                           flags=re.M) if "\ntitle:" in text else
                    text.replace("\nid: ", f'\ntitle: "Edited {round_no}"\nid: ', 1),
                    encoding="utf-8")


def at_size(cxref: str, env: dict[str, str], work: Path, size: int, runs: int,
            results: dict[str, tuple[float, float, str]]) -> tuple[dict[str, list[Run]], float]:
    say(f"{size:,} sources: making the corpus ...")
    folder = work / f"c{size}"
    make_corpus.main(["--copies", str(folder), str(size)])
    yaml_mb = sum(p.stat().st_size for p in folder.rglob("*.yaml")) / 1e6
    cache = work / f"cache-{size}"
    env = {**env, "XDG_CACHE_HOME": str(cache)}
    base = [cxref, "-d", str(folder)]
    show, search = "copy-00042", f"copy-{size - 1:05d}"

    def first() -> Run:
        shutil.rmtree(cache, ignore_errors=True)
        return run(base + ["compare"], env, work)

    counter = iter(range(10**6))

    def edited() -> Run:
        _edit_one(folder, next(counter))
        return run(base + ["compare"], env, work)

    cache_runs = max(3, runs // 3) if size >= 10_000 else runs
    say(f"{size:,} sources: the cache at work ...")
    found = rounds({"first": first, "no-cache": lambda: run(base + ["--no-cache", "compare"],
                                                            env, work),
                    "warm": lambda: run(base + ["compare"], env, work),
                    "after one edit": edited}, cache_runs)
    print(f"\n2. {size:,} sources (+5 shipped; {yaml_mb:.1f} MB of YAML): compare, "
          f"{cache_runs} rounds")
    for name, found_runs in found.items():
        print(f"  {name:<16} {spread([r.wall for r in found_runs]):>24} ms   peak "
              f"{median([r.rss_mb for r in found_runs]):6.1f} MB")
    first_ratio = ratio(found["first"], found["no-cache"])
    edit_ratio = ratio(found["after one edit"], found["warm"])
    print(f"  first / no-cache x{first_ratio:.2f}; after one edit / warm x{edit_ratio:.2f}")
    if size == 1000:
        results["first compare / --no-cache, at 1,000 sources"] = (
            first_ratio, FIRST_VS_NO_CACHE, "")
        results["compare after one edit / warm, at 1,000 sources"] = (
            edit_ratio, EDIT_VS_WARM, "")
        long_table(base, env, work, runs, results)
    say(f"{size:,} sources: every command, warm ...")
    commands = {name: [show if a == "SHOW" else search if a == "SEARCH" else a for a in args]
                for name, args in COMMANDS.items()}
    per_command = rounds({name: (lambda a=command: run(base + a, env, work))
                          for name, command in commands.items()}, cache_runs)
    print(f"  every command, warm cache, {cache_runs} rounds:")
    for name, found_runs in per_command.items():
        peak = max(r.rss_mb for r in found_runs)
        print(f"    {name:<13} {spread([r.wall for r in found_runs]):>24} ms   peak "
              f"{peak:6.1f} MB = x{peak / yaml_mb:.2f} the YAML")
    per_command["first compare"] = found["first"]
    return per_command, yaml_mb


def long_table(base: list[str], env: dict[str, str], work: Path, runs: int,
               results: dict[str, tuple[float, float, str]]) -> None:
    """`sources cs` (a row per definition: 2,800 rows at 1,000 sources) as a terminal table
    against the same table as CSV, at 100 columns (blocks: the quote column would be too
    narrow) and at 200 (columns, drawn by Rich's Table)."""
    say("1,000 sources: a long terminal table against its CSV ...")
    wide = {**env, "COLUMNS": "200"}
    found = rounds({"table, 100 columns": lambda: run(base + ["sources", "cs"], env, work),
                    "table, 200 columns": lambda: run(base + ["sources", "cs"], wide, work),
                    "csv": lambda: run(base + ["sources", "cs", "-f", "csv"], env, work)},
                   runs)
    print(f"  sources cs, {runs} rounds:")
    for name, found_runs in found.items():
        print(f"    {name:<20} {spread([r.wall for r in found_runs]):>24} ms")
    for name in ("table, 100 columns", "table, 200 columns"):
        results[f"sources cs at 1,000 sources, {name} / its CSV"] = (
            ratio(found[name], found["csv"]), TABLE_VS_CSV, "")


def scaling(per_size: dict[int, dict[str, list[Run]]], yaml_mb: dict[int, float],
            results: dict[str, tuple[float, float, str]]) -> None:
    if 1000 not in per_size or 10_000 not in per_size:
        return
    print("\n3. 10,000 sources against 1,000: time (median), and peak memory (no target)")
    worst, worst_name = 0.0, ""
    heaviest, heaviest_name = 0.0, ""
    for name in per_size[1000]:
        small = median([r.wall for r in per_size[1000][name]])
        big = median([r.wall for r in per_size[10_000][name]])
        peak = max(r.rss_mb for r in per_size[10_000][name]) / yaml_mb[10_000]
        print(f"  {name:<14} x{big / small:6.2f} the time   peak x{peak:.2f} the YAML")
        if big / small > worst:
            worst, worst_name = big / small, name
        if peak > heaviest:
            heaviest, heaviest_name = peak, name
    results["10,000 sources / 1,000, the fastest-growing command"] = (
        worst, SCALE, f" ({worst_name})")
    print(f"  the largest peak: x{heaviest:.2f} the YAML ({heaviest_name})")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
