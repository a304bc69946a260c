"""The schema of definitions files: checks what `yamlfile` read and builds model values.

Each check that fails adds a :class:`~cxref.errors.Problem` with the file, line and column and
goes on, so `cxref validate` can report every problem in a file at once. Unknown keys, missing
keys and wrong types are all problems; nothing is silently ignored.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import Problem
from .model import (
    Catalogue,
    Contrast,
    Definition,
    SharedTrait,
    Similarity,
    Source,
    Term,
    TraitPair,
)
from .safetext import visible
from .yamlfile import YMap, YSeq

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")
URL_RE = re.compile(r"https?://[^\s<>\"'`\\]+\Z")


SOURCE_KEYS = ("id", "title", "author", "site", "url", "date", "note", "override",
               "definitions", "contrasts", "similarities")


class Checker:
    """Collects the problems of one file."""

    def __init__(self, path: str) -> None:
        self.path = visible(path)  # printed in every problem: a file name can hold anything
        self.problems: list[Problem] = []

    def add(self, pos: tuple[int, int], code: str, message: str) -> None:
        self.problems.append(Problem(code, message, self.path, pos[0], pos[1]))

    def mapping(self, value: Any, pos: tuple[int, int], what: str,
                required: tuple[str, ...], optional: tuple[str, ...] | None = ()) -> YMap | None:
        """`value` as a mapping with the `required` keys; `optional=None` allows any other."""
        if not isinstance(value, YMap):
            self.add(pos, "wrong-type", f"{what} must be a mapping, not {_kind(value)}")
            return None
        allowed = required + (optional or ())
        for key in value if optional is not None else ():
            if key not in allowed:
                self.add(value.key_pos[key], "unknown-key",
                         f"unknown key '{key}' in {what}; expected one of: {', '.join(allowed)}")
        for key in required:
            if key not in value:
                self.add((value.line, value.col), "missing-key", f"{what} needs the key '{key}'")
        return value

    def text(self, parent: YMap, key: str, what: str, *, required: bool = False) -> str | None:
        if key not in parent:
            return None
        value = parent[key]
        pos = parent.value_pos[key]
        if value is None:
            if required:
                self.add(pos, "empty", f"'{key}' of {what} must not be empty")
            return None
        if not isinstance(value, str):
            self.add(pos, "wrong-type", f"'{key}' of {what} must be text, not {_kind(value)}")
            return None
        if not value.strip():
            self.add(pos, "empty", f"'{key}' of {what} must not be blank")
            return None
        return value

    def ident(self, parent: YMap, key: str, what: str) -> str | None:
        value = self.text(parent, key, what, required=True)
        if value is not None and not ID_RE.match(value):
            self.add(parent.value_pos[key], "bad-id",
                     f"'{key}' of {what} must be lowercase letters, digits and hyphens: '{value}'")
            return None
        return value

    def items(self, parent: YMap, key: str, what: str) -> list[tuple[Any, tuple[int, int]]]:
        if key not in parent or parent[key] is None:
            return []
        value = parent[key]
        if not isinstance(value, YSeq):
            self.add(parent.value_pos[key], "wrong-type",
                     f"'{key}' of {what} must be a list, not {_kind(value)}")
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


def _texts(check: Checker, parent: YMap, key: str, what: str) -> tuple[str, ...]:
    out = []
    for item, pos in check.items(parent, key, what):
        if isinstance(item, str) and item.strip():
            out.append(item)
        else:
            check.add(pos, "wrong-type", f"each of '{key}' in {what} must be non-empty text")
    return tuple(out)


def _term_map(check: Checker, parent: YMap, key: str, what: str) -> tuple[tuple[str, str], ...]:
    """A mapping of term id -> text, e.g. a pair's sides or a similarity's descriptions."""
    if key not in parent:
        return ()
    value = check.mapping(parent[key], parent.value_pos[key], f"'{key}' of {what}", (), None)
    if value is None:
        return ()
    out = []
    for term_id in value:
        if not ID_RE.match(term_id):
            check.add(value.key_pos[term_id], "bad-id", f"'{term_id}' is not a term id")
            continue
        text = check.text(value, term_id, f"'{key}' of {what}", required=True)
        if text is not None:
            out.append((term_id, text))
    return tuple(out)


# -- catalogue files ---------------------------------------------------------------------------

def catalogue(path: str, kind: str, doc: Any, term_ids: frozenset[str] = frozenset()
              ) -> tuple[Catalogue, list[Problem], dict[str, tuple[int, int]]]:
    """Read one catalogue file (`kind` is 'terms', 'pairs' or 'shared_traits'); the sides of
    trait pairs must name terms in `term_ids`. Also returns where each entry starts, by id."""
    check = Checker(path)
    root = check.mapping(doc, (1, 1), "the file", (kind,))
    entries = []
    places: dict[str, tuple[int, int]] = {}
    if root is not None:
        for item, pos in check.items(root, kind, "the file"):
            entry = _catalogue_entry(check, kind, item, pos, term_ids)
            if entry is not None:
                entries.append(entry)
                places.setdefault(entry.id, pos)
    result = Catalogue(**{kind: tuple(entries)})
    return result, check.problems, places


def _catalogue_entry(check: Checker, kind: str, item: Any, pos: tuple[int, int],
                     term_ids: frozenset[str]) -> Any:
    if kind == "terms":
        node = check.mapping(item, pos, "a term", ("id", "name"), ("aliases",))
        if node is None:
            return None
        term_id, name = check.ident(node, "id", "a term"), check.text(node, "name", "a term",
                                                                          required=True)
        aliases = _texts(check, node, "aliases", f"term '{term_id}'")
        return Term(term_id, name, aliases) if term_id and name else None
    if kind == "pairs":
        node = check.mapping(item, pos, "a trait pair", ("id", "sides"), ("description",))
        if node is None:
            return None
        pair_id = check.ident(node, "id", "a trait pair")
        sides = _term_map(check, node, "sides", f"pair '{pair_id}'")
        if "sides" in node and len(sides) != 2:
            check.add(node.value_pos["sides"], "bad-sides",
                      f"pair '{pair_id}' needs exactly two sides, one per term")
            return None
        for term_id, _ in sides:
            if term_id not in term_ids:
                check.add(node["sides"].key_pos[term_id], "unknown-term",
                          f"no term has the id '{term_id}'")
                return None
        description = check.text(node, "description", f"pair '{pair_id}'") or ""
        return TraitPair(pair_id, sides, description) if pair_id else None
    node = check.mapping(item, pos, "a shared trait", ("id", "name"), ("description",))
    if node is None:
        return None
    trait_id = check.ident(node, "id", "a shared trait")
    name = check.text(node, "name", "a shared trait", required=True)
    description = check.text(node, "description", f"shared trait '{trait_id}'") or ""
    return SharedTrait(trait_id, name, description) if trait_id and name else None


# The shape nearly every claim has, checked in one pass; anything else takes the slow path,
# which names each problem. Both accept exactly the same claims (ids known to the vocabulary
# match ID_RE, since the catalogues were checked with it).
_DEFINITION_KEYS = frozenset({"term", "quote", "attributed_to"})
_DEFINITION_NEEDS = frozenset({"term", "quote"})
_CONTRAST_KEYS = frozenset({"pair", "quote", "side", "attributed_to"})
_CONTRAST_NEEDS = frozenset({"pair", "quote"})


def _plain(node: Any, allowed: frozenset[str], needed: frozenset[str]) -> bool:
    """A mapping of allowed keys to non-blank text, holding every needed key."""
    if type(node) is not YMap:
        return False
    for key, value in node.items():
        if key not in allowed or type(value) is not str or not value or value.isspace():
            return False
    return needed <= node.keys()


class _References:
    """Checks that the ids a claim names exist in the vocabulary."""

    def __init__(self, check: Checker, vocabulary: Catalogue) -> None:
        self.check = check
        self.terms = {t.id for t in vocabulary.terms}
        self.pairs = {p.id: p for p in vocabulary.pairs}
        self.traits = {t.id for t in vocabulary.shared_traits}

    def term(self, node: YMap, key: str) -> bool:
        if node[key] in self.terms:
            return True
        self.check.add(node.value_pos[key], "unknown-term", f"no term has the id '{node[key]}'")
        return False

    def pair(self, node: YMap, pair_id: str, side: str | None) -> bool:
        pair = self.pairs.get(pair_id)
        if pair is None:
            self.check.add(node.value_pos["pair"], "unknown-pair",
                           f"no trait pair has the id '{pair_id}'")
            return False
        if side is not None and pair.trait_of(side) is None:
            terms = " or ".join(t for t, _ in pair.sides)
            self.check.add(node.value_pos["side"], "bad-side",
                           f"side '{side}' is not a side of pair '{pair_id}' ({terms})")
            return False
        return True

    def trait(self, node: YMap, descriptions: tuple[tuple[str, str], ...]) -> bool:
        ok = True
        if node["trait"] not in self.traits:
            self.check.add(node.value_pos["trait"], "unknown-trait",
                           f"no shared trait has the id '{node['trait']}'")
            ok = False
        for term_id, _ in descriptions:
            if term_id not in self.terms:
                where = node["descriptions"].key_pos[term_id]
                self.check.add(where, "unknown-term", f"no term has the id '{term_id}'")
                ok = False
        return ok


# -- source files ------------------------------------------------------------------------------

def source(path: str, stem: str, doc: Any,
           vocabulary: Catalogue) -> tuple[Source | None, list[Problem]]:
    """Read one source file; its id must equal its file name without the extension, and every
    term, trait pair and shared trait it names must be in `vocabulary`."""
    check = Checker(path)
    refs = _References(check, vocabulary)
    root = check.mapping(doc, (1, 1), "a source file", ("id",), SOURCE_KEYS[1:])
    if root is None:
        return None, check.problems
    source_id = check.ident(root, "id", "the source")
    if source_id is not None and source_id != stem:
        check.add(root.value_pos["id"], "id-mismatch",
                  f"id '{source_id}' must equal the file name '{visible(stem)}'")
    meta = {key: check.text(root, key, "the source")
            for key in ("title", "author", "site", "url", "date", "note")}
    if meta["url"] is not None and not URL_RE.match(meta["url"]):
        check.add(root.value_pos["url"], "bad-url",
                  f"url must be an http:// or https:// address with no spaces: '{meta['url']}'")
        meta["url"] = None
    override = False
    flag = check.text(root, "override", "the source")
    if flag is not None:
        if flag not in ("true", "false"):
            check.add(root.value_pos["override"], "wrong-type",
                      f"override must be true or false, not '{flag}'")
        override = flag == "true"

    definitions = []
    for item, pos in check.items(root, "definitions", "the source"):
        if _plain(item, _DEFINITION_KEYS, _DEFINITION_NEEDS) and item["term"] in refs.terms:
            definitions.append(Definition(item["term"], item["quote"], item.get("attributed_to")))
            continue
        node = check.mapping(item, pos, "a definition", ("term", "quote"), ("attributed_to",))
        if node is not None:
            claim = Definition(check.ident(node, "term", "a definition") or "",
                               check.text(node, "quote", "a definition", required=True) or "",
                               check.text(node, "attributed_to", "a definition"))
            if claim.term and claim.quote and refs.term(node, "term"):
                definitions.append(claim)
    contrasts = []
    for item, pos in check.items(root, "contrasts", "the source"):
        if _plain(item, _CONTRAST_KEYS, _CONTRAST_NEEDS) and item["pair"] in refs.pairs and (
                "side" not in item or refs.pairs[item["pair"]].trait_of(item["side"])):
            contrasts.append(Contrast(item["pair"], item["quote"], item.get("side"),
                                      item.get("attributed_to")))
            continue
        node = check.mapping(item, pos, "a contrast", ("pair", "quote"),
                             ("side", "attributed_to"))
        if node is not None:
            side = check.ident(node, "side", "a contrast") if "side" in node else None
            contrast = Contrast(check.ident(node, "pair", "a contrast") or "",
                             check.text(node, "quote", "a contrast", required=True) or "",
                             side, check.text(node, "attributed_to", "a contrast"))
            if contrast.pair and contrast.quote and refs.pair(node, contrast.pair, side):
                contrasts.append(contrast)
    similarities = []
    for item, pos in check.items(root, "similarities", "the source"):
        node = check.mapping(item, pos, "a similarity", ("trait", "quote"),
                             ("descriptions", "attributed_to"))
        if node is not None:
            similarity = Similarity(check.ident(node, "trait", "a similarity") or "",
                               check.text(node, "quote", "a similarity", required=True) or "",
                               _term_map(check, node, "descriptions", "a similarity"),
                               check.text(node, "attributed_to", "a similarity"))
            if similarity.trait and similarity.quote and refs.trait(node, similarity.descriptions):
                similarities.append(similarity)
    if not (definitions or contrasts or similarities) and not check.problems:
        check.add((root.line, root.col), "no-claims",
                  "a source needs at least one definition, contrast or similarity")
    if source_id is None:
        return None, check.problems
    return Source(source_id, **meta, definitions=tuple(definitions),
                  contrasts=tuple(contrasts), similarities=tuple(similarities), path=path,
                  override=override), check.problems
