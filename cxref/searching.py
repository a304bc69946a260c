"""`cxref search`: which sources hold every word of a text, ranked, with the matching passages.

Pure functions over a :class:`~cxref.model.Corpus`, as in :mod:`cxref.queries`. A word matches
anywhere inside a field's text, in any case (it need not be a whole word).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .errors import UsageError
from .model import Claim, Corpus, Similarity, Source, kind_of


class Field(NamedTuple):
    """A text `search` looks in: its kind ('title', 'author', 'site', 'note', a claim's kind, or
    'attributed to' for a claim's voice) and, for a claim's text, the claim."""

    kind: str
    text: str
    claim: Claim | None = None
    term: str = ""  # the term whose side a similarity's description describes


class Snippet(NamedTuple):
    field: Field
    spans: tuple[tuple[int, int], ...]  # matched ranges in the field's text


class SearchHit(NamedTuple):
    source: Source
    score: int
    snippets: tuple[Snippet, ...]


_WEIGHTS = {"title": 5, "author": 4, "definition": 3, "site": 2}


def searchable_fields(source: Source) -> list[Field]:
    """Everything `search` looks in: the details, and each claim's quote (a similarity's
    descriptions too) followed by the voice it is attributed to."""
    fields = [Field(key, value) for key in ("title", "author", "site", "note")
              if (value := getattr(source, key))]
    for claim in source.claims():
        kind = kind_of(claim)
        fields.append(Field(kind, claim.quote, claim))
        if isinstance(claim, Similarity):
            fields += [Field(kind, text, claim, term) for term, text in claim.descriptions]
        if claim.attributed_to:
            fields.append(Field("attributed to", claim.attributed_to))
    return fields


def search(corpus: Corpus, text: str, limit: int = 20) -> list[SearchHit]:
    """Sources in which every word of `text` appears (any case), best first."""
    words = text.casefold().split()
    if not words:
        raise UsageError("search needs some text to look for")
    hits = []
    for source in corpus.sources:
        folded = [(field, field.text.casefold()) for field in searchable_fields(source)]
        if not all(any(w in low for _, low in folded) for w in words):
            continue
        score, snippets = 0, []
        for field, low in folded:
            spans = _spans(low, words)
            if spans:
                score += len(spans) * _WEIGHTS.get(field.kind, 1)
                # Case folding can change a string's length (ß -> ss): then no marks to show.
                snippets.append(Snippet(field, spans if len(low) == len(field.text) else ()))
        # The passages that hold the most of the words first, else in the file's order.
        snippets.sort(key=lambda s: -sum(w in s.field.text.casefold() for w in words))
        hits.append(SearchHit(source, score, tuple(snippets)))
    hits.sort(key=lambda h: (-h.score, h.source.id))
    return hits[:limit]


def _spans(low: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    """Where the words occur in `low`, each range once, touching or overlapping ones merged."""
    spans = sorted(m.span() for word in words for m in re.finditer(re.escape(word), low))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
