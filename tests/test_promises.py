"""The promises of README's "What cxref defends against" and "Exit codes" that no other test
guarded (each was broken by a one-line change to its code, and the rest of the suite still
passed), and the holes found by an attack run: a link into a sibling folder named like the
definitions folder, an id that matches only at its start, a draft with one quote filled in,
markup in the note after a cited name, folders that validate could not read, a folder named
under two spellings, and characters that render as nothing. CONTRIBUTING.md lists every
promise with the tests that guard it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import assert_one_line_error, env_without
from test_faults import _without_root_reading

from cxref.safetext import visible

DEF = "definitions:\n  - term: customer-service\n    quote: Service helps.\n"
IMG = "<img src=x onerror=alert(1)>"


# -- a link out of the definitions folder, into a sibling named like it -------------------------

@pytest.mark.parametrize("name", ["sources/mine.yaml", "terms.yaml"])
def test_a_link_into_a_sibling_folder_named_like_the_folder_is_refused(invoke, tmp_path, name):
    """`defs/` and `defs-evil/`: the real path of a file in the sibling starts with the
    folder's own path, as text; it is still outside the folder."""
    evil = tmp_path / "defs-evil"
    (evil / "sources").mkdir(parents=True)
    (evil / "sources" / "mine.yaml").write_text(
        "id: mine\ndefinitions:\n  - term: customer-service\n    quote: SIBLING SECRET\n",
        encoding="utf-8")
    (evil / "terms.yaml").write_text("terms:\n  - id: sibling-secret\n    name: sibling "
                                     "secret\n", encoding="utf-8")
    defs = tmp_path / "defs"
    (defs / "sources").mkdir(parents=True)
    (defs / name).symlink_to(evil / name)
    run = invoke("-d", str(defs), "sources", "cs")
    assert run.exit_code == 0, run.stderr
    assert run.err_lines == [f"cxref: warning: {defs / name}:1:1: link-outside is a link to a "
                             "file outside the definitions folder; cxref reads only files "
                             "inside it (copy the file in instead) (left out: see 'cxref "
                             "validate')"]
    assert "SIBLING SECRET" not in run.stdout
    assert "sibling secret" not in invoke("-d", str(defs), "terms").stdout
    checked = invoke("validate", str(defs))
    assert checked.exit_code == 1
    assert checked.stdout.startswith(f"{defs / name}:1:1: link-outside ")


# -- an id matches as a whole ------------------------------------------------------------------

WHOLE = ["acme blog", "a/../../x", "x\n", "ok-then!", "a" * 65]


@pytest.mark.parametrize("bad", WHOLE)
def test_validate_refuses_an_id_that_matches_only_in_part(invoke, make_tree, bad):
    quoted = bad.replace("\n", "\\n")
    tree = make_tree({"sources": {"x.yaml": f'id: "{quoted}"\n' + DEF}})
    run = invoke("validate", str(tree))
    assert run.exit_code == 1
    assert " bad-id 'id' of a source file must be lowercase letters" in run.stdout, run.stdout


@pytest.mark.parametrize("bad", WHOLE)
def test_new_refuses_an_id_that_matches_only_in_part(invoke, tmp_path, monkeypatch, bad):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert_one_line_error(invoke("new", bad), 2, "is not a source id")
    assert sorted(p.name for p in tmp_path.rglob("*")) == []


# -- a draft while any quote is the placeholder ---------------------------------------------------

PLACEHOLDER = "Replace this with the article's exact words about the term."
FILLED = "  - term: customer-service\n    quote: Service helps.\n"
LEFT = f"  - term: customer-experience\n    quote: \"{PLACEHOLDER}\"\n"


@pytest.mark.parametrize("body", [
    "definitions:\n" + FILLED + LEFT,  # the writer filled the first and forgot the second
    "definitions:\n" + LEFT + FILLED,
    "definitions:\n" + FILLED + f"contrasts:\n  - pair: proactive-reactive\n"
                                f"    quote: \"{PLACEHOLDER}\"\n",
    "definitions:\n" + FILLED + "similarities:\n  - trait: empathy\n    quote: Both care.\n"
    f"    descriptions:\n      customer-service: \"{PLACEHOLDER}\"\n",
], ids=["second", "first", "contrast", "description"])
def test_a_source_is_a_draft_while_any_quote_is_the_placeholder(invoke, make_tree, body):
    tree = make_tree({"sources": {"mine.yaml": "id: mine\nauthor: Writer\n" + body}})
    checked = invoke("validate", str(tree))
    assert checked.exit_code == 1 and " draft a quote is still the template" in checked.stdout
    for args in (["sources", "cs"], ["compare"], ["similarities"], ["export"]):
        run = invoke("-d", str(tree), *args)
        assert run.exit_code == 0, run.stderr
        assert PLACEHOLDER not in run.stdout and "Writer" not in run.stdout, args
        assert " draft a quote is still the template" in run.stderr
    shown = invoke("-d", str(tree), "show", "mine")
    assert (shown.exit_code, shown.stdout) == (2, "") and "'mine' was left out" in shown.stderr


# -- HTML escaping of the note after a cited name -------------------------------------------------

@pytest.mark.parametrize("args", [["compare"], ["compare", "cs", "cx"], ["export"]])
def test_a_voice_in_the_note_after_a_cited_name_stays_text_in_html(invoke, make_tree, args):
    """compare cites each source with a note: its stance and whose words it quotes."""
    tree = make_tree({"sources": {"voice.yaml": f"""id: voice
author: Ann Voice
contrasts:
  - pair: proactive-reactive
    quote: Service waits.
    side: customer-service
    attributed_to: "{IMG}"
"""}})
    run = invoke("-d", str(tree), *args, "-f", "html")
    assert run.exit_code == 0, run.stderr
    assert "<img" not in run.stdout
    assert "Ann Voice</a> (reactive only; quoting &lt;img src=x onerror=alert(1)&gt;)" \
        in run.stdout


# -- validate never says clean of what it could not read ---------------------------------------

def _as_a_user(cwd: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    """cxref run as a user for whom file modes count (root without its right to read any
    folder: see test_faults._without_root_reading)."""
    env = {**env_without("CXREF_DEFINITIONS"), "XDG_CACHE_HOME": str(cwd / "cache"),
           "XDG_DATA_HOME": str(cwd / "data"), "HOME": str(cwd), "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "cxref", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, check=False, **_without_root_reading())
    assert done.returncode != 99, "could not drop root's right to read any folder"
    assert "Traceback" not in done.stderr
    return done


def _source_folder(root: Path) -> Path:
    os.chmod(root, 0o755)
    folder = root / "defs"
    (folder / "sources").mkdir(parents=True)
    for name in ("a", "b", "c"):
        (folder / "sources" / f"{name}.yaml").write_text(f"id: {name}\n" + DEF, "utf-8")
    return folder


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux file modes and prctl")
@pytest.mark.parametrize("where,mode", [("defs", 0o644), ("defs", 0o444), ("defs", 0o000),
                                        ("sources", 0o644), ("sources", 0o311)],
                         ids=["defs-644", "defs-444", "defs-000", "sources-644", "sources-311"])
def test_a_folder_that_cannot_be_read_is_one_problem_never_clean(tmp_path, where, mode):
    """Listable but not searchable (644), or not listable: every command says so in one line
    and answers from the rest; validate reports it (exit 1), never 'no problems'."""
    folder = _source_folder(tmp_path)
    shut = folder if where == "defs" else folder / "sources"
    os.chmod(shut, mode)
    try:
        run = _as_a_user(tmp_path, ["-d", str(folder), "terms"])
        assert run.returncode == 0 and run.stdout.startswith("Terms")
        assert run.stderr == (f"cxref: warning: {shut}:1:1: unreadable-folder cannot read the "
                              "folder: Permission denied; nothing in it was read (left out: "
                              "see 'cxref validate')\n")
        checked = _as_a_user(tmp_path, ["validate", str(folder)])
        assert checked.returncode == 1
        assert checked.stdout == (f"{shut}:1:1: unreadable-folder cannot read the folder: "
                                  "Permission denied; nothing in it was read\n")
        assert checked.stderr == "cxref: 1 problem in 1 folder, 0 files read\n"
    finally:
        os.chmod(shut, 0o755)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux file modes and prctl")
def test_an_unreadable_source_file_is_a_problem(tmp_path):
    folder = _source_folder(tmp_path)
    os.chmod(folder / "sources" / "b.yaml", 0o000)
    checked = _as_a_user(tmp_path, ["validate", str(folder)])
    assert checked.returncode == 1
    assert checked.stdout == (f"{folder}/sources/b.yaml:1:1: unreadable cannot read file: "
                              "Permission denied\n")
    assert checked.stderr == "cxref: 1 problem in 1 file of 3 read\n"


def test_a_folder_that_holds_nothing_cxref_reads_is_a_problem(invoke, make_tree):
    """`cxref validate /etc`: nothing read is nothing checked."""
    tree = make_tree({"notes.txt": "Notes.\n", "data.json": "{}\n"}, "etc")
    checked = invoke("validate", str(tree))
    assert checked.exit_code == 1
    assert checked.stdout == (f"{tree}:1:1: no-definitions holds no sources/ folder and no "
                              "catalogue file (terms.yaml, pairs.yaml, shared-traits.yaml, "
                              "disputes.yaml): nothing in it is a definition; give a "
                              "definitions folder\n")
    assert checked.stderr == "cxref: 1 problem in 1 folder, 0 files read\n"
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0 and len(run.err_lines) == 1 and "no-definitions" in run.stderr


@pytest.mark.parametrize("spec", [{}, {".git": {"HEAD": "x"}, "README.md": "# Ours\n"},
                                  {"sources": {}}, {"terms.yaml": "terms: []\n"}])
def test_an_empty_folder_or_one_being_started_is_no_problem(invoke, make_tree, spec):
    run = invoke("validate", str(make_tree(spec)))
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr.startswith("cxref: no problems in ")


def test_validate_of_the_sources_folder_itself_names_the_folder_to_give(invoke, make_tree,
                                                                       tmp_path, monkeypatch):
    tree = make_tree({"sources": {"a.yaml": "id: a\n" + DEF, "b.yaml": "id: b\n" + DEF}})
    checked = invoke("validate", str(tree / "sources"))
    assert checked.exit_code == 1
    assert checked.stdout == (f"{tree}/sources:1:1: no-sources-folder is a sources/ folder "
                              f"itself: give the folder that holds it ('{tree}')\n")
    assert checked.stderr == "cxref: 1 problem in 1 folder, 0 files read\n"
    monkeypatch.chdir(tree / "sources")
    assert invoke("validate", ".").stdout == (".:1:1: no-sources-folder is a sources/ folder "
                                              "itself: give the folder that holds it ('..')\n")


def test_every_line_validate_writes_on_stderr_is_a_cxref_line(invoke, make_tree):
    tree = make_tree({"sources": {"a.yaml": "id: a\ntitel: x\n" + DEF, "b.yaml": "id: b\n"}})
    run = invoke("validate", str(tree))
    assert run.exit_code == 1 and len(run.stdout.splitlines()) == 2
    assert run.err_lines == ["cxref: 2 problems in 2 files of 2 read"]


def test_validate_never_uses_the_cache(invoke, make_tree, isolated_env):
    """A check must not trust a cache: validate reads every file, and writes no cache."""
    tree = make_tree({"sources": {"a.yaml": "id: a\n" + DEF}})
    assert invoke("validate", str(tree)).exit_code == 0
    assert list(isolated_env.rglob("*")) == []


# -- one folder under two spellings ---------------------------------------------------------------

BROKEN = {"terms.yaml": "terms:\n  - id: half\n", "sources": {"bad.yaml": "id: bad\ntitel: x\n"
                                                                         + DEF}}


def _found(run) -> list[str]:
    return sorted(line.split(": ")[1].split()[0] for line in run.stdout.splitlines())


def test_validate_finds_the_problems_of_a_folder_also_given_under_another_spelling(
        invoke, make_tree, tmp_path, monkeypatch):
    team = make_tree(BROKEN, "team")
    monkeypatch.chdir(tmp_path)
    for env, args, typed in (({"CXREF_DEFINITIONS": str(team)}, ["validate", "team"], "team"),
                             ({}, ["-d", str(team), "validate", "team"], "team"),
                             ({}, ["-d", "team", "validate", str(team)], str(team)),
                             ({}, ["-d", "team", "validate", "./team/"], "team")):
        run = invoke(*args, env=env)
        assert run.exit_code == 1, (args, run.stderr)
        assert _found(run) == ["missing-key", "unknown-key"], (args, run.stdout)
        assert run.stdout.startswith(typed + "/"), run.stdout  # named as typed


def test_validate_dot_finds_the_problems_of_the_folder_it_is_run_in(invoke, make_tree,
                                                                   monkeypatch, tmp_path):
    """`cxref validate .` in a team folder, and in the personal folder (loaded anyway)."""
    team = make_tree(BROKEN, "team")
    monkeypatch.chdir(team)
    run = invoke("validate", ".")
    assert run.exit_code == 1 and _found(run) == ["missing-key", "unknown-key"], run.stdout
    personal = make_tree(BROKEN, "data/cxref")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(personal)
    run = invoke("validate", ".")
    assert run.exit_code == 1 and _found(run) == ["missing-key", "unknown-key"], run.stdout


# -- `-d ''` -----------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["-d", "", "terms"], ["terms", "--definitions", ""],
                                  ["validate", ""]])
def test_an_empty_folder_name_is_a_usage_error(invoke, args, tmp_path, monkeypatch):
    (tmp_path / "sources").mkdir()  # the current folder would load without a word
    monkeypatch.chdir(tmp_path)
    assert_one_line_error(invoke(*args), 2, "an empty folder name")


# -- characters that render as nothing ----------------------------------------------------------

# Default_Ignorable_Code_Point as DerivedCoreProperties.txt (Unicode 14.0) lists it, copied
# from the published file (Perl's Unicode::UCD gives the same), not from cxref.
DEFAULT_IGNORABLE = """00AD 034F 061C 115F..1160 17B4..17B5 180B..180D 180E 180F 200B..200F
202A..202E 2060..2064 2065 2066..206F 3164 FE00..FE0F FEFF FFA0 FFF0..FFF8 1BCA0..1BCA3
1D173..1D17A E0000 E0001 E0002..E001F E0020..E007F E0080..E00FF E0100..E01EF E01F0..E0FFF"""


def _ignorable() -> set[int]:
    out: set[int] = set()
    for item in DEFAULT_IGNORABLE.split():
        first, _, last = item.partition("..")
        out.update(range(int(first, 16), int(last or first, 16) + 1))
    return out


def test_every_code_point_that_renders_as_nothing_is_escaped_and_no_other():
    """Every code point of planes 0-3 and 14 (every one assigned outside private use):
    escaped when it is a control, format, separator or surrogate character, or
    default-ignorable; kept as it is otherwise (newline and tab kept)."""
    ignorable = _ignorable()
    for code in [*range(0x40000), *range(0xE0000, 0xF0000)]:
        ch = chr(code)
        hidden = ch not in "\n\t" and (unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Cs"}
                                       or code in ignorable)
        assert (visible(ch) != ch) == hidden, hex(code)


@pytest.mark.parametrize("ch", ["\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\ufe0f",
                                "\U000e0100", "\u180b", "\u180f", "\u2065", "\U000e0041"])
def test_a_name_with_a_character_that_renders_as_nothing_prints_differently(invoke, make_tree,
                                                                            ch):
    """An author `Julia Ahlfeldt` + U+034F prints unlike the shipped one; a term named
    `customer service` + U+034F is refused, as any name with an escape in it is."""
    shown = visible(ch)
    assert shown.startswith("\\") and len(shown) > 2
    tree = make_tree({"sources": {"twin.yaml": "id: twin\nauthor: Julia Ahlfeldt" + ch + "\n"
                                               + DEF},
                      "terms.yaml": f"terms:\n  - id: cs2\n    name: customer service{ch}\n"})
    run = invoke("-d", str(tree), "sources", "cs")
    assert run.exit_code == 0
    assert f"Julia Ahlfeldt{shown}" in run.stdout and ch not in run.stdout
    assert "bad-name name 'customer service" in run.stderr and ch not in run.stderr
    terms = invoke("-d", str(tree), "terms", "-f", "json").stdout
    assert "cs2" not in terms and ch not in terms
    assert invoke("validate", str(tree)).exit_code == 1



# -- paths that are not UTF-8 ----------------------------------------------------------------------

LATIN1 = os.fsdecode(b"lat\xe9n")  # 'latén' in Latin-1: the OS gives cxref its bytes


@pytest.mark.parametrize("where", ["personal", "-d", "cache"])
def test_a_folder_named_in_bytes_that_are_not_utf8_works_cached_and_prints_escaped(
        invoke, tmp_path, monkeypatch, isolated_env, where):
    """The personal folder, a `-d` folder or the cache home under such a name: every command
    answers as with --no-cache, the cache is written and read (the path stored as its bytes),
    and a path is printed with the byte escaped."""
    from cxref import store

    odd = tmp_path / LATIN1
    folder = {"personal": odd / "cxref", "-d": odd / "defs", "cache": tmp_path / "plain"}[where]
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "mine.yaml").write_text("id: mine\nauthor: A\n" + DEF, "utf-8")
    (folder / "sources" / "bad.yaml").write_text("id: bad\ntitle: [\n", "utf-8")
    cache = odd / "cache" if where == "cache" else isolated_env
    monkeypatch.setenv("XDG_DATA_HOME", str(odd) if where == "personal" else str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    given = [] if where == "personal" else ["-d", str(folder)]
    for args in (["compare"], ["show", "mine", "-f", "json"], ["search", "helps"], ["export"],
                 ["folders"], ["cite"]):
        cold = invoke("--no-cache", *given, *args)
        assert cold.exit_code == 0, cold.stderr
        for _ in ("writes the cache", "reads it"):
            warm = invoke(*given, *args)
            assert (warm.exit_code, warm.stdout, warm.stderr) == \
                (cold.exit_code, cold.stdout, cold.stderr), args
        assert ("bad.yaml:3:1: syntax" in cold.stderr) == (args != ["folders"])
        assert ("lat\\udce9n" in cold.stdout + cold.stderr) == (where != "cache"), args
    path = str(folder / "sources" / "mine.yaml")
    (written,) = (cache / "cxref").glob("corpus-*.msgpack")
    stored = store._read(written, store._catalogue_key(store.definition_dirs(given[1:])))
    assert stored is not None and os.fsencode(path) in stored.entries
    assert invoke(*given, "show", "mine").exit_code == 0


# -- search finds voices ---------------------------------------------------------------------------

VOICE = {"attributed_to": "Zora Quillfeather"}
CLAIMS = {
    "definitions": {"term": "customer-service", "quote": "Service helps."},
    "contrasts": {"pair": "proactive-reactive", "quote": "Service waits."},
    "similarities": {"trait": "empathy", "quote": "Both care."},
    "stands": {"dispute": "service-needs-person", "position": "always",
               "quote": "A person always serves."},
    "remarks": {"quote": "It matters.", "about": ["customer-service"]},
}


@pytest.mark.parametrize("section", sorted(CLAIMS))
def test_search_finds_the_voice_of_every_kind_of_claim(invoke, make_tree, section):
    """The voice a claim is attributed to is text of the source: `search` finds it, and shows
    it first (the passage that holds every word)."""
    tree = make_tree({"sources": {"voiced.yaml": {"id": "voiced", "author": "Ann Writer",
                                                  section: [{**CLAIMS[section], **VOICE}]}}})
    run = invoke("-d", str(tree), "search", "quillfeather zora", "-f", "json")
    assert run.exit_code == 0, run.stderr
    results = json.loads(run.stdout)["results"]
    assert results[0] == {"rank": 1, "source": "voiced", "score": 2, "field": "attributed to",
                          "match": "Zora Quillfeather"}, results


def test_search_finds_a_voice_a_remark_quotes_in_the_shipped_data(invoke):
    """franz quotes Ani DiFranco in a remark; 'ani' is also inside 'organization'."""
    first = json.loads(invoke("search", "Ani DiFranco", "-f", "json").stdout)["results"][0]
    assert (first["source"], first["field"], first["match"]) == \
        ("franz", "attributed to", "Ani DiFranco")
