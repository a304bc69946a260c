"""Questions asked of a :class:`~cxref.model.Corpus`: pure functions, no files, no terminal.

Lookups accept an id, a name or an alias in any case; an unknown one raises a
:class:`~cxref.errors.UsageError` that suggests the closest known name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .errors import UsageError, did_you_mean
from .model import (
    CONTESTS,
    Contrast,
    Corpus,
    Definition,
    Dispute,
    Position,
    SharedTrait,
    Similarity,
    Source,
    Stand,
    Term,
    TraitPair,
    fold,
)

DEFAULT_A = "customer-experience"
DEFAULT_B = "customer-service"


# -- lookups -----------------------------------------------------------------------------------

def _unknown(kind: str, given: str, names: list[str],
             say: dict[str, str] | None = None) -> UsageError:
    """The error for an unknown name: the closest of `names`, shown as `say` maps it (a term
    id is suggested by its name), or the known names when none is close."""
    hint = did_you_mean(given, names, say) or (
        "; known: " + ", ".join(names[:12]) + (", ..." if len(names) > 12 else ""))
    return UsageError(f"unknown {kind} '{given}'{hint}", f"unknown-{kind}")


def choose(kind: str, names: list[str]) -> UsageError:
    """The error for a command run without the one thing it needs: the choices it has."""
    return UsageError(f"which {kind}? give one of: {', '.join(names)}", f"missing-{kind}")


def term_names(corpus: Corpus) -> list[str]:
    """Every name a term answers to, names first (for completion and suggestions)."""
    terms = corpus.catalogue.terms
    return [t.name for t in terms] + [a for t in terms for a in t.aliases] + [t.id for t in terms]


def find_term(corpus: Corpus, given: str) -> Term:
    key = fold(given)
    for term in corpus.catalogue.terms:
        if key in (term.id, fold(term.name)) or key in (fold(a) for a in term.aliases):
            return term
    raise _unknown("term", given, term_names(corpus),
                   {t.id: t.name for t in corpus.catalogue.terms})


def two_terms(corpus: Corpus, a: str, b: str, command: str) -> tuple[Term, Term]:
    """Terms `a` and `b`, which must differ: a term set against itself says nothing."""
    term_a, term_b = find_term(corpus, a), find_term(corpus, b)
    if term_a == term_b:
        raise UsageError(f"{command} needs two different terms, got '{term_a.name}' twice")
    return term_a, term_b


def trait_names(corpus: Corpus) -> list[str]:
    """Every name a trait pair answers to: each side's trait, then the pair ids."""
    pairs = corpus.catalogue.pairs
    return [trait for p in pairs for _, trait in p.sides] + [p.id for p in pairs]


def find_pair(corpus: Corpus, given: str | None) -> TraitPair:
    """A trait pair by id, by either side's trait name, or by both ('proactive vs reactive')."""
    if not given:
        raise choose("trait", [trait for p in corpus.catalogue.pairs for _, trait in p.sides])
    key = fold(given)
    halves = [h.strip() for h in re.split(r"\s*(?:/|\bvs\.?|\bversus\b)\s*", key) if h.strip()]
    for pair in corpus.catalogue.pairs:
        traits = [fold(t) for _, t in pair.sides]
        if key == pair.id or key in traits or (len(halves) == 2 and set(halves) == set(traits)):
            return pair
    raise _unknown("trait", given, trait_names(corpus))


def find_source(corpus: Corpus, given: str | None) -> Source:
    if not given:
        raise choose("source", [s.id for s in corpus.sources])
    key = fold(given)
    for source in corpus.sources:
        if source.id == key:
            return source
    for problem in corpus.skipped:  # its file is there, but was left out: say why
        if os.path.basename(problem.path) in (f"{key}.yaml", f"{key}.yml"):
            raise UsageError(f"source '{key}' was left out: {problem}", "skipped-source")
    raise _unknown("source", given, [s.id for s in corpus.sources])


def select_sources(corpus: Corpus, given: Sequence[str]) -> tuple[Source, ...]:
    """The sources named in `given` (all of them when it is empty)."""
    if not given:
        return corpus.sources
    wanted = {find_source(corpus, g).id for g in given}
    return tuple(s for s in corpus.sources if s.id in wanted)


# -- compare -----------------------------------------------------------------------------------

class Backing(NamedTuple):
    """One source's claims on a trait pair, summed up: which sides it backs and which it
    contests. `side` is the one side it backs when it backs one only; None when it backs both
    (or none: see `backs`)."""

    source: str
    side: str | None
    voices: tuple[str, ...]  # who is quoted: attributions, or '' for the source's own words
    backs: bool = True  # it backs the pair, on both sides or on `side`
    contested: tuple[str, ...] = ()  # the term ids whose side it argues against
    reported: tuple[str, ...] = ()  # the voices it reports rather than quotes
    hedges: tuple[str, ...] = ()  # the words that qualify its claims ('typically')
    speakers: tuple[Backing, ...] = ()  # with several voices, each voice's claims alone

    def by_voice(self) -> tuple[Backing, ...]:
        """Each voice's claims summed up alone, in the order they come: its own stance and the
        hedges that are its own."""
        return self.speakers or (self,)

    @property
    def kind(self) -> str:
        """Where the source counts in its row, exactly once: 'both sides', 'one side',
        'contests' (it only argues against), or 'mixed' (it backs and argues against)."""
        if self.backs and self.contested:
            return MIXED
        if self.contested:
            return CONTESTING
        return BOTH_SIDES if self.side is None else ONE_SIDE


BOTH_SIDES, ONE_SIDE, CONTESTING, MIXED = "both sides", "one side", "contests", "mixed"
KINDS = (BOTH_SIDES, ONE_SIDE, CONTESTING, MIXED)


class CompareRow(NamedTuple):
    pair: TraitPair
    trait_a: str
    trait_b: str
    backing: tuple[Backing, ...]
    disputes: tuple[Dispute, ...] = ()  # questions on this pair the sources answer differently

    def count(self, kind: str) -> int:
        """How many of the row's sources count as `kind` (one of KINDS): every source that
        speaks to the pair is counted under exactly one kind."""
        return sum(1 for b in self.backing if b.kind == kind)

    @property
    def support(self) -> int:
        """The sources that back the pair, on both sides or on one (mixed ones included)."""
        return sum(1 for b in self.backing if b.backs)

    @property
    def disputed(self) -> bool:
        """Some source argues against a side, or a question on the pair is answered
        differently: the row is not settled."""
        return bool(self.disputes) or any(b.contested for b in self.backing)


class Comparison(NamedTuple):
    term_a: Term
    term_b: Term
    rows: tuple[CompareRow, ...]
    considered: int  # N: the sources that describe both terms or back a pair between them


def backing(source: Source, claims: list[Contrast], pair: TraitPair) -> Backing:
    """What `claims` (one source's, on `pair`) add up to, and each voice's alone."""
    backed: set[str] = set()
    contested: list[str] = []
    for claim in claims:
        if claim.stance == CONTESTS:
            if claim.side is not None and claim.side not in contested:
                contested.append(claim.side)
        elif claim.side is None:
            backed.update(t for t, _ in pair.sides)
        else:
            backed.add(claim.side)
    one = next(iter(backed)) if len(backed) == 1 else None
    voices = tuple(dict.fromkeys(c.attributed_to or "" for c in claims))
    reported = tuple(dict.fromkeys(c.attributed_to for c in claims
                                   if c.reported and c.attributed_to))
    hedges = tuple(dict.fromkeys(c.hedge for c in claims if c.hedge))
    speakers = tuple(backing(source, [c for c in claims if (c.attributed_to or "") == v], pair)
                     for v in voices) if len(voices) > 1 else ()
    return Backing(source.id, one, voices, bool(backed), tuple(contested), reported, hedges,
                   speakers)


def backing_on(source: Source, pair: TraitPair) -> Backing | None:
    """The source's claims on `pair` summed up, or None when it makes none."""
    claims = [c for c in source.contrasts if c.pair == pair.id]
    return backing(source, claims, pair) if claims else None


def describes(source: Source, term_id: str, pairs: dict[str, TraitPair]) -> bool:
    """Does `source` say anything about the term: a definition, or a contrast on its side?"""
    return any(d.term == term_id for d in source.definitions) or any(
        c.stance != CONTESTS and c.side in (None, term_id)
        and pairs[c.pair].trait_of(term_id) is not None for c in source.contrasts)


def compare(corpus: Corpus, a: str = DEFAULT_A, b: str = DEFAULT_B, *, min_support: int = 1,
            sources: Sequence[str] = ()) -> Comparison:
    """Every trait pair between terms `a` and `b`, with the sources behind it, ranked by
    two-sided backing, then one-sided, then fewest contesting; the catalogue's order breaks
    the ties that remain."""
    term_a, term_b = two_terms(corpus, a, b, "compare")
    chosen = select_sources(corpus, sources)
    live = {row.dispute.id for row in disputes(corpus, sources=sources)}
    rows = []
    for p in corpus.catalogue.pairs:
        trait_a, trait_b = p.trait_of(term_a.id), p.trait_of(term_b.id)
        if trait_a is not None and trait_b is not None:
            held = tuple(b for b in (backing_on(s, p) for s in chosen) if b is not None)
            rows.append(CompareRow(p, trait_a, trait_b, held, tuple(
                d for d in corpus.catalogue.disputes if d.pair == p.id and d.id in live)))
    backers = {b.source for row in rows for b in row.backing}
    rows = [r for r in rows if r.support >= min_support]
    rows.sort(key=lambda r: (-r.count(BOTH_SIDES), -r.count(ONE_SIDE),
                             r.count(CONTESTING) + r.count(MIXED)))
    # A source that backs or contests a row counts even when it speaks to one side only, so
    # that no row can show more support than there are sources ("2 of 1").
    pairs = {p.id: p for p in corpus.catalogue.pairs}
    considered = sum(1 for s in chosen if s.id in backers or (
        describes(s, term_a.id, pairs) and describes(s, term_b.id, pairs)))
    return Comparison(term_a, term_b, tuple(rows), considered)


# -- definitions, similarities, terms -----------------------------------------------------------

def definitions_of(corpus: Corpus, given: str) -> tuple[Term, list[tuple[Source, Definition]]]:
    """Every source's definition(s) of a term, in source order."""
    term = find_term(corpus, given)
    found = [(s, d) for s in corpus.sources for d in s.definitions if d.term == term.id]
    return term, found


# A shared trait, and each source's claim of it, in source order.
SimilarityRow = tuple[SharedTrait, tuple[tuple[Source, Similarity], ...]]


def similarities(corpus: Corpus, a: str = DEFAULT_A,
                 b: str = DEFAULT_B) -> tuple[Term, Term, list[SimilarityRow]]:
    """What the two terms share: each shared trait some source claims, with every claim (its
    quote, and each side's description in `Similarity.description_of`)."""
    term_a, term_b = two_terms(corpus, a, b, "similarities")
    rows = [(t, tuple((s, c) for s in corpus.sources for c in s.similarities if c.trait == t.id))
            for t in corpus.catalogue.shared_traits]
    return term_a, term_b, [(trait, claims) for trait, claims in rows if claims]


def terms(corpus: Corpus) -> list[tuple[Term, tuple[Source, ...]]]:
    """Each term, with the sources that define it."""
    return [(t, tuple(s for s in corpus.sources if any(d.term == t.id for d in s.definitions)))
            for t in corpus.catalogue.terms]


# -- evidence and matrix ------------------------------------------------------------------------

def why(corpus: Corpus,
        given: str | None) -> tuple[TraitPair, list[tuple[Source, list[Contrast]]]]:
    """Every quote on a trait pair, grouped by source: the sources that back it, then those that
    only contest it (within a source, backing claims come before contesting ones)."""
    pair = find_pair(corpus, given)
    grouped = []
    for source in corpus.sources:
        claims = [c for c in source.contrasts if c.pair == pair.id]
        if claims:
            claims.sort(key=lambda c: c.stance == CONTESTS)
            grouped.append((source, claims))
    grouped.sort(key=lambda item: all(c.stance == CONTESTS for c in item[1]))
    return pair, grouped


def matrix(corpus: Corpus,
           sources: Sequence[str] = ()) -> list[tuple[Source, tuple[Backing | None, ...]]]:
    """Each source, with its backing of each of the catalogue's trait pairs (or None)."""
    return [(source, tuple(backing_on(source, pair) for pair in corpus.catalogue.pairs))
            for source in select_sources(corpus, sources)]


# -- disputes ----------------------------------------------------------------------------------

def find_dispute(corpus: Corpus, given: str) -> Dispute:
    """A disputed question by its id, or by words of the question."""
    key = fold(given)
    for dispute in corpus.catalogue.disputes:
        if key in (dispute.id, dispute.id.replace("-", " "), fold(dispute.question).rstrip("?")):
            return dispute
    matches = [d for d in corpus.catalogue.disputes if key and key in fold(d.question)]
    if len(matches) == 1:
        return matches[0]
    raise _unknown("dispute", given, [d.id for d in corpus.catalogue.disputes])


class PositionHeld(NamedTuple):
    position: Position
    holders: tuple[tuple[Source, Stand], ...]  # each source's stand, in source order


class DisputeRow(NamedTuple):
    dispute: Dispute
    positions: tuple[PositionHeld, ...]

    @property
    def held(self) -> int:
        """How many of the positions some source holds."""
        return sum(1 for p in self.positions if p.holders)


def disputes(corpus: Corpus, given: str | None = None, sources: Sequence[str] = (),
             every: bool = False) -> list[DisputeRow]:
    """Each disputed question (or the one `given`), with the sources behind each position.
    Without `given`, a question shows only when the sources take two or more positions on it
    (that is what makes it a dispute), or with `every`."""
    rows = _held(corpus, [find_dispute(corpus, given)] if given else corpus.catalogue.disputes,
                 sources)
    return rows if given or every else [row for row in rows if row.held >= 2]


def undisputed(corpus: Corpus, sources: Sequence[str] = ()) -> list[DisputeRow]:
    """The questions that :func:`disputes` leaves out: fewer than two answers held."""
    return [row for row in _held(corpus, corpus.catalogue.disputes, sources) if row.held < 2]


def disputes_on(corpus: Corpus, pair: TraitPair, sources: Sequence[str] = ()) -> list[DisputeRow]:
    """The disputes that put `pair` in doubt: questions naming it, two or more answers held."""
    return [row for row in disputes(corpus, sources=sources) if row.dispute.pair == pair.id]


def _held(corpus: Corpus, wanted: Iterable[Dispute], sources: Sequence[str]) -> list[DisputeRow]:
    holders: dict[tuple[str, str], list[tuple[Source, Stand]]] = {}
    for source in select_sources(corpus, sources):  # one pass, in source order
        for stand in source.stands:
            holders.setdefault((stand.dispute, stand.position), []).append((source, stand))
    return [DisputeRow(dispute, tuple(PositionHeld(position, tuple(holders.get(
        (dispute.id, position.id), ()))) for position in dispute.positions)) for dispute in wanted]
