"""Query results laid out as :class:`~cxref.report.Report` values, one builder per command.

This is where the wording and column order of every table live; the renderers only format.
People read names and traits (a source by its author, a pair by its two sides); ids stay in
the data formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from . import model, queries
from .model import (
    CONTESTS,
    Claim,
    Contrast,
    Corpus,
    Definition,
    Dispute,
    Remark,
    Similarity,
    Source,
    Stand,
    Term,
    TraitPair,
    kind_of,
)
from .queries import (
    CONTESTING,
    KINDS,
    Backing,
    CompareRow,
    Comparison,
    DisputeRow,
    SimilarityRow,
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

if TYPE_CHECKING:
    from .searching import Field, SearchHit

VOICE = Column("voice", "Voice", data=False)  # a phrase for people; data has the fields
VOICE_DATA = (Column("attributed_to", "Attributed to", person=False),
              Column("reported", "Reported", person=False),
              Column("hedge", "Hedge"))


def _for_data(*columns: tuple[str, str]) -> tuple[Column, ...]:
    """Columns that only the data formats keep, each (key, header)."""
    return tuple(Column(key, header, person=False) for key, header in columns)


def cite(source: Source) -> Cite:
    return Cite(source.id, source.name)


def reference(source: Source) -> Reference:
    return Reference(source.id, source.name,
                     tuple((name, getattr(source, name)) for name in model.details()))


def references(sources: tuple[Source, ...] | list[Source]) -> tuple[Reference, ...]:
    return tuple(reference(s) for s in sources)


def _cited(corpus: Corpus, *tables: Table) -> tuple[Reference, ...]:
    """The references of the sources the tables cite, in the corpus's order."""
    ids = set[str]().union(*(table.cited() for table in tables))
    return references([s for s in corpus.sources if s.id in ids])


def voice_cells(claim: Claim, source: Source) -> dict[str, Cell]:
    """Who speaks in a claim: as data, and for a person as a phrase: none for the source's own
    words, the voice quoted, or 'Gartner, as reported by Annette Franz'; a definition that
    argues against what it quotes says so."""
    who = claim.attributed_to
    heard = None
    if who:
        heard = f"{who}, as reported by {source.name}" if claim.reported else who
    if isinstance(claim, Definition) and claim.stance == CONTESTS:
        heard = f"the definition {who or source.name} argues against"
    return {"voice": heard, "attributed_to": who, "reported": bool(claim.reported),
            "hedge": claim.hedge}


# -- compare ------------------------------------------------------------------------------------

def _and(words: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return f"{', '.join(words[:-1])} and {words[-1]}" if len(words) > 1 else "".join(words)


def stance_text(backing: Backing, pair: TraitPair) -> str:
    """A source's stance on a pair in words: 'both sides', 'reactive only', 'contests
    isolated'."""
    parts = [f"contests {pair.trait_of(term)}" for term in backing.contested]
    if backing.backs:
        side = backing.side
        parts.insert(0, "both sides" if side is None else f"{pair.trait_of(side)} only")
    return "; ".join(parts)


# What each mark beside a source means, for the legend of a table that uses it.
MARKS = {"own words": "'own words': the source speaks for itself, besides the voices it quotes",
         "quoting": "'quoting X': the words are X's, which the source quotes",
         "reporting": "'reporting X': the source reports what X says, without quoting X",
         "says": "'says \"usually\"': the words that qualify the claim (a hedge), beside the "
                 "voice that says them"}


def voices_note(backing: Backing, used: set[str]) -> str:
    """Who speaks in a source's claims on a pair, each hedge beside its voice: 'own words;
    quoting A, B and C; reporting D', 'says "usually"', 'quoting E, who says "f"'. The marks
    it uses are added to `used`."""
    speakers = backing.by_voice()
    own, hedged, names = [], [], {"quoting": list[str](), "reporting": list[str]()}
    for s in speakers:
        name = s.voices[0]
        says = "says " + _and([f'"{h}"' for h in s.hedges]) if s.hedges else ""
        verb = "reporting" if s.reported else "quoting" if name else "own words"
        if name or says or len(speakers) > 1:
            used.update([verb] * (bool(name) or not says) + ["says"] * bool(says))
        if not name:
            own.append(says or "own words" * (len(speakers) > 1))
        elif says:
            hedged.append(f"{verb} {name}, who {says}")
        else:
            names[verb].append(name)
    grouped = [f"{verb} {_and(who)}" for verb, who in names.items() if who]
    return "; ".join(p for p in own + grouped + hedged if p)


def _backing_cite(source: Source, backing: Backing, pair: TraitPair, used: set[str]) -> Cite:
    """A source in a compare row, its stance and voices in the note, and as data."""
    said = (stance_text(backing, pair), voices_note(backing, used))
    return Cite(source.id, source.name, "; ".join(n for n in said if n and n != "both sides"), (
        ("stance", backing.kind), ("side", backing.side), ("contests", backing.contested),
        ("attributed_to", tuple(v for v in backing.voices if v)),
        ("reported", backing.reported), ("hedges", backing.hedges),
        ("voices", tuple({"attributed_to": s.voices[0] or None, "reported": bool(s.reported),
                          "stance": s.kind, "side": s.side, "contests": s.contested,
                          "hedges": s.hedges} for s in backing.by_voice()))))


def _legend(marks: set[str]) -> str:
    """The sentence that explains the voice marks a table uses, or ''."""
    said = [text for mark, text in MARKS.items() if mark in marks]
    return f"Beside a source: {'; '.join(said)}." if said else ""


def _figures(row: CompareRow, total: int) -> Tally:
    """'2 both sides', '1 one side', then any contesting or mixed sources, and 'disputed';
    out of the `total` sources compared."""
    counts = tuple((kind, row.count(kind), role) for kind, role in zip(KINDS, ROLES)
                   if row.count(kind) or kind in KINDS[:2])
    return Tally(counts, ("disputed",) if row.disputed else (), total)


def _out_of(result: Comparison) -> str:
    verbs = "describes or contrasts" if result.considered == 1 else "describe or contrast"
    return f"Out of the {plural(result.considered, 'source')} that {verbs} both terms."


def doubts(corpus: Corpus, pair: TraitPair, backing: Iterable[Backing],
           disputes: Iterable[Dispute]) -> str:
    """Why a pair is in doubt, in words, or '': 'Bob Beta argues against reactive; the
    sources disagree on "Is it ...?"'."""
    why = [f"{corpus.source(b.source).name} argues against "
           f"{_and([pair.trait_of(t) or t for t in b.contested])}" for b in backing if b.contested]
    return _and(why + [f'the sources disagree on "{d.question}"' for d in disputes])


def _disputed(corpus: Corpus,
              rows: Iterable[CompareRow]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Why each disputed row is marked, and the terminal's pointer to the quotes."""
    marked = [row for row in rows if row.disputed]
    notes = tuple(f"Disputed: {row.pair.label}, as "
                  f"{doubts(corpus, row.pair, row.backing, row.disputes)}." for row in marked)
    hint = "The quotes behind a disputed row: " + "; ".join(
        f"cxref why {row.pair.id}" for row in marked)
    return notes, (hint,) * bool(marked)


def _compare_legend(result: Comparison, used: set[str]) -> str:
    kinds = {b.kind for row in result.rows for b in row.backing}
    said = ["'both sides' draws the contrast on both sides", "'one side', on the side named "
            "beside it ('reactive only')"]
    said += ["'contests' argues against a side"] * (CONTESTING in kinds)
    said += ["'mixed' backs one side and argues against the other"] * (KINDS[3] in kinds)
    disputed = ["'disputed': the row is in doubt, for the reason given below."] * any(
        row.disputed for row in result.rows)
    legend = " ".join([f"{_out_of(result)} Each source counts once in a row: "
                       f"{'; '.join(said)}.", _legend(used), *disputed,
                       "Rows are ranked by two-sided backing, then one-sided, then fewest "
                       "contesting."])
    return " ".join(legend.split())


def compare(corpus: Corpus, result: Comparison) -> Report:
    a, b = result.term_a, result.term_b
    used: set[str] = set()
    rows = tuple({**_counts(row), "backing": _figures(row, result.considered),
                  "disputes": Items(tuple(d.id for d in row.disputes)),
                  "sources": Items(tuple(_backing_cite(corpus.source(s.source), s, row.pair,
                                                       used) for s in row.backing))}
                 for row in result.rows)
    counts = _counts_columns(a, b)  # pair, a, b, then the figures: a person reads a and b
    columns = (counts[0], Column("a", a.label), Column("b", b.label),
               Column("backing", "Backing", data=False), *counts[3:],
               Column("disputes", "Disputes", person=False),
               Column("sources", "Sources", wide=True))
    table = Table("pairs", columns, rows, empty="no trait pair matches")
    why, hints = _disputed(corpus, result.rows)
    return Report(f"{a.label} vs {b.label}", (table,), notes=(_compare_legend(result, used), *why),
                  references=_cited(corpus, table), name="compare", hints=hints)


# Each kind of backing (KINDS, in order): the key and header of its count in a compare row's
# data, and the name of its series in the chart.
_COUNTED = (("both_sides", "Both sides", "backs both sides"),
            ("one_side", "One side", "backs one side"),
            ("contested", "Contests", "contests a side"),
            ("mixed", "Mixed", "backs one side, contests the other"))


def _counts(row: CompareRow) -> dict[str, Cell]:
    """A compare row's pair, sides and figures, as data (compare and the chart share them)."""
    return {"pair": row.pair.id, "a": row.trait_a, "b": row.trait_b,
            **{key: row.count(kind) for (key, _, _), kind in zip(_COUNTED, KINDS)},
            "support": row.support, "disputed": row.disputed}


def _counts_columns(a: Term, b: Term) -> tuple[Column, ...]:
    return _for_data(("pair", "Pair"), ("a", a.label), ("b", b.label),
                     *((key, header) for key, header, _ in _COUNTED),
                     ("support", "Support"), ("disputed", "Disputed"))


def chart_backing(corpus: Corpus, result: Comparison,
                  aspect: tuple[float, float] = (16, 9)) -> Report:
    """How many sources back each pair, as a stacked bar per pair (the counts of `compare`):
    both sides, one side, and, where any source does, against a side or mixed."""
    a, b = result.term_a, result.term_b
    rows = result.rows
    series = []
    for kind, role, (_, _, name) in zip(KINDS, ROLES, _COUNTED):
        values = tuple(row.count(kind) for row in rows)
        if any(values) or kind in KINDS[:2]:
            series.append(Series(name, values, role))
    why, hints = _disputed(corpus, rows)
    figure = Bars("How many sources back each contrast",
                  tuple(f"{row.trait_a} / {row.trait_b}" for row in rows), tuple(series),
                  "sources", " ".join([_out_of(result), "Each source counts once per contrast.",
                                       *why]),
                  f"{a.label} vs {b.label}",
                  tuple("disputed" if row.disputed else "" for row in rows), aspect)
    data = tuple(_counts(row) for row in rows)
    table = Table("pairs", _counts_columns(a, b), data, empty="no trait pair matches")
    return Report(f"{figure.title}: {figure.subtitle}", (table,), name="chart",
                  figure=figure, hints=hints)


def chart_disputes(found: list[DisputeRow], left_out: Sequence[DisputeRow] = (),
                   aspect: tuple[float, float] = (16, 9)) -> Report:
    """Which source holds which answer to each disputed question, as a grid of dots."""
    holders = sorted({s.id: s for row in found for held in row.positions
                      for s, _ in held.holders}.values(), key=lambda s: s.id)
    index = {s.id: i for i, s in enumerate(holders)}
    groups = tuple((row.dispute.question,
                    tuple((held.position.claim,
                           tuple(sorted({index[s.id] for s, _ in held.holders})))
                          for held in row.positions)) for row in found)
    title = "Where the sources disagree: who holds which answer"
    caption = ("●: the source gives that answer, in its own words or a voice it quotes or "
               "reports; · or blank: it does not.")
    figure = Dots(title, tuple(s.name for s in holders), groups,
                  " ".join([caption, *_left_out(left_out)[:1]]), "", aspect)
    data = tuple({"dispute": row.dispute.id, "question": row.dispute.question,
                  "position": held.position.id, "answer": held.position.claim, "source": s.id,
                  **voice_cells(stand, s)}
                 for row in found for held in row.positions for s, stand in held.holders)
    columns = _for_data(("dispute", "Dispute"), ("question", "Question"),
                        ("position", "Position"), ("answer", "Answer"), ("source", "Source"),
                        ("attributed_to", "Attributed to"), ("reported", "Reported"),
                        ("hedge", "Hedge"))
    table = Table("stands", columns, data,
                  empty="no question is answered differently by these sources")
    hints = ("The quotes behind the dots: cxref disputes" + "; every question: cxref "
             "disputes --all" * bool(left_out),)
    return Report(title, (table,), references=references(holders), name="chart",
                  figure=figure, hints=hints)


# -- definitions, similarities, terms ----------------------------------------------------------

def definitions(corpus: Corpus, term: Term, found: list[tuple[Source, Definition]]) -> Report:
    rows = tuple({"source": cite(s), "quote": d.quote, **voice_cells(d, s), "stance": d.stance}
                 for s, d in found)
    columns = (Column("source", "Source"), Column("quote", "Definition", wide=True), VOICE,
               *VOICE_DATA, Column("stance", "Stance", person=False))
    table = Table("definitions", columns, rows, empty=f"no source defines {term.name}")
    return Report(f"Definitions of {term.label}", (table,),
                  references=_cited(corpus, table), name="sources")


def similarities(corpus: Corpus, a: Term, b: Term, found: list[SimilarityRow]) -> Report:
    """A row per claim: the trait (a person reads it once, on its first row), how the source
    describes each side, and its quote with the voice it is in."""
    rows = tuple({"trait": trait.name, "shared": None if index else trait.name,
                  "a": claim.description_of(a.id), "b": claim.description_of(b.id),
                  "source": cite(source), "quote": claim.quote, **voice_cells(claim, source)}
                 for trait, claims in found for index, (source, claim) in enumerate(claims))
    columns = (Column("trait", "Shared trait", person=False),
               Column("shared", "Shared trait", data=False), Column("a", a.label),
               Column("b", b.label), Column("source", "Source"),
               Column("quote", "Quote", wide=True), VOICE, *VOICE_DATA)
    table = Table("similarities", columns, rows, empty="no shared traits")
    return Report(f"What {a.label} and {b.label} share", (table,),
                  references=_cited(corpus, table), name="similarities")


def terms(corpus: Corpus, found: list[tuple[Term, tuple[Source, ...]]]) -> Report:
    rows: tuple[dict[str, Cell], ...] = tuple(
        {"id": term.id, "name": term.name, "aliases": Items(term.aliases),
         "defined_by": Items(tuple(cite(s) for s in defined_by))}
        for term, defined_by in found)
    columns = (Column("name", "Term"), Column("aliases", "Aliases"),
               Column("id", "Id", person=False), Column("defined_by", "Defined by", wide=True))
    table = Table("terms", columns, rows)
    return Report("Terms", (table,), references=_cited(corpus, table), name="terms")


# -- one source ---------------------------------------------------------------------------------

def _about(corpus: Corpus, source: Source, claim: Claim) -> str:
    """What a claim speaks to, for a person: a term, a pair (and its side), a shared trait, a
    question and its answer, or the terms of a remark."""
    if isinstance(claim, Definition):
        return corpus.term(claim.term).name
    if isinstance(claim, Contrast):
        pair = corpus.pair(claim.pair)
        side = stance_text(queries.backing(source, [claim], pair), pair)
        return pair.label if side == "both sides" else f"{pair.label} ({side})"
    if isinstance(claim, Similarity):
        return corpus.shared_trait(claim.trait).name
    if isinstance(claim, Stand):
        dispute = corpus.dispute(claim.dispute)
        position = dispute.position(claim.position)
        return f"{dispute.question} {position.claim if position else claim.position}"
    return ", ".join(corpus.term(t).name for t in claim.about)


def metadata(source: Source) -> tuple[tuple[str, str], ...]:
    """The id, every detail ('n.d.' for a date that is not printed) and the note, each named
    as a person reads it ('URL', 'Site')."""
    pairs: list[tuple[str, str | None]] = [("Id", source.id)]
    pairs += [(name.upper() if name == "url" else name.replace("_", " ").capitalize(),
               getattr(source, name) or ("n.d." if name == "date" else None))
              for name in model.details()]
    pairs.append(("Note", source.note))
    return tuple((k, v) for k, v in pairs if v)


def show(corpus: Corpus, source: Source) -> Report:
    """A source's details, and a row per claim (a similarity's descriptions each a row)."""
    rows: list[dict[str, Cell]] = []
    for claim in source.claims():
        about = _about(corpus, source, claim)
        rows.append({"kind": kind_of(claim), "about": about, "quote": claim.quote,
                     **voice_cells(claim, source)})
        if isinstance(claim, Similarity):
            rows += [{**rows[-1], "kind": "description", "quote": text,
                      "about": f"{about}: {corpus.term(term).name}"}
                     for term, text in claim.descriptions]
    columns = (Column("kind", "Claim"), Column("about", "About"),
               Column("quote", "Quote", wide=True), VOICE, *VOICE_DATA)
    table = Table("claims", columns, tuple(rows))
    return Report(source.title or source.name, (table,), fields=metadata(source),
                  references=(reference(source),), name="show", legend=False)


# -- the evidence for a pair ----------------------------------------------------------------------

def _evidence_tables(pair: TraitPair, grouped: list[tuple[Source, list[Contrast]]],
                     title: str = "") -> tuple[Table, ...]:
    """The quotes that back the pair, then those that contest it, if any."""
    backing: list[dict[str, Cell]] = []
    contesting: list[dict[str, Cell]] = []
    for source, claims in grouped:
        for c in claims:
            (contesting if c.stance == CONTESTS else backing).append(
                {"pair": pair.id, "source": cite(source), "quote": c.quote,
                 **voice_cells(c, source), "side": c.side, "stance": c.stance,
                 "speaks_to": stance_text(queries.backing(source, [c], pair), pair)})
    columns = (Column("pair", "Pair", person=False), Column("source", "Source"),
               Column("speaks_to", "Speaks to"), Column("quote", "Quote", wide=True), VOICE,
               *VOICE_DATA, Column("side", "Side", person=False),
               Column("stance", "Stance", person=False))
    names = (f"{title}: backing", f"{title}: contesting") if title else ("Backing", "Contesting")
    backed = Table("evidence", columns, tuple(backing), title=names[0],
                   empty="no source backs this pair")
    if not contesting:
        return (backed,)
    return backed, Table("evidence", columns, tuple(contesting), title=names[1])


def _sides(corpus: Corpus, pair: TraitPair) -> str:
    return "; ".join(f"{corpus.term(t).name}: {trait}" for t, trait in pair.sides)


def why(corpus: Corpus, pair: TraitPair, grouped: list[tuple[Source, list[Contrast]]],
        disputed: Sequence[DisputeRow] = ()) -> Report:
    """The quotes behind a pair, and, where it is disputed, why: the quotes against a side,
    and the answers to each question on it that the sources disagree on."""
    doubt = doubts(corpus, pair, [queries.backing(s, claims, pair) for s, claims in grouped],
                   [row.dispute for row in disputed])
    fields = tuple((label, value) for label, value in (
        ("Sides", _sides(corpus, pair)), ("About", pair.description), ("Disputed", doubt))
        if value)
    # The sides as data (term id and trait apart); people read them in the fields.
    sides = Table("sides", _for_data(("term", "Term"), ("trait", "Trait")),
                  tuple({"term": t, "trait": trait} for t, trait in pair.sides))
    tables = (sides, *_evidence_tables(pair, grouped),
              *(_stands(row, f"Disputed: {row.dispute.question}") for row in disputed))
    cited = [s for s, _ in grouped] + [s for row in disputed for held in row.positions
                                       for s, _ in held.holders]
    return Report(f"Why {pair.label}: the evidence", tables, fields=fields,
                  references=references(list(dict.fromkeys(cited))), name="why")


def evidence(corpus: Corpus,
             pairs: Iterable[tuple[TraitPair, list[tuple[Source, list[Contrast]]]]],
             disputed: list[DisputeRow]) -> Report:
    """The quotes behind every pair, a section per pair: what `export` carries. A disputed
    pair says why, and where its disputes are."""
    tables: list[Table] = []
    for pair, grouped in pairs:
        if not grouped:
            continue
        backed, *contesting = _evidence_tables(pair, grouped, pair.label)
        on = [row.dispute for row in disputed if row.dispute.pair == pair.id]
        doubt = doubts(corpus, pair, [queries.backing(s, c, pair) for s, c in grouped], on)
        where = f' Who holds which answer: "{DISPUTES}".' if on else ""
        tables += [backed._replace(intro=f"{_sides(corpus, pair)}. {pair.description}",
                                   notes=(f"Disputed: {doubt}.{where}",) if doubt else ()),
                   *contesting]
    return Report("The evidence for each pair", tuple(tables),
                  references=_cited(corpus, *tables), name="evidence")


def matrix(corpus: Corpus, found: list[tuple[Source, tuple[Backing | None, ...]]]) -> Report:
    """Sources by pairs, each cell a stance and its voices, for a person; as data, a row a
    voice of a source on a pair: its stance, its side, the sides it contests, its hedges."""
    pairs = corpus.catalogue.pairs
    # Pair columns are keyed 'pair:ID' (no id holds a colon): a pair whose id is 'source' must
    # not overwrite the Source column.
    keys = [f"pair:{p.id}" for p in pairs]
    columns = (Column("source", "Source", data=False),) + tuple(
        Column(key, p.label, data=False) for key, p in zip(keys, pairs))
    rows, data, used = [], list[dict[str, Cell]](), set[str]()
    for source, cells in found:
        row: dict[str, Cell] = {"source": cite(source)}
        for key, pair, backing in zip(keys, pairs, cells):
            if backing is not None:
                said = [stance_text(backing, pair), voices_note(backing, used)]
                row[key] = "; ".join(w for w in said if w)
                data += [{"source": source.id, "pair": pair.id, "attributed_to": s.voices[0]
                          or None, "reported": bool(s.reported), "stance": s.kind,
                          "side": s.side, "contests": Items(s.contested),
                          "hedges": Items(s.hedges)} for s in backing.by_voice()]
        rows.append(row)
    kinds = {b.kind for _, cells in found for b in cells if b is not None}
    said = [text for text, marks in (("'both sides': the source backs the pair", {KINDS[0]}),
                                     ("'X only': it backs that side only", {KINDS[1], KINDS[3]}),
                                     ("'contests X': it argues against that side",
                                      {CONTESTING, KINDS[3]})) if kinds & marks]
    note = " ".join([f"{'; '.join(said)}." * bool(said), _legend(used),
                     "An empty cell: no claim on the pair."])
    stances = Table("matrix", _for_data(
        ("source", "Source"), ("pair", "Pair"), ("attributed_to", "Attributed to"),
        ("reported", "Reported"), ("stance", "Stance"), ("side", "Side"),
        ("contests", "Contests"), ("hedges", "Hedges")), tuple(data))
    return Report("Which source backs which trait pair",
                  (Table("matrix", columns, tuple(rows)), stances), notes=(" ".join(note.split()),),
                  references=references([s for s, _ in found]), name="matrix")


# -- disputes -----------------------------------------------------------------------------------

DISPUTES = "Where the sources disagree"


def _stands(row: DisputeRow, title: str) -> Table:
    """A disputed question's answers, each with its holders' quotes and voices."""
    rows: list[dict[str, Cell]] = []
    for held in row.positions:
        base = {"dispute": row.dispute.id, "question": row.dispute.question,
                "position_id": held.position.id, "position": held.position.claim,
                "answer": held.position.claim}  # a person reads the answer once
        for index, (source, stand) in enumerate(held.holders):
            rows.append({**base, "answer": None if index else held.position.claim,
                         "source": cite(source), "quote": stand.quote,
                         **voice_cells(stand, source)})
        if not held.holders:
            rows.append({**base, "source": None, "quote": "no source holds this answer"})
    columns = (*_for_data(("dispute", "Dispute"), ("question", "Question"),
                          ("position_id", "Position id"), ("position", "Position")),
               Column("answer", "Answer", data=False), Column("source", "Source"),
               Column("quote", "Quote", wide=True), VOICE, *VOICE_DATA)
    return Table("stands", columns, tuple(rows), title=title)


def _left_out(rows: Sequence[DisputeRow], listed: bool = False) -> list[str]:
    """What a list of disputes says of the questions it leaves out, and the terminal's
    pointer to them; nothing when none is."""
    if not rows:
        return []
    asked = ": " + _and([f'"{row.dispute.question}"' for row in rows]) if listed else ""
    return [f"Left out: {plural(len(rows), 'question')} on which these sources hold fewer than "
            f"two answers{asked}.",
            "cxref disputes --all shows every question; cxref disputes QUESTION shows one."]


def disputes(corpus: Corpus, found: list[DisputeRow],
             left_out: Sequence[DisputeRow] = ()) -> Report:
    """The disputed questions, a table each; `left_out`, the questions not shown."""
    tables = tuple(_stands(row, row.dispute.question) for row in found)
    empty = (Table("stands", (Column("quote", "Quote", wide=True),), (),
                   empty="no question is answered differently by these sources"),)
    said = _left_out(left_out, listed=True)
    return Report(DISPUTES, tables or empty, references=_cited(corpus, *tables),
                  name="disputes", notes=tuple(said[:1]), hints=tuple(said[1:]))


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
    columns = (Column("order", "#"), Column("kind", "Kind"),
               Column("folder", "Folder", wide=True), Column("sources", "Sources"))
    note = (f"Later folders add to earlier ones. Your personal folder is {one_line(personal)} "
            "(created by `cxref new`).")
    return Report("Definitions folders, in load order", (Table("folders", columns, rows),),
                  notes=(note,), name="folders")


# -- search -------------------------------------------------------------------------------------

def _where(corpus: Corpus, field: Field) -> str:
    """Where a search matched, for a person: 'author', 'definition of customer service'."""
    claim = field.claim
    if isinstance(claim, Definition):
        return f"definition of {corpus.term(claim.term).name}"
    if isinstance(claim, Contrast):
        return f"contrast {corpus.pair(claim.pair).label}"
    if isinstance(claim, Stand):
        return f"stand: {corpus.dispute(claim.dispute).question}"
    if isinstance(claim, Similarity):
        trait = f"similarity {corpus.shared_trait(claim.trait).name}"
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

# The columns of the tidy table after the source's details and the claim's kind: each a field
# of the claims that have it.
CLAIM_FIELDS = ("term", "pair", "trait", "dispute", "position", "side", "stance",
                "attributed_to", "reported", "hedge", "quote")


def claim_keys() -> tuple[str, ...]:
    """The columns of the tidy table: the source, its every detail, then the claim."""
    return ("source", *model.details(), "kind", *CLAIM_FIELDS)


def claims(corpus: Corpus) -> Table:
    """Every claim of every source, one row each, as tidy data: the source's details repeated
    on each row, then what the claim is about, who speaks, and the quote. A similarity's
    description of one term's side is a row of its own (kind 'similarity', that term)."""
    rows: list[dict[str, Cell]] = []
    for s in corpus.sources:
        cells = {"source": s.id, **{name: getattr(s, name) for name in model.details()}}
        for claim in s.claims():
            row: dict[str, Cell] = {**cells, "kind": kind_of(claim),
                                    **{key: getattr(claim, key, None) for key in CLAIM_FIELDS}}
            if isinstance(claim, Remark):
                row["term"] = "; ".join(claim.about) or None
            rows.append(row)
            if isinstance(claim, Similarity):
                rows += [{**row, "term": term, "quote": text} for term, text in claim.descriptions]
    columns = tuple(Column(key, key, person=False) for key in claim_keys())
    return Table("claims", columns, tuple(rows), empty="no source makes a claim")


TITLE = "Customer experience vs customer service"


def export(corpus: Corpus, parts: Iterable[Report], citekeys: bool = False,
           data: bool = True, title: str = TITLE) -> Report:
    """The whole reference as a document: each of `parts` a section of its tables (the part's
    notes right after them), then the references list; with `data`, one tidy table of every
    claim for the data formats (see :func:`claims`)."""
    tables: list[Table] = []
    hints: tuple[str, ...] = ()
    for part in parts:
        hints += part.hints
        # Kept out of the data formats: the document's data is the table of every claim.
        section = [t._replace(title=t.title or part.title, section=part.title,
                              columns=tuple(c._replace(data=False) for c in t.columns))
                   for t in part.tables if t.for_person()]
        if section and part.notes:
            section[-1] = section[-1]._replace(notes=section[-1].notes + part.notes)
        tables += section
    if data:
        tables.append(claims(corpus))
    return Report(title, tuple(tables), references=references(corpus.sources), name="export",
                  document=True, citekeys=citekeys, hints=hints)
