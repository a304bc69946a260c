"""The JSON Schema shipped for editors (cxref/source.schema.json) is generated from the one
schema, accepts every shipped source, and rejects what `cxref validate` rejects for the same
kinds of mistake."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema as jsonschema_lib
import pytest
import yaml
from conftest import dump_yaml, shipped_docs

from cxref import jsonschema, loader
from cxref.locate import definition_dirs


@pytest.fixture(scope="module")
def validator() -> Any:
    import json

    document = json.loads(jsonschema.PATH.read_text(encoding="utf-8"))
    jsonschema_lib.Draft202012Validator.check_schema(document)
    return jsonschema_lib.Draft202012Validator(document)


def test_shipped_file_is_what_the_schema_generates():
    assert jsonschema.PATH.read_text(encoding="utf-8") == jsonschema.text(), (
        "cxref/source.schema.json is stale: run `python -m cxref.jsonschema`")


@pytest.mark.parametrize("source_id", sorted(shipped_docs()))
def test_every_shipped_source_is_valid(validator, source_id):
    errors = list(validator.iter_errors(shipped_docs()[source_id]))
    assert errors == []


GOOD: dict[str, Any] = {
    "id": "mine", "title": "Mine", "url": "https://example.com/a",
    "definitions": [{"term": "customer-service", "quote": "Service helps."}],
    "contrasts": [{"pair": "ongoing-isolated", "quote": "Q.", "side": "customer-service",
                   "stance": "contests", "attributed_to": "Bo", "reported": True}],
}


def _set(path: list[Any], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(GOOD)
    node: Any = doc
    for step in path[:-1]:
        node = node[step]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


MISTAKES = {
    "unknown key": _set(["titel"], "Mine"),
    "unknown key in a claim": _set(["definitions", 0, "qoute"], "Q."),
    "missing quote": _set(["definitions", 0, "quote"], KeyError),
    "missing id": _set(["id"], KeyError),
    "list where text belongs": _set(["title"], ["a", "b"]),
    "empty quote": _set(["definitions", 0, "quote"], " "),
    "bad url": _set(["url"], "www.example.com"),
    "bad stance": _set(["contrasts", 0, "stance"], "disputes"),
    "contest without a side": _set(["contrasts", 0, "side"], KeyError),
    "reported without a voice": _set(["contrasts", 0, "attributed_to"], KeyError),
    "claims not a list": _set(["definitions"], {"term": "customer-service"}),
}


def test_the_good_example_passes_both(validator, tmp_path):
    assert list(validator.iter_errors(GOOD)) == []
    assert _validate(tmp_path, GOOD) == []


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_schema_and_validate_reject_the_same_mistakes(validator, tmp_path, mistake):
    doc = MISTAKES[mistake]
    assert list(validator.iter_errors(doc)), f"the JSON Schema accepts: {mistake}"
    assert _validate(tmp_path, doc), f"validate accepts: {mistake}"


def _validate(tmp_path, doc: dict[str, Any]) -> list[str]:
    folder = tmp_path / "defs" / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.yaml").write_text(dump_yaml(doc), encoding="utf-8")
    _, problems = loader.check_folders(definition_dirs([str(tmp_path / "defs")], environ={}))
    return [p.code for p in problems]


def test_yaml_booleans_are_what_the_schema_expects():
    # The schema is read by editors with a YAML 1.2 parser: `reported: true` is a boolean there.
    assert yaml.safe_load("reported: true") == {"reported": True}
