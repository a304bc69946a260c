"""Print command N (1-based) of the first code block under '## Quick start' in README.md.

CI runs the README's own test command through this, so the README cannot drift from CI."""

from __future__ import annotations

import sys
from pathlib import Path


def quickstart_commands(readme: Path) -> list[str]:
    lines = readme.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Quick start")
    fence = next(i for i in range(start, len(lines)) if lines[i].startswith("```"))
    end = next(i for i in range(fence + 1, len(lines)) if lines[i].startswith("```"))
    return [line for line in lines[fence + 1:end] if line.strip()]


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    command = quickstart_commands(root / "README.md")[int(sys.argv[1]) - 1]
    print(command)  # noqa: T201 - the command is what this script outputs
