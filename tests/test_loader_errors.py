"""Every way a definitions file can be wrong, each through the CLI with `--definitions DIR`:
the command still answers from the rest, and says on stderr, in one line,
``cxref: warning: FILE:LINE:COL: code message (left out ...)``, with the right 1-based place.

Files are written as literal text (not dumped from Python data) so the expected line and column
can be read off the test itself.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import dump_yaml, user_source

from cxref import yamlfile


def bad_tree(make_tree, name: str, content: str | bytes, folder: str = "defs") -> Path:
    """A definitions tree with one source file `name` holding `content`; returns the file."""
    tree = make_tree({"sources": {name: content}}, folder)
    return tree / "sources" / name


def load_error(invoke, path: Path, line: int, col: int, code: str, *fragments: str,
               tree: Path | None = None) -> str:
    """Loading `tree` (by default the one `path` is a source file of) leaves that file out
    with exactly one warning, `path:line:col: code`, and answers from the rest; returns the
    warning."""
    tree = tree or path.parent.parent
    run = invoke("--definitions", str(tree), "terms")
    assert run.exit_code == 0, (run.exit_code, run.stdout, run.stderr)
    assert run.stdout.startswith("Terms")
    lines = run.err_lines
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    prefix = f"cxref: warning: {path}:{line}:{col}: {code} "
    assert lines[0].startswith(prefix), (lines[0], prefix)
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


# -- YAML ----------------------------------------------------------------------------------------

def test_yaml_syntax_error(invoke, make_tree):
    path = bad_tree(make_tree, "syn.yaml", "---\nid: syn\ntitle: a: b\n")
    load_error(invoke, path, 3, 9, "syntax", "mapping values are not allowed")


def test_yaml_unclosed_flow_sequence(invoke, make_tree):
    path = bad_tree(make_tree, "flow.yaml", "---\nid: flow\ntitle: [a, b\nauthor: x\n")
    # The parser finds out at the ':' after 'author', inside what it still takes for the list.
    line = load_error(invoke, path, 4, 7, "syntax")
    assert "']'" in line


def test_raw_control_character_is_placed(invoke, make_tree):
    path = bad_tree(make_tree, "ctl.yaml", "---\nid: ctl\ntitle: é a\x1bb\n")
    line = load_error(invoke, path, 3, 11, "syntax", "unacceptable character", r"\x1b")
    assert "\x1b" not in line


@pytest.mark.parametrize("parser", ["CSafeLoader", "SafeLoader"])
def test_raw_control_character_with_either_parser(monkeypatch, tmp_path, parser):
    """PyYAML without libyaml refuses the character while building the parser."""
    from cxref.errors import DataError

    if not hasattr(yaml, parser):
        pytest.skip(f"PyYAML built without {parser}")
    monkeypatch.setattr(yamlfile, "_Parser", getattr(yaml, parser))
    path = tmp_path / "ctl.yaml"
    path.write_text("id: x\ntitle: é a\x07b\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        yamlfile.load(str(path), tmp_path)
    assert str(caught.value).startswith(f"{path}:2:11: syntax unacceptable character \\x07")


def test_not_utf8(invoke, make_tree):
    path = bad_tree(make_tree, "latin.yaml", b"---\nid: latin\ntitle: caf\xe9 au lait\n")
    load_error(invoke, path, 3, 11, "not-utf8", "0xe9")


def test_not_utf8_column_counts_characters(invoke, make_tree):
    path = bad_tree(make_tree, "mixed.yaml",
                    "---\nid: mixed\ntitle: né ".encode() + b"\xff\n")
    load_error(invoke, path, 3, 11, "not-utf8", "0xff")


def test_duplicate_key(invoke, make_tree):
    path = bad_tree(make_tree, "dup.yaml", "---\nid: dup\ntitle: a\nauthor: b\ntitle: c\n")
    load_error(invoke, path, 5, 1, "duplicate-key", "'title'", "first on line 3")


def test_duplicate_key_in_a_nested_mapping(invoke, make_tree):
    text = ("---\nid: dupn\ndefinitions:\n  - term: customer-service\n    quote: a\n"
            "    quote: b\n")
    path = bad_tree(make_tree, "dupn.yaml", text)
    load_error(invoke, path, 6, 5, "duplicate-key", "'quote'", "first on line 5")


def test_anchor(invoke, make_tree):
    path = bad_tree(make_tree, "anc.yaml", "---\nid: anc\ntitle: &t A title\n")
    load_error(invoke, path, 3, 8, "anchor", "&t")


def test_alias(invoke, make_tree):
    path = bad_tree(make_tree, "ali.yaml", "---\nid: ali\ntitle: x\nauthor: *t\n")
    load_error(invoke, path, 4, 9, "alias", "*t")


def test_alias_bomb_fails_fast_naming_the_file(make_tree):
    """A billion-laughs document: refused at its first anchor, long before any expansion. Run
    in a subprocess so that a regression cannot hang or exhaust the test run."""
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    path = bad_tree(make_tree, "bomb.yaml", "\n".join(lines) + "\n")
    proc = subprocess.run([sys.executable, "-m", "cxref", "--definitions", str(path.parent.parent),
                           "terms"], capture_output=True, text=True, timeout=120,
                          cwd=path.parent, env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 0
    assert proc.stdout.startswith("Terms")
    assert proc.stderr == (f"cxref: warning: {path}:2:4: anchor defines the anchor &a; "
                           "anchors and aliases are not allowed (left out: see 'cxref "
                           "validate')\n")


def test_explicit_python_tag(invoke, make_tree):
    path = bad_tree(make_tree, "tag.yaml",
                    "---\nid: tag\ntitle: !!python/object/apply:os.system [echo hi]\n")
    load_error(invoke, path, 3, 8, "tag", "python/object/apply:os.system")


def test_explicit_tag_on_a_scalar(invoke, make_tree):
    path = bad_tree(make_tree, "tagint.yaml", "---\nid: tagint\ndate: !!int 2019\n")
    load_error(invoke, path, 3, 7, "tag", "tag:yaml.org,2002:int")


def test_nesting_too_deep(invoke, make_tree):
    depth = yamlfile.MAX_DEPTH
    nested = "[" * (depth + 4) + "]" * (depth + 4)
    path = bad_tree(make_tree, "deep.yaml", f"---\nid: deep\nnote: {nested}\n")
    # The root mapping is level 1 and the first '[' (column 7) level 2: the first level past
    # the limit is the '[' at column 7 + (depth - 1).
    load_error(invoke, path, 3, 7 + depth - 1, "too-deep", f"deeper than {depth}")


def test_more_than_one_document(invoke, make_tree):
    path = bad_tree(make_tree, "two.yaml", "---\nid: two\n---\nid: three\n")
    load_error(invoke, path, 3, 1, "many-documents")


def test_file_over_the_size_cap(invoke, make_tree):
    cap = yamlfile.MAX_BYTES
    content = b"---\nid: big\nnote: " + b"x" * cap + b"\n"
    path = bad_tree(make_tree, "big.yaml", content)
    load_error(invoke, path, 1, 1, "too-large", str(cap))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_named_like_a_source(make_tree):
    """A FIFO must be refused without being opened (opening it would block): a subprocess, so
    a regression times out instead of hanging the test run."""
    tree = make_tree({"sources": {}})
    path = tree / "sources" / "pipe.yaml"
    os.mkfifo(path)
    proc = subprocess.run([sys.executable, "-m", "cxref", "--definitions", str(tree), "terms"],
                          capture_output=True, text=True, timeout=120, cwd=tree)
    assert proc.returncode == 0
    assert proc.stdout.startswith("Terms")
    assert proc.stderr == (f"cxref: warning: {path}:1:1: not-a-file is not a regular file "
                           "(left out: see 'cxref validate')\n")


def test_directory_named_like_a_source(invoke, make_tree):
    tree = make_tree({"sources": {"folder.yaml": {}}})  # a dict under a .yaml name is data...
    path = tree / "sources" / "folder.yaml"
    path.unlink()
    path.mkdir()  # ...so make it a folder by hand
    load_error(invoke, path, 1, 1, "not-a-file")


def test_empty_file(invoke, make_tree):
    path = bad_tree(make_tree, "empty.yaml", "")
    load_error(invoke, path, 1, 1, "wrong-type", "must be a mapping")


# -- schema --------------------------------------------------------------------------------------

SOURCE_HEAD = "---\nid: {id}\n"
CLAIM = "definitions:\n  - term: customer-service\n    quote: q\n"


def test_unknown_key(invoke, make_tree):
    path = bad_tree(make_tree, "unk.yaml", "---\nid: unk\ncolour: red\n" + CLAIM)
    load_error(invoke, path, 3, 1, "unknown-key", "'colour'", "expected one of: id, label, title")


def test_unknown_key_in_a_claim(invoke, make_tree):
    text = "---\nid: unkc\ndefinitions:\n  - term: customer-service\n    quote: q\n    page: 3\n"
    path = bad_tree(make_tree, "unkc.yaml", text)
    load_error(invoke, path, 6, 5, "unknown-key", "'page'", "a definition")


def test_missing_key(invoke, make_tree):
    text = "---\nid: miss\ndefinitions:\n  - term: customer-service\n"
    path = bad_tree(make_tree, "miss.yaml", text)
    load_error(invoke, path, 4, 5, "missing-key", "a definition needs the key 'quote'")


def test_missing_id(invoke, make_tree):
    path = bad_tree(make_tree, "noid.yaml", "---\ntitle: t\n" + CLAIM)
    load_error(invoke, path, 2, 1, "missing-key", "'id'")


def test_wrong_type_list_for_text(invoke, make_tree):
    path = bad_tree(make_tree, "wt.yaml", "---\nid: wt\ntitle: [a, b]\n" + CLAIM)
    load_error(invoke, path, 3, 8, "wrong-type", "'title'", "must be text, not a list")


def test_wrong_type_text_for_list(invoke, make_tree):
    path = bad_tree(make_tree, "wl.yaml", "---\nid: wl\ndefinitions: just text\n")
    load_error(invoke, path, 3, 14, "wrong-type", "'definitions'", "must be a list")


def test_wrong_type_mapping_for_file(invoke, make_tree):
    path = bad_tree(make_tree, "lst.yaml", "---\n- id: lst\n")
    load_error(invoke, path, 1, 1, "wrong-type", "must be a mapping, not a list")


def test_bad_id(invoke, make_tree):
    path = bad_tree(make_tree, "Bad_Id.yaml", "---\nid: Bad_Id\n" + CLAIM)
    load_error(invoke, path, 2, 5, "bad-id", "lowercase letters, digits and hyphens")


def test_id_differs_from_file_name(invoke, make_tree):
    path = bad_tree(make_tree, "named.yaml", "---\nid: other-name\n" + CLAIM)
    load_error(invoke, path, 2, 5, "id-mismatch", "'other-name'", "'named'")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example/x",
                                 "http://a b.example", "https://x.example/\"><script>",
                                 "data:text/html,hi"])
def test_bad_url(invoke, make_tree, url):
    text = f"---\nid: badurl\nurl: {yaml.safe_dump(url, default_style=chr(39)).strip()}\n"
    text = text.replace("\n...", "")
    path = bad_tree(make_tree, "badurl.yaml", text + CLAIM)
    load_error(invoke, path, 3, 6, "bad-url", "http:// or https://")


def test_good_url_is_accepted(invoke, make_tree):
    tree = make_tree({"sources": {"goodurl.yaml": user_source(
        "goodurl", url="https://example.com/a?b=c#d")}})
    run = invoke("-d", str(tree), "show", "goodurl", "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert '"url": "https://example.com/a?b=c#d"' in run.stdout


def test_unknown_term(invoke, make_tree):
    text = "---\nid: ut\ndefinitions:\n  - term: customer-delight\n    quote: q\n"
    path = bad_tree(make_tree, "ut.yaml", text)
    load_error(invoke, path, 4, 11, "unknown-term", "'customer-delight'")


def test_unknown_pair(invoke, make_tree):
    text = "---\nid: up\ncontrasts:\n  - pair: fast-slow\n    quote: q\n"
    path = bad_tree(make_tree, "up.yaml", text)
    load_error(invoke, path, 4, 11, "unknown-pair", "'fast-slow'")


def test_unknown_shared_trait(invoke, make_tree):
    text = "---\nid: us\nsimilarities:\n  - trait: telepathy\n    quote: q\n"
    path = bad_tree(make_tree, "us.yaml", text)
    load_error(invoke, path, 4, 12, "unknown-trait", "'telepathy'")


def test_unknown_term_in_similarity_descriptions(invoke, make_tree):
    text = ("---\nid: ud\nsimilarities:\n  - trait: empathy\n    quote: q\n"
            "    descriptions:\n      customer-delight: d\n")
    path = bad_tree(make_tree, "ud.yaml", text)
    load_error(invoke, path, 7, 7, "unknown-term", "'customer-delight'")


def test_side_not_of_the_pair(invoke, make_tree):
    text = ("---\nid: side\ncontrasts:\n  - pair: caring-responding\n    quote: q\n"
            "    side: customer-experience\n")
    path = bad_tree(make_tree, "side.yaml", text)
    load_error(invoke, path, 6, 11, "bad-side", "'customer-experience'", "caring-responding")


def test_no_claims(invoke, make_tree):
    path = bad_tree(make_tree, "bare.yaml", "---\nid: bare\ntitle: Nothing said\n")
    load_error(invoke, path, 2, 1, "no-claims")


def test_override_must_be_true_or_false(invoke, make_tree):
    path = bad_tree(make_tree, "ov.yaml", "---\nid: ov\noverride: yes\n" + CLAIM)
    load_error(invoke, path, 3, 11, "bad-value",
               "'override' of a source file must be true or false, not 'yes'")


def test_unknown_term_in_a_user_pair(invoke, make_tree):
    tree = make_tree({"pairs.yaml": "---\npairs:\n  - id: fast-slow\n    sides:\n"
                                    "      customer-experience: fast\n      customer-joy: slow\n"})
    load_error(invoke, tree / "pairs.yaml", 6, 7, "unknown-term", "'customer-joy'", tree=tree)


# -- folders: duplicates and overrides -------------------------------------------------------

def test_duplicate_source_id_across_folders_keeps_the_first(invoke, make_tree):
    first = make_tree({"sources": {"twin.yaml": user_source("twin", title="First")}}, "one")
    second = make_tree({"sources": {"twin.yaml": user_source("twin", title="Second")}}, "two")
    run = invoke("-d", str(first), "-d", str(second), "show", "twin")
    assert run.exit_code == 0 and run.stdout.startswith("First\n")
    path = second / "sources" / "twin.yaml"
    assert run.stderr == (f"cxref: warning: {path}:1:1: duplicate-id source 'twin' is already "
                          f"defined in {first / 'sources' / 'twin.yaml'}; add 'override: true' "
                          "to replace it on purpose (left out: see 'cxref validate')\n")


def test_duplicate_of_a_shipped_source_is_left_out(invoke, make_tree):
    tree = make_tree({"sources": {"franz.yaml": user_source("franz")}})
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0 and "Annette Franz" in run.stdout
    assert run.stderr.startswith(
        f"cxref: warning: {tree / 'sources' / 'franz.yaml'}:1:1: duplicate-id ")


def _override_franz(make_tree) -> Path:
    return make_tree({"sources": {"franz.yaml": user_source(
        "franz", title="My own Franz", override="true")}})


def _says_override(run, tree: Path) -> None:
    lines = run.err_lines
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"cxref: note: {tree / 'sources' / 'franz.yaml'}: ")
    assert "source 'franz' overrides" in lines[0]
    assert lines[0].endswith(os.path.join("definitions", "sources", "franz.yaml"))


@pytest.mark.parametrize("command", [("terms",), ("compare",), ("matrix",), ("export",),
                                     ("why", "reactive"), ("sources", "cs"), ("similarities",)])
def test_override_replaces_and_says_so(invoke, make_tree, command):
    tree = _override_franz(make_tree)
    run = invoke("-d", str(tree), *command, "-f", "json")
    assert run.exit_code == 0
    _says_override(run, tree)
    if command == ("matrix",):
        import json

        titles = {r["id"]: r["title"] for r in json.loads(run.stdout)["references"]}
        assert titles["franz"] == "My own Franz"


def test_override_is_announced_by_show(invoke, make_tree):
    tree = _override_franz(make_tree)
    run = invoke("-d", str(tree), "show", "franz", "-f", "json")
    assert run.exit_code == 0
    assert '"title": "My own Franz"' in run.stdout
    _says_override(run, tree)


def test_override_is_announced_by_search(invoke, make_tree):
    tree = _override_franz(make_tree)
    run = invoke("-d", str(tree), "search", "own", "franz", "-f", "json")
    assert run.exit_code == 0
    assert "My own Franz" in run.stdout
    _says_override(run, tree)


def test_override_across_user_folders(invoke, make_tree):
    first = make_tree({"sources": {"twin.yaml": user_source("twin", title="First")}}, "one")
    second = make_tree({"sources": {"twin.yaml": user_source(
        "twin", title="Second", override="true")}}, "two")
    run = invoke("-d", str(first), "-d", str(second), "matrix", "-s", "twin", "-f", "json")
    assert run.exit_code == 0
    assert '"title": "Second"' in run.stdout and '"title": "First"' not in run.stdout
    assert run.stderr == (f"cxref: note: {second / 'sources' / 'twin.yaml'}: source 'twin' "
                          f"overrides {first / 'sources' / 'twin.yaml'}\n")


def test_duplicate_trait_name_across_pairs_is_an_error(invoke, make_tree):
    tree = make_tree({"pairs.yaml": "---\npairs:\n  - id: again\n    sides:\n"
                                    "      customer-experience: proactive\n"
                                    "      customer-care: lazy\n"})
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0 and run.stdout.startswith("Terms")
    assert len(run.err_lines) == 1
    assert "duplicate-trait trait 'proactive' of pair 'again' is already a side of " \
        "'proactive-reactive'" in run.stderr
    assert "again" not in invoke("-d", str(tree), "ids").stdout


def test_duplicate_trait_problem_is_placed(invoke, make_tree):
    tree = make_tree({"pairs.yaml": "---\npairs:\n  - id: again\n    sides:\n"
                                    "      customer-experience: proactive\n"
                                    "      customer-care: lazy\n"})
    run = invoke("-d", str(tree), "terms")
    assert re.match(rf"cxref: warning: {re.escape(str(tree / 'pairs.yaml'))}:\d+:\d+: "
                    "duplicate-trait ", run.stderr)


def test_duplicate_term_id_is_placed(invoke, make_tree):
    tree = make_tree({"terms.yaml": "---\nterms:\n  - id: customer-service\n    name: again\n"})
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0
    assert run.stderr.startswith(f"cxref: warning: {tree / 'terms.yaml'}:3:")


# -- values stay text ----------------------------------------------------------------------------

def test_yaml_11_lookalikes_stay_text(invoke, make_tree):
    text = ("---\nid: plain\ntitle: yes\nauthor: on\ndate: 2019\nsite: 1e3\nnote: 2019-01-01\n"
            "definitions:\n  - term: customer-service\n    quote: no\n"
            "    attributed_to: 0x1F\n"
            "contrasts:\n  - pair: proactive-reactive\n    quote: 1.0\n")
    tree = make_tree({"sources": {"plain.yaml": text}})
    run = invoke("-d", str(tree), "show", "plain", "-f", "json")
    assert run.exit_code == 0, run.stderr
    import json

    doc = json.loads(run.stdout)
    assert doc["fields"] == {"id": "plain", "title": "yes", "author": "on", "site": "1e3",
                             "date": "2019", "note": "2019-01-01"}
    assert [(c["quote"], c["attributed_to"]) for c in doc["claims"]] == [("no", "0x1F"),
                                                                         ("1.0", None)]


def test_yamlfile_keeps_every_scalar_as_text():
    doc = yamlfile.parse("x.yaml", "a: yes\nb: on\nc: 2019\nd: 1e3\ne: ~\nf: ''\ng: null\n"
                                   "h: 'null'\ni: .inf\nj: 0o17\nk: false\n")
    assert dict(doc) == {"a": "yes", "b": "on", "c": "2019", "d": "1e3", "e": None, "f": "",
                         "g": None, "h": "null", "i": ".inf", "j": "0o17", "k": "false"}
    assert doc.value_pos["c"] == (3, 4)


def test_validate_reports_loader_errors_too(invoke, make_tree):
    tree = make_tree({"sources": {"dup.yaml": "---\nid: dup\nid: again\n",
                                  "ok.yaml": dump_yaml(user_source("ok"))}})
    run = invoke("validate", str(tree))
    assert run.exit_code == 1
    assert run.stdout == f"{tree / 'sources' / 'dup.yaml'}:3:1: duplicate-key duplicate key 'id' " \
                         "(first on line 2)\n"


# Places as an editor shows them, whatever the line breaks: a lone CR breaks a line (as LF and
# CR LF do); NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR do not, though YAML counts them.
@pytest.mark.parametrize(("content", "line", "col", "code"), [
    (b"id: cr\rtitle: ok\rnote: \xff bad\r", 3, 7, "not-utf8"),
    (b"id: cr\rtitle: ok\rnote: a\x01b\r", 3, 8, "syntax"),
    (b"id: cr\r\ntitle: ok\r\nnote: a\x01b\r\n", 3, 8, "syntax"),
    (b"id: cr\rtitle: ok\rbogus: 1\r", 3, 1, "unknown-key"),
    ("id: ls\ntitle: \"a\u2028b\"\nbogus: 1\n".encode(), 3, 1, "unknown-key"),
    ("id: ps\ntitle: \"a\u2029b\"\nbogus: 1\n".encode(), 3, 1, "unknown-key"),
    ("id: nel\ntitle: \"a\x85b\"\nbogus: 1\n".encode(), 3, 1, "unknown-key"),
    ("id: ls\nnote: \"a\u2028b\"\nid: again\n".encode(), 3, 1, "duplicate-key"),
    ("id: ls\ntitle: a\u2028b\nnote: a\x01b\n".encode(), 3, 8, "syntax"),
    ("id: ls\ntitle: \"a\u2028b\u2028c\"\nnote: \"open\n".encode(), 3, 7, "syntax"),
])
def test_places_count_lines_as_an_editor_does(invoke, make_tree, content, line, col, code):
    path = bad_tree(make_tree, "breaks.yaml", content)
    run = invoke("validate", str(path.parent.parent))
    assert f"breaks.yaml:{line}:{col}: {code} " in run.stdout, run.stdout


def test_a_duplicate_keys_message_names_the_editors_line_of_the_first(invoke, make_tree):
    """(found by a review) the place was an editor's, the line in the message libyaml's."""
    path = bad_tree(make_tree, "dup.yaml",
                    "id: d\nnote: \"x\u2028y\"\ntitle: a\ntitle: b\n".encode())
    run = invoke("validate", str(path.parent.parent))
    assert "dup.yaml:4:1: duplicate-key duplicate key 'title' (first on line 3)" in run.stdout


@pytest.mark.parametrize("name", ['"customer\\nsupport"', '"customer\\u200bsupport"',
                                  '"customer\\tsupport"'])
def test_a_term_name_must_be_one_line_of_plain_text(invoke, make_tree, name):
    tree = make_tree({"terms.yaml": f"---\nterms:\n  - id: support\n    name: {name}\n"})
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0 and "support" not in run.stdout
    assert len(run.err_lines) == 1 and "bad-name" in run.stderr
    assert "support" not in invoke("-d", str(tree), "ids", "-f", "json").stdout


def test_a_position_given_twice_is_a_problem(invoke, make_tree):
    tree = make_tree({"disputes.yaml": "---\ndisputes:\n  - id: twice\n    question: Q?\n"
                                       "    positions:\n      - id: 'yes'\n        claim: Yes.\n"
                                       "      - id: 'yes'\n        claim: Also yes.\n"})
    run = invoke("validate", str(tree))
    assert run.exit_code == 1
    assert "duplicate-id position 'yes' of dispute 'twice' is given twice" in run.stdout


def test_a_pair_whose_two_sides_name_one_term_is_refused(invoke, make_tree):
    """Two keys, one term: 'customer-service' and its alias 'CS' are the same side."""
    tree = make_tree({"pairs.yaml": "---\npairs:\n  - id: same\n    sides:\n"
                                    "      customer-service: fast\n      CS: slow\n"})
    run = invoke("validate", str(tree))
    assert run.exit_code == 1
    assert "bad-sides pair 'same' needs exactly two sides, one per term" in run.stdout
    ids = json.loads(invoke("-d", str(tree), "ids", "-f", "json").stdout)
    assert "same" not in [pair["id"] for pair in ids["pairs"]]
