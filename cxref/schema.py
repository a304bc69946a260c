"""The schema of definitions files: the checks that read what `yamlfile` parsed into model
values, against the keys the model declares (:func:`cxref.model.declared`).

Each check that fails adds a :class:`~cxref.errors.Problem` with its place and goes on, so
`cxref validate` reports every problem of a file at once.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable
from typing import Any, NamedTuple

import msgspec

from . import model
from .codes import registered
from .errors import Problem, did_you_mean
from .locate import CATALOGUE_FILES
from .model import Catalogue, fold
from .safetext import visible
from .yamlfile import YMap, YSeq

# The quote a new source's template holds until its author puts the article's words in: a
# source that still has it is a draft, left out of every answer.
PLACEHOLDER = "Replace this with the article's exact words about the term."
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")
URL_RE = re.compile(r"https?://[^\s<>\"'`\\]+\Z")

Pos = tuple[int, int]


class Field(NamedTuple):
    """A key of a record as a file gives it: its name, and the :class:`~cxref.model.Key` the
    model declares for it; `record` is the record a ``records`` key holds a list of."""

    name: str
    kind: str
    about: str
    required: bool = False
    record: RecordKind | None = None


class RecordKind(NamedTuple):
    """A kind of mapping in a definitions file: the model class it builds, how messages name
    one, and the checks across its keys. Its keys are the class's declared fields."""

    what: str  # how messages name one: 'a definition'
    cls: type
    checks: tuple[Callable[[Checker, YMap, dict[str, Any]], None], ...] = ()

    @property
    @functools.cache  # noqa: B019 (a record kind lives as long as the program)
    def keys(self) -> tuple[Field, ...]:
        return tuple(Field(name, key.kind, key.about, key.required,
                           RECORDS[typing.get_args(hint)[0]] if key.kind == "records" else None)
                     for name, key, hint in model.declared(self.cls))


# -- the vocabulary a source's references are checked against --------------------------------

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


def _short(value: str, limit: int = 40) -> str:
    """User data quoted in a message: one line, escaped, and short."""
    text = visible(" ".join(value.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Checker:
    """Collects the problems of one file."""

    def __init__(self, path: str, vocabulary: Vocabulary) -> None:
        self.path = visible(path)  # printed in every problem: a file name can hold anything
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []

    def add(self, pos: Pos, code: str, message: str) -> None:
        self.problems.append(Problem(registered(code), message, self.path, pos[0], pos[1]))

    def mapping(self, value: Any, pos: Pos, what: str,
                keys: tuple[Field, ...]) -> YMap | None:
        """`value` as a mapping of `keys`, its required keys present. One problem per mistake:
        a required key that is missing because its name was mistyped is reported once, as
        the unknown key with its suggestion."""
        if not isinstance(value, YMap):
            self.add(pos, "wrong-type", f"{what} must be a mapping, not {_kind(value)}")
            return None
        names = [k.name for k in keys]
        meant: set[str] = set()
        for key in value:
            if key not in names:
                hint = did_you_mean(key, names)
                if hint:
                    meant.add(hint.split("'")[1])
                self.add(value.key_pos[key], "unknown-key",
                         f"unknown key '{_short(key)}' in {what}{hint}"
                         f" (expected one of: {', '.join(names)})")
        for key in keys:
            if key.required and key.name not in value and key.name not in meant:
                self.add((value.line, value.col), "missing-key",
                         f"{what} needs the key '{key.name}' ({key.about})")
        return value

    def text(self, node: YMap, name: str, what: str) -> str | None:
        value, pos = node[name], node.value_pos[name]
        if isinstance(value, str) and value.strip():
            return value
        if value is None:
            self.add(pos, "empty", f"'{name}' of {what} must not be empty")
        elif isinstance(value, str):
            self.add(pos, "empty", f"'{name}' of {what} must not be blank")
        else:
            self.add(pos, "wrong-type", f"'{name}' of {what} must be text, not {_kind(value)}")
        return None

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
    return {type(None): "empty", YMap: "a mapping", YSeq: "a list"}.get(type(value), "text")


# -- one function per kind of value ------------------------------------------------------------

def _text_that(test: Callable[[str], object], code: str, rule: str,
               convert: Callable[[str], Any] = str) -> Any:
    """Text that passes `test`, converted; else the problem `rule`, a message naming the key
    as {name}, the record as {what} and the value as {value}."""
    def read(check: Checker, node: YMap, name: str, what: str) -> Any:
        value = check.text(node, name, what)
        if value is None:
            return None
        if not test(value):
            check.add(node.value_pos[name], code,
                      rule.format(name=name, what=what, value=_short(value)))
            return None
        return convert(value)
    return read


def _word(choices: tuple[str, ...], convert: Callable[[str], Any] = str) -> Any:
    return _text_that(choices.__contains__, "bad-value", "'{name}' of {what} must be "
                      + " or ".join(choices) + ", not '{value}'", convert)


def _term_ref(check: Checker, value: str, pos: Pos) -> str | None:
    """A term by id, name or alias (any case), as its id."""
    vocabulary = check.vocabulary
    found = vocabulary.term_by_name.get(fold(value))
    if found is None:
        known = [t.id for t in vocabulary.catalogue.terms]
        known += [a for t in vocabulary.catalogue.terms for a in (t.name, *t.aliases)]
        check.add(pos, "unknown-term", f"no term is called '{_short(value)}'"
                  f"{did_you_mean(value, known)} (see 'cxref ids')")
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
        known = table(check.vocabulary)
        if value not in known:
            check.add(node.value_pos[name], f"unknown-{kind}", f"no {kind} has the id "
                      f"'{_short(value)}'{did_you_mean(value, list(known))} (see 'cxref ids')")
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
    items = check.items(node, name, what)
    before = len(check.problems)
    out = []
    for item, pos in items:
        if isinstance(item, str) and item.strip():
            out.append(_term_ref(check, item, pos))  # None adds a problem
        else:
            check.add(pos, "wrong-type", f"each of '{name}' in {what} must be a term")
    return tuple(t for t in out if t is not None) if len(check.problems) == before else None


def _term_texts(check: Checker, node: YMap, name: str,
                what: str) -> tuple[tuple[str, str], ...] | None:
    """A mapping of term -> text: a pair's sides, a similarity's descriptions."""
    value = node[name]
    if not isinstance(value, YMap):
        check.add(node.value_pos[name], "wrong-type",
                  f"'{name}' of {what} must be a mapping of term to text, not {_kind(value)}")
        return None
    before = len(check.problems)
    out = []
    for key in value:
        term = _term_ref(check, key, value.key_pos[key])
        text = check.text(value, key, f"'{name}' of {what}")
        if term is not None and text is not None:
            out.append((term, text))
    return tuple(out) if len(check.problems) == before else None


def _records(check: Checker, node: YMap, name: str, what: str,
             record: RecordKind) -> list[tuple[Any, Pos]]:
    """The records of a list that check out, each with its place."""
    found = ((read_record(check, item, pos, record), pos)
             for item, pos in check.items(node, name, what))
    return [(value, pos) for value, pos in found if value is not None]


_READERS: dict[str, Callable[[Checker, YMap, str, str], Any]] = {
    "id": _text_that(ID_RE.match, "bad-id", "'{name}' of {what} must be lowercase letters, "
                     "digits and hyphens, at most 64: '{value}'"),
    "text": Checker.text,
    "quote": Checker.text,
    "url": _text_that(URL_RE.match, "bad-url", "'{name}' must be an http:// or https:// "
                      "address with no spaces: '{value}'"),
    "flag": _word(("true", "false"), lambda v: v == "true"),
    "stance": _word(model.STANCES),
    "term": _term,
    "side": _term,
    "pair": _ref("pair", lambda v: v.pairs),
    "trait": _ref("trait", lambda v: v.traits),
    "dispute": _ref("dispute", lambda v: v.disputes),
    "position": Checker.text,
    "texts": _texts,
    "terms": _terms,
    "term-texts": _term_texts,
    "term-quotes": _term_texts,
}


def read_record(check: Checker, value: Any, pos: Pos, record: RecordKind) -> Any:
    """Check one mapping against `record` and build its model value; None when it is wrong."""
    keys = record.keys
    node = check.mapping(value, pos, record.what, keys)
    if node is None:
        return None
    values: dict[str, Any] = {}
    ok = True
    for key in keys:
        if key.name not in node:
            ok = ok and not key.required
        elif key.record is not None:
            records = _records(check, node, key.name, record.what, key.record)
            values[key.name] = tuple(entry for entry, _ in records)
        elif (found := _READERS[key.kind](check, node, key.name, record.what)) is None:
            ok = False
        else:
            values[key.name] = found
    if not ok:
        return None
    before = len(check.problems)
    for rule in record.checks:  # the first rule broken leaves the record out
        rule(check, node, values)
        if len(check.problems) > before:
            return None
    return record.cls(**values)


# -- checks across the keys of one record: each adds a problem when the record breaks it -------

def _reported_has_voice(check: Checker, node: YMap, values: dict[str, Any]) -> None:
    if values.get("reported") and not values.get("attributed_to"):
        check.add(node.value_pos["reported"], "reported-without-voice",
                  "'reported: true' needs 'attributed_to': whose words does the author report?")


def _side_of_pair(check: Checker, node: YMap, values: dict[str, Any]) -> None:
    pair = check.vocabulary.pairs[values["pair"]]
    side = values.get("side")
    if side is not None and pair.trait_of(side) is None:
        terms = " or ".join(t for t, _ in pair.sides)
        check.add(node.value_pos["side"], "bad-side",
                  f"side '{_short(node['side'])}' is not a side of pair '{pair.id}' ({terms})")
    elif values.get("stance") == model.CONTESTS and side is None:
        check.add(node.value_pos["stance"], "contest-needs-side",
                  "a contrast that contests needs 'side': the term whose trait it argues against")


def _position_of_dispute(check: Checker, node: YMap, values: dict[str, Any]) -> None:
    dispute = check.vocabulary.disputes[values["dispute"]]
    if dispute.position(values["position"]) is None:
        known = [p.id for p in dispute.positions]
        check.add(node.value_pos["position"], "unknown-position",
                  f"'{_short(values['position'])}' is not a position of '{dispute.id}'"
                  f"{did_you_mean(values['position'], known)} (one of: {', '.join(known)})")


def _two_sides(check: Checker, node: YMap, values: dict[str, Any]) -> None:
    if len(values["sides"]) != 2 or len({t for t, _ in values["sides"]}) != 2:
        check.add(node.value_pos["sides"], "bad-sides",
                  f"pair '{values['id']}' needs exactly two sides, one per term")


def _two_positions(check: Checker, node: YMap, values: dict[str, Any]) -> None:
    if len(values.get("positions", ())) < 2:
        check.add((node.line, node.col), "few-positions",
                  f"dispute '{values['id']}' needs at least two positions")


def _hedge_in_quote(check: Checker, node: YMap, values: dict[str, Any]) -> None:
    hedge = values.get("hedge")
    if hedge is not None and fold(hedge) not in fold(values["quote"]):
        check.add(node.value_pos["hedge"], "hedge-not-in-quote",
                  f"hedge '{_short(hedge)}' is not in the quote: give the qualifying words "
                  "as they stand in it (e.g. usually)")


def _unique_positions(check: Checker, node: YMap, values: dict[str, Any]) -> None:
    ids = [position.id for position in values.get("positions", ())]
    twice = next((id_ for index, id_ in enumerate(ids) if id_ in ids[:index]), None)
    if twice is not None:
        check.add((node.line, node.col), "duplicate-id",
                  f"position '{twice}' of dispute '{values['id']}' is given twice")


def _plain_names(check: Checker, node: YMap, values: dict[str, Any]) -> None:
    """A term's name and aliases are one line of plain text: they are matched as typed and
    offered to shell completion, one per line (an escaped control shows a backslash)."""
    bad = next((name for name in (values["name"], *values.get("aliases", ()))
                if any(ch in name for ch in "\n\t\\")), None)
    if bad is not None:
        check.add((node.line, node.col), "bad-name",
                  f"name '{_short(bad)}' of term '{values['id']}' must be one line of plain "
                  "text (no tab, line break, backslash, control or invisible character)")


_CLAIM_CHECKS = (_reported_has_voice, _hedge_in_quote)

# Every kind of record a file holds, by the model class it builds.
RECORDS: dict[type, RecordKind] = {record.cls: record for record in (
    RecordKind("a definition", model.Definition, _CLAIM_CHECKS),
    RecordKind("a contrast", model.Contrast, (*_CLAIM_CHECKS, _side_of_pair)),
    RecordKind("a similarity", model.Similarity, _CLAIM_CHECKS),
    RecordKind("a stand", model.Stand, (*_CLAIM_CHECKS, _position_of_dispute)),
    RecordKind("a remark", model.Remark, _CLAIM_CHECKS),
    RecordKind("a source file", model.Source),
    RecordKind("a term", model.Term, (_plain_names,)),
    RecordKind("a trait pair", model.TraitPair, (_two_sides,)),
    RecordKind("a shared trait", model.SharedTrait),
    RecordKind("a position", model.Position),
    RecordKind("a dispute", model.Dispute, (_two_positions, _unique_positions)),
)}
SOURCE = RECORDS[model.Source]

# Catalogue file -> (list key, record). The loader reads them in this order: a pair's sides and
# a source's references are checked against what came before.
CATALOGUES = {name: (key, RECORDS[cls]) for (name, key), cls in zip(
    CATALOGUE_FILES.items(), (model.Term, model.TraitPair, model.SharedTrait, model.Dispute))}


# -- reading whole files ------------------------------------------------------------------------

def catalogue(path: str, list_key: str, record: RecordKind, doc: Any,
              vocabulary: Vocabulary) -> tuple[tuple[tuple[Any, Pos], ...], list[Problem]]:
    """One catalogue file: its entries, each with where it starts, and its problems."""
    check = Checker(path, vocabulary)
    root = check.mapping(doc, (1, 1), "the file",
                         (Field(list_key, "records", f"the {record.what[2:]}s", False, record),))
    if root is None or list_key not in root:
        return (), check.problems
    return tuple(_records(check, root, list_key, "the file", record)), check.problems


def source(path: str, stem: str, doc: Any,
           vocabulary: Vocabulary) -> tuple[model.Source | None, list[Problem]]:
    """Read one source file; its id must equal its file name without the extension, and every
    term, trait pair, shared trait and dispute it names must be in `vocabulary`."""
    check = Checker(path, vocabulary)
    source = read_record(check, doc, (1, 1), SOURCE)
    if source is None:  # a required key missing or wrong: the rest was still checked
        return None, check.problems
    if source.id != stem:
        check.add(doc.value_pos["id"], "id-mismatch",
                  f"id '{source.id}' must equal the file name '{_short(stem)}'")
    if PLACEHOLDER in source.quotes():
        check.add((1, 1), "draft", "a quote is still the template's placeholder; "
                  f"put the article's words in (cxref edit {source.id}) or delete the file")
    if not source.claims() and not check.problems:
        check.add((doc.line, doc.col), "no-claims", "a source needs at least one definition, "
                  "contrast, similarity, stand or remark")
    return msgspec.structs.replace(source, path=path), check.problems
