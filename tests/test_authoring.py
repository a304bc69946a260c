"""Adding your own sources: the personal folder, `cxref new`, `cxref folders`, layout mistakes
and YAML mistakes, each ending in a message that says what to type."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import assert_one_line_error, env_without

DEF = "definitions:\n  - term: CS\n    quote: Q.\n"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty personal folder location, $XDG_DATA_HOME/cxref."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "cxref"


def test_new_writes_a_draft_that_no_command_loads(invoke, home):
    run = invoke("new", "my-article")
    assert run.exit_code == 0, run.stderr
    path = home / "sources" / "my-article.yaml"
    assert run.stdout.startswith(f"wrote {path}: a draft")
    assert "cxref edit my-article" in run.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=file://")
    assert text.splitlines()[0].endswith("cxref/source.schema.json")
    for key in ("definitions", "contrasts", "similarities", "stands", "remarks",
                "attributed_to", "reported", "stance", "side", "hedge"):
        assert key in text, key
    # A draft is no source: every command answers from the rest and says so in one line.
    terms = invoke("terms")
    assert terms.exit_code == 0 and "my-article" not in terms.stdout
    assert terms.err_lines == [f"cxref: warning: {path}:1:1: draft a quote is still "
                               "the template's placeholder; put the article's words in (cxref "
                               "edit my-article) or delete the file (left out until it is "
                               "filled in: see 'cxref validate')"]
    assert "Replace this" not in invoke("sources", "cx").stdout
    assert "Replace this" not in invoke("export").stdout
    check = invoke("validate")
    assert check.exit_code == 1 and " draft a quote is still" in check.stdout
    assert "draft is a draft" not in terms.stderr + check.stdout
    shown = invoke("show", "my-article")
    assert shown.exit_code == 2 and "source 'my-article' was left out" in shown.stderr
    folders = json.loads(invoke("folders", "-f", "json").stdout)["folders"]
    assert [(f["kind"], f["sources"]) for f in folders] == [("shipped", 5), ("personal", 1)]


def test_a_personal_folder_may_be_emptied_at_any_time(invoke, home):
    assert invoke("new", "mine").exit_code == 0
    (home / "sources" / "mine.yaml").unlink()
    for args in (("terms",), ("compare",), ("validate",), ("show", "franz")):
        run = invoke(*args)
        assert run.exit_code == 0 and run.stderr.startswith(("", "no problems")), (args, run)
    (home / "sources").rmdir()
    assert invoke("terms").exit_code == 0
    home.rmdir()
    run = invoke("terms")
    assert run.exit_code == 0 and run.stderr == ""


def test_new_never_overwrites(invoke, home):
    assert invoke("new", "mine").exit_code == 0
    path = home / "sources" / "mine.yaml"
    path.write_text("id: mine\n" + DEF, encoding="utf-8")
    assert_one_line_error(invoke("new", "mine"), 2, "already exists", "cxref edit mine")
    assert path.read_text(encoding="utf-8") == "id: mine\n" + DEF


def test_new_refuses_a_shipped_id_unless_told_to_override(invoke, home):
    assert_one_line_error(invoke("new", "franz"), 2, "'franz' is already a source",
                          "--override")
    assert not (home / "sources" / "franz.yaml").exists()
    assert invoke("new", "franz", "--override").exit_code == 0
    assert "override: true" in (home / "sources" / "franz.yaml").read_text(encoding="utf-8")
    # The draft replaces nothing until it is filled in: Franz is still Franz.
    run = invoke("show", "franz")
    assert run.exit_code == 0 and "Annette Franz" in run.stdout


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
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0 and len(run.err_lines) == 1
    assert "no-sources-folder holds mine.yaml but no sources/ folder" in run.stderr
    assert "move the source files into a sources/ folder" in run.stderr
    assert invoke("validate", str(tree)).exit_code == 1


def test_an_empty_sources_folder_is_no_problem(invoke, tmp_path):
    (tmp_path / "d" / "sources").mkdir(parents=True)
    run = invoke("validate", str(tmp_path / "d"))
    assert run.exit_code == 0 and run.stdout == ""
    assert run.stderr == "cxref: no problems in 0 files read\n"


def test_validate_counts_the_files_of_the_folder_it_was_given(invoke, make_tree):
    tree = make_tree({"sources": {"a.yaml": "id: a\ntitel: x\n" + DEF}})
    run = invoke("validate", str(tree))
    assert run.exit_code == 1
    assert run.stderr == "cxref: 1 problem in 1 file of 1 read\n"


def test_validate_names_the_folder_as_typed(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert_one_line_error(invoke("validate", "my-sources"), 2,
                          "validate: no such folder: 'my-sources'")


def test_a_readme_may_sit_beside_the_sources(invoke, make_tree):
    tree = make_tree({"sources": {"README.md": "# Our sources\n", "notes.md": "x",
                                  "a.yaml": "id: a\n" + DEF}})
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0 and run.stderr == ""
    assert invoke("validate", str(tree)).exit_code == 0


def test_a_yml_file_is_named_and_renamed(invoke, make_tree):
    tree = make_tree({"sources": {"mine.yml": "id: mine\n" + DEF}})
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0
    assert "wrong-extension" in run.stderr and "rename it to mine.yaml" in run.stderr


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
            "found a tab character that violates indentation; a tab is used for indentation: "
            "YAML indents with spaces only (replace the tab with spaces)"),
    "tab before a list item": ("definitions:\n\t- term: CS\n", "3:1",
                               "found character that cannot start any token; a tab is used "
                               "for indentation: YAML indents with spaces only (replace the "
                               "tab with spaces)"),
    "quote left open before more keys": (
        "note: \"open\ntitle: T\nsite: S\nauthor: \"A\"\n", "2:7",
        "the quote that opens here is not closed: end the value with the same quote (\" or ') "
        "it starts with"),
    "bad escape": ("title: \"a\\qb\"\n", "2:10",
                   "found unknown escape character; in double quotes a backslash starts an "
                   "escape (\\n, \\t): write \\\\ for a backslash, or put the value in "
                   "single quotes"),
    "unclosed quote": ("title: \"unclosed\nauthor: x\n", "2:8",
                       "the quote that opens here is not closed: end the value with the same "
                       "quote (\" or ') it starts with"),
    "unclosed quote at the end": ("definitions:\n  - term: CS\n    quote: \"unclosed\n", "4:12",
                                  "found unexpected end of stream; the quote that opens here is "
                                  "not closed: end the value with the same quote (\" or ') it "
                                  "starts with"),
    "unclosed bracket": ("title: [a, b\nauthor: x\n", "3:7",
                         "did not find expected ',' or ']'; a '[' is not closed: end the list "
                         "with ']', or quote the value if the bracket is part of its text"),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_yaml_mistake_gets_a_hint(invoke, make_tree, name):
    body, place, message = MISTAKES[name]
    tree = make_tree({"sources": {"a.yaml": "id: a\n" + body + ("" if "end" in name else DEF)}})
    path = tree / "sources" / "a.yaml"
    run = invoke("validate", str(tree))
    assert run.exit_code == 1 and run.stdout == f"{path}:{place}: syntax {message}\n"


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
    run = invoke("validate", str(tree))
    assert run.exit_code == 1 and run.stdout == f"{path}:{place}: syntax {message}\n"


# -- schema mistakes: suggestions and aliases ----------------------------------------------------

@pytest.mark.parametrize("body,message", [
    ("contrasts:\n  - pair: proactive-reaktive\n    quote: Q.\n",
     "no pair has the id 'proactive-reaktive'; did you mean 'proactive-reactive'?"),
    ("similarities:\n  - trait: empathetic\n    quote: Q.\n",
     "no trait has the id 'empathetic'; did you mean 'empathy'?"),
    ("definitions:\n  - term: customer-servise\n    quote: Q.\n",
     "no term is called 'customer-servise'; did you mean 'customer-service'?"),
    ("titel: T\n" + DEF, "unknown key 'titel' in a source file; did you mean 'title'?"),
    ("stands:\n  - dispute: service-needs-person\n    position: alway\n    quote: Q.\n",
     "'alway' is not a position of 'service-needs-person'; did you mean 'always'?"),
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


def test_a_mistyped_key_is_one_problem(invoke, make_tree):
    tree = make_tree({"sources": {"a.yaml": "id: a\ndefinitions:\n  - trem: CS\n"
                                  "    quote: Q.\n"}})
    run = invoke("validate", str(tree))
    assert run.stdout.count("\n") == 1 and "did you mean 'term'?" in run.stdout


# -- new and edit, as crontab -e and git commit behave ---------------------------------------------

def _editor(tmp_path: Path, script: str, name: str = "editor.sh") -> str:
    """An 'editor': a shell script run on the file, as a person's editor would be."""
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return str(path)


FILL = ('sed -i "s/Replace this with the article.s exact words about the term./CX is the '
        'journey./" "$1"\n')


@pytest.fixture
def terminal(monkeypatch):
    """As if stdin and stdout were a terminal."""
    from cxref import authoring

    monkeypatch.setattr(authoring, "_interactive", lambda: True)


def test_new_in_a_terminal_keeps_a_filled_in_source(invoke, home, tmp_path, monkeypatch,
                                                     terminal):
    monkeypatch.setenv("VISUAL", _editor(tmp_path, FILL))
    run = invoke("new", "mine")
    path = home / "sources" / "mine.yaml"
    assert run.exit_code == 0, run.stderr
    assert f"opening mine.yaml in {tmp_path / 'editor.sh'} ($VISUAL)" in run.stderr
    assert f"{path} is valid" in run.stderr
    assert "CX is the journey." in invoke("sources", "cx").stdout


def test_visual_wins_over_editor(monkeypatch, tmp_path):
    from cxref import authoring

    monkeypatch.setenv("VISUAL", "vis")
    monkeypatch.setenv("EDITOR", "ed")
    assert authoring.editor() == (["vis"], "$VISUAL")
    monkeypatch.delenv("VISUAL")
    assert authoring.editor() == (["ed"], "$EDITOR")
    monkeypatch.delenv("EDITOR")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _editor(bin_dir, "exit 0\n", "vi")
    monkeypatch.setenv("PATH", str(bin_dir))
    command, origin = authoring.editor()
    assert command == ["vi"] and origin.startswith("the default editor")


def test_an_editor_that_fails_changes_nothing(invoke, home, tmp_path, monkeypatch, terminal):
    monkeypatch.setenv("EDITOR", _editor(tmp_path, FILL + "exit 3\n"))
    run = invoke("new", "mine")
    path = home / "sources" / "mine.yaml"
    assert run.exit_code == 1
    assert run.err_lines[-1] == f"cxref: the editor exited with 3; {path} was not created"
    assert not path.exists()
    _mine(home)
    run = invoke("edit", "mine")
    assert run.err_lines[-1] == f"cxref: the editor exited with 3; {path} was left as it was"
    assert path.read_text(encoding="utf-8") == "id: mine\n" + DEF


def test_an_editor_ended_by_a_signal_is_named_by_it(invoke, home, tmp_path, monkeypatch):
    _mine(home)
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "kill -TERM $$\n"))
    run = invoke("edit", "mine")
    assert run.exit_code == 1
    assert run.err_lines[-1].startswith("cxref: the editor was ended by SIGTERM; ")


@pytest.mark.parametrize("value,fragment", [("/nonexistent/editor", "cannot start the editor"),
                                            ("vim 'unbalanced", "cannot be read as a command")])
def test_an_editor_that_cannot_start_is_one_line(invoke, home, monkeypatch, terminal, value,
                                                 fragment):
    monkeypatch.setenv("VISUAL", value)
    run = invoke("new", "mine")
    assert run.exit_code == 1 and fragment in run.stderr  # README: the editor failed
    assert [line for line in run.err_lines if "note:" not in line] == run.err_lines[-1:]
    assert not (home / "sources" / "mine.yaml").exists()


@pytest.mark.parametrize("answer,kept", [("d\n", False), ("k\n", True)])
def test_a_file_left_invalid_asks_what_to_do(invoke, home, tmp_path, monkeypatch, terminal,
                                             answer, kept):
    monkeypatch.setenv("VISUAL", _editor(tmp_path, 'printf "titel: x\\n" >> "$1"\n'))
    run = invoke("new", "mine", input=answer)
    assert "unknown-key unknown key 'titel'" in run.stderr
    assert "(e)dit again, (k)eep as a draft, (d)iscard?" in run.stdout
    assert (home / "sources" / "mine.yaml").exists() == kept
    assert run.exit_code == (0 if kept else 1)
    after = invoke("compare")
    assert after.exit_code == 0  # never a broken tool afterwards


def test_edit_again_then_fix(invoke, home, tmp_path, monkeypatch, terminal):
    # The first run breaks the file, the second fixes it: the loop goes round once.
    script = ('if [ -f "$1.once" ]; then sed -i "/^titel/d" "$1"; ' + FILL.strip() +
              '; else printf "titel: x\\n" >> "$1"; touch "$1.once"; fi\n')
    monkeypatch.setenv("VISUAL", _editor(tmp_path, script))
    run = invoke("new", "mine", input="e\n")
    assert run.exit_code == 0, run.stderr
    assert run.stderr.count("opening mine.yaml") == 2
    assert "is valid" in run.stderr


def test_edit_without_a_terminal_keeps_the_file_and_the_edit_aside(invoke, home, tmp_path,
                                                                   monkeypatch):
    (home / "sources").mkdir(parents=True)
    path = home / "sources" / "mine.yaml"
    path.write_text("id: mine\n" + DEF, encoding="utf-8")
    monkeypatch.setenv("EDITOR", _editor(tmp_path, 'printf "titel: x\\n" >> "$1"\n'))
    run = invoke("edit", "mine")
    assert run.exit_code == 1
    assert f"{path}:" in run.stderr and "unknown-key" in run.stderr
    assert path.read_text(encoding="utf-8") == "id: mine\n" + DEF
    kept = run.stderr.split("your edit is in ")[1].strip()
    assert kept == str(home / "sources" / ".mine.yaml.rejected")
    assert Path(kept).read_text(encoding="utf-8").endswith("titel: x\n")
    assert invoke("terms").stderr == ""  # a hidden file: not read


def test_edit_of_a_shipped_source_says_how_to_make_your_own(invoke, home):
    assert_one_line_error(invoke("edit", "franz"), 2, "shipped with cxref",
                          "cxref new franz --override")


@pytest.mark.parametrize("setup", ["file", "dangling", "readonly", "devnull"])
def test_new_where_the_personal_folder_cannot_be_is_one_line(invoke, tmp_path, monkeypatch,
                                                             setup):
    data = tmp_path / "data"
    data.mkdir()
    if setup == "file":
        (data / "cxref").write_text("x", encoding="utf-8")
    elif setup == "dangling":
        (data / "cxref").mkdir()
        (data / "cxref" / "sources").symlink_to(tmp_path / "nowhere")
    elif setup == "readonly":
        (data / "cxref" / "sources").mkdir(parents=True)
        (data / "cxref" / "sources").chmod(0o500)
    monkeypatch.setenv("XDG_DATA_HOME", "/dev/null" if setup == "devnull" else str(data))
    run = invoke("new", "mine")
    if setup == "readonly" and run.exit_code == 0:  # root writes anywhere
        return
    assert run.exit_code in (2, 3), run
    assert len(run.err_lines) == 1 and run.stderr.startswith("cxref: ")
    assert "Traceback" not in run.stderr


def test_edit_never_opens_a_link_out_of_the_folder(invoke, home, tmp_path, monkeypatch):
    secret = tmp_path / "outside.yaml"
    secret.write_text("id: leak\nsecret: hunter2\n", encoding="utf-8")
    (home / "sources").mkdir(parents=True)
    (home / "sources" / "leak.yaml").symlink_to(secret)
    monkeypatch.setenv("EDITOR", "true")
    run = invoke("edit", "leak")
    assert run.exit_code == 2 and "link-outside" in run.stderr
    assert "hunter2" not in run.stdout + run.stderr
    assert not list((home / "sources").glob(".*"))  # nothing copied aside


def test_edit_of_a_link_inside_the_folder_edits_the_file_it_leads_to(invoke, home, tmp_path,
                                                                     monkeypatch):
    (home / "store").mkdir(parents=True)
    real = home / "store" / "a.yaml"
    real.write_text("id: a\n" + DEF, encoding="utf-8")
    (home / "sources").mkdir()
    (home / "sources" / "a.yaml").symlink_to(Path("..") / "store" / "a.yaml")
    monkeypatch.setenv("EDITOR", "sed -i s/Q\\./Service\\ assists./")
    run = invoke("edit", "a")
    assert run.exit_code == 0, run.stderr
    assert (home / "sources" / "a.yaml").is_symlink()
    assert "Service assists." in real.read_text(encoding="utf-8")


# -- the editor loop never loses a source and always stops ------------------------------------

def _mine(home: Path, data: bytes = b"id: mine\n" + DEF.encode()) -> Path:
    """A valid source of the user's own, mine.yaml, holding `data`."""
    (home / "sources").mkdir(parents=True, exist_ok=True)
    path = home / "sources" / "mine.yaml"
    path.write_bytes(data)
    return path


def test_end_of_input_at_the_question_keeps_the_old_file(invoke, home, tmp_path, monkeypatch,
                                                         terminal):
    """An editor that empties the file, then Ctrl-D at the question: the valid file stays as
    it was (crontab -e reads end of input as 'no'), and the edit is put aside."""
    path = _mine(home)
    monkeypatch.setenv("EDITOR", _editor(tmp_path, ': > "$1"\n'))
    run = invoke("edit", "mine", input="")
    assert run.exit_code == 1
    assert path.read_bytes() == b"id: mine\n" + DEF.encode()
    assert run.err_lines[-1] == (f"cxref: {path} was left as it was; your edit is in "
                                 f"{path.parent / '.mine.yaml.rejected'}")
    assert (path.parent / ".mine.yaml.rejected").read_bytes() == b""


def test_bytes_the_editor_writes_are_kept_as_written(invoke, home, tmp_path, monkeypatch,
                                                     terminal):
    """Bytes that are not UTF-8, kept as a draft, are the bytes written (never U+FFFD)."""
    path = _mine(home)
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "printf '# \\377\\376\\n' >> \"$1\"\n"))
    run = invoke("edit", "mine", input="k\n")
    assert run.exit_code == 0, run.stderr
    assert "not-utf8" in run.stderr
    assert path.read_bytes() == b"id: mine\n" + DEF.encode() + b"# \xff\xfe\n"


def test_crlf_line_endings_are_kept(invoke, home, monkeypatch):
    data = ("id: mine\n" + DEF).replace("\n", "\r\n").encode()
    path = _mine(home, data)
    monkeypatch.setenv("EDITOR", "sed -i s/Q\\./Service\\ assists./")
    run = invoke("edit", "mine")
    assert run.exit_code == 0, run.stderr
    assert path.read_bytes() == data.replace(b"Q.", b"Service assists.")


@pytest.mark.parametrize("leave", ['rm "$1"; mkfifo "$1"\n',
                                   'rm "$1"; ln -s "$SECRET" "$1"\n'])
def test_an_editor_that_leaves_no_plain_file_is_refused(home, tmp_path, leave):
    """A FIFO does not hang cxref; a link out is never read, so the file it leads to is not
    copied aside; the user's file stays as it was."""
    path = _mine(home)
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    env = {**env_without("CXREF_DEFINITIONS"), "SECRET": str(secret),
           "EDITOR": _editor(tmp_path, leave), "XDG_DATA_HOME": str(home.parent)}
    done = subprocess.run([sys.executable, "-m", "cxref", "edit", "mine"], env=env,
                          capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[-1].endswith(f"; {path} was left as it was")
    assert "hunter2" not in done.stderr
    assert sorted(p.name for p in path.parent.iterdir()) == ["mine.yaml"]
    assert path.read_bytes() == b"id: mine\n" + DEF.encode()


@pytest.mark.parametrize("there", ["link", "folder"])
def test_an_edit_put_aside_is_never_lost(invoke, home, tmp_path, monkeypatch, there):
    """Where `.mine.yaml.rejected` is a link or a folder, the edit goes under the next free
    name: never through the link, never lost."""
    path = _mine(home)
    aside = path.parent / ".mine.yaml.rejected"
    target = tmp_path / "elsewhere.txt"
    target.write_text("untouched\n", encoding="utf-8")
    if there == "link":
        aside.symlink_to(target)
    else:
        aside.mkdir()
    monkeypatch.setenv("EDITOR", _editor(tmp_path, 'printf "titel: x\\n" >> "$1"\n'))
    run = invoke("edit", "mine")
    assert run.exit_code == 1
    kept = path.parent / ".mine.yaml.rejected.1"
    assert run.err_lines[-1] == f"cxref: {path} was left as it was; your edit is in {kept}"
    assert kept.read_text(encoding="utf-8").endswith("titel: x\n")
    assert target.read_text(encoding="utf-8") == "untouched\n"
    assert "--output" not in run.stderr


def test_new_never_writes_into_the_shipped_folder(invoke, home):
    from cxref.locate import shipped_dir

    before = sorted(p.name for p in (shipped_dir() / "sources").iterdir())
    try:
        assert_one_line_error(invoke("new", "mine", "-d", str(shipped_dir())), 2,
                              "the folder shipped with cxref")
        assert_one_line_error(invoke("new", "mine", "-d", str(shipped_dir() / "sources" / "..")),
                              2, "the folder shipped with cxref")
        assert sorted(p.name for p in (shipped_dir() / "sources").iterdir()) == before
    finally:  # a failure must not leave the file in the checkout
        (shipped_dir() / "sources" / "mine.yaml").unlink(missing_ok=True)


def test_new_override_starts_from_a_copy_of_the_source(invoke, home):
    from cxref.locate import shipped_dir

    run = invoke("new", "franz", "--override")
    assert run.exit_code == 0, run.stderr
    path = home / "sources" / "franz.yaml"
    assert run.stdout == f"wrote {path}: a copy of franz's file that replaces it\n"
    shipped = (shipped_dir() / "sources" / "franz.yaml").read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") == shipped.replace("id: franz\n",
                                                               "id: franz\noverride: true\n")
    shown = invoke("show", "franz")
    assert shown.exit_code == 0 and "Annette Franz" in shown.stdout
    assert shown.err_lines == [f"cxref: note: {path}: source 'franz' overrides "
                               f"{shipped_dir() / 'sources' / 'franz.yaml'}"]


def _editor_started(pid_file: Path) -> int:
    import time

    for _ in range(300):
        if pid_file.exists() and pid_file.read_text(encoding="utf-8").strip():
            return int(pid_file.read_text(encoding="utf-8"))
        time.sleep(0.05)
    raise AssertionError("the editor did not start")


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_ctrl_c_reaches_the_editor_and_ends_cxref(home, tmp_path):
    """Ctrl-C to the terminal's whole group while the editor runs: the editor gets it with
    its default action (cxref does not hand it SIGINT or SIGQUIT ignored), so an editor that
    does not catch it ends, and cxref with it, as interrupted."""
    import signal
    import time

    path = _mine(home)
    pid_file, ignored = tmp_path / "editor.pid", tmp_path / "sigign"
    script = (f'grep SigIgn /proc/$$/status > {ignored}\necho $$ > {pid_file}\n'
              'exec sleep 30\n')
    env = {**env_without("CXREF_DEFINITIONS"), "EDITOR": _editor(tmp_path, script),
           "XDG_DATA_HOME": str(home.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "cxref", "edit", "mine"], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        editor = _editor_started(pid_file)
        os.killpg(proc.pid, signal.SIGINT)
        sent = time.monotonic()
        _, err = proc.communicate(timeout=5)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert time.monotonic() - sent < 1.0
    assert (proc.returncode, err.splitlines()[-1]) == (130, b"cxref: interrupted")
    mask = int(ignored.read_text(encoding="utf-8").split()[1], 16)
    assert not mask & (1 << (signal.SIGINT - 1) | 1 << (signal.SIGQUIT - 1)), hex(mask)
    assert not os.path.exists(f"/proc/{editor}")  # the editor ended, and cxref reaped it
    assert path.read_bytes() == b"id: mine\n" + DEF.encode()


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX signals")
def test_sigterm_while_the_editor_runs_leaves_the_edit_and_says_where(home, tmp_path):
    """SIGTERM to cxref alone while the editor still runs: cxref ends (143), but the copy the
    editor works on stays, and the one line says where it is."""
    import signal

    path = _mine(home)
    pid_file = tmp_path / "editor.pid"
    script = f'printf "# more\\n" >> "$1"\necho $$ > {pid_file}\nexec sleep 30\n'
    env = {**env_without("CXREF_DEFINITIONS"), "EDITOR": _editor(tmp_path, script),
           "XDG_DATA_HOME": str(home.parent)}
    with open(tmp_path / "stderr", "wb") as stderr:  # the editor goes on holding it
        proc = subprocess.Popen([sys.executable, "-m", "cxref", "edit", "mine"], env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=stderr, start_new_session=True)
    try:
        _editor_started(pid_file)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=5)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    line = (tmp_path / "stderr").read_text(encoding="utf-8").splitlines()[-1]
    assert proc.returncode == 143 and line.startswith("cxref: terminated; your edit is in ")
    kept = Path(line.split("your edit is in ")[1])
    try:
        assert kept.name == "mine.yaml"
        assert kept.read_bytes() == b"id: mine\n" + DEF.encode() + b"# more\n"
    finally:
        shutil.rmtree(kept.parent, ignore_errors=True)
    assert path.read_bytes() == b"id: mine\n" + DEF.encode()
