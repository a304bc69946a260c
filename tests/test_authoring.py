"""Adding your own sources: the personal folder, `cxref new`, `cxref folders`, layout mistakes
and YAML mistakes, each ending in a message that says what to type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assert_one_line_error

DEF = "definitions:\n  - term: CS\n    quote: Q.\n"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty personal folder location, $XDG_DATA_HOME/cxref."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "cxref"


def test_new_writes_a_template_that_validates_and_is_loaded_by_default(invoke, home):
    run = invoke("new", "my-article")
    assert run.exit_code == 0, run.stderr
    path = home / "sources" / "my-article.yaml"
    assert run.stdout == f"wrote {path}\n"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=file://")
    assert text.splitlines()[0].endswith("cxref/source.schema.json")
    for key in ("definitions", "contrasts", "similarities", "stands", "remarks",
                "attributed_to", "reported", "stance", "side"):
        assert key in text, key
    check = invoke("validate")
    assert check.exit_code == 0, check.stdout
    # Loaded by default, on top of the shipped set: no -d needed.
    doc = json.loads(invoke("show", "my-article", "-f", "json").stdout)
    assert doc["fields"]["id"] == "my-article"
    folders = json.loads(invoke("folders", "-f", "json").stdout)["folders"]
    assert [(f["kind"], f["sources"]) for f in folders] == [("shipped", 5), ("personal", 1)]


def test_new_never_overwrites(invoke, home):
    assert invoke("new", "mine").exit_code == 0
    path = home / "sources" / "mine.yaml"
    path.write_text("id: mine\n" + DEF, encoding="utf-8")
    assert_one_line_error(invoke("new", "mine"), 2, "already exists", "never overwrites")
    assert path.read_text(encoding="utf-8") == "id: mine\n" + DEF


def test_new_refuses_a_bad_id_with_the_rule(invoke, home):
    assert_one_line_error(invoke("new", "My_Article"), 2, "lowercase letters, digits and "
                          "hyphens")
    assert not home.exists()


def test_new_writes_into_the_definitions_folder_when_given(invoke, home, tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    assert invoke("new", "ours", "-d", str(folder)).exit_code == 0
    assert (folder / "sources" / "ours.yaml").is_file()


def test_personal_folder_sits_between_shipped_and_definitions(invoke, home, tmp_path):
    from cxref.locate import definition_dirs, shipped_dir

    (home / "sources").mkdir(parents=True)
    extra = tmp_path / "extra"
    extra.mkdir()
    dirs = definition_dirs([str(extra)], environ={"XDG_DATA_HOME": str(home.parent),
                                                  "CXREF_DEFINITIONS": ""})
    assert dirs == [shipped_dir(), home, extra]


def test_a_relative_xdg_data_home_is_ignored():
    from cxref.locate import personal_dir

    assert personal_dir({"XDG_DATA_HOME": "relative/dir"}) == \
        Path("~/.local/share/cxref").expanduser()


# -- layout mistakes -----------------------------------------------------------------------------

def test_yaml_files_without_a_sources_folder(invoke, make_tree):
    tree = make_tree({"mine.yaml": "id: mine\n" + DEF})
    line = assert_one_line_error(invoke("-d", str(tree), "terms"), 1, "no-sources-folder",
                                 "holds mine.yaml but no sources/ folder")
    assert "move the source files into a sources/ folder" in line
    assert invoke("validate", str(tree)).exit_code == 1


def test_an_empty_sources_folder(invoke, tmp_path):
    (tmp_path / "d" / "sources").mkdir(parents=True)
    run = invoke("validate", str(tmp_path / "d"))
    assert run.exit_code == 1 and "empty-sources sources/ is empty" in run.stdout
    assert "cxref new ID" in run.stdout


def test_a_yml_file_is_named_and_renamed(invoke, make_tree):
    tree = make_tree({"sources": {"mine.yml": "id: mine\n" + DEF}})
    assert_one_line_error(invoke("-d", str(tree), "terms"), 1, "wrong-extension",
                          "rename it to mine.yaml")


def test_a_file_where_a_folder_is_expected(invoke, make_tree):
    tree = make_tree({"sources": {"mine.yaml": "id: mine\n" + DEF}})
    source = tree / "sources" / "mine.yaml"
    assert_one_line_error(invoke("-d", str(source), "terms"), 2, "is a file",
                          "give the folder that holds sources/")
    assert_one_line_error(invoke("validate", str(source)), 2, "validate:", "is a file")


# -- YAML mistakes: PyYAML's words, then what to type ---------------------------------------------

MISTAKES = {
    "colon in a value": ("title: CX: a view\n", "2:10",
                         "mapping values are not allowed in this context; a colon followed by "
                         "a space in an unquoted value? put the value in quotes: title: "
                         "\"CX: a view\" (or indent this line like the keys around it)"),
    "tab": ("title: x\n\tauthor: y\n", "3:1",
            "found a tab character that violates indentation; YAML indents with spaces only: "
            "replace the tab with spaces"),
    "unclosed quote": ("title: \"unclosed\nauthor: x\n", "2:8",
                       "found unexpected end of stream; the quote that opens here is not "
                       "closed: end the value with the same quote (\" or ') it starts with"),
    "unclosed bracket": ("title: [a, b\nauthor: x\n", "3:7",
                         "did not find expected ',' or ']'; a '[' is not closed: end the list "
                         "with ']', or quote the value if the bracket is part of its text"),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_yaml_mistake_gets_a_hint(invoke, make_tree, name):
    body, place, message = MISTAKES[name]
    tree = make_tree({"sources": {"a.yaml": "id: a\n" + body + DEF}})
    path = tree / "sources" / "a.yaml"
    assert_one_line_error(invoke("-d", str(tree), "terms"), 1,
                          f"{path}:{place}: syntax {message}")


@pytest.mark.parametrize("text,place,message", [
    ("id: a\ndefinitions:\n  - term: CS\n    quote: Q.\n   - term: CX\n    quote: R.\n", "5:4",
     "did not find expected '-' indicator; a list item ('- ') at the wrong indentation: start "
     "it in the same column as the other items of its list"),
    ("id: a\ndefinitions:\n  - term: CS\n    quote: Q.\n- term: CX\n  quote: R.\n", "5:1",
     "did not find expected key; a line at the wrong indentation: a list item ('- ') lines up "
     "with the other items of its list, a key with the other keys of its mapping"),
])
def test_list_item_at_the_wrong_level_gets_a_hint(invoke, make_tree, text, place, message):
    tree = make_tree({"sources": {"a.yaml": text}})
    path = tree / "sources" / "a.yaml"
    assert_one_line_error(invoke("-d", str(tree), "terms"), 1,
                          f"{path}:{place}: syntax {message}")


# -- schema mistakes: suggestions and aliases ----------------------------------------------------

@pytest.mark.parametrize("body,message", [
    ("contrasts:\n  - pair: proactive-reaktive\n    quote: Q.\n",
     "no pair has the id 'proactive-reaktive'; did you mean 'proactive-reactive'?"),
    ("similarities:\n  - trait: empathetic\n    quote: Q.\n",
     "no trait has the id 'empathetic'; did you mean 'empathy'?"),
    ("definitions:\n  - term: customer-servise\n    quote: Q.\n",
     "no term is called 'customer-servise'; did you mean 'customer-service'?"),
    ("titel: T\n" + DEF, "unknown key 'titel' in a source file; did you mean 'title'?"),
    ("stands:\n  - dispute: service-needs-person\n    position: humans\n    quote: Q.\n",
     "'humans' is not a position of 'service-needs-person'; did you mean 'human'?"),
])
def test_misspelt_ids_and_keys_get_a_suggestion(invoke, make_tree, body, message):
    tree = make_tree({"sources": {"a.yaml": "id: a\n" + body}})
    run = invoke("validate", str(tree))
    assert run.exit_code == 1
    assert message in run.stdout, run.stdout


def test_term_aliases_are_accepted_in_yaml(invoke, make_tree):
    tree = make_tree({"sources": {"a.yaml": "id: a\ndefinitions:\n  - term: cs\n    quote: Q.\n"
                                  "remarks:\n  - quote: R.\n    about: [CX, Customer Service]\n"}})
    assert invoke("validate", str(tree)).exit_code == 0
    doc = json.loads(invoke("-d", str(tree), "sources", "cs", "-f", "json").stdout)
    assert any(r["source"] == "a" for r in doc["definitions"])


def test_new_in_a_terminal_opens_the_editor_then_checks_the_file(invoke, home, monkeypatch,
                                                                tmp_path):
    from cxref import cli

    # An "editor" that writes a mistake into the file it is given, as a person might.
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "id: typo\\n" >> "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setenv("VISUAL", str(editor))
    run = invoke("new", "mine")
    path = home / "sources" / "mine.yaml"
    assert run.exit_code == 1
    assert f"{path}:" in run.stderr and "duplicate-key" in run.stderr
