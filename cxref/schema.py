"""The schema of definitions files, declared once: what each record's keys are, and the small
checks that read what `yamlfile` parsed into model values.

Each record is a :class:`Record`: its keys (:class:`Key`, with a kind and a one-line meaning),
the model class it builds, and the checks across its keys. The same declarations drive the
checks here, the JSON Schema (:mod:`cxref.jsonschema`) and the documentation of the format.

Each check that fails adds a :class:`~cxref.errors.Problem` (a code of :mod:`cxref.codes`) with
the file, line and column and goes on, so `cxref validate` reports every problem of a file at
once. Unknown keys, missing keys and wrong types are problems, with a suggestion where a known
name is close; term references accept a term's id, name or alias, as the command line does.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable
from typing import Any, NamedTuple

from . import model
from .codes import registered
from .errors import Problem
from .model import Catalogue
from .safetext import visible
from .yamlfile import YMap, YSeq

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")
URL_RE = re.compile(r"https?://[^\s<>\"'`\\]+\Z")
FLAGS = ("true", "false")

Pos = tuple[int, int]


class Key(NamedTuple):
    """One key of a record. `kind` says what its value is:

    - ``id``: an id (lowercase letters, digits, hyphens); ``text``; ``url``; ``flag``
      (true/false); ``stance`` (backs/contests);
    - ``term``, ``pair``, ``trait``, ``dispute``: a reference into the vocabulary;
      ``side``: a term of the claim's pair; ``position``: a position of the claim's dispute;
    - ``texts``: a list of text; ``terms``: a list of term references;
      ``term-texts``: a mapping of term reference to text;
    - ``records``: a list of `record` (another :class:`Record`).
    """

    name: str
    kind: str
    about: str
    required: bool = False
    record: Record | None = None


class Record(NamedTuple):
    """A kind of mapping in a definitions file: its keys and how it becomes a model value."""

    what: str  # how messages name one: 'a definition'
    keys: tuple[Key, ...]
    build: Callable[[dict[str, Any]], Any]  # checked values by key -> model value (or None)
    checks: tuple[Callable[[Checker, YMap, dict[str, Any]], bool], ...] = ()

    def key(self, name: str) -> Key | None:
        return next((k for k in self.keys if k.name == name), None)


# -- the vocabulary a source's references are checked against --------------------------------

def fold(text: str) -> str:
    """Case and spacing folded, as names are compared everywhere."""
    return " ".join(text.casefold().split())


class Vocabulary:
    """The merged catalogue, indexed for the references sources make."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.term_by_name: dict[str, str] = {}
        for term in catalogue.terms:
            for name in (term.id, term.name, *term.aliases):
                self.term_by_name.setdefault(fold(name), term.id)
        self.pairs = {p.id: p for p in catalogue.pairs}
        self.traits = {t.id: t for t in catalogue.shared_traits}
        self.disputes = {d.id: d for d in catalogue.disputes}


def suggest(given: str, known: list[str]) -> str:
    """'; did you mean 'x'?' for the closest of `known`, or ''."""
    close = difflib.get_close_matches(fold(given), [fold(k) for k in known], n=1, cutoff=0.6)
    if not close:
        return ""
    name = next(k for k in known if fold(k) == close[0])
    return f"; did you mean '{visible(name)}'?"


def _short(value: str, limit: int = 40) -> str:
    """User data quoted in a message: one line, escaped, and short."""
    text = visible(" ".join(value.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Checker:
    """Collects the problems of one file."""

    def __init__(self, path: str, vocabulary: Vocabulary | None = None) -> None:
        self.path = visible(path)  # printed in every problem: a file name can hold anything
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []

    def add(self, pos: Pos, code: str, message: str) -> None:
        self.problems.append(Problem(registered(code), message, self.path, pos[0], pos[1]))

    def mapping(self, value: Any, pos: Pos, record: Record) -> YMap | None:
        """`value` as a mapping of the record's keys, its required keys present."""
        if not isinstance(value, YMap):
            self.add(pos, "wrong-type", f"{record.what} must be a mapping, not {_kind(value)}")
            return None
        names = [k.name for k in record.keys]
        for key in value:
            if key not in names:
                self.add(value.key_pos[key], "unknown-key",
                         f"unknown key '{_short(key)}' in {record.what}{suggest(key, names)}"
                         f" (expected one of: {', '.join(names)})")
        for key in record.keys:
            if key.required and key.name not in value:
                self.add((value.line, value.col), "missing-key",
                         f"{record.what} needs the key '{key.name}' ({key.about})")
        return value

    def text(self, node: YMap, name: str, what: str) -> str | None:
        value, pos = node[name], node.value_pos[name]
        if value is None:
            self.add(pos, "empty", f"'{name}' of {what} must not be empty")
            return None
        if not isinstance(value, str):
            self.add(pos, "wrong-type", f"'{name}' of {what} must be text, not {_kind(value)}")
            return None
        if not value.strip():
            self.add(pos, "empty", f"'{name}' of {what} must not be blank")
            return None
        return value

    def items(self, node: YMap, name: str, what: str) -> list[tuple[Any, Pos]]:
        value = node[name]
        if value is None:
            return []
        if not isinstance(value, YSeq):
            self.add(node.value_pos[name], "wrong-type",
                     f"'{name}' of {what} must be a list, not {_kind(value)}")
            return []
        return list(zip(value, value.item_pos))


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YSeq):
        return "a list"
    return "text"


# -- one function per kind of value ------------------------------------------------------------

def _id(check: Checker, node: YMap, name: str, what: str) -> str | None:
    value = check.text(node, name, what)
    if value is not None and not ID_RE.match(value):
        check.add(node.value_pos[name], "bad-id", f"'{name}' of {what} must be lowercase "
                  f"letters, digits and hyphens, at most 64: '{_short(value)}'")
        return None
    return value


def _url(check: Checker, node: YMap, name: str, what: str) -> str | None:
    value = check.text(node, name, what)
    if value is not None and not URL_RE.match(value):
        check.add(node.value_pos[name], "bad-url", f"'{name}' must be an http:// or https:// "
                  f"address with no spaces: '{_short(value)}'")
        return None
    return value


def _word(choices: tuple[str, ...], convert: Callable[[str], Any]) -> Any:
    def read(check: Checker, node: YMap, name: str, what: str) -> Any:
        value = check.text(node, name, what)
        if value is None:
            return None
        if value not in choices:
            check.add(node.value_pos[name], "bad-value", f"'{name}' of {what} must be "
                      f"{' or '.join(choices)}, not '{_short(value)}'")
            return None
        return convert(value)
    return read


def _term_ref(check: Checker, value: str, pos: Pos) -> str | None:
    """A term by id, name or alias (any case), as its id."""
    vocabulary = check.vocabulary
    assert vocabulary is not None
    found = vocabulary.term_by_name.get(fold(value))
    if found is None:
        known = [t.id for t in vocabulary.catalogue.terms]
        known += [a for t in vocabulary.catalogue.terms for a in (t.name, *t.aliases)]
        check.add(pos, "unknown-term", f"no term is called '{_short(value)}'"
                  f"{suggest(value, known)} (see 'cxref ids')")
    return found


def _term(check: Checker, node: YMap, name: str, what: str) -> str | None:
    value = check.text(node, name, what)
    return None if value is None else _term_ref(check, value, node.value_pos[name])


def _ref(kind: str, table: Callable[[Vocabulary], dict[str, Any]]) -> Any:
    """A reference by id into one table of the vocabulary (pairs, traits, disputes)."""
    def read(check: Checker, node: YMap, name: str, what: str) -> str | None:
        value = check.text(node, name, what)
        if value is None:
            return None
        assert check.vocabulary is not None
        known = table(check.vocabulary)
        if value not in known:
            check.add(node.value_pos[name], f"unknown-{kind}", f"no {kind.replace('-', ' ')} "
                      f"has the id '{_short(value)}'{suggest(value, list(known))} "
                      "(see 'cxref ids')")
            return None
        return value
    return read


def _texts(check: Checker, node: YMap, name: str, what: str) -> tuple[str, ...]:
    out = []
    for item, pos in check.items(node, name, what):
        if isinstance(item, str) and item.strip():
            out.append(item)
        else:
            check.add(pos, "wrong-type", f"each of '{name}' in {what} must be non-empty text")
    return tuple(out)


def _terms(check: Checker, node: YMap, name: str, what: str) -> tuple[str, ...] | None:
    out = []
    ok = True
    for item, pos in check.items(node, name, what):
        if not (isinstance(item, str) and item.strip()):
            check.add(pos, "wrong-type", f"each of '{name}' in {what} must be a term")
            ok = False
            continue
        term = _term_ref(check, item, pos)
        ok = ok and term is not None
        if term is not None:
            out.append(term)
    return tuple(out) if ok else None


def _term_texts(check: Checker, node: YMap, name: str,
                what: str) -> tuple[tuple[str, str], ...] | None:
    """A mapping of term -> text: a pair's sides, a similarity's descriptions."""
    value = node[name]
    if not isinstance(value, YMap):
        check.add(node.value_pos[name], "wrong-type",
                  f"'{name}' of {what} must be a mapping of term to text, not {_kind(value)}")
        return None
    out = []
    ok = True
    for key in value:
        term = _term_ref(check, key, value.key_pos[key])
        text = check.text(value, key, f"'{name}' of {what}")
        if term is None or text is None:
            ok = False
        else:
            out.append((term, text))
    return tuple(out) if ok else None


def _records(check: Checker, node: YMap, name: str, what: str, record: Record) -> tuple[Any, ...]:
    out = []
    for item, pos in check.items(node, name, what):
        value = read_record(check, item, pos, record)
        if value is not None:
            out.append(value)
    return tuple(out)


_READERS: dict[str, Callable[[Checker, YMap, str, str], Any]] = {
    "id": _id,
    "text": lambda check, node, name, what: check.text(node, name, what),
    "url": _url,
    "flag": _word(FLAGS, lambda v: v == "true"),
    "stance": _word(model.STANCES, str),
    "term": _term,
    "side": _term,
    "pair": _ref("pair", lambda v: v.pairs),
    "trait": _ref("trait", lambda v: v.traits),
    "dispute": _ref("dispute", lambda v: v.disputes),
    "position": lambda check, node, name, what: check.text(node, name, what),
    "texts": _texts,
    "terms": _terms,
    "term-texts": _term_texts,
}


_NAMES = frozenset({"id", "stance", "term", "side", "pair", "trait", "dispute", "position"})


def read_record(check: Checker, value: Any, pos: Pos, record: Record) -> Any:
    """Check one mapping against `record` and build its model value; None when it is wrong."""
    node = check.mapping(value, pos, record)
    if node is None:
        return None
    values: dict[str, Any] = {}
    ok = True
    for key in record.keys:
        if key.name not in node:
            ok = ok and not key.required
            continue
        if key.kind == "records":
            assert key.record is not None
            values[key.name] = _records(check, node, key.name, record.what, key.record)
            continue
        found = _READERS[key.kind](check, node, key.name, record.what)
        if found is None:
            ok = False
        elif key.kind in _NAMES:
            # Ids and references recur in every source: one string object each, shared by
            # all (marshal keeps them interned in the cache, so they stay shared when read
            # back). Measured at 10,000 sources: warm `compare` peaks at 236 MB, not 256.
            values[key.name] = sys.intern(found)
        else:
            values[key.name] = found
    if not ok:
        return None
    for rule in record.checks:
        if not rule(check, node, values):
            return None
    return record.build(values)


# -- checks across the keys of one record -------------------------------------------------------

def _reported_has_voice(check: Checker, node: YMap, values: dict[str, Any]) -> bool:
    if values.get("reported") and not values.get("attributed_to"):
        check.add(node.value_pos["reported"], "reported-without-voice",
                  "'reported: true' needs 'attributed_to': whose words does the author report?")
        return False
    return True


def _side_of_pair(check: Checker, node: YMap, values: dict[str, Any]) -> bool:
    assert check.vocabulary is not None
    pair = check.vocabulary.pairs[values["pair"]]
    side = values.get("side")
    if side is not None and pair.trait_of(side) is None:
        terms = " or ".join(t for t, _ in pair.sides)
        check.add(node.value_pos["side"], "bad-side",
                  f"side '{_short(node['side'])}' is not a side of pair '{pair.id}' ({terms})")
        return False
    if values.get("stance") == model.CONTESTS and side is None:
        check.add(node.value_pos["stance"], "contest-needs-side",
                  "a contrast that contests needs 'side': the term whose trait it argues against")
        return False
    return True


def _position_of_dispute(check: Checker, node: YMap, values: dict[str, Any]) -> bool:
    assert check.vocabulary is not None
    dispute = check.vocabulary.disputes[values["dispute"]]
    if dispute.position(values["position"]) is None:
        known = [p.id for p in dispute.positions]
        check.add(node.value_pos["position"], "unknown-position",
                  f"'{_short(values['position'])}' is not a position of '{dispute.id}'"
                  f"{suggest(values['position'], known)} (one of: {', '.join(known)})")
        return False
    return True


def _two_sides(check: Checker, node: YMap, values: dict[str, Any]) -> bool:
    if len(values["sides"]) != 2 or len({t for t, _ in values["sides"]}) != 2:
        check.add(node.value_pos["sides"], "bad-sides",
                  f"pair '{values['id']}' needs exactly two sides, one per term")
        return False
    return True


def _two_positions(check: Checker, node: YMap, values: dict[str, Any]) -> bool:
    if len(values.get("positions", ())) < 2:
        check.add((node.line, node.col), "few-positions",
                  f"dispute '{values['id']}' needs at least two positions")
        return False
    return True


# -- the records --------------------------------------------------------------------------------

_VOICE = (
    Key("attributed_to", "text", "who is quoted, when the article quotes someone else"),
    Key("reported", "flag", "true: the quote is the article author's report of that voice, "
        "not the voice's own words"),
)
_VOICE_CHECKS = (_reported_has_voice,)
_QUOTE = Key("quote", "text", "the article's exact words", required=True)


def _build(cls: type) -> Callable[[dict[str, Any]], Any]:
    return lambda values: cls(**values)


DEFINITION = Record("a definition", (
    Key("term", "term", "the term defined: its id, name or alias", required=True), _QUOTE,
    Key("stance", "stance", "contests: a definition the voice describes in order to reject it"),
    *_VOICE), _build(model.Definition), _VOICE_CHECKS)

CONTRAST = Record("a contrast", (
    Key("pair", "pair", "the trait pair the quote draws", required=True), _QUOTE,
    Key("side", "side", "the term whose side alone the quote speaks to"),
    Key("stance", "stance", "contests: the quote argues against that side"),
    *_VOICE), _build(model.Contrast), (*_VOICE_CHECKS, _side_of_pair))

SIMILARITY = Record("a similarity", (
    Key("trait", "trait", "the shared trait", required=True), _QUOTE,
    Key("descriptions", "term-texts", "each term's side of the trait, in the article's words"),
    *_VOICE), _build(model.Similarity), _VOICE_CHECKS)

STAND = Record("a stand", (
    Key("dispute", "dispute", "the disputed question answered", required=True),
    Key("position", "position", "the position the quote takes", required=True), _QUOTE,
    *_VOICE), _build(model.Stand), (*_VOICE_CHECKS, _position_of_dispute))

REMARK = Record("a remark", (
    _QUOTE, Key("about", "terms", "the terms it speaks about"),
    *_VOICE), _build(model.Remark), _VOICE_CHECKS)

CLAIM_KINDS = ("definitions", "contrasts", "similarities", "stands", "remarks")

SOURCE = Record("a source file", (
    Key("id", "id", "the source's id: its file name without .yaml", required=True),
    Key("label", "text", "a short name for the source when it has no author (shown instead)"),
    Key("title", "text", "the article's title, as printed"),
    Key("author", "text", "who wrote it"),
    Key("site", "text", "the site, blog, book or publisher"),
    Key("url", "url", "where to read it"),
    Key("date", "text", "the date as printed"),
    Key("note", "text", "anything a reader should know about the source"),
    Key("override", "flag", "true: replace a source of the same id from an earlier folder"),
    Key("definitions", "records", "its definitions of terms", record=DEFINITION),
    Key("contrasts", "records", "the trait pairs it draws or contests", record=CONTRAST),
    Key("similarities", "records", "the traits it says both share", record=SIMILARITY),
    Key("stands", "records", "its answers to disputed questions", record=STAND),
    Key("remarks", "records", "other statements on how the terms differ, relate or matter",
        record=REMARK),
), lambda values: values)

TERM = Record("a term", (
    Key("id", "id", "the term's id", required=True),
    Key("name", "text", "its name", required=True),
    Key("aliases", "texts", "other names it answers to (e.g. CX)"),
), _build(model.Term))

PAIR = Record("a trait pair", (
    Key("id", "id", "the pair's id", required=True),
    Key("sides", "term-texts", "each term's trait, e.g. customer-service: reactive",
        required=True),
    Key("description", "text", "what the contrast means, said only as every backer says it"),
), _build(model.TraitPair), (_two_sides,))

SHARED_TRAIT = Record("a shared trait", (
    Key("id", "id", "the trait's id", required=True),
    Key("name", "text", "its name", required=True),
    Key("description", "text", "what both terms share"),
), _build(model.SharedTrait))

POSITION = Record("a position", (
    Key("id", "id", "the position's id", required=True),
    Key("claim", "text", "the answer, in one line", required=True),
), _build(model.Position))

DISPUTE = Record("a dispute", (
    Key("id", "id", "the question's id", required=True),
    Key("question", "text", "the question the sources answer differently", required=True),
    Key("positions", "records", "the answers given (at least two)", record=POSITION),
), _build(model.Dispute), (_two_positions,))

# Catalogue file -> (list key, record). The loader reads them in this order: a pair's sides and
# a source's references are checked against what came before.
CATALOGUES = {"terms.yaml": ("terms", TERM), "pairs.yaml": ("pairs", PAIR),
              "shared-traits.yaml": ("shared_traits", SHARED_TRAIT),
              "disputes.yaml": ("disputes", DISPUTE)}


def _file_record(list_key: str, record: Record) -> Record:
    return Record("the file", (Key(list_key, "records", f"the {list_key}", record=record),),
                  lambda values: values)


# -- reading whole files ------------------------------------------------------------------------

def catalogue(path: str, list_key: str, record: Record, doc: Any,
              vocabulary: Vocabulary) -> tuple[tuple[tuple[Any, Pos], ...], list[Problem]]:
    """One catalogue file: its entries, each with where it starts, and its problems."""
    check = Checker(path, vocabulary)
    root = check.mapping(doc, (1, 1), _file_record(list_key, record))
    entries = []
    if root is not None and list_key in root:
        for item, pos in check.items(root, list_key, "the file"):
            value = read_record(check, item, pos, record)
            if value is not None:
                entries.append((value, pos))
    return tuple(entries), check.problems


def source(path: str, stem: str, doc: Any,
           vocabulary: Vocabulary) -> tuple[model.Source | None, list[Problem]]:
    """Read one source file; its id must equal its file name without the extension, and every
    term, trait pair, shared trait and dispute it names must be in `vocabulary`."""
    check = Checker(path, vocabulary)
    values = read_record(check, doc, (1, 1), SOURCE) if isinstance(doc, YMap) else None
    if not isinstance(doc, YMap):
        check.mapping(doc, (1, 1), SOURCE)
        return None, check.problems
    if values is None:  # a required key missing or wrong: the rest was still checked
        return None, check.problems
    if values["id"] != stem:
        check.add(doc.value_pos["id"], "id-mismatch",
                  f"id '{values['id']}' must equal the file name '{_short(stem)}'")
    if not any(values.get(kind) for kind in CLAIM_KINDS) and not check.problems:
        check.add((doc.line, doc.col), "no-claims", "a source needs at least one definition, "
                  "contrast, similarity, stand or remark")
    return model.Source(**values, path=path), check.problems
