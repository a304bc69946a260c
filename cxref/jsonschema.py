"""The JSON Schema of a source file, generated from the model's declarations (through
:mod:`cxref.schema`, which reads them).

Editors that check YAML against a JSON Schema while you type (yaml-language-server, used by
VS Code's YAML extension and many others) read it from the first line of a source file that
`cxref new` writes: ``# yaml-language-server: $schema=PATH``. It is shipped as
``cxref/source.schema.json``; ``python -m cxref.jsonschema`` writes it again, and a test checks
that the shipped file is what this module makes, so the two cannot drift apart.

The schema checks each file on its own: the shape of every record, its keys, ids, urls, the
words allowed for flags and stances, and the rules across keys (a contest names its side, a
reported quote names its voice). Whether a term, pair, trait or dispute exists depends on every
folder loaded, so that is left to ``cxref validate``; the ids of the shipped vocabulary are
offered as examples, for completion.
"""

from __future__ import annotations

import functools
import json
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


def _examples(kind: str) -> list[str]:
    """The ids of the shipped vocabulary for a reference `kind`, read with the loader."""
    catalogue = _shipped_catalogue()
    table = {"term": [t.id for t in catalogue.terms], "side": [t.id for t in catalogue.terms],
             "pair": [p.id for p in catalogue.pairs],
             "trait": [t.id for t in catalogue.shared_traits],
             "dispute": [d.id for d in catalogue.disputes],
             "position": sorted({p.id for d in catalogue.disputes for p in d.positions})}
    return table[kind]


def _value(key: schema.Field) -> dict[str, Any]:
    kind = key.kind
    if kind == "id":
        return {"type": "string", "pattern": "^" + schema.ID_RE.pattern.rstrip("\\Z") + "$"}
    if kind in ("text", "quote"):
        return dict(_TEXT)
    if kind == "url":
        return {"type": "string", "pattern": "^" + schema.URL_RE.pattern.rstrip("\\Z") + "$"}
    if kind == "flag":
        return {"type": "boolean"}
    if kind == "stance":
        return {"enum": list(STANCES)}
    if kind in ("term", "side", "pair", "trait", "dispute", "position"):
        return {**_TEXT, "examples": _examples(kind)}
    if kind == "texts":
        return {"type": "array", "items": dict(_TEXT)}
    if kind == "terms":
        return {"type": "array", "items": {**_TEXT, "examples": _examples("term")}}
    if kind in ("term-texts", "term-quotes"):
        return {"type": "object", "minProperties": 1, "additionalProperties": dict(_TEXT)}
    if kind == "records":
        assert key.record is not None
        return {"type": "array", "items": record(key.record)}
    raise ValueError(f"no JSON Schema for key kind {kind!r}")


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


def source_schema() -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "cxref source file",
            **record(schema.SOURCE),
            "description": "One published source and every claim it makes, each with a "
                           "verbatim quote. Check with: cxref validate"}


def text() -> str:
    return json.dumps(source_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m cxref.jsonschema: write the shipped file again
    PATH.write_text(text(), encoding="utf-8")
