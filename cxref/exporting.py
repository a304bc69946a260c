"""The whole reference as one report: terms, definitions by source, the compare table, the
evidence behind each pair, the disputes, the similarities, the matrix and the references list,
or any one of those parts."""

from __future__ import annotations

from collections.abc import Callable

from . import queries, views
from .model import Corpus
from .render import DATA, Format
from .report import Column, Report, Table


def _definitions_by_source(corpus: Corpus) -> Report:
    rows = tuple({"source": views.cite(s), "term": corpus.term(d.term).name, "quote": d.quote,
                  **views.voice_cells(d, s)} for s in corpus.sources for d in s.definitions)
    columns = (Column("source", "Source"), Column("term", "Term"),
               Column("quote", "Definition", wide=True), views.VOICE, *views.VOICE_DATA)
    table = Table("definitions", columns, rows)
    return Report("Definitions by source", (table,),
                  references=views.references(corpus.sources), name="definitions")


PARTS: dict[str, Callable[[Corpus], Report]] = {
    "terms": lambda corpus: views.terms(corpus, queries.terms(corpus)),
    "definitions": _definitions_by_source,
    "compare": lambda corpus: views.compare(corpus, queries.compare(corpus)),
    "evidence": lambda corpus: views.evidence(
        corpus, (queries.why(corpus, p.id) for p in corpus.catalogue.pairs),
        queries.disputes(corpus)),
    "disputes": lambda corpus: views.disputes(corpus, queries.disputes(corpus),
                                              queries.undisputed(corpus)),
    "similarities": lambda corpus: views.similarities(corpus, *queries.similarities(corpus)),
    "matrix": lambda corpus: views.matrix(corpus, queries.matrix(corpus)),
}


def build(corpus: Corpus, part: str = "all", citekeys: bool = False,
          fmt: Format | None = None, title: str | None = None) -> Report:
    """The whole reference, or one part of it, as a document titled `title` (by default the
    reference's or the part's own), its sources cited as pandoc keys with `citekeys`. The whole
    reference holds what `fmt` reads: for a data format (JSON, CSV) only the table of every
    claim, for the others only the parts a person reads; both when no format is given."""
    if part != "all":
        report = PARTS[part](corpus)
        return report._replace(document=True, citekeys=citekeys, title=title or report.title)
    people = fmt is None or fmt not in DATA
    parts = [make(corpus) for make in PARTS.values()] if people else []
    return views.export(corpus, parts, citekeys, data=fmt is None or fmt in DATA,
                        title=title or views.TITLE)
