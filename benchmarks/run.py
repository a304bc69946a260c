"""The cxref benchmark: start-up, warm-cache scaling, first (cold-cache) runs and peak memory.

    python benchmarks/run.py [--runs N] [--cxref PATH] [--sizes 1000,10000] [--quick]

Standard library only. It times the installed `cxref` console script (found on PATH, or give
--cxref) as whole processes, and runs the baselines with the interpreter named in that script's
first line, so that all of them use the same Python, Typer and Rich. Benchmark a regular
(non-editable) install. The report goes to stdout, progress to stderr; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402  (beside this file)

SHIPPED = 5                    # sources in the shipped set; always measured, the scaling baseline
SHIPPED_SHOW = "franz"
SHIPPED_SEARCH = "jigsaw puzzle"   # in one shipped source only
BIG_SHOW = 42                  # `show bench-00042`
COLD_REPEATS = 3
STARTUP_VS_MINIMAL = 1.15     # cxref compare vs the minimal Typer+Rich app
STARTUP_VS_PYTHON = 8.0        # cxref compare vs python -c pass
SHOW_SEARCH_TARGET = 1.3       # show and search at 10,000 sources vs 5
COLD_VS_WALK = 0.8             # first run at 10,000 sources vs one process walking libyaml's events
MEMORY_VS_YAML = 2.5           # peak RSS at 10,000 sources vs the size of their YAML
CACHE_VS_YAML = 1.5            # the cache's size vs the YAML it holds
TARGET_SIZE = 10_000

HAVE_WAIT4 = hasattr(os, "wait4")
PROC = Path("/proc/self/status").exists()
RSS_UNIT = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB


class Failed(Exception):
    """A measured command exited non-zero: the benchmark stops."""


class Run(NamedTuple):
    wall: float                 # seconds, from just before the fork to the reaped exit
    rss_mb: float | None        # wait4's ru_maxrss
    workers: int = 0            # descendants seen while it ran (sampled, Linux only)
    worker_mb: float = 0.0      # the largest descendant's own peak (VmHWM), sampled


# -- running one command -----------------------------------------------------------------------

def _hwm_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                out += [int(p) for p in handle.read().split()]
    except (OSError, ValueError):
        pass
    return out


class DescendantSampler(threading.Thread):
    """Every 10 ms, the peak RSS (VmHWM) of each descendant of `pid`: the loader's pool workers,
    whose memory wait4 does not add to cxref's (see `run`)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            todo = _children(self.pid)
            while todo:
                child = todo.pop()
                todo += _children(child)
                kib = _hwm_kib(child)
                if kib:
                    self.peaks[child] = max(self.peaks.get(child, 0), kib)
            self.done.wait(0.01)


def run(argv: list[str], env: dict[str, str], cwd: Path, *, sample: bool = False) -> Run:
    """Run `argv` once in `cwd`, stdout to /dev/null, and time it; raise Failed on a non-zero
    exit."""
    with tempfile.TemporaryFile() as err:  # stderr kept only to show it if the command fails
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, env=env, cwd=cwd)
        sampler = None
        if sample and PROC:
            sampler = DescendantSampler(proc.pid)
            sampler.start()
        rss = None
        if HAVE_WAIT4:
            # Linux fills this from getrusage(RUSAGE_BOTH): ru_maxrss is the largest peak of the
            # process itself and each descendant it reaped (a maximum, never a sum).
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            rss = usage.ru_maxrss / RSS_UNIT
        else:
            proc.wait()
            wall = time.perf_counter() - start
        workers, worker_mb = 0, 0.0
        if sampler is not None:
            sampler.done.set()
            sampler.join()
            workers = len(sampler.peaks)
            worker_mb = max(sampler.peaks.values(), default=0) / 1024
        if proc.returncode != 0:
            err.seek(0)
            text = err.read().decode("utf-8", "replace").strip()
            raise Failed(f"command failed (exit {proc.returncode}): {shlex.join(argv)}\n"
                         f"--- stderr ---\n{text or '(empty)'}")
    return Run(wall, rss, workers, worker_mb)


def capture(argv: list[str], env: dict[str, str], cwd: Path) -> str:
    """stdout of `argv` run in `cwd` (for checks, not timed)."""
    done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, env=env,
                          cwd=cwd, check=False)
    if done.returncode != 0:
        raise Failed(f"command failed (exit {done.returncode}): {shlex.join(argv)}\n"
                     f"--- stderr ---\n{done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8", "replace")


# -- what is measured --------------------------------------------------------------------------

def interpreter_of(script: Path) -> str | None:
    """The Python named in a console script's first line (pip's `#!/bin/sh` form for long paths
    included), or None if `script` is not such a script."""
    try:
        with open(script, "rb") as handle:
            head = handle.read(1024).decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    if not head or not head[0].startswith("#!"):
        return None
    words = shlex.split(head[0][2:].strip())
    if not words:
        return None
    if Path(words[0]).name in ("sh", "bash") and len(head) > 1:
        found = re.match(r"^'''exec' (.+?) \"\$0\"", head[1])
        return shlex.split(found.group(1))[0] if found else None
    if Path(words[0]).name == "env":
        rest = [w for w in words[1:] if not w.startswith("-")]
        return shutil.which(rest[0]) if rest else None
    return words[0]


def find_cxref(given: str | None) -> tuple[list[str], str, str]:
    """(argv prefix for cxref, its interpreter, how it was found)."""
    path = given or shutil.which("cxref")
    if path is None:
        beside = Path(sys.executable).parent / "cxref"
        path = str(beside) if beside.is_file() else None
    if path is None:
        return [sys.executable, "-m", "cxref"], sys.executable, \
            "python -m cxref (no cxref console script found; pass --cxref PATH)"
    script = Path(os.path.abspath(Path(path).expanduser()))
    if not script.is_file():
        sys.exit(f"run.py: --cxref: no such file: {path}")
    python = interpreter_of(script)
    if python is None:
        return [str(script)], sys.executable, (f"{script} (no interpreter in its first line: "
                                               f"baselines use {sys.executable})")
    return [str(script)], python, f"{script} (console script)"


PROBE = r"""
import importlib.metadata as md, importlib.util, json, sys
def version(name):
    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return "not installed"
editable = None
try:
    url = md.distribution("cxref").read_text("direct_url.json")
    editable = bool(url and json.loads(url).get("dir_info", {}).get("editable"))
except Exception:
    pass
spec = importlib.util.find_spec("cxref")
print(json.dumps({"python": sys.version.split()[0], "impl": sys.implementation.name,
                  "executable": sys.executable, "cxref": version("cxref"),
                  "typer": version("typer"), "rich": version("rich"),
                  "pyyaml": version("pyyaml"), "editable": editable,
                  "module": spec.origin if spec else None}))
"""


# -- formatting --------------------------------------------------------------------------------

def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def spread(values: list[float], fmt: Any = ms) -> str:
    return f"{fmt(statistics.median(values))} [{fmt(min(values))}-{fmt(max(values))}]"


def ratio(values: list[float]) -> str:
    return f"x{statistics.median(values):.2f} [{min(values):.2f}-{max(values):.2f}]"


def mb(value: float) -> str:
    return f"{value:.0f}"


def table(rows: list[list[str]], indent: str = "  ") -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append(indent + "  ".join(cells).rstrip())
        if n == 0:
            lines.append(indent + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def size_label(n: int) -> str:
    return f"{n:,}" if n == SHIPPED else f"{n:,} (+{SHIPPED})"


def progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# -- the benchmark -----------------------------------------------------------------------------

class Corpus(NamedTuple):
    size: int                   # copied sources (SHIPPED for the shipped set alone)
    args: list[str]             # global options: --definitions DIR
    show_id: str
    search: str
    folder: Path | None = None  # the copies' folder
    yaml_bytes: int = 0         # the size of every YAML file loaded (shipped and copies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, help="measured runs per figure after one warm-up "
                        "(default 15; 5 with --quick)")
    parser.add_argument("--cxref", metavar="PATH", help="the cxref console script to measure "
                        "(default: cxref on PATH)")
    parser.add_argument("--sizes", default=None, help="generated corpus sizes, comma-separated "
                        "(default 1000,10000; 1000 with --quick); the 5 shipped sources are "
                        "always measured too")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 5 runs, 1,000 sources, one --no-cache run")
    opts = parser.parse_args()
    runs = opts.runs if opts.runs is not None else (5 if opts.quick else 15)
    if runs < 1:
        parser.error("--runs must be at least 1")
    try:
        sizes = sorted({int(s.replace("_", "")) for s in
                        (opts.sizes or ("1000" if opts.quick else "1000,10000")).split(",")
                        if s.strip()})
    except ValueError:
        parser.error("--sizes: comma-separated whole numbers, e.g. 1000,10000")
    if any(n < 1 for n in sizes):
        parser.error("--sizes: each size must be at least 1")
    no_cache_runs = 1 if opts.quick else 2

    cxref, python, found = find_cxref(opts.cxref)
    base_env = dict(os.environ, COLUMNS="100", NO_COLOR="1")
    base_env.pop("CXREF_DEFINITIONS", None)  # only the folders given here
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="cxref-bench-"))
    try:
        # Every command runs in the temporary folder, so that none imports a checkout's
        # cxref from the current directory.
        info = json.loads(capture([python, "-c", PROBE], base_env, root))
        report = Report(cxref, python, found, info, runs, sizes, no_cache_runs, root, base_env)
        report.measure()
    except Failed as exc:
        print(f"run.py: benchmark aborted: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report.render(time.perf_counter() - started)
    return 0


class Report:
    def __init__(self, cxref: list[str], python: str, found: str, info: dict[str, Any],
                 runs: int, sizes: list[int], no_cache_runs: int, root: Path,
                 env: dict[str, str]) -> None:
        self.cxref, self.python, self.found, self.info = cxref, python, found, info
        self.runs, self.sizes, self.no_cache_runs, self.root = runs, sizes, no_cache_runs, root
        self.base_env = env
        self.startup: dict[str, list[Run]] = {}
        self.warm: dict[tuple[int, str], list[Run]] = {}
        self.cold: dict[int, list[Run]] = {}
        self.no_cache: tuple[int, list[Run]] | None = None
        self.corpora: list[Corpus] = []
        self.hits: dict[int, str] = {}
        self.walk: dict[int, list[Run]] = {}
        self.cache_bytes: dict[int, int] = {}
        self.dirs = 0

    def env(self) -> dict[str, str]:
        """The environment for runs with a new, empty cache folder."""
        self.dirs += 1
        cache = self.root / f"cache-{self.dirs}"
        cache.mkdir()
        return dict(self.base_env, XDG_CACHE_HOME=str(cache))

    # 1. start-up --------------------------------------------------------------------------
    def measure_startup(self) -> None:
        progress(f"start-up: {self.runs} rounds of cxref compare, python -c pass, "
                 "python minimal_app.py")
        commands = {"cxref compare": [*self.cxref, "compare"],
                    "python -c pass": [self.python, "-c", "pass"],
                    "python minimal_app.py": [self.python, str(HERE / "minimal_app.py")]}
        env = self.env()
        for argv in commands.values():  # warm-up; fills cxref's cache
            run(argv, env, self.root)
        self.startup = {name: [] for name in commands}
        for _ in range(self.runs):
            for name, argv in commands.items():
                self.startup[name].append(run(argv, env, self.root))

    # 2. warm cache ------------------------------------------------------------------------
    def commands(self, corpus: Corpus) -> dict[str, list[str]]:
        return {"compare": [*self.cxref, *corpus.args, "compare"],
                "sources": [*self.cxref, *corpus.args, "sources", "customer service"],
                "show": [*self.cxref, *corpus.args, "show", corpus.show_id],
                "search": [*self.cxref, *corpus.args, "search", corpus.search]}

    def make_corpora(self) -> None:
        shipped = sum(p.stat().st_size for p in make_corpus.SHIPPED.parent.rglob("*.yaml"))
        self.corpora = [Corpus(SHIPPED, [], SHIPPED_SHOW, SHIPPED_SEARCH, None, shipped)]
        for n in self.sizes:
            progress(f"making a corpus of {n:,} copies of the shipped sources")
            folder = self.root / f"corpus-{n}"
            marked = make_corpus.copies(folder, n)
            size = sum(p.stat().st_size for p in folder.rglob("*.yaml"))
            # The last copy with a title: its "(copy-NNNNN)" is in no other source.
            self.corpora.append(Corpus(n, ["--definitions", str(folder)],
                                       f"copy-{min(BIG_SHOW, n - 1):05d}", marked[-1],
                                       folder, shipped + size))

    def check_search(self, corpus: Corpus, env: dict[str, str]) -> None:
        argv = [*self.cxref, *corpus.args, "search", corpus.search, "--format", "json"]
        try:
            data = json.loads(capture(argv, env, self.root))
            ids = {r["source"] for r in data.get("results", [])} or \
                {r["id"] for r in data.get("references", [])}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise Failed(f"cannot read the JSON of {shlex.join(argv)}: {exc}") from exc
        if len(ids) != 1:
            raise Failed(f"{shlex.join(argv)} should match exactly one source, matched "
                         f"{len(ids)}: {', '.join(sorted(ids)[:10])}")
        self.hits[corpus.size] = ids.pop()

    def measure_warm(self) -> None:
        envs = {}
        for corpus in self.corpora:
            progress(f"warm cache, {size_label(corpus.size)} sources: warm-up (builds the cache)")
            envs[corpus.size] = env = self.env()
            for argv in self.commands(corpus).values():
                run(argv, env, self.root)
            self.check_search(corpus, env)
            self.cache_bytes[corpus.size] = sum(
                p.stat().st_size for p in Path(env["XDG_CACHE_HOME"]).rglob("*") if p.is_file())
        progress(f"warm cache: {self.runs} rounds of compare, sources, show, search at "
                 f"{', '.join(size_label(c.size) for c in self.corpora)} sources")
        for n in range(self.runs):
            for corpus in self.corpora:
                for name, argv in self.commands(corpus).items():
                    self.warm.setdefault((corpus.size, name), []).append(
                        run(argv, envs[corpus.size], self.root))
            if self.runs >= 5 and (n + 1) % 5 == 0 and n + 1 < self.runs:
                progress(f"  {n + 1}/{self.runs} rounds")

    # 3. first run -------------------------------------------------------------------------
    def measure_cold(self) -> None:
        for corpus in self.corpora:
            progress(f"first run, {size_label(corpus.size)} sources: {COLD_REPEATS} runs, each "
                     "with a fresh empty cache")
            argv = [*self.cxref, *corpus.args, "compare"]
            walk = [self.python, str(HERE / "walk.py"), str(make_corpus.SHIPPED.parent),
                    *([str(corpus.folder)] if corpus.folder else [])]
            self.cold[corpus.size], self.walk[corpus.size] = [], []
            for _ in range(COLD_REPEATS):  # interleaved, as everything compared here
                self.cold[corpus.size].append(run(argv, self.env(), self.root, sample=True))
                self.walk[corpus.size].append(run(walk, self.base_env, self.root))
        biggest = self.corpora[-1]
        progress(f"--no-cache, {size_label(biggest.size)} sources: {self.no_cache_runs} run(s)")
        argv = [*self.cxref, *biggest.args, "--no-cache", "compare"]
        self.no_cache = (biggest.size, [run(argv, self.env(), self.root, sample=True)
                                        for _ in range(self.no_cache_runs)])

    def measure(self) -> None:
        self.measure_startup()
        self.make_corpora()
        self.measure_warm()
        self.measure_cold()

    # the report ---------------------------------------------------------------------------
    def render(self, elapsed: float) -> None:
        now = datetime.now(timezone.utc).astimezone()
        info = self.info
        install = {True: "EDITABLE install: not representative",
                   False: "regular install"}.get(info["editable"], "install kind unknown")
        out = [
            f"cxref benchmark, {now:%Y-%m-%d %H:%M %Z}",
            f"machine:  {platform.platform()}, {os.cpu_count()} CPUs ({platform.machine()})",
            f"python:   {info['impl']} {info['python']} ({self.python})",
            f"versions: cxref {info['cxref']}, typer {info['typer']}, rich {info['rich']}, "
            f"pyyaml {info['pyyaml']}",
            f"cxref:    {self.found}",
            f"          imports {info['module']} ({install})",
            "method:   wall time of each whole process, start to exit; stdout to /dev/null; "
            "COLUMNS=100 NO_COLOR=1;",
            f"          {self.runs} measured runs per figure after 1 warm-up; "
            f"figures are median [min-max]; times in ms",
        ]
        out += ["", "1. Start-up: cxref compare (5 shipped sources, warm cache) against "
                "baselines on the same", f"   interpreter; {self.runs} rounds, each running "
                "the three in turn",
                table([["command", "median [min-max] ms"]]
                      + [[name, spread([r.wall for r in rs])]
                         for name, rs in self.startup.items()])]
        a = [r.wall for r in self.startup["cxref compare"]]
        for name in ("python -c pass", "python minimal_app.py"):
            b = [r.wall for r in self.startup[name]]
            diff = statistics.median(x - y for x, y in zip(a, b))
            out.append(f"  cxref compare / {name}: {ratio([x / y for x, y in zip(a, b)])}, "
                       f"difference {ms(diff)} ms")
        out.append("  (medians of the per-round ratios and differences)")

        names = ("compare", "sources", "show", "search")
        rows = [["sources", *names]]
        for corpus in self.corpora:
            rows.append([size_label(corpus.size)]
                        + [spread([r.wall for r in self.warm[(corpus.size, n)]]) for n in names])
        out += ["", f"2. Warm cache, median [min-max] ms, {self.runs} rounds (every size and "
                "command in each round)", table(rows)]
        for corpus in self.corpora:
            out.append(f"  {size_label(corpus.size):>12}: show {corpus.show_id}; search "
                       f"\"{corpus.search}\" (matches 1 source: {self.hits[corpus.size]})")
        out.append("  Against 5 sources (median of per-round ratios t(N)/t(5)):")
        rows = [["sources", "show", "search"]]
        for corpus in self.corpora[1:]:
            rows.append([size_label(corpus.size)]
                        + [ratio(self.scaling(corpus.size, n)) for n in ("show", "search")])
        if len(rows) > 1:
            out.append(table(rows, "    "))

        rows = [["sources", "YAML, MB", "first compare, ms", "libyaml walk, ms", "ratio",
                 "cache, MB", "cache/YAML"]]
        for corpus in self.corpora:
            rs, ws = self.cold[corpus.size], self.walk[corpus.size]
            cache = self.cache_bytes.get(corpus.size, 0)
            rows.append([size_label(corpus.size), mb(corpus.yaml_bytes / 1e6),
                         spread([r.wall for r in rs]), spread([r.wall for r in ws]),
                         ratio([r.wall / w.wall for r, w in zip(rs, ws)]), mb(cache / 1e6),
                         f"x{cache / corpus.yaml_bytes:.2f}"])
        out += ["", f"3. First run: cxref compare with an empty cache, {COLD_REPEATS} runs each "
                "with a fresh cache dir", "   (reads and checks every YAML file, then writes "
                "the cache; the OS page cache is warm), against one", "   process walking "
                "libyaml's event stream over the same files (benchmarks/walk.py: the floor",
                "   for a PyYAML-based reader); the cache's size after the warm runs", table(rows)]
        if self.no_cache:
            size, rs = self.no_cache
            out.append(f"  --no-cache compare at {size_label(size)} sources (reads every file, "
                       f"writes no cache): {', '.join(ms(r.wall) for r in rs)} ms")

        out += ["", "4. Peak memory of cxref compare, MB (max RSS of the cxref process, from "
                "os.wait4)"]
        if not HAVE_WAIT4:
            out.append("  not measured: no os.wait4 on this platform")
        else:
            rows = [["sources", "cold (first run)", "warm"]]
            for corpus in self.corpora:
                rows.append([size_label(corpus.size),
                             spread([r.rss_mb for r in self.cold[corpus.size]], mb),
                             spread([r.rss_mb for r in self.warm[(corpus.size, "compare")]],
                                    mb)])
            out.append(table(rows))
            if self.no_cache:
                size, rs = self.no_cache
                out.append(f"  --no-cache at {size_label(size)}: "
                           f"{', '.join(mb(r.rss_mb) for r in rs)} MB")
            out += ["  The loader's pool workers are children of cxref, not of this benchmark, "
                    "and their memory", "  is not added in: the figures are cxref's own peak. "
                    "(On Linux, wait4's ru_maxrss is the", "  largest peak among the process "
                    "and the children it reaped, never a sum.)"]
            seen = [r for rs in [*self.cold.values(), *([self.no_cache[1]] if self.no_cache
                                                       else [])] for r in rs if r.workers]
            if seen:
                workers = max(r.workers for r in seen)
                peak = max(r.worker_mb for r in seen)
                out.append(f"  Workers, sampled from /proc every 10 ms in the first and "
                           f"--no-cache runs: up to {workers}")
                out.append(f"  processes, each peaking at up to {mb(peak)} MB.")
                if any(r.worker_mb >= r.rss_mb - 1 for r in seen):
                    out.append("  NOTE: in some run a worker's peak was as large as cxref's "
                               "figure, which may then be the worker's.")
            elif PROC:
                out.append("  No worker processes were seen in the first or --no-cache runs.")

        out += ["", "5. Targets"] + self.targets()
        out += ["", f"({elapsed / 60:.1f} minutes in all)"]
        print("\n".join(out))

    def scaling(self, size: int, name: str) -> list[float]:
        return [b.wall / a.wall for a, b in zip(self.warm[(SHIPPED, name)],
                                                 self.warm[(size, name)])]

    def targets(self) -> list[str]:
        rows = [["target", "measured", "result"]]
        size = f"{TARGET_SIZE:,}"
        have = TARGET_SIZE in self.sizes

        def verdict(ok: bool) -> str:
            return "met" if ok else "NOT met"

        a = [r.wall for r in self.startup["cxref compare"]]
        for name, limit in (("python minimal_app.py", STARTUP_VS_MINIMAL),
                            ("python -c pass", STARTUP_VS_PYTHON)):
            b = [r.wall for r in self.startup[name]]
            value = statistics.median(x / y for x, y in zip(a, b))
            rows.append([f"cxref compare <= {limit:g}x {name}", f"x{value:.2f}",
                         verdict(value <= limit)])

        for name in ("show", "search"):
            label = f"{name} at {size} sources <= {SHOW_SEARCH_TARGET}x its time at 5"
            if have:
                value = statistics.median(self.scaling(TARGET_SIZE, name))
                rows.append([label, f"x{value:.2f}", verdict(value <= SHOW_SEARCH_TARGET)])
            else:
                rows.append([label, "not measured", ""])
        label = f"first compare at {size} sources <= {COLD_VS_WALK:g}x the libyaml walk"
        if have:
            value = statistics.median(r.wall / w.wall for r, w in
                                      zip(self.cold[TARGET_SIZE], self.walk[TARGET_SIZE]))
            rows.append([label, f"x{value:.2f}", verdict(value <= COLD_VS_WALK)])
        else:
            rows.append([label, "not measured", ""])
        big = next((c for c in self.corpora if c.size == TARGET_SIZE), None)
        label = f"peak memory at {size} sources <= {MEMORY_VS_YAML:g}x their YAML (largest run)"
        if big and HAVE_WAIT4:
            cold = max(r.rss_mb or 0 for r in self.cold[TARGET_SIZE])
            warm = max(r.rss_mb or 0 for r in self.warm[(TARGET_SIZE, "compare")])
            value = max(cold, warm) * 1e6 / big.yaml_bytes
            rows.append([label, f"cold {mb(cold)}, warm {mb(warm)} MB: x{value:.2f}",
                         verdict(value <= MEMORY_VS_YAML)])
        else:
            rows.append([label, "not measured", ""])
        label = f"cache at {size} sources <= {CACHE_VS_YAML:g}x their YAML"
        if big:
            value = self.cache_bytes[TARGET_SIZE] / big.yaml_bytes
            rows.append([label, f"x{value:.2f}", verdict(value <= CACHE_VS_YAML)])
        else:
            rows.append([label, "not measured", ""])
        lines = [table(rows)]
        if not have:
            lines.append(f"  ({size} sources is not among --sizes: the targets are not checked)")
        return lines


if __name__ == "__main__":
    sys.exit(main())
