"""The reference as frozen values: the vocabulary (terms, trait pairs, shared traits, disputed
questions) and the sources with every claim each makes. Nothing here reads files or prints.

Each record is declared once, here. Everything that stores or sends a record (the cache, the
loader's worker processes, JSON) reads these declarations through :mod:`cxref.codec`; nothing
lists a record's fields a second time.

A *claim* always carries the verbatim ``quote`` it rests on. Where the article gives someone
else's words, ``attributed_to`` names that voice; ``reported`` says the quote is the article
author's report of the voice ("Gartner noted that ...") rather than the voice's own words; and
``stance`` says whether the claim backs what it names or argues against it (a contrast that
contests a side, a definition a voice describes in order to reject it).

The values are typed named tuples rather than dataclasses: just as immutable and typed, and
cheaper to define, which every run of the command pays at start-up.
"""

from __future__ import annotations

import bisect
from typing import Annotated, NamedTuple

# The fields that hold a source's own words. A command that prints none of them (`compare`,
# `matrix`, `terms`, `ids`) reads sources without them: see store.load(quotes=False).
QUOTE = "quote"
Quote = Annotated[str, QUOTE]

BACKS = "backs"
CONTESTS = "contests"
STANCES = (BACKS, CONTESTS)


class Term(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The name with its first alias, e.g. 'customer experience (CX)'."""
        return f"{self.name} ({self.aliases[0]})" if self.aliases else self.name


class TraitPair(NamedTuple):
    """A contrast between two terms: each term's side has a short trait name."""

    id: str
    sides: tuple[tuple[str, str], ...]  # ((term_id, trait), (term_id, trait))
    description: str = ""

    def trait_of(self, term_id: str) -> str | None:
        for side_term, trait in self.sides:
            if side_term == term_id:
                return trait
        return None

    @property
    def label(self) -> str:
        """Both sides, as a reader names the pair: 'proactive / reactive'."""
        return " / ".join(trait for _, trait in self.sides)


class SharedTrait(NamedTuple):
    """Something both terms have in common."""

    id: str
    name: str
    description: str = ""


class Position(NamedTuple):
    """One answer to a disputed question."""

    id: str
    claim: str


class Dispute(NamedTuple):
    """A question the sources answer differently, and the answers they give."""

    id: str
    question: str
    positions: tuple[Position, ...] = ()

    def position(self, position_id: str) -> Position | None:
        return next((p for p in self.positions if p.id == position_id), None)


class Definition(NamedTuple):
    """A source's definition of a term (``stance`` contests: one it describes to reject)."""

    term: str
    quote: Quote
    attributed_to: str | None = None
    reported: bool = False
    stance: str = BACKS


class Contrast(NamedTuple):
    """A quote that draws a trait pair: both sides, or `side` only; or contests that side."""

    pair: str
    quote: Quote
    side: str | None = None
    attributed_to: str | None = None
    reported: bool = False
    stance: str = BACKS


class Similarity(NamedTuple):
    """A shared trait, with each term's side described in the source's words."""

    trait: str
    quote: Quote
    descriptions: tuple[tuple[str, Quote], ...] = ()  # ((term_id, text), ...)
    attributed_to: str | None = None
    reported: bool = False

    def description_of(self, term_id: str) -> str | None:
        for side_term, text in self.descriptions:
            if side_term == term_id:
                return text
        return None


class Stand(NamedTuple):
    """A source's answer to a disputed question: the position it holds, in its words."""

    dispute: str
    position: str
    quote: Quote
    attributed_to: str | None = None
    reported: bool = False


class Remark(NamedTuple):
    """A statement on how the terms differ, relate or matter that fits no pair or dispute: a
    thesis, a qualification, an aside."""

    quote: Quote
    about: tuple[str, ...] = ()  # term ids
    attributed_to: str | None = None
    reported: bool = False


class Source(NamedTuple):
    id: str
    label: str | None = None  # a short name for a source with no author, e.g. 'Keynote blog'
    title: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    date: str | None = None
    note: str | None = None
    definitions: tuple[Definition, ...] = ()
    contrasts: tuple[Contrast, ...] = ()
    similarities: tuple[Similarity, ...] = ()
    stands: tuple[Stand, ...] = ()
    remarks: tuple[Remark, ...] = ()
    path: str = ""  # the file it was read from
    override: bool = False  # a user file that replaces a shipped source on purpose

    @property
    def name(self) -> str:
        """How a person names it: the author, else its label, else the site, else the title,
        else the id."""
        return self.author or self.label or self.site or self.title or self.id

    def quotes(self) -> list[str]:
        """Every verbatim excerpt this source is credited with."""
        out = [d.quote for d in self.definitions] + [c.quote for c in self.contrasts]
        for sim in self.similarities:
            out.append(sim.quote)
            out.extend(text for _, text in sim.descriptions)
        out += [s.quote for s in self.stands] + [r.quote for r in self.remarks]
        return out


class Catalogue(NamedTuple):
    terms: tuple[Term, ...] = ()
    pairs: tuple[TraitPair, ...] = ()
    shared_traits: tuple[SharedTrait, ...] = ()
    disputes: tuple[Dispute, ...] = ()


class Corpus(NamedTuple):
    """Everything loaded: the merged catalogue and the sources, in id order."""

    catalogue: Catalogue
    sources: tuple[Source, ...]
    notices: tuple[str, ...] = ()  # e.g. "x overrides y"

    def term(self, term_id: str) -> Term:
        return next(t for t in self.catalogue.terms if t.id == term_id)

    def pair(self, pair_id: str) -> TraitPair:
        return next(p for p in self.catalogue.pairs if p.id == pair_id)

    def shared_trait(self, trait_id: str) -> SharedTrait:
        return next(t for t in self.catalogue.shared_traits if t.id == trait_id)

    def dispute(self, dispute_id: str) -> Dispute:
        return next(d for d in self.catalogue.disputes if d.id == dispute_id)

    def source(self, source_id: str) -> Source:
        # Sources are kept in id order, so a binary search: `compare` looks up every backing
        # source, and a linear scan made it quadratic (15 s of 21 at 10,000 sources, profiled).
        index = bisect.bisect_left(self.sources, source_id, key=lambda s: s.id)
        if index < len(self.sources) and self.sources[index].id == source_id:
            return self.sources[index]
        raise KeyError(source_id)
