"""Query results laid out as :class:`~cxref.report.Report` values, one builder per command.

This is where the wording and column order of every table live; the renderers only format.
"""

from __future__ import annotations

from .model import Contrast, Corpus, Definition, Source, Term, TraitPair
from .queries import Backing, Comparison, Matrix, SearchHit, SimilarityRow, TermSummary
from .report import Cell, Cite, Column, Count, Marked, Report, Table
from .safetext import visible


_VOICE = Column("attributed_to", "Attributed to")


def _cited(corpus: Corpus, ids: list[str] | set[str]) -> tuple[Source, ...]:
    return tuple(s for s in corpus.sources if s.id in ids)


_OWN_WORDS = (("side", None), ("attributed_to", (None,)))  # shared: immutable


def _backing_cite(backing: Backing, pair: TraitPair) -> Cite:
    if backing.side is None and backing.voices == ("",):  # the common case, kept cheap
        return Cite(backing.source, "", _OWN_WORDS)
    notes = []
    if backing.side is not None:
        notes.append(f"{pair.trait_of(backing.side)} only")
    quoted = [v for v in backing.voices if v]
    if quoted:
        own = "own words and " if "" in backing.voices else ""
        notes.append(f"{own}quoting {', '.join(quoted)}")
    return Cite(backing.source, "; ".join(notes),
                (("side", backing.side),
                 ("attributed_to", tuple(v or None for v in backing.voices))))


def stance_text(backing: Backing, pair: TraitPair) -> str:
    """A source's stance on a pair in words: 'both sides', 'reactive only', 'contests isolated'."""
    parts = []
    if backing.both_sides:
        parts.append("both sides")
    elif backing.backs and backing.side is not None:
        parts.append(f"{pair.trait_of(backing.side)} only")
    parts += [f"contests {pair.trait_of(term)}" for term in backing.contested]
    return "; ".join(parts)


def compare(corpus: Corpus, result: Comparison) -> Report:
    a, b = result.term_a, result.term_b
    rows = []
    cited: set[str] = set()
    for row in result.rows:
        cites = []
        for backing in row.backing:
            cites.append(_backing_cite(backing, row.pair))
            cited.add(backing.source)
        rows.append({"pair": row.pair.id, "a": row.trait_a, "b": row.trait_b,
                     "support": Count(row.support, result.considered), "sources": tuple(cites)})
    columns = (Column("pair", "Pair", terminal=False), Column("a", a.label), Column("b", b.label),
               Column("support", "Support"), Column("sources", "Sources", wide=True))
    table = Table("pairs", columns, tuple(rows), empty="no trait pair matches")
    note = (f"Support: how many of the {result.considered} sources that describe or contrast "
            f"both terms back the row. 'only' marks a source that speaks to one side.")
    return Report(f"{a.label} vs {b.label}", (table,), notes=(note,),
                  references=_cited(corpus, cited), name="compare")


def definitions(corpus: Corpus, term: Term, found: list[tuple[Source, Definition]]) -> Report:
    rows = tuple({"source": Cite(s.id), "quote": d.quote, "attributed_to": d.attributed_to}
                 for s, d in found)
    columns = (Column("source", "Source"), Column("quote", "Definition", wide=True), _VOICE)
    table = Table("definitions", columns, rows, empty=f"no source defines {term.name}")
    return Report(f"Definitions of {term.label}", (table,),
                  references=_cited(corpus, {s.id for s, _ in found}), name="sources")


def similarities(corpus: Corpus, a: Term, b: Term, found: list[SimilarityRow]) -> Report:
    rows = []
    cited: set[str] = set()
    for row in found:
        cites = tuple(Cite(s.id, f"quoting {c.attributed_to}" if c.attributed_to else "")
                      for s, c in row.claims)
        cited.update(s.id for s, _ in row.claims)
        rows.append({"trait": row.trait.name, "a": row.descriptions_a or None,
                     "b": row.descriptions_b or None, "sources": cites})
    columns = (Column("trait", "Shared trait"), Column("a", a.label, wide=True),
               Column("b", b.label, wide=True), Column("sources", "Sources"))
    table = Table("similarities", columns, tuple(rows), empty="no shared traits")
    return Report(f"What {a.label} and {b.label} share", (table,),
                  references=_cited(corpus, cited), name="similarities")


def terms(corpus: Corpus, summaries: list[TermSummary]) -> Report:
    rows = tuple({"id": s.term.id, "name": s.term.name, "aliases": s.term.aliases or None,
                  "defined_by": tuple(Cite(i) for i in s.defined_by) or None}
                 for s in summaries)
    columns = (Column("name", "Term"), Column("aliases", "Aliases"), Column("id", "Id"),
               Column("defined_by", "Defined by"))
    return Report("Terms", (Table("terms", columns, rows),), name="terms")


def _claim_rows(corpus: Corpus, source: Source) -> list[dict[str, Cell]]:
    rows: list[dict[str, Cell]] = []
    for d in source.definitions:
        rows.append({"kind": "definition", "about": corpus.term(d.term).name, "quote": d.quote,
                     "attributed_to": d.attributed_to})
    for c in source.contrasts:
        pair = corpus.pair(c.pair)
        about = pair.label + (f" ({pair.trait_of(c.side)} only)" if c.side else "")
        rows.append({"kind": "contrast", "about": about, "quote": c.quote,
                     "attributed_to": c.attributed_to})
    for s in source.similarities:
        name = corpus.shared_trait(s.trait).name
        rows.append({"kind": "similarity", "about": name, "quote": s.quote,
                     "attributed_to": s.attributed_to})
        for term_id, text in s.descriptions:
            rows.append({"kind": "description", "about": f"{name}: {corpus.term(term_id).name}",
                         "quote": text, "attributed_to": s.attributed_to})
    return rows


def metadata(source: Source) -> tuple[tuple[str, str], ...]:
    pairs = (("Id", source.id), ("Title", source.title), ("Author", source.author),
             ("Site", source.site), ("URL", source.url), ("Date", source.date),
             ("Note", source.note))
    return tuple((k, v) for k, v in pairs if v)


def show(corpus: Corpus, source: Source) -> Report:
    columns = (Column("kind", "Claim"), Column("about", "About"),
               Column("quote", "Quote", wide=True), _VOICE)
    table = Table("claims", columns, tuple(_claim_rows(corpus, source)))
    return Report(source.title or source.label, (table,), fields=metadata(source),
                  references=(source,),
                  name="show")


def why(corpus: Corpus, pair: TraitPair, grouped: list[tuple[Source, list[Contrast]]]) -> Report:
    rows = []
    for source, claims in grouped:
        for c in claims:
            side = pair.trait_of(c.side) if c.side else "both sides"
            rows.append({"source": Cite(source.id), "side": side, "quote": c.quote,
                         "attributed_to": c.attributed_to, "url": source.url})
    columns = (Column("source", "Source"), Column("side", "Speaks to"),
               Column("quote", "Quote", wide=True), _VOICE, Column("url", "URL"))
    sides = "; ".join(f"{corpus.term(t).name}: {trait}" for t, trait in pair.sides)
    fields = (("Pair", pair.id), ("Sides", sides)) + (
        (("About", pair.description),) if pair.description else ())
    table = Table("evidence", columns, tuple(rows), empty="no source backs this pair")
    return Report(f"Why {pair.label}: the evidence", (table,), fields=fields,
                  references=tuple(s for s, _ in grouped), name="why")


def matrix(corpus: Corpus, result: Matrix) -> Report:
    columns = (Column("source", "Source"),) + tuple(
        Column(p.id, p.label) for p in result.pairs)
    rows = []
    for source, cells in result.rows:
        row: dict[str, Cell] = {"source": Cite(source.id)}
        for pair, backing in zip(result.pairs, cells):
            row[pair.id] = stance_text(backing, pair) if backing is not None else None
        rows.append(row)
    table = Table("matrix", columns, tuple(rows))
    note = ("both sides: the source backs the pair; 'X only': it backs that side only; "
            "'contests X': it argues against that side.")
    return Report("Which source backs which trait pair", (table,), notes=(note,),
                  references=tuple(s for s, _ in result.rows), name="matrix")


CONTEXT = 60  # characters of context either side of a match


def _context(text: str, spans: tuple[tuple[int, int], ...]) -> Marked:
    flat = " ".join(text.split())
    if len(flat) != len(text):  # positions moved: find the matches again in the flat text
        low = flat.casefold()
        words = [text[s:e].casefold() for s, e in spans]
        spans = tuple(sorted({(i, i + len(w)) for w in words
                              if (i := low.find(" ".join(w.split()))) != -1}))
        text = flat
    if not spans:
        return Marked(text[: 2 * CONTEXT], ())
    start = max(0, spans[0][0] - CONTEXT)
    end = min(len(text), spans[-1][1] + CONTEXT)
    if end - start > 4 * CONTEXT:
        end = min(len(text), spans[0][1] + CONTEXT)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Marked(prefix + text[start:end] + suffix, inside)


def search(query: str, hits: list[SearchHit], per_source: int = 3) -> Report:
    rows = []
    for rank, hit in enumerate(hits, 1):
        shown: set[str] = set()  # one quote can back several claims: show its match once
        for snippet in hit.snippets:
            if snippet.text in shown or len(shown) == per_source:
                continue
            shown.add(snippet.text)
            rows.append({"rank": rank, "source": Cite(hit.source.id), "score": hit.score,
                         "field": snippet.field, "match": _context(snippet.text, snippet.spans)})
    columns = (Column("rank", "#"), Column("source", "Source"), Column("score", "Score"),
               Column("field", "Where"), Column("match", "Match", wide=True))
    asked = visible(query)  # typed by the user, not read from a file: not yet made safe
    table = Table("results", columns, tuple(rows), empty=f"nothing matches '{asked}'")
    return Report(f"Search: {asked}", (table,),
                  references=tuple(h.source for h in hits), name="search")


def references(sources: tuple[Source, ...]) -> Table:
    rows = tuple({"id": s.id, "title": s.title, "author": s.author, "site": s.site,
                  "url": s.url, "date": s.date} for s in sources)
    columns = (Column("id", "Id"), Column("title", "Title", wide=True), Column("author", "Author"),
               Column("site", "Site"), Column("url", "URL"), Column("date", "Date"))
    return Table("references", columns, rows, title="References")


def export(corpus: Corpus, parts: list[Report]) -> Report:
    """The whole reference: every part's tables in turn, then the references list."""
    tables = []
    notes: list[str] = []
    for part in parts:
        for table in part.tables:
            tables.append(Table(table.name, table.columns, table.rows, table.title or part.title,
                                table.empty))
        notes.extend(part.notes)
    tables.append(references(corpus.sources))
    return Report("Customer experience vs customer service: the cxref reference",
                  tuple(tables), notes=tuple(notes), references=corpus.sources, name="export")
