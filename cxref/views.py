"""Query results laid out as :class:`~cxref.report.Report` values, one builder per command.

This is where the wording and column order of every table live; the renderers only format.
People read names and traits (a source by its author, a pair by its two sides); ids stay in
the data formats.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Union

from . import model
from .model import (
    CONTESTS,
    Contrast,
    Corpus,
    Definition,
    Remark,
    Similarity,
    Source,
    Stand,
    Term,
    TraitPair,
)
from .queries import (
    CONTESTING,
    KINDS,
    Backing,
    CompareRow,
    Comparison,
    DisputeRow,
    Matrix,
    SimilarityRow,
    TermSummary,
)
from .report import (
    ROLES,
    Bars,
    Cell,
    Cite,
    Column,
    Dots,
    Items,
    Marked,
    Reference,
    Report,
    Series,
    Table,
    Tally,
    plural,
)
from .safetext import one_line
from .searching import Field, SearchHit

Claim = Union[Definition, Contrast, Similarity, Stand, Remark]  # noqa: UP007 - run time on 3.10

VOICE = Column("voice", "Voice", data=False)  # a phrase for people; data has the fields
VOICE_DATA = (Column("attributed_to", "Attributed to", person=False),
              Column("reported", "Reported", person=False),
              Column("hedge", "Hedge"))


def _for_data(*columns: tuple[str, str]) -> tuple[Column, ...]:
    """Columns that only the data formats keep, each (key, header)."""
    return tuple(Column(key, header, person=False) for key, header in columns)


def cite(source: Source, note: str = "") -> Cite:
    return Cite(source.id, source.name, note)


def reference(source: Source) -> Reference:
    return Reference(source.id, source.name,
                     tuple((name, getattr(source, name)) for name in model.details()))


def references(sources: tuple[Source, ...] | list[Source]) -> tuple[Reference, ...]:
    return tuple(reference(s) for s in sources)


def _cited(corpus: Corpus, ids: set[str]) -> tuple[Reference, ...]:
    return references([s for s in corpus.sources if s.id in ids])


def voice(claim: Claim, source: Source) -> str | None:
    """How a claim's voice is heard, for a person: None for the source's own words, the voice
    quoted, or 'Gartner, as reported by Annette Franz'; a definition that argues against what
    it quotes says so."""
    who = claim.attributed_to
    heard = None
    if who:
        heard = f"{who}, as reported by {source.name}" if claim.reported else who
    if isinstance(claim, Definition) and claim.stance == CONTESTS:
        heard = f"the definition {who or source.name} argues against"
    return heard


def voice_cells(claim: Claim, source: Source) -> dict[str, Cell]:
    return {"voice": voice(claim, source), "attributed_to": claim.attributed_to,
            "reported": bool(claim.reported), "hedge": claim.hedge}


# -- compare ------------------------------------------------------------------------------------

def stance_text(backing: Backing, pair: TraitPair) -> str:
    """A source's stance on a pair in words: 'both sides', 'reactive only', 'contests
    isolated', with its hedge: 'reactive only, hedged: typically'."""
    parts = []
    if backing.both_sides:
        parts.append("both sides")
    elif backing.backs and backing.side is not None:
        parts.append(f"{pair.trait_of(backing.side)} only")
    parts += [f"contests {pair.trait_of(term)}" for term in backing.contested]
    if backing.hedges:
        parts.append(f"hedged: {', '.join(backing.hedges)}")
    return "; ".join(parts)


def _voices_note(backing: Backing) -> str:
    quoted = [v for v in backing.voices if v and v not in backing.reported]
    notes = []
    if quoted:
        own = "own words and " if "" in backing.voices else ""
        notes.append(f"{own}quoting {', '.join(quoted)}")
    if backing.reported:
        notes.append(f"reporting {', '.join(backing.reported)}")
    return "; ".join(notes)


def _backing_cite(source: Source, backing: Backing, pair: TraitPair) -> Cite:
    """A source in a compare row, its stance and voices in the note, and as data."""
    stance = stance_text(backing, pair)
    notes = [stance] if stance != "both sides" else []
    voices = _voices_note(backing)
    if voices:
        notes.append(voices)
    return Cite(source.id, source.name, "; ".join(notes), (
        ("stance", backing.kind), ("side", backing.side), ("contests", backing.contested),
        ("attributed_to", tuple(v for v in backing.voices if v)),
        ("reported", backing.reported), ("hedges", backing.hedges)))


def _figures(row: CompareRow, total: int) -> Tally:
    """'2 both sides', '1 one side', then any contesting or mixed sources, and 'disputed';
    out of the `total` sources compared."""
    counts = tuple((kind, row.count(kind), role) for kind, role in zip(KINDS, ROLES)
                   if row.count(kind) or kind in KINDS[:2])
    return Tally(counts, ("disputed",) if row.disputed else (), total)


def _out_of(result: Comparison) -> str:
    verbs = "describes or contrasts" if result.considered == 1 else "describe or contrast"
    return f"Out of the {plural(result.considered, 'source')} that {verbs} both terms."


def _compare_notes(result: Comparison) -> tuple[str, ...]:
    notes = [f"{_out_of(result)} Each source counts once in a row: 'both sides' draws the "
             "contrast on both sides; 'one side', on the side named beside it; 'contests' "
             "argues against a side; 'mixed' backs one side and argues against the other. A "
             "hedge ('typically') is given beside its source. Rows are ranked by two-sided "
             "backing, then one-sided, then fewest contesting."]
    for row in result.rows:
        if not row.disputed:
            continue
        why = [f"`cxref disputes {d.id}` ({d.question})" for d in row.disputes]
        if row.contested + row.mixed:
            why.insert(0, "some source argues against a side (`cxref why "
                          f"{row.pair.id}`)")
        notes.append(f"Disputed: {row.pair.label}: {'; '.join(why)}.")
    return tuple(notes)


def compare(corpus: Corpus, result: Comparison) -> Report:
    a, b = result.term_a, result.term_b
    rows = tuple({**_counts(row), "backing": _figures(row, result.considered),
                  "disputes": Items(tuple(d.id for d in row.disputes)),
                  "sources": Items(tuple(_backing_cite(corpus.source(s.source), s, row.pair)
                                         for s in row.backing))}
                 for row in result.rows)
    cited = {s.source for row in result.rows for s in row.backing}
    counts = _counts_columns(a, b)  # pair, a, b, then the figures: a person reads a and b
    columns = (counts[0], Column("a", a.label), Column("b", b.label),
               Column("backing", "Backing", data=False), *counts[3:],
               Column("disputes", "Disputes", person=False),
               Column("sources", "Sources", wide=True))
    table = Table("pairs", columns, rows, empty="no trait pair matches")
    return Report(f"{a.label} vs {b.label}", (table,), notes=_compare_notes(result),
                  references=_cited(corpus, cited), name="compare")


def _counts(row: CompareRow) -> dict[str, Cell]:
    """A compare row's pair, sides and figures, as data (compare and the chart share them)."""
    return {"pair": row.pair.id, "a": row.trait_a, "b": row.trait_b,
            "both_sides": row.both_sides, "one_side": row.one_side,
            "contested": row.contested, "mixed": row.mixed, "support": row.support,
            "disputed": row.disputed}


def _counts_columns(a: Term, b: Term) -> tuple[Column, ...]:
    return _for_data(("pair", "Pair"), ("a", a.label), ("b", b.label),
                     ("both_sides", "Both sides"), ("one_side", "One side"),
                     ("contested", "Contests"), ("mixed", "Mixed"), ("support", "Support"),
                     ("disputed", "Disputed"))


_SERIES = {KINDS[0]: "backs both sides", KINDS[1]: "backs one side",
           CONTESTING: "contests a side", KINDS[3]: "backs one side, contests the other"}


def chart_backing(result: Comparison,
                  aspect: tuple[float, float] = (16, 9)) -> Report:
    """How many sources back each pair, as a stacked bar per pair (the counts of `compare`):
    both sides, one side, and, where any source does, against a side or mixed."""
    a, b = result.term_a, result.term_b
    rows = result.rows
    series = []
    for kind, role in zip(KINDS, ROLES):
        values = tuple(row.count(kind) for row in rows)
        if any(values) or kind in KINDS[:2]:
            series.append(Series(_SERIES[kind], values, role))
    figure = Bars("How many sources back each contrast",
                  tuple(f"{row.trait_a} / {row.trait_b}" for row in rows), tuple(series),
                  "sources", f"{_out_of(result)} Each source counts once per contrast. "
                  "'disputed': some source argues against a side, or the sources answer a "
                  "question on it differently (cxref disputes).",
                  f"{a.label} vs {b.label}",
                  tuple("disputed" if row.disputed else "" for row in rows), aspect)
    data = tuple(_counts(row) for row in rows)
    table = Table("pairs", _counts_columns(a, b), data, empty="no trait pair matches")
    return Report(f"{figure.title}: {figure.subtitle}", (table,), name="chart",
                  figure=figure)


def chart_disputes(found: list[DisputeRow],
                   aspect: tuple[float, float] = (16, 9)) -> Report:
    """Which source holds which answer to each disputed question, as a grid of dots."""
    by_id: dict[str, Source] = {}
    for row in found:
        for held in row.positions:
            for source, _ in held.holders:
                by_id.setdefault(source.id, source)
    holders = sorted(by_id.values(), key=lambda s: s.id)
    index = {s.id: i for i, s in enumerate(holders)}
    groups = tuple((row.dispute.question,
                    tuple((held.position.claim,
                           tuple(sorted({index[s.id] for s, _ in held.holders})))
                          for held in row.positions)) for row in found)
    title = "Where the sources disagree: who holds which answer"
    figure = Dots(title, tuple(s.name for s in holders), groups,
                  "●: the source gives that answer, in its own words or a voice it quotes; "
                  "· or blank: it does not (cxref disputes ID for the quotes).", "", aspect)
    data: tuple[dict[str, Cell], ...] = tuple(
        {"dispute": row.dispute.id, "question": row.dispute.question,
         "position": held.position.id, "answer": held.position.claim, "source": s.id,
         "reported": bool(stand.reported)}
        for row in found for held in row.positions for s, stand in held.holders)
    columns = _for_data(("dispute", "Dispute"), ("question", "Question"),
                        ("position", "Position"), ("answer", "Answer"), ("source", "Source"),
                        ("reported", "Reported"))
    table = Table("stands", columns, data,
                  empty="no question is answered differently by these sources")
    return Report(title, (table,), references=references(holders), name="chart",
                  figure=figure)


# -- definitions, similarities, terms ----------------------------------------------------------

def definitions(corpus: Corpus, term: Term, found: list[tuple[Source, Definition]]) -> Report:
    rows = tuple({"source": cite(s), "quote": d.quote, **voice_cells(d, s), "stance": d.stance}
                 for s, d in found)
    columns = (Column("source", "Source"), Column("quote", "Definition", wide=True), VOICE,
               *VOICE_DATA, Column("stance", "Stance", person=False))
    table = Table("definitions", columns, rows, empty=f"no source defines {term.name}")
    return Report(f"Definitions of {term.label}", (table,),
                  references=_cited(corpus, {s.id for s, _ in found}), name="sources")


def similarities(corpus: Corpus, a: Term, b: Term, found: list[SimilarityRow]) -> Report:
    """A row per claim: the trait (a person reads it once, on its first row), how the source
    describes each side, and its quote with the voice it is in."""
    rows = tuple({"trait": row.trait.name, "shared": None if index else row.trait.name,
                  "a": claim.description_of(a.id), "b": claim.description_of(b.id),
                  "source": cite(source), "quote": claim.quote, **voice_cells(claim, source)}
                 for row in found for index, (source, claim) in enumerate(row.claims))
    columns = (Column("trait", "Shared trait", person=False),
               Column("shared", "Shared trait", data=False), Column("a", a.label),
               Column("b", b.label), Column("source", "Source"),
               Column("quote", "Quote", wide=True), VOICE, *VOICE_DATA)
    table = Table("similarities", columns, rows, empty="no shared traits")
    return Report(f"What {a.label} and {b.label} share", (table,),
                  references=_cited(corpus, {s.id for r in found for s, _ in r.claims}),
                  name="similarities")


def terms(corpus: Corpus, summaries: list[TermSummary]) -> Report:
    rows: tuple[dict[str, Cell], ...] = tuple(
        {"id": s.term.id, "name": s.term.name, "aliases": Items(s.term.aliases),
         "defined_by": Items(tuple(cite(corpus.source(i)) for i in s.defined_by))}
        for s in summaries)
    columns = (Column("name", "Term"), Column("aliases", "Aliases"),
               Column("id", "Id", person=False), Column("defined_by", "Defined by", wide=True))
    cited = {i for s in summaries for i in s.defined_by}
    return Report("Terms", (Table("terms", columns, rows),),
                  references=_cited(corpus, cited), name="terms")


# -- one source ---------------------------------------------------------------------------------

def _term_names(corpus: Corpus, ids: tuple[str, ...]) -> str:
    return ", ".join(corpus.term(t).name for t in ids)


def _contrast_about(pair: TraitPair, claim: Contrast) -> str:
    if claim.stance == CONTESTS and claim.side:
        return f"{pair.label} (contests {pair.trait_of(claim.side)})"
    if claim.side:
        return f"{pair.label} ({pair.trait_of(claim.side)} only)"
    return pair.label


def _claim_rows(corpus: Corpus, source: Source) -> list[dict[str, Cell]]:
    rows: list[dict[str, Cell]] = []

    def add(kind: str, about: str, claim: Claim, quote: str | None = None) -> None:
        rows.append({"kind": kind, "about": about, "quote": quote or claim.quote,
                     **voice_cells(claim, source)})

    for d in source.definitions:
        add("definition", corpus.term(d.term).name, d)
    for c in source.contrasts:
        add("contrast", _contrast_about(corpus.pair(c.pair), c), c)
    for s in source.similarities:
        name = corpus.shared_trait(s.trait).name
        add("similarity", name, s)
        for term_id, text in s.descriptions:
            add("description", f"{name}: {corpus.term(term_id).name}", s, text)
    for stand in source.stands:
        dispute = corpus.dispute(stand.dispute)
        position = dispute.position(stand.position)
        add("stand", f"{dispute.question} {position.claim if position else stand.position}",
            stand)
    for remark in source.remarks:
        add("remark", _term_names(corpus, remark.about), remark)
    return rows


def field_label(name: str) -> str:
    """'url' -> 'URL', 'site' -> 'Site': how a person reads a detail's name."""
    return name.upper() if name == "url" else name.replace("_", " ").capitalize()


def metadata(source: Source) -> tuple[tuple[str, str], ...]:
    """The id, every detail ('n.d.' for a date that is not printed) and the note."""
    pairs: list[tuple[str, str | None]] = [("Id", source.id)]
    pairs += [(field_label(name), getattr(source, name) or ("n.d." if name == "date" else None))
              for name in model.details()]
    pairs.append(("Note", source.note))
    return tuple((k, v) for k, v in pairs if v)


def show(corpus: Corpus, source: Source) -> Report:
    columns = (Column("kind", "Claim"), Column("about", "About"),
               Column("quote", "Quote", wide=True), VOICE, *VOICE_DATA)
    table = Table("claims", columns, tuple(_claim_rows(corpus, source)))
    return Report(source.title or source.name, (table,), fields=metadata(source),
                  references=(reference(source),), name="show", legend=False)


# -- the evidence for a pair ----------------------------------------------------------------------

def _evidence_tables(pair: TraitPair, grouped: list[tuple[Source, list[Contrast]]],
                     title: str = "") -> tuple[Table, Table]:
    backing: list[dict[str, Cell]] = []
    contesting: list[dict[str, Cell]] = []
    for source, claims in grouped:
        for c in claims:
            speaks_to = (f"contests {pair.trait_of(c.side or '')}" if c.stance == CONTESTS
                         else f"{pair.trait_of(c.side)} only" if c.side else "both sides")
            (contesting if c.stance == CONTESTS else backing).append(
                {"pair": pair.id, "source": cite(source), "quote": c.quote,
                 **voice_cells(c, source), "side": c.side, "stance": c.stance,
                 "speaks_to": speaks_to})
    columns = (Column("pair", "Pair", person=False), Column("source", "Source"),
               Column("speaks_to", "Speaks to"), Column("quote", "Quote", wide=True), VOICE,
               *VOICE_DATA, Column("side", "Side", person=False),
               Column("stance", "Stance", person=False))
    names = (f"{title}: backing", f"{title}: contesting") if title else ("Backing", "Contesting")
    return (Table("evidence", columns, tuple(backing), title=names[0],
                  empty="no source backs this pair"),
            Table("evidence", columns, tuple(contesting), title=names[1],
                  empty="no source contests it"))


def _sides_table(pair: TraitPair) -> Table:
    """The pair's sides as data (term id and trait apart); people read them in the fields."""
    columns = (Column("term", "Term", person=False), Column("trait", "Trait", person=False))
    return Table("sides", columns,
                 tuple({"term": t, "trait": trait} for t, trait in pair.sides))


def _sides(corpus: Corpus, pair: TraitPair) -> str:
    return "; ".join(f"{corpus.term(t).name}: {trait}" for t, trait in pair.sides)


def why(corpus: Corpus, pair: TraitPair, grouped: list[tuple[Source, list[Contrast]]]) -> Report:
    fields = (("Sides", _sides(corpus, pair)),) + (
        (("About", pair.description),) if pair.description else ())
    backing, contesting = _evidence_tables(pair, grouped)
    tables = (_sides_table(pair), backing) + ((contesting,) if contesting.rows else ())
    return Report(f"Why {pair.label}: the evidence", tables, fields=fields,
                  references=references([s for s, _ in grouped]), name="why")


def evidence(corpus: Corpus,
             pairs: Iterable[tuple[TraitPair, list[tuple[Source, list[Contrast]]]]]) -> Report:
    """The quotes behind every pair, a section per pair: what `export` carries."""
    tables: list[Table] = []
    cited: set[str] = set()
    for pair, grouped in pairs:
        if not grouped:
            continue
        cited.update(s.id for s, _ in grouped)
        backing, contesting = _evidence_tables(pair, grouped, pair.label)
        tables.append(backing._replace(intro=f"{_sides(corpus, pair)}. {pair.description}"))
        if contesting.rows:
            tables.append(contesting)
    return Report("The evidence for each pair", tuple(tables),
                  references=_cited(corpus, cited), name="evidence")


def matrix(corpus: Corpus, result: Matrix) -> Report:
    # Pair columns are keyed 'pair:ID' (no id holds a colon): a pair whose id is 'source' must
    # not overwrite the Source column.
    keys = [f"pair:{p.id}" for p in result.pairs]
    columns = (Column("source", "Source"),) + tuple(
        Column(key, p.label) for key, p in zip(keys, result.pairs))
    rows = []
    for source, cells in result.rows:
        row: dict[str, Cell] = {"source": cite(source)}
        for key, pair, backing in zip(keys, result.pairs, cells):
            row[key] = stance_text(backing, pair) if backing is not None else None
        rows.append(row)
    table = Table("matrix", columns, tuple(rows))
    note = ("both sides: the source backs the pair; 'X only': it backs that side only; "
            "'contests X': it argues against that side.")
    return Report("Which source backs which trait pair", (table,), notes=(note,),
                  references=references([s for s, _ in result.rows]), name="matrix")


# -- disputes -----------------------------------------------------------------------------------

def disputes(corpus: Corpus, found: list[DisputeRow]) -> Report:
    tables = []
    cited: set[str] = set()
    for row in found:
        rows: list[dict[str, Cell]] = []
        for held in row.positions:
            base = {"dispute": row.dispute.id, "question": row.dispute.question,
                    "position_id": held.position.id, "position": held.position.claim,
                    "answer": held.position.claim}  # a person reads the answer once
            for index, (source, stand) in enumerate(held.holders):
                cited.add(source.id)
                rows.append({**base, "answer": None if index else held.position.claim,
                             "source": cite(source), "quote": stand.quote,
                             **voice_cells(stand, source)})
            if not held.holders:
                rows.append({**base, "source": None, "quote": "no source holds this answer"})
        columns = (*_for_data(("dispute", "Dispute"), ("question", "Question"),
                              ("position_id", "Position id"), ("position", "Position")),
                   Column("answer", "Answer", data=False), Column("source", "Source"),
                   Column("quote", "Quote", wide=True), VOICE, *VOICE_DATA)
        tables.append(Table("stands", columns, tuple(rows), title=row.dispute.question))
    title = "Where the sources disagree"
    empty = (Table("stands", (Column("quote", "Quote", wide=True),), (),
                   empty="no question is answered differently by these sources"),)
    return Report(title, tuple(tables) or empty, references=_cited(corpus, cited),
                  name="disputes")


# -- the vocabulary -----------------------------------------------------------------------------

def ids(corpus: Corpus) -> Report:
    """Every id an author may use in a source file."""
    catalogue = corpus.catalogue
    terms = Table("terms", (Column("id", "Term id"), Column("name", "Name"),
                            Column("aliases", "Aliases (also accepted)")),
                  tuple({"id": t.id, "name": t.name, "aliases": Items(t.aliases)}
                        for t in catalogue.terms), title="Terms (term:, side:, about:)")
    pairs = Table("pairs", (Column("id", "Pair id"),
                            Column("sides", "Sides (side: term id)", data=False),
                            *_for_data(("term_a", "Term A"), ("trait_a", "Trait A"),
                                       ("term_b", "Term B"), ("trait_b", "Trait B"))),
                  tuple({"id": p.id, "sides": Items(tuple(f"{t}: {trait}" for t, trait in p.sides)),
                         "term_a": p.sides[0][0], "trait_a": p.sides[0][1],
                         "term_b": p.sides[1][0], "trait_b": p.sides[1][1]}
                        for p in catalogue.pairs), title="Trait pairs (pair:)")
    traits = Table("shared_traits", (Column("id", "Trait id"), Column("name", "Name")),
                   tuple({"id": t.id, "name": t.name} for t in catalogue.shared_traits),
                   title="Shared traits (trait:)")
    questions = Table("disputes", (Column("id", "Dispute id"), Column("question", "Question"),
                                   Column("positions", "Positions (position:)")),
                      tuple({"id": d.id, "question": d.question,
                             "positions": Items(tuple(p.id for p in d.positions))}
                            for d in catalogue.disputes), title="Disputes (dispute:)")
    return Report("The ids a source file may use", (terms, pairs, traits, questions),
                  name="ids")


def folders(found: list[tuple[str, int]], personal: str) -> Report:
    """The definitions folders in load order, each with its number of source files. A path
    is text the user gave, not data cxref read: it is made safe here, as data is by the
    loader."""
    rows = tuple(
        {"order": index, "folder": one_line(path), "sources": count,
         "kind": "shipped" if index == 1 else "personal" if path == personal else "yours"}
        for index, (path, count) in enumerate(found, 1))
    personal = one_line(personal)
    columns = (Column("order", "#"), Column("kind", "Kind"),
               Column("folder", "Folder", wide=True), Column("sources", "Sources"))
    note = (f"Later folders add to earlier ones. Your personal folder is {personal} "
            "(created by `cxref new`).")
    return Report("Definitions folders, in load order", (Table("folders", columns, rows),),
                  notes=(note,), name="folders")


# -- search -------------------------------------------------------------------------------------

def _where(corpus: Corpus, field: Field) -> str:
    """Where a search matched, for a person: 'author', 'definition of customer service'."""
    if field.kind == "definition":
        return f"definition of {corpus.term(field.about).name}"
    if field.kind == "contrast":
        return f"contrast {corpus.pair(field.about).label}"
    if field.kind == "stand":
        return f"stand: {corpus.dispute(field.about).question}"
    if field.kind == "similarity":
        trait = f"similarity {corpus.shared_trait(field.about).name}"
        return f"{trait} ({corpus.term(field.term).name})" if field.term else trait
    return field.kind


def search(corpus: Corpus, query: str, hits: list[SearchHit], per_source: int = 3) -> Report:
    rows: list[dict[str, Cell]] = []
    for rank, hit in enumerate(hits, 1):
        shown: set[str] = set()  # one quote can back several claims: show its match once
        for field, spans in hit.snippets:
            if field.text in shown or len(shown) == per_source:
                continue
            shown.add(field.text)
            rows.append({"rank": rank, "place": None if len(shown) > 1 else rank,
                         "source": cite(hit.source), "score": hit.score,
                         "field": _where(corpus, field), "match": Marked(field.text, spans)})
    # A person reads a source's rank once, on its first passage; the data keeps it on each.
    columns = (Column("rank", "#", person=False), Column("place", "#", data=False),
               Column("source", "Source"),
               Column("score", "Score", person=False),
               Column("field", "Where"), Column("match", "Match", wide=True))
    asked = one_line(query)  # typed by the user, not read from a file: not yet made safe
    table = Table("results", columns, tuple(rows), empty=f"nothing matches '{asked}'")
    return Report(f"Search: {asked}", (table,),
                  references=references([h.source for h in hits]), name="search")


# -- a bibliography ---------------------------------------------------------------------------

def bibliography(sources: tuple[Source, ...]) -> Report:
    """The sources as a bibliography: the references, for CSL-JSON or BibTeX."""
    return Report("References", (), references=references(sources), name="cite")


# -- the whole reference ------------------------------------------------------------------------

def _claim_row(source: dict[str, Cell], kind: str, claim: Claim,
               **what: Cell) -> dict[str, Cell]:
    """A row of the tidy table: `source` is the cells of the claim's source (its id and
    details)."""
    return {**source, "kind": kind, **what, "attributed_to": claim.attributed_to,
            "reported": bool(claim.reported), "hedge": claim.hedge}


def claim_keys() -> tuple[str, ...]:
    """The columns of the tidy table: the source, its every detail, then the claim."""
    return ("source", *model.details(), "kind", "term", "pair", "trait", "dispute",
            "position", "side", "stance", "attributed_to", "reported", "hedge", "quote")


def claims(corpus: Corpus) -> Table:
    """Every claim of every source, one row each, as tidy data: the source's details repeated
    on each row, then what the claim is about, who speaks, and the quote. A similarity's
    description of one term's side is a row of its own (kind 'similarity', that term)."""
    rows: list[dict[str, Cell]] = []
    details = model.details()
    for s in corpus.sources:
        cells: dict[str, Cell] = {"source": s.id, **{name: getattr(s, name) for name in details}}
        for d in s.definitions:
            rows.append(_claim_row(cells, "definition", d, term=d.term, stance=d.stance,
                                   quote=d.quote))
        for c in s.contrasts:
            rows.append(_claim_row(cells, "contrast", c, pair=c.pair, side=c.side,
                                   stance=c.stance, quote=c.quote))
        for m in s.similarities:
            rows.append(_claim_row(cells, "similarity", m, trait=m.trait, quote=m.quote))
            for term_id, text in m.descriptions:
                rows.append(_claim_row(cells, "similarity", m, trait=m.trait, term=term_id,
                                       quote=text))
        for t in s.stands:
            rows.append(_claim_row(cells, "stand", t, dispute=t.dispute, position=t.position,
                                   quote=t.quote))
        for r in s.remarks:
            rows.append(_claim_row(cells, "remark", r, term="; ".join(r.about) or None,
                                   quote=r.quote))
    columns = tuple(Column(key, key, person=False) for key in claim_keys())
    return Table("claims", columns, tuple(rows), empty="no source makes a claim")


TITLE = "Customer experience vs customer service: the cxref reference"


def export(corpus: Corpus, parts: Iterable[Report], citekeys: bool = False,
           data: bool = True) -> Report:
    """The whole reference as a document: each of `parts` a section of its tables (the part's
    notes right after them), then the references list; with `data`, one tidy table of every
    claim for the data formats (see :func:`claims`)."""
    tables: list[Table] = []
    for part in parts:
        section = [t._replace(title=t.title or part.title, section=part.title).for_people()
                   for t in part.tables]
        if section and part.notes:
            section[-1] = section[-1]._replace(notes=section[-1].notes + part.notes)
        tables += section
    if data:
        tables.append(claims(corpus))
    return Report(TITLE, tuple(tables), references=references(corpus.sources), name="export",
                  document=True, citekeys=citekeys)
