"""Stress the cache: mixed commands in parallel against edits and interrupts, each answer
compared with `--no-cache`.

    python benchmarks/stress.py [--runs 1000] [--parallel 8] [--seed 1]

A user folder of sources is edited between rounds (a title changed, a file broken and mended,
added, removed, edited in place keeping its size and modification time); each round runs
`--parallel` commands at once on one shared cache, and interrupts (SIGINT) one of them early
now and then, as Ctrl-C would. Every command that was not interrupted must print exactly what
the same command prints with `--no-cache`, and exit the same. Prints how many runs it made and
how many differed; exits 1 if any did. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import random
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


def commands(ids: list[str]) -> list[list[str]]:
    pick = random.choice(ids) if ids else "nobody"
    return [["compare", "-f", "json"], ["show", pick, "-f", "json"], ["search", "Title"],
            ["search", pick], ["sources", "cs", "-f", "csv"], ["why", "proactive"],
            ["matrix", "-f", "json"], ["terms"], ["disputes", "-f", "json"]]


def edit(folder: Path, rng: random.Random) -> None:
    files = sorted(folder.glob("*.yaml"))
    action = rng.choice(["title", "break", "mend", "add", "remove", "in-place"])
    if action == "add" or not files:
        new = f"s{rng.randrange(10_000):04d}"
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
    elif action == "in-place":
        info = path.stat()
        text = path.read_text()
        flipped = text.swapcase() if "TITLE" not in text else text.replace("TITLE", "Title")
        path.write_text(flipped[:len(text)])
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    random.seed(args.seed)
    work = Path(tempfile.mkdtemp(prefix="cxref-stress-"))
    folder = work / "defs" / "sources"
    folder.mkdir(parents=True)
    for i in range(12):
        sid = f"s{i:04d}"
        (folder / f"{sid}.yaml").write_text(SOURCE.format(id=sid, title=f"Title {sid}"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CXREF_", "XDG_"))}
    env.update({"XDG_CACHE_HOME": str(work / "cache"), "XDG_DATA_HOME": str(work / "data"),
                "COLUMNS": "120", "NO_COLOR": "1"})
    base = [sys.executable, "-m", "cxref", "--no-pager", "-d", str(work / "defs")]
    made = differed = interrupted = 0
    started = time.monotonic()
    try:
        while made < args.runs:
            edit(folder, rng)
            ids = sorted(p.stem for p in folder.glob("*.yaml"))
            batch = [rng.choice(commands(ids)) for _ in range(min(args.parallel,
                                                                  args.runs - made))]
            procs = [subprocess.Popen(base + c, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL) for c in batch]
            stopped = None
            if rng.random() < 0.3:  # Ctrl-C one of them while the cache may be being built
                stopped = rng.randrange(len(procs))
                time.sleep(rng.uniform(0.05, 0.4))
                procs[stopped].send_signal(signal.SIGINT)
            results = [(p.communicate()[0], p.returncode) for p in procs]
            for index, (command, (out, code)) in enumerate(zip(batch, results)):
                made += 1
                if index == stopped:
                    interrupted += 1
                    continue
                truth = subprocess.run(base + ["--no-cache"] + command, env=env,
                                       capture_output=True, check=False)
                if (out, code) != (truth.stdout, truth.returncode):
                    differed += 1
                    print(f"DIFFERS: cxref {' '.join(command)} (exit {code} vs "
                          f"{truth.returncode})", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.monotonic() - started
    print(f"{made} runs ({interrupted} interrupted on purpose, {made - interrupted} compared "
          f"with --no-cache), {differed} differed, {seconds:.0f} s")
    return 1 if differed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
