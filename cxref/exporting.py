"""The whole reference as one report: terms, definitions by source, the compare table, the
similarities, the matrix and the references list, or any one of those parts."""

from __future__ import annotations

from . import queries, views
from .model import Corpus
from .report import Cite, Column, Report, Table


def _definitions_by_source(corpus: Corpus) -> Report:
    rows = []
    for source in corpus.sources:
        for d in source.definitions:
            rows.append({"source": Cite(source.id), "term": corpus.term(d.term).name,
                         "quote": d.quote, "attributed_to": d.attributed_to})
    columns = (Column("source", "Source"), Column("term", "Term"),
               Column("quote", "Definition", wide=True), Column(
                   "attributed_to", "Attributed to"))
    table = Table("definitions", columns, tuple(rows), title="Definitions by source")
    return Report("Definitions by source", (table,), references=corpus.sources,
                  name="definitions")


def build(corpus: Corpus, part: str = "all") -> Report:
    makers = {
        "terms": lambda: views.terms(corpus, queries.terms(corpus)),
        "definitions": lambda: _definitions_by_source(corpus),
        "compare": lambda: views.compare(corpus, queries.compare(corpus)),
        "similarities": lambda: views.similarities(corpus, *queries.similarities(corpus)),
        "matrix": lambda: views.matrix(corpus, queries.matrix(corpus)),
    }
    if part != "all":
        return makers[part]()
    return views.export(corpus, [make() for make in makers.values()])
