"""The reference as frozen values: the vocabulary (terms, trait pairs, shared traits, disputed
questions) and the sources with every claim each makes. Nothing here reads files or prints.

Each key of a definitions file is declared once, here: its field's annotation carries a
:class:`Key` (its kind and a one-line meaning). The schema, the JSON Schema, the template of
`cxref new`, the cache and the views all read these declarations. A *claim* always carries
the verbatim ``quote`` it rests on.
"""

import bisect
import functools
import typing
from typing import Annotated, Literal, NamedTuple

import msgspec

from .errors import Problem


class Key(NamedTuple):
    """A field that a definitions file may set. `kind` says what its value is: ``id``,
    ``text``, ``quote`` (the article's words), ``url``, ``flag`` (true/false), ``stance``
    (backs/contests); a reference: ``term``, ``pair``, ``trait``, ``dispute``, ``side`` (a term
    of the claim's pair), ``position`` (of the claim's dispute); ``texts`` and ``terms`` (lists);
    ``term-texts`` and ``term-quotes`` (term -> text); ``records`` (of the type's records)."""

    kind: str
    about: str
    required: bool = False


BACKS: Literal["backs"] = "backs"
CONTESTS: Literal["contests"] = "contests"
STANCES = (BACKS, CONTESTS)


Quote = Annotated[str, Key("quote", "the article's exact words", required=True)]
Voice = Annotated[str | None, Key("text", "who is quoted, when the article quotes someone else")]
Reported = Annotated[bool, Key("flag", "true: the quote is the article author's report of "
                               "that voice, not the voice's own words")]
Hedge = Annotated[str | None, Key("text", "the words in the quote that qualify the claim "
                                  "('usually', 'typically', 'in a way'), as they stand there")]
StanceWord = Literal["backs", "contests"]
Stance = Annotated[StanceWord, Key("stance", "contests: the quote argues against what it names")]


@functools.cache
def declared(cls: type[msgspec.Struct]) -> tuple[tuple[str, Key, object], ...]:
    """The fields of record `cls` that a file may set, in order: (name, its Key, its type).
    The one place the declarations are read."""
    return tuple((field.name, key, typing.get_args(field.type)[0])
                 for field in msgspec.structs.fields(cls)
                 for key in getattr(field.type, "__metadata__", ()) if isinstance(key, Key))


@functools.cache
def details() -> tuple[str, ...]:
    """A source's details: the fields of kind text or url a file sets before its claims, but
    the id, the label (a stand-in for a missing author) and the note (prose for `show`)."""
    return tuple(name for name, key, _ in declared(Source)
                 if key.kind in ("text", "url") and name not in ("id", "label", "note"))


def fold(text: str) -> str:
    """Case and spacing folded: how names, ids and aliases are compared everywhere."""
    return " ".join(text.casefold().split())


class Record(msgspec.Struct, frozen=True, gc=False, array_like=True):
    """The base of every record: frozen, not tracked by the garbage collector, and stored in
    the cache as a list of its fields in order."""


class Term(Record, frozen=True):
    id: Annotated[str, Key("id", "the term's id", required=True)]
    name: Annotated[str, Key("text", "its name", required=True)]
    aliases: Annotated[tuple[str, ...], Key("texts", "other names it answers to (e.g. CX)")] = ()

    @property
    def label(self) -> str:
        """The name with its first alias, e.g. 'customer experience (CX)'."""
        return f"{self.name} ({self.aliases[0]})" if self.aliases else self.name


class TraitPair(Record, frozen=True):
    """A contrast between two terms: each term's side has a short trait name."""

    id: Annotated[str, Key("id", "the pair's id", required=True)]
    sides: Annotated[tuple[tuple[str, str], ...], Key(
        "term-texts", "each term's trait, e.g. customer-service: reactive", required=True)]
    description: Annotated[str, Key("text", "what the contrast means, said only as every "
                                    "backer says it")] = ""

    def trait_of(self, term_id: str) -> str | None:
        return dict(self.sides).get(term_id)

    @property
    def label(self) -> str:
        """Both sides, as a reader names the pair: 'proactive / reactive'."""
        return " / ".join(trait for _, trait in self.sides)


class SharedTrait(Record, frozen=True):
    """Something both terms have in common."""

    id: Annotated[str, Key("id", "the trait's id", required=True)]
    name: Annotated[str, Key("text", "its name", required=True)]
    description: Annotated[str, Key("text", "what both terms share")] = ""


class Position(Record, frozen=True):
    """One answer to a disputed question."""

    id: Annotated[str, Key("id", "the position's id", required=True)]
    claim: Annotated[str, Key("text", "the answer, in one line, saying no more than every "
                              "holder says", required=True)]


class Dispute(Record, frozen=True):
    """A question the sources answer differently, and the answers they give."""

    id: Annotated[str, Key("id", "the question's id", required=True)]
    question: Annotated[str, Key("text", "the question the sources answer differently",
                                 required=True)]
    positions: Annotated[tuple[Position, ...], Key("records", "the answers given (at least "
                                                   "two)")] = ()
    pair: Annotated[str | None, Key("pair", "the trait pair this question puts in doubt, if "
                                    "any: compare marks its row")] = None

    def position(self, position_id: str) -> Position | None:
        return next((p for p in self.positions if p.id == position_id), None)


class Definition(Record, frozen=True):
    """A source's definition of a term (``stance`` contests: one it describes to reject)."""

    term: Annotated[str, Key("term", "the term defined: its id, name or alias", required=True)]
    quote: Quote
    stance: Annotated[StanceWord, Key("stance", "contests: a definition the voice describes in "
                                      "order to reject it")] = BACKS
    attributed_to: Voice = None
    reported: Reported = False
    hedge: Hedge = None


class Contrast(Record, frozen=True):
    """A quote that draws a trait pair: both sides, or `side` only; or contests that side."""

    pair: Annotated[str, Key("pair", "the trait pair the quote draws", required=True)]
    quote: Quote
    side: Annotated[str | None, Key("side", "the term whose side alone the quote speaks to")] = None
    stance: Stance = BACKS
    attributed_to: Voice = None
    reported: Reported = False
    hedge: Hedge = None


class Similarity(Record, frozen=True):
    """A shared trait, with each term's side described in the source's words."""

    trait: Annotated[str, Key("trait", "the shared trait", required=True)]
    quote: Quote
    descriptions: Annotated[tuple[tuple[str, str], ...], Key(
        "term-quotes", "each term's side of the trait, in the article's exact words")] = ()
    attributed_to: Voice = None
    reported: Reported = False
    hedge: Hedge = None

    def description_of(self, term_id: str) -> str | None:
        return next((text for term, text in self.descriptions if term == term_id), None)


class Stand(Record, frozen=True):
    """A source's answer to a disputed question: the position it holds, in its words."""

    dispute: Annotated[str, Key("dispute", "the disputed question answered", required=True)]
    position: Annotated[str, Key("position", "the position the quote takes", required=True)]
    quote: Quote
    attributed_to: Voice = None
    reported: Reported = False
    hedge: Hedge = None


class Remark(Record, frozen=True):
    """A statement on how the terms differ, relate or matter that fits no pair or dispute."""

    quote: Quote
    about: Annotated[tuple[str, ...], Key("terms", "the terms it speaks about")] = ()
    attributed_to: Voice = None
    reported: Reported = False
    hedge: Hedge = None


Claim = Definition | Contrast | Similarity | Stand | Remark


def kind_of(claim: Claim) -> str:
    """'definition', 'contrast', 'similarity', 'stand' or 'remark': the claim's class, named."""
    return type(claim).__name__.lower()


class Source(Record, frozen=True):
    """One published source and every claim it makes. The fields of kind ``text`` or ``url``
    before the claims are its details, shown wherever a person reads about the source."""

    id: Annotated[str, Key("id", "the source's id: its file name without .yaml", required=True)]
    label: Annotated[str | None, Key("text", "a short name for the source when it has no "
                                     "author (shown instead)")] = None
    title: Annotated[str | None, Key("text", "the article's title, as printed")] = None
    author: Annotated[str | None, Key("text", "who wrote it")] = None
    site: Annotated[str | None, Key("text", "the site, blog, book or publisher")] = None
    url: Annotated[str | None, Key("url", "where to read it")] = None
    date: Annotated[str | None, Key("text", "the date as printed; leave it out when none is "
                                    "printed")] = None
    note: Annotated[str | None, Key("text", "anything a reader should know about the "
                                    "source")] = None
    override: Annotated[bool, Key("flag", "true: replace a source of the same id from an "
                                  "earlier folder")] = False
    definitions: Annotated[tuple[Definition, ...], Key("records", "its definitions of terms")] = ()
    contrasts: Annotated[tuple[Contrast, ...], Key("records", "the trait pairs it draws or "
                                                   "contests")] = ()
    similarities: Annotated[tuple[Similarity, ...], Key("records", "the traits it says both "
                                                        "share")] = ()
    stands: Annotated[tuple[Stand, ...], Key("records", "its answers to disputed questions")] = ()
    remarks: Annotated[tuple[Remark, ...], Key("records", "other statements on how the terms "
                                               "differ, relate or matter")] = ()
    path: str = ""  # the file it was read from (not a key of the file)

    @property
    def name(self) -> str:
        """How a person names it: the first of author, label, site, title and id it has."""
        return self.author or self.label or self.site or self.title or self.id

    def claims(self) -> tuple[Claim, ...]:
        """Every claim, in the order of the file's sections."""
        return (*self.definitions, *self.contrasts, *self.similarities, *self.stands, *self.remarks)

    def quotes(self) -> list[str]:
        """Every verbatim excerpt this source is credited with."""
        out = []
        for claim in self.claims():
            out.append(claim.quote)
            if isinstance(claim, Similarity):
                out.extend(text for _, text in claim.descriptions)
        return out


class Catalogue(Record, frozen=True):
    terms: tuple[Term, ...] = ()
    pairs: tuple[TraitPair, ...] = ()
    shared_traits: tuple[SharedTrait, ...] = ()
    disputes: tuple[Dispute, ...] = ()


class Corpus(NamedTuple):
    """Everything loaded: the merged catalogue, the sources in id order, the notices (a user
    source overriding a shipped one) and the problems of the files that were left out (a
    draft, a half-edited file), each said on stderr while the rest answers."""

    catalogue: Catalogue
    sources: tuple[Source, ...]
    notices: tuple[str, ...] = ()
    skipped: tuple[Problem, ...] = ()  # one or more per file left out

    def term(self, term_id: str) -> Term:
        return next(t for t in self.catalogue.terms if t.id == term_id)

    def pair(self, pair_id: str) -> TraitPair:
        return next(p for p in self.catalogue.pairs if p.id == pair_id)

    def shared_trait(self, trait_id: str) -> SharedTrait:
        return next(t for t in self.catalogue.shared_traits if t.id == trait_id)

    def dispute(self, dispute_id: str) -> Dispute:
        return next(d for d in self.catalogue.disputes if d.id == dispute_id)

    def source(self, source_id: str) -> Source:
        """The source of id `source_id`, by a binary search (sources are in id order)."""
        index = bisect.bisect_left(self.sources, source_id, key=lambda s: s.id)
        if index < len(self.sources) and self.sources[index].id == source_id:
            return self.sources[index]
        raise KeyError(source_id)
