"""Make a definitions folder of N sources for the benchmarks: copies of the five shipped sources.

    python benchmarks/make_corpus.py --copies DIR N

Copies of the five shipped sources in turn (the real schema and real quotes, about 7 KB a
file), as copy-00000, copy-00001, ...: each copy's id changed, and its title, where it has one,
ending with "(copy-NNNNN)", a word no other copy holds, for `search` to find exactly one.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent / "definitions" / "sources"


def copies(folder: Path, count: int) -> list[str]:
    """Write the copies into ``folder/sources``; return the ids of those marked in the title."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SHIPPED.glob("*.yaml"))]
    sources = folder / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    marked = []
    for index in range(count):
        sid = f"copy-{index:05d}"
        text = re.sub(r"(?m)^id: .*$", f"id: {sid}", texts[index % len(texts)], count=1)
        title = re.search(r"(?m)^title: (.*)$", text)
        if title:
            text = text.replace(title.group(0), f"title: {_retitle(title.group(1), sid)}", 1)
            marked.append(sid)
        (sources / f"{sid}.yaml").write_text(text, encoding="utf-8")
    return marked


def _retitle(title: str, sid: str) -> str:
    if title[:1] in "\"'":
        return f"{title[0]}{title[1:-1]} ({sid}){title[-1]}"
    return f"{title} ({sid})"


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] != "--copies":
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    copies(Path(argv[1]), int(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
