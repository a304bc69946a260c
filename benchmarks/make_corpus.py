"""Make a synthetic definitions folder of N sources in the real schema, for benchmarks.

    python benchmarks/make_corpus.py DIR N

Each source is about 2 KB: metadata, two definitions, four contrasts and two similarities,
naming only the shipped terms, pairs and shared traits, so the folder loads on top of the
shipped set. Source ids are bench-00000 ... ; the text is deterministic (seeded).
"""

from __future__ import annotations

import random
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


if __name__ == "__main__":
    make(Path(sys.argv[1]), int(sys.argv[2]))
