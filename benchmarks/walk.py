"""The floor for any PyYAML-based reader: one process walking libyaml's event stream over
every .yaml file under the folders given, and doing nothing with the events.

    python benchmarks/walk.py DIR [DIR ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def walk(folders: list[str]) -> int:
    events = 0
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
                events += 1
    return events


if __name__ == "__main__":
    print(walk(sys.argv[1:]))
