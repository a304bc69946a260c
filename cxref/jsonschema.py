"""The JSON Schema of a source file, generated from the model's declarations (through
:mod:`cxref.schema`), for editors that check YAML while you type (`cxref new` names it on the
first line of a file). ``python -m cxref.jsonschema`` writes ``cxref/source.schema.json``.

It checks each file on its own: whether a term, pair, trait or dispute exists is left to
``cxref validate``; the ids of the shipped vocabulary are offered as examples.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from . import schema
from .locate import shipped_dir
from .model import STANCES, Catalogue

PATH = Path(__file__).resolve().parent / "source.schema.json"

_TEXT = {"type": "string", "pattern": r"\S"}


@functools.cache
def _shipped_catalogue() -> Catalogue:
    from .loader import read_catalogue

    return read_catalogue([shipped_dir()])[0]


def _reference(kind: str) -> dict[str, Any]:
    """Text, with the ids of the shipped vocabulary that a reference `kind` may name."""
    catalogue = _shipped_catalogue()
    terms = [t.id for t in catalogue.terms]
    ids = {"term": terms, "side": terms, "pair": [p.id for p in catalogue.pairs],
           "trait": [t.id for t in catalogue.shared_traits],
           "dispute": [d.id for d in catalogue.disputes],
           "position": sorted({p.id for d in catalogue.disputes for p in d.positions})}
    return {**_TEXT, "examples": ids[kind]}


def _pattern(regex: re.Pattern[str]) -> dict[str, Any]:
    return {"type": "string", "pattern": "^" + regex.pattern.rstrip("\\Z") + "$"}


def _value(key: schema.Field) -> dict[str, Any]:
    if key.record is not None:
        return {"type": "array", "items": record(key.record)}
    if key.kind in ("term", "side", "pair", "trait", "dispute", "position"):
        return _reference(key.kind)
    mapping = {"type": "object", "minProperties": 1, "additionalProperties": _TEXT}
    return {"id": _pattern(schema.ID_RE), "url": _pattern(schema.URL_RE), "text": _TEXT,
            "quote": _TEXT, "flag": {"type": "boolean"}, "stance": {"enum": list(STANCES)},
            "texts": {"type": "array", "items": _TEXT},
            "terms": {"type": "array", "items": _reference("term")},
            "term-texts": mapping, "term-quotes": mapping}[key.kind]


# The rules across keys that schema.py checks in code, as JSON Schema conditions.
_RULES: dict[str, dict[str, Any]] = {
    "_reported_has_voice": {"if": {"properties": {"reported": {"const": True}},
                                   "required": ["reported"]},
                            "then": {"required": ["attributed_to"]}},
    "_side_of_pair": {"if": {"properties": {"stance": {"const": "contests"}},
                             "required": ["stance"]},
                      "then": {"required": ["side"]}},
}


def record(rec: schema.RecordKind) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object", "description": rec.what, "additionalProperties": False,
        "properties": {k.name: {**_value(k), "description": k.about} for k in rec.keys},
    }
    required = [k.name for k in rec.keys if k.required]
    if required:
        out["required"] = required
    rules = [_RULES[check.__name__] for check in rec.checks if check.__name__ in _RULES]
    if rules:
        out["allOf"] = rules
    return out


def text() -> str:
    """The JSON Schema of a source file, as the shipped file holds it."""
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": "cxref source file", **record(schema.SOURCE),
                "description": "One published source and every claim it makes, each with a "
                               "verbatim quote. Check with: cxref validate"}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m cxref.jsonschema: write the shipped file again
    PATH.write_text(text(), encoding="utf-8")
