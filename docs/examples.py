"""The examples in docs/*.md are real runs of cxref: this finds them, runs them, and rewrites
or checks their output, as sqlite-utils keeps its docs with cog.

An example is a fenced ``console`` block. Each line starting ``$ `` is a command, continued
on the lines starting ``> `` (a here-document, say); the lines after it, up to the next command
or the end of the block, are what it prints (stdout, then stderr). Commands run in bash, one
folder per page (so a page can create a file and use it), with an empty personal folder and
cache, COLUMNS=100 (``$ COLUMNS=80 cxref ...`` changes it), no colour and no pager; ``cxref``
is the one of the Python running this.

    python docs/examples.py          # rewrite every example's output from a real run
    python docs/examples.py --check  # exit 1 and name each example whose output is stale

tests/test_docs.py runs the check, so an example can never go stale.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
FENCE = re.compile(r"^```console\s*$")


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first line, end line) of the inside of every console block."""
    out = []
    index = 0
    while index < len(lines):
        if FENCE.match(lines[index]):
            end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
            out.append((index + 1, end))
            index = end
        index += 1
    return out


DATA_HOME = ".local/share"  # $XDG_DATA_HOME under the page's folder: where the docs show it


def run(command: str, workdir: Path, data_home: str = DATA_HOME) -> str:
    """What `command` prints, run as a user would in `workdir`, with $XDG_DATA_HOME at
    `data_home` under it."""
    shims = workdir / ".bin"
    if not shims.is_dir():
        shims.mkdir()
        shim = shims / "cxref"
        shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m cxref "$@"\n')
        shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CXREF_", "XDG_"))}
    env.update({"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "LC_ALL": "C.UTF-8",
                "XDG_DATA_HOME": str(workdir / data_home), "EDITOR": "true",
                "XDG_CACHE_HOME": str(workdir / ".cache"), "HOME": str(workdir),
                "PATH": f"{shims}{os.pathsep}{os.environ.get('PATH', '')}"})
    done = subprocess.run(["bash", "-c", command], cwd=workdir, env=env, capture_output=True,
                          text=True, timeout=60, check=False, stdin=subprocess.DEVNULL)
    # The page's folder is HOME: shown as ~, so that output naming a file is the same each run.
    return (done.stdout + done.stderr).rstrip("\n").replace(str(workdir), "~")


def refresh(text: str, workdir: Path, data_home: str = DATA_HOME) -> str:
    """`text` with the output of every example replaced by a fresh run."""
    lines = text.split("\n")
    out: list[str] = []
    last = 0
    for start, end in _blocks(lines):
        out += lines[last:start]
        block = lines[start:end]
        commands = [i for i, line in enumerate(block) if line.startswith("$ ")]
        if not commands:  # a block of plain text: kept as written
            out += block
        for i in commands:
            typed = [block[i]]
            j = i + 1
            while j < len(block) and block[j].startswith("> "):
                typed.append(block[j])
                j += 1
            out += typed
            printed = run("\n".join(line[2:] for line in typed), workdir, data_home)
            if printed:
                out += printed.split("\n")
        last = end
    out += lines[last:]
    return "\n".join(out)


def pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            fresh = refresh(text, Path(tmp))
        if fresh != text:
            stale.append(page)
            if not check:
                page.write_text(fresh, encoding="utf-8")
    for page in stale:
        print(f"{page.name}: {'stale' if check else 'rewritten'}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
