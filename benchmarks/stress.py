"""Stress the cache and the signals: mixed commands in parallel against edits and interrupts,
each answer compared with `--no-cache`.

    python benchmarks/stress.py [--runs 1000] [--parallel 8] [--sources 12] [--seed 1]

A user folder of sources is edited between rounds (a title changed, a file broken and mended,
added, removed, edited in place keeping its size and modification time, swapped for a link into
the folder or out of it and back, the folder's own terms.yaml changed, sources/ moved into a
folder inside, out of the folder or back with links left in its place); each round runs
`--parallel` commands at once on one shared cache, and now and then interrupts one of them
early: Ctrl-C as a terminal sends it (SIGINT to the command's whole process group) or SIGTERM.
Every command that was not interrupted must print exactly what the same command prints with
`--no-cache` (stdout, stderr and exit code). An interrupted one must end within a second of the
signal, with exit 130 (143 for SIGTERM) and one line on stderr (below any warnings said before
the signal came), or have finished before it (its answer, exit code included, is then the one
--no-cache gives), or have been ended by Python itself before cxref set its handler (the rule is
`_before_cxref`'s); and no temporary file of the cache may be left once a round is over.
`--sources 500` makes first runs long enough for the signals to land while the YAML is read.
Prints how many runs it made and how many failed; exits 1 if any did. Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCE = """id: {id}
title: "{title}"
author: Stress Tester
definitions:
  - term: customer-service
    quote: "Service for {id} helps when asked."
contrasts:
  - pair: proactive-reactive
    quote: "{id} reacts; experience plans ahead."
"""
BROKEN = "id: {id}\ntitle: [unclosed\n"
TERMS = "terms:\n  - id: stress-term\n    name: {name}\n"
GRACE_S = 1.0  # an interrupted command must be gone this soon after the signal


def commands(ids: list[str]) -> list[list[str]]:
    pick = random.choice(ids) if ids else "nobody"
    return [["compare", "-f", "json"], ["show", pick, "-f", "json"], ["search", "Title"],
            ["search", pick], ["sources", "cs", "-f", "csv"], ["why", "proactive"],
            ["matrix", "-f", "json"], ["terms"], ["disputes", "-f", "json"]]


PLACES = ("here", "real", "outside", "real-outside")


def move_sources(root: Path, outside: Path, where: str) -> None:
    """Move root/sources with links left so that every file keeps its path: back 'here', into
    root/real (inside), out of root into `outside`, or into real/ and real/ out of root with a
    link back ('real-outside')."""
    physical = Path(os.path.realpath(root / "sources"))
    for name in ("sources", "real"):
        if (root / name).is_symlink():
            (root / name).unlink()
    places = dict(zip(PLACES, (root / "sources", root / "real", outside / "sources",
                               outside / "real")))
    physical.rename(places[where])
    if where == "real-outside":
        (root / "real").symlink_to(places[where])
    if where != "here":
        (root / "sources").symlink_to("real" if where.startswith("real") else places[where])


def swap_for_a_link(path: Path, to: Path | None) -> None:
    """Move the file `path` into the folder `to` and leave a link in its place; with no `to`,
    replace a link at `path` by a file of what it leads to."""
    if to is None:
        text = path.read_bytes()
        path.unlink()
        path.write_bytes(text)
    elif not path.is_symlink():
        path.replace(to / path.name)
        path.symlink_to(to / path.name)


def edit(folder: Path, rng: random.Random) -> None:
    files = sorted(folder.glob("*.yaml"))
    action = rng.choice(["title", "break", "mend", "add", "remove", "in-place", "catalogue",
                         "link", "move"])
    root, outside = folder.parent, folder.parent.with_name(folder.parent.name + "-out")
    if action == "catalogue":
        (root / "terms.yaml").write_text(
            TERMS.format(name=f"stress term {rng.randrange(1000)}"))
        return
    if action == "move":
        move_sources(root, outside, rng.choice(PLACES))
        return
    if action == "add" or not files:
        new = f"s{rng.randrange(100_000):05d}"
        (folder / f"{new}.yaml").write_text(SOURCE.format(id=new, title=f"Title {new}"))
        return
    path = rng.choice(files)
    sid = path.stem
    if action == "title":
        path.write_text(SOURCE.format(id=sid, title=f"Title {sid} {rng.randrange(1000)}"))
    elif action == "break":
        path.write_text(BROKEN.format(id=sid))
    elif action == "mend":
        path.write_text(SOURCE.format(id=sid, title=f"Title {sid}"))
    elif action == "remove" and len(files) > 2:
        path.unlink()
    elif action == "link" and path.exists():
        swap_for_a_link(path, rng.choice([root / "data", outside, None]))
    elif action == "in-place":
        info = path.stat()
        text = path.read_text()
        flipped = text.swapcase() if "TITLE" not in text else text.replace("TITLE", "Title")
        path.write_text(flipped[:len(text)])
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def interrupt(proc: subprocess.Popen[bytes], how: int) -> float:
    """Send `how` to the command's process group, as a terminal sends Ctrl-C; the moment."""
    with contextlib.suppress(ProcessLookupError):  # it may have finished already
        os.killpg(proc.pid, how)
    return time.monotonic()


def _before_cxref(err: bytes) -> bool:
    """Is `err` a KeyboardInterrupt traceback from before cxref set its handler? Until
    `interrupts.install()` has returned, Ctrl-C is Python's own: while the interpreter starts
    (runpy and its imports), while cxref's entry point imports cxref.interrupts and the public
    `signal` module with it (enum, functools, collections: a few milliseconds, longer on a busy
    machine), and inside install(), the first thing main() does. So a traceback counts as
    Python's when the functions of cxref's on its stack are module bodies (`<module>`), and at
    most main() calling install() innermost; any other function of cxref's is a failure."""
    if not err.rstrip().endswith(b"KeyboardInterrupt"):
        return False
    frames = re.findall(rb'File "([^"]*)", line \d+, in (\S+)', err)
    ours = [name for path, name in frames if b"cxref" in path]
    if ours[-2:] == [b"main", b"install"]:
        ours = ours[:-2]
    return all(name == b"<module>" for name in ours)


def _answer(base: list[str], command: list[str], env: dict[str, str]) -> tuple[bytes, bytes, int]:
    """What `command` prints and exits with, from the YAML files (--no-cache)."""
    done = subprocess.run(base + ["--no-cache"] + command, env=env, capture_output=True,
                          check=False)
    return done.stdout, done.stderr, done.returncode


def _package_parent() -> str:
    """The folder that holds the cxref package `python -m cxref` runs here."""
    found = subprocess.run([sys.executable, "-c", "import cxref, os; "
                            "print(os.path.dirname(os.path.dirname(cxref.__file__)))"],
                           capture_output=True, text=True, check=True)
    return found.stdout.strip()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "))
    parser.add_argument("--runs", type=int, default=1000, help="commands to run in all")
    parser.add_argument("--parallel", type=int, default=8, help="commands at once")
    parser.add_argument("--sources", type=int, default=12, help="sources in the user folder")
    parser.add_argument("--seed", type=int, default=1, help="for the random edits and choices")
    args = parser.parse_args(argv)
    # cxref's modules compiled, as an install has them: from a checkout whose bytecode is stale
    # (and PYTHONDONTWRITEBYTECODE set, as on the machines here) every run compiles them before
    # cxref can take Ctrl-C, and a signal in those milliseconds is Python's own traceback.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "cxref"], check=False,
                   capture_output=True, cwd=_package_parent())
    rng = random.Random(args.seed)
    random.seed(args.seed)
    work = Path(tempfile.mkdtemp(prefix="cxref-stress-"))
    folder = work / "defs" / "sources"
    for made_folder in (folder, work / "defs" / "data", work / "defs-out"):
        made_folder.mkdir(parents=True)
    for i in range(args.sources):
        sid = f"s{i:05d}"
        (folder / f"{sid}.yaml").write_text(SOURCE.format(id=sid, title=f"Title {sid}"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CXREF_", "XDG_"))}
    cache = work / "cache"
    env.update({"XDG_CACHE_HOME": str(cache), "XDG_DATA_HOME": str(work / "data"),
                "COLUMNS": "120", "NO_COLOR": "1"})
    base = [sys.executable, "-m", "cxref", "--no-pager", "-d", str(work / "defs")]
    made = failed = interrupted = early = 0
    started = time.monotonic()

    def fail(message: str) -> None:
        nonlocal failed
        failed += 1
        print(f"FAILED: {message}", file=sys.stderr)

    try:
        while made < args.runs:
            edit(folder, rng)
            if rng.random() < 0.1:  # a fresh cache now and then: a whole first run to cut
                shutil.rmtree(cache, ignore_errors=True)
            ids = sorted(p.stem for p in folder.glob("*.yaml"))
            batch = [rng.choice(commands(ids)) for _ in range(min(args.parallel,
                                                                  args.runs - made))]
            procs = [subprocess.Popen(base + c, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, start_new_session=True)
                     for c in batch]
            stopped, how, sent = None, signal.SIGINT, 0.0
            if rng.random() < 0.3:
                stopped = rng.randrange(len(procs))
                how = signal.SIGINT if rng.random() < 0.8 else signal.SIGTERM
                # From 30 ms: before that the interpreter itself is starting, and a Ctrl-C then
                # is Python's, before any of cxref has run (a KeyboardInterrupt traceback).
                time.sleep(rng.uniform(0.03, 0.4))
                sent = interrupt(procs[stopped], how)
            results: list[tuple[bytes, bytes, int]] = [(b"", b"", 0)] * len(procs)
            # The signalled one first, so that the time it took to end is its own, not that of
            # the others before it in the list.
            for index in sorted(range(len(procs)), key=lambda i: i != stopped):
                out, err = procs[index].communicate(timeout=120)
                if index == stopped and procs[index].returncode != 0 and \
                        time.monotonic() - sent > GRACE_S + 0.5:
                    fail(f"cxref {' '.join(batch[index])} took more than {GRACE_S} s to end "
                         "after the signal")
                results[index] = (out, err, procs[index].returncode)
            left = [p.name for p in cache.glob("cxref/.corpus-*")] if cache.exists() else []
            if left:
                fail(f"temporary files left in the cache: {left}")
            for index, (command, (out, err, code)) in enumerate(zip(batch, results)):
                made += 1
                if index == stopped:
                    interrupted += 1
                    expected = 130 if how == signal.SIGINT else 143
                    word = b"interrupted" if how == signal.SIGINT else b"terminated"
                    if code == 0 or (out, err, code) == _answer(base, command, env):
                        continue  # it had finished before the signal came
                    if code == -how and err == b"":
                        continue  # before Python ran any of cxref (the default action)
                    if how == signal.SIGINT and code in (-how, 1) and _before_cxref(err):
                        early += 1  # Python's own KeyboardInterrupt, before cxref could answer
                        continue
                    # Warnings said before the signal came may stand above the one line.
                    said = err.splitlines(keepends=True)
                    if code != expected or not said or said[-1] != b"cxref: " + word + b"\n" \
                            or any(not line.startswith(b"cxref: warning: ")
                                   for line in said[:-1]):
                        fail(f"cxref {' '.join(command)} after {how.name}: exit {code}, "
                             f"stderr {err[-300:]!r}")
                    continue
                truth = _answer(base, command, env)
                if (out, err, code) != truth:
                    fail(f"cxref {' '.join(command)} (exit {code} vs {truth[2]}) differs from "
                         "--no-cache")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.monotonic() - started
    print(f"{made} runs ({interrupted} interrupted on purpose, {early} of them before cxref set "
          f"its handler; {made - interrupted} compared "
          f"with --no-cache), {failed} failed, {seconds:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
