"""`cxref search`: which sources hold every word of a text, ranked, with the matching passages.

Pure functions over a :class:`~cxref.model.Corpus`, as in :mod:`cxref.queries`. A word matches
anywhere inside a field's text, in any case (it need not be a whole word).
"""

from __future__ import annotations

from typing import NamedTuple

from .errors import UsageError
from .model import Corpus, Source


class Snippet(NamedTuple):
    field: str  # e.g. "title", "definition of customer service", "contrast proactive-reactive"
    text: str
    spans: tuple[tuple[int, int], ...]  # matched ranges in `text`


class SearchHit(NamedTuple):
    source: Source
    score: int
    snippets: tuple[Snippet, ...]


_WEIGHTS = {"title": 5, "author": 4, "definition": 3, "site": 2}


def searchable_fields(source: Source) -> list[tuple[str, str]]:
    """(field label, text) for everything `search` looks in."""
    fields = [(key, value) for key in ("title", "author", "site", "note")
              if (value := getattr(source, key))]
    for d in source.definitions:
        fields.append((f"definition of {d.term}", d.quote))
        if d.attributed_to:
            fields.append(("attributed to", d.attributed_to))
    for c in source.contrasts:
        fields.append((f"contrast {c.pair}", c.quote))
        if c.attributed_to:
            fields.append(("attributed to", c.attributed_to))
    for s in source.similarities:
        fields.append((f"similarity {s.trait}", s.quote))
        fields.extend((f"similarity {s.trait} ({term})", text) for term, text in s.descriptions)
    fields += [(f"stand {stand.dispute}", stand.quote) for stand in source.stands]
    fields += [("remark", remark.quote) for remark in source.remarks]
    return fields


def search_words(text: str) -> list[str]:
    """The case-folded words of `text`, split at any white space."""
    words = text.casefold().split()
    if not words:
        raise UsageError("search needs some text to look for")
    return words


def search(corpus: Corpus, text: str, limit: int = 20) -> list[SearchHit]:
    """Sources in which every word of `text` appears (any case), best first."""
    words = search_words(text)
    hits = []
    for source in corpus.sources:
        fields = searchable_fields(source)
        folded = [(label, value, value.casefold()) for label, value in fields]
        if not all(any(w in f for _, _, f in folded) for w in words):
            continue
        score, snippets = 0, []
        for label, value, low in folded:
            spans = _spans(low, words)
            if spans:
                score += len(spans) * _WEIGHTS.get(label.split(" ")[0], 1)
                # Case folding can change a string's length (ß -> ss): then no marks to show.
                snippets.append(Snippet(label, value, spans if len(low) == len(value) else ()))
        hits.append(SearchHit(source, score, tuple(snippets)))
    hits.sort(key=lambda h: (-h.score, h.source.id))
    return hits[:limit]


def _spans(low: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    spans = []
    for word in words:
        start = low.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = low.find(word, start + len(word))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
