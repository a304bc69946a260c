"""Make a synthetic definitions folder of N sources in the real schema, for benchmarks.

    python benchmarks/make_corpus.py DIR N            # generated sources of about 2 KB
    python benchmarks/make_corpus.py --copies DIR N   # copies of the shipped sources


Each source is about 2 KB: metadata, two definitions, four contrasts and two similarities,
naming only the shipped terms, pairs and shared traits, so the folder loads on top of the
shipped set. Source ids are bench-00000 ... ; the text is deterministic (seeded).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

WORDS = ["customer", "experience", "service", "journey", "touchpoint", "brand", "feeling",
         "support", "agent", "proactive", "reactive", "holistic", "specific", "ongoing",
         "isolated", "moment", "relationship", "loyalty", "empathy", "listening",
         "communication", "strategy", "channel", "issue", "resolution", "perception",
         "interaction", "organization", "team", "process", "outcome", "value"]
PAIRS = ("holistic-specific", "proactive-reactive", "ongoing-isolated", "broad-aspect",
         "feelings-actions", "primary-secondary")
TRAITS = ("communication", "listening", "empathy", "humility", "positivity", "organization")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def source(index: int, rng: random.Random) -> str:
    sid = f"bench-{index:05d}"
    lines = ["---", f"id: {sid}", f"title: \"Benchmark article {index}: {sentence(rng, 5)}\"",
             f"author: \"Author {index % 997}\"", "site: Benchmark Site",
             f"url: https://example.com/{sid}", "date: \"1 January\"", "definitions:"]
    for term in ("customer-experience", "customer-service"):
        lines += [f"  - term: {term}", "    quote: >-", f"      {sentence(rng, 22)}"]
    lines.append("contrasts:")
    for pair in rng.sample(PAIRS, 4):
        lines += [f"  - pair: {pair}", "    quote: >-", f"      {sentence(rng, 18)}"]
    lines.append("similarities:")
    for trait in rng.sample(TRAITS, 2):
        lines += [f"  - trait: {trait}", f"    quote: \"{sentence(rng, 10)}\"",
                  "    descriptions:", f"      customer-experience: \"{sentence(rng, 6)}\"",
                  f"      customer-service: \"{sentence(rng, 6)}\""]
    return "\n".join(lines) + "\n"


def make(folder: Path, count: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    sources = folder / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (sources / f"bench-{index:05d}.yaml").write_text(source(index, rng), encoding="utf-8")
    return folder


SHIPPED = Path(__file__).resolve().parent.parent / "definitions" / "sources"


def copies(folder: Path, count: int) -> list[str]:
    """N copies of the five shipped sources in turn (7.4 KB on average, the real schema and
    real quotes), as copy-00000 ...: each copy's id changed, and its title, where it has one,
    ends with "(copy-NNNNN)", a word no other copy holds, for `search` to find exactly one.
    Returns the ids of the copies so marked."""
    shipped = sorted(SHIPPED.glob("*.yaml"))
    texts = [path.read_text(encoding="utf-8") for path in shipped]
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


if __name__ == "__main__":
    if sys.argv[1] == "--copies":
        copies(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        make(Path(sys.argv[1]), int(sys.argv[2]))
