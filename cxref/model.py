"""The reference as frozen values: the vocabulary (terms, trait pairs, shared traits) and the
sources with every claim each makes. Nothing here reads files or prints.

A *claim* always carries the verbatim ``quote`` it rests on and, where the article quotes
someone else, ``attributed_to``.

The values are typed named tuples rather than dataclasses: just as immutable and typed, but
about seven times cheaper to define, which every run of the command pays at start-up.
"""

from __future__ import annotations

from typing import NamedTuple


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
        return " / ".join(trait for _, trait in self.sides)


class SharedTrait(NamedTuple):
    """Something both terms have in common."""

    id: str
    name: str
    description: str = ""


class Definition(NamedTuple):
    term: str
    quote: str
    attributed_to: str | None = None


class Contrast(NamedTuple):
    """A source backs a trait pair; `side` set means the quote speaks to that term's side only."""

    pair: str
    quote: str
    side: str | None = None
    attributed_to: str | None = None


class Similarity(NamedTuple):
    trait: str
    quote: str
    descriptions: tuple[tuple[str, str], ...] = ()  # ((term_id, text), ...)
    attributed_to: str | None = None

    def description_of(self, term_id: str) -> str | None:
        for side_term, text in self.descriptions:
            if side_term == term_id:
                return text
        return None


class Source(NamedTuple):
    id: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    date: str | None = None
    note: str | None = None
    definitions: tuple[Definition, ...] = ()
    contrasts: tuple[Contrast, ...] = ()
    similarities: tuple[Similarity, ...] = ()
    path: str = ""  # the file it was read from
    override: bool = False  # a user file that replaces a shipped source on purpose

    @property
    def label(self) -> str:
        """How a reference list names it: title, or the author, or the id."""
        return self.title or self.author or self.id

    def quotes(self) -> list[str]:
        """Every verbatim excerpt this source is credited with."""
        out = [d.quote for d in self.definitions] + [c.quote for c in self.contrasts]
        for sim in self.similarities:
            out.append(sim.quote)
            out.extend(text for _, text in sim.descriptions)
        return out


class Catalogue(NamedTuple):
    terms: tuple[Term, ...] = ()
    pairs: tuple[TraitPair, ...] = ()
    shared_traits: tuple[SharedTrait, ...] = ()


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

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
