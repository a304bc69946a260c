"""The command line through typer's CliRunner: every command, every format, --output, and the
usage errors, with exit code, stdout and stderr checked apart at a pinned width.

Expected values come from the definitions files read with plain PyYAML (not with cxref), so a
loader or query bug cannot hide behind its own output.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import (
    SHIPPED,
    WIDTH,
    assert_one_line_error,
    shipped_docs,
    table_commands,
    user_source,
)

from cxref import __version__
from cxref.render import TABLES

COMMANDS = table_commands()
FORMATS = [f.value for f in TABLES]  # what every table command writes
# The reports too long for a picture of their table (svg refuses beyond 100 lines).
TOO_LONG_FOR_A_PICTURE = {"show", "export"}



def as_json(run: Any) -> Any:
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    return json.loads(run.stdout)


class _TagBalance(HTMLParser):
    VOID = frozenset({"meta", "br", "link", "img", "hr", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def check_format(fmt: str, text: str, command: str) -> None:
    """`text` is a well-formed document of format `fmt` made by `command`."""
    assert text.endswith("\n")
    if fmt == "json":
        doc = json.loads(text)
        assert doc["command"] == command
        assert doc["title"]
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows and rows[0]
        tables: list[list[list[str]]] = [[]]
        for row in rows:
            if row:
                tables[-1].append(row)
            else:
                tables.append([])
        for table in tables:
            assert table, "an empty CSV block"
            assert {len(r) for r in table} == {len(table[0])}, "ragged CSV table"
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>\n")
        parser = _TagBalance()
        parser.feed(text)
        assert parser.errors == [] and parser.stack == []
        assert text.count("<table>") == text.count("</table>") >= 1
    elif fmt == "markdown":
        if command == "export":  # a document: its title in a YAML block, for pandoc -s
            assert text.startswith('---\ntitle: "')
        else:
            assert text.startswith("# ")
        # a table, or one wider than a page as a block per row: a bold line, then its cells
        assert re.search(r"^\| -{3,} \|", text, re.M) or re.search(r"^\*\*.+\*\*\n\n- \*", text,
                                                                    re.M)
    elif fmt == "svg":
        import xml.etree.ElementTree as ElementTree

        root = ElementTree.fromstring(text)  # well-formed XML
        assert root.tag.endswith("svg")
        assert 'url("http' not in text  # nothing fetched from elsewhere when it is opened
        assert "\x1b" not in text
    else:
        assert fmt == "table"
        assert "━" in text or "Search" in text
        assert max(len(line) for line in text.splitlines()) <= WIDTH
        assert "\x1b" not in text  # not a terminal: no colour


# -- every command, every format ----------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_renders_in_format(invoke, command, fmt):
    run = invoke(*COMMANDS[command], "--format", fmt)
    if fmt == "svg" and command in TOO_LONG_FOR_A_PICTURE:
        assert_one_line_error(run, 2, "an SVG of a table is a picture", "at most 100 lines",
                              "cxref chart", "html or markdown")
        return
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    check_format(fmt, run.stdout, command)


@pytest.mark.parametrize("fmt", ["markdown", "json", "csv", "html"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_output_file_holds_what_stdout_would(invoke, tmp_path, command, fmt):
    target = tmp_path / f"out.{fmt}"
    to_file = invoke(*COMMANDS[command], "-f", fmt, "--output", str(target))
    assert (to_file.exit_code, to_file.stdout, to_file.stderr) == (0, "", "")
    to_stdout = invoke(*COMMANDS[command], "-f", fmt)
    assert target.read_bytes().decode("utf-8") == to_stdout.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_output_file_table_is_plain_text(invoke, tmp_path, command):
    target = tmp_path / "out.txt"
    run = invoke(*COMMANDS[command], "-o", str(target), env={"FORCE_COLOR": "1"})
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "")
    text = target.read_text(encoding="utf-8")
    title = invoke(*COMMANDS[command], "-f", "json").stdout
    assert json.loads(title)["title"].split()[0] in text
    assert "\x1b" not in text  # a file gets no colour, even when colour is forced


def test_output_file_that_cannot_be_written_is_exit_3(invoke, tmp_path):
    target = tmp_path / "no-such-folder" / "out.md"
    run = invoke("terms", "-f", "markdown", "-o", str(target))
    assert_one_line_error(run, 3, "cannot write", "out.md")
    assert not target.exists()


# -- compare --------------------------------------------------------------------------------------

def _support(row: dict[str, Any]) -> int:
    return row["support"]


def plain_figures() -> dict[str, dict[str, set[str]]]:
    """Per pair: the sources that back both sides, back one side, and contest a side, from
    the shipped files read with plain PyYAML (not cxref's loader)."""
    pairs = yaml.safe_load((SHIPPED / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]
    sides = {p["id"]: set(p["sides"]) for p in pairs}
    out: dict[str, dict[str, set[str]]] = {}
    for sid, doc in shipped_docs().items():
        backed: dict[str, set[str]] = {}
        for c in doc.get("contrasts") or []:
            figures = out.setdefault(c["pair"], {"both": set(), "one": set(), "contested": set()})
            if c.get("stance") == "contests":
                figures["contested"].add(sid)
            else:
                backed.setdefault(c["pair"], set()).update(
                    [c["side"]] if c.get("side") else sides[c["pair"]])
        for pair, covered in backed.items():
            out[pair]["both" if covered == sides[pair] else "one"].add(sid)
    return out


def test_compare_default_is_cx_then_cs_two_sided_backing_first(invoke):
    doc = as_json(invoke("compare", "-f", "json"))
    assert doc["title"] == "customer experience (CX) vs customer service (CS)"
    rows = doc["pairs"]
    assert rows
    figures = plain_figures()
    ranks = [(-len(figures[r["pair"]]["both"]), -len(figures[r["pair"]]["one"]),
              len(figures[r["pair"]]["contested"])) for r in rows]
    assert ranks == sorted(ranks)
    # Every pair in the shipped catalogue between CX and CS that some source backs is a row,
    # and the support is the number of sources that back it, on both sides or on one.
    pairs = yaml.safe_load((SHIPPED / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]
    backers = {pair: f["both"] | f["one"] for pair, f in figures.items()}
    expected = {p["id"]: (p["sides"]["customer-experience"], p["sides"]["customer-service"],
                          len(backers[p["id"]]))
                for p in pairs if set(p["sides"]) == {"customer-experience", "customer-service"}
                and backers.get(p["id"])}
    assert {r["pair"]: (r["a"], r["b"], r["support"]) for r in rows} == expected
    for row in rows:
        assert {s["source"] if isinstance(s, dict) else s for s in row["sources"]} == \
            backers[row["pair"]] | figures[row["pair"]]["contested"]


def test_compare_table_shows_k_of_n(invoke):
    run = invoke("compare")
    assert run.exit_code == 0 and run.stderr == ""
    first_line = run.stdout.splitlines()[0]
    assert first_line == "customer experience (CX) vs customer service (CS)"
    # N: the sources that define both terms or back a CX / CS pair (every shipped one does);
    # k: the most sources behind one pair.
    pairs = yaml.safe_load((SHIPPED / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]
    cx_cs = {p["id"] for p in pairs if set(p["sides"]) == {"customer-experience",
                                                            "customer-service"}}
    backers: dict[str, set[str]] = {}
    n = 0
    for sid, doc in shipped_docs().items():
        defined = {d["term"] for d in doc.get("definitions") or []}
        backed = {c["pair"] for c in doc.get("contrasts") or []} & cx_cs
        for pair in backed:
            backers.setdefault(pair, set()).add(sid)
        n += bool(backed or {"customer-experience", "customer-service"} <= defined)
    figures = plain_figures()
    top = max(len(f["both"]) for pair, f in figures.items() if pair in cx_cs)
    flat = " ".join(run.stdout.replace("│", " ").split())
    assert f"{top} both sides" in flat  # the first row carries the most two-sided backing
    assert f"Out of the {n} sources that describe or contrast both terms" in flat


def test_compare_cs_cx_flips_the_columns(invoke):
    normal = invoke("compare", "-f", "markdown").stdout.splitlines()
    flipped = invoke("compare", "cs", "cx", "-f", "markdown").stdout.splitlines()
    assert flipped[0] == "# customer service (CS) vs customer experience (CX)"
    header = next(line for line in flipped if line.startswith("| customer"))
    assert header.startswith("| customer service (CS) | customer experience (CX) |")
    # A person reads pairs by their sides: no id column.
    assert "holistic-specific" not in "\n".join(flipped)
    rows = {tuple(line.split(" | ")[:2]): line.split(" | ") for line in normal
            if line.startswith("| ")}
    flipped_rows = [line.split(" | ") for line in flipped
                    if line.startswith("| ") and not line.startswith(("| customer", "| ---"))]
    assert len(flipped_rows) == len(rows) - 2
    for cells in flipped_rows:
        original = rows[("| " + cells[1], cells[0][2:])]
        assert cells[2:] == original[2:]


def test_compare_min_support_drops_weaker_rows(invoke):
    everything = as_json(invoke("compare", "-f", "json"))["pairs"]
    strong = as_json(invoke("compare", "--min-support", "4", "-f", "json"))["pairs"]
    assert strong == [r for r in everything if r["support"] >= 4]
    assert 0 < len(strong) < len(everything)
    none = as_json(invoke("compare", "-k", "99", "-f", "json"))["pairs"]
    assert none == []


def test_compare_min_support_nothing_left_says_so(invoke):
    run = invoke("compare", "-k", "99")
    assert run.exit_code == 0 and run.stderr == ""
    assert "no trait pair matches" in run.stdout


def test_compare_source_counts_only_those_sources(invoke):
    doc = as_json(invoke("compare", "--source", "franz", "-s", "REHBEIN", "-f", "json"))
    sources = shipped_docs()
    for row in doc["pairs"]:
        ids = {s["source"] if isinstance(s, dict) else s for s in row["sources"]}
        assert ids <= {"franz", "rehbein"}
        assert row["support"] == len(ids)
        assert ids == {sid for sid in ("franz", "rehbein")
                       if any(c["pair"] == row["pair"] for c in sources[sid]["contrasts"])}
    assert {r["id"] for r in doc["references"]} <= {"franz", "rehbein"}
    table = invoke("compare", "-s", "franz", "-s", "rehbein")
    assert "of the 2 sources" in table.stdout


def test_compare_unknown_source_suggests(invoke):
    run = invoke("compare", "--source", "frnaz")
    assert_one_line_error(run, 2, "unknown source 'frnaz'", "did you mean 'franz'")


def test_compare_same_term_twice_is_usage_error(invoke):
    assert_one_line_error(invoke("compare", "CX", "customer experience"), 2, "two different")


# -- sources, similarities, terms, show -------------------------------------------------------

@pytest.mark.parametrize("name", ["customer service", "CS", "cs", "Customer Service",
                                  "customer-service", "  CUSTOMER   service "])
def test_sources_finds_term_by_name_alias_or_id_any_case(invoke, name):
    doc = as_json(invoke("sources", name, "-f", "json"))
    expected = [(sid, d["quote"]) for sid, s in shipped_docs().items()
                for d in s.get("definitions") or [] if d["term"] == "customer-service"]
    got = [(row["source"], row["quote"]) for row in doc["definitions"]]
    assert got == expected
    assert doc["title"] == "Definitions of customer service (CS)"


def test_sources_table_shows_attribution(invoke):
    run = invoke("sources", "cs")
    assert run.exit_code == 0 and run.stderr == ""
    assert "Chris Zane" in run.stdout
    assert "Voice" in run.stdout
    rows = as_json(invoke("sources", "cs", "-f", "json"))["definitions"]
    assert "Disney Institute (in an HBR article)" in [r["attributed_to"] for r in rows]


def test_similarities_lists_every_shared_trait_with_sources(invoke):
    doc = as_json(invoke("similarities", "-f", "json"))
    traits = yaml.safe_load((SHIPPED / "shared-traits.yaml").read_text(encoding="utf-8"))
    names = {t["id"]: t["name"] for t in traits["shared_traits"]}
    expected = sorted((names[sim["trait"]], sid, " ".join(sim["quote"].split()))
                      for sid, s in shipped_docs().items() for sim in s.get("similarities") or [])
    got = sorted((row["trait"], row["source"], " ".join(row["quote"].split()))
                 for row in doc["similarities"])
    assert got == expected


def test_similarities_flipped_swaps_descriptions(invoke):
    ab = as_json(invoke("similarities", "-f", "json"))["similarities"]
    ba = as_json(invoke("similarities", "cs", "cx", "-f", "json"))["similarities"]
    assert [(r["trait"], r["a"], r["b"]) for r in ab] == [(r["trait"], r["b"], r["a"]) for r in ba]


def test_terms_lists_every_term_and_who_defines_it(invoke):
    doc = as_json(invoke("terms", "-f", "json"))
    catalogue = yaml.safe_load((SHIPPED / "terms.yaml").read_text(encoding="utf-8"))["terms"]
    assert [r["id"] for r in doc["terms"]] == [t["id"] for t in catalogue]
    for row in doc["terms"]:
        definers = [sid for sid, s in shipped_docs().items()
                    if any(d["term"] == row["id"] for d in s.get("definitions") or [])]
        assert (row["defined_by"] or []) == definers


@pytest.mark.parametrize("given", ["franz", "FRANZ", " Franz "])
def test_show_lists_every_claim_of_a_source(invoke, given):
    doc = as_json(invoke("show", given, "-f", "json"))
    franz = shipped_docs()["franz"]
    kinds = [row["kind"] for row in doc["claims"]]
    descriptions = sum(len(s.get("descriptions") or {}) for s in franz.get("similarities") or [])
    assert kinds.count("definition") == len(franz["definitions"])
    assert kinds.count("contrast") == len(franz["contrasts"])
    assert kinds.count("similarity") == len(franz.get("similarities") or [])
    assert kinds.count("description") == descriptions
    assert doc["fields"]["author"] == "Annette Franz"
    assert [r["quote"] for r in doc["claims"][: len(franz["definitions"])]] == \
        [d["quote"] for d in franz["definitions"]]


def test_show_unknown_source_suggests(invoke):
    assert_one_line_error(invoke("show", "frnaz"), 2, "unknown source 'frnaz'",
                          "did you mean 'franz'")


def test_show_unknown_source_far_off_lists_known(invoke):
    line = assert_one_line_error(invoke("show", "zzzzzz"), 2, "unknown source 'zzzzzz'")
    assert "did you mean" not in line
    for sid in shipped_docs():
        assert sid in line


# -- why ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("given", ["reactive", "proactive", "Proactive", "proactive-reactive",
                                   "proactive vs reactive", "reactive vs. proactive",
                                   "proactive / reactive", "PROACTIVE versus REACTIVE"])
def test_why_finds_pair_by_side_id_or_both(invoke, given):
    doc = as_json(invoke("why", given, "-f", "json"))
    assert {r["pair"] for r in doc["evidence"]} == {"proactive-reactive"}
    expected = [(sid, c["quote"]) for sid, s in shipped_docs().items()
                for c in s.get("contrasts") or [] if c["pair"] == "proactive-reactive"]
    assert [(r["source"], r["quote"]) for r in doc["evidence"]] == expected


def test_why_marks_side_only_quotes(invoke):
    doc = as_json(invoke("why", "reactive", "-f", "json"))
    sides = {(r["source"], r["quote"]): r["speaks_to"] for r in doc["evidence"]}
    for sid, s in shipped_docs().items():
        for c in s.get("contrasts") or []:
            if c["pair"] == "proactive-reactive":
                want = {"customer-experience": "proactive only",
                        "customer-service": "reactive only", None: "both sides"}[c.get("side")]
                assert sides[(sid, c["quote"])] == want


def test_why_unknown_trait_suggests(invoke):
    assert_one_line_error(invoke("why", "reactiv"), 2, "unknown trait 'reactiv'",
                          "did you mean 'reactive'")


def test_why_pair_of_unrelated_traits_is_unknown(invoke):
    assert_one_line_error(invoke("why", "proactive vs secondary"), 2, "unknown trait")


# -- matrix, search, export ---------------------------------------------------------------------

def test_matrix_has_a_row_per_voice_of_a_source_on_a_pair(invoke):
    """As data, the matrix is tidy: a row for each voice of a source on a pair (the source's
    own words too), with that voice's stance, side, contested sides, hedges and whether it is
    reported, as the plain YAML has them."""
    doc = as_json(invoke("matrix", "-f", "json"))
    pairs = yaml.safe_load((SHIPPED / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]
    expected = set()
    for sid, source in shipped_docs().items():
        for pair in pairs:
            mine = [c for c in source.get("contrasts") or [] if c["pair"] == pair["id"]]
            for voice in dict.fromkeys(c.get("attributed_to") for c in mine):
                said = [c for c in mine if c.get("attributed_to") == voice]
                backed = {s for c in said if c.get("stance") != "contests"
                          for s in ([c["side"]] if c.get("side") else pair["sides"])}
                contests = tuple(c["side"] for c in said if c.get("stance") == "contests")
                stance = ("mixed" if backed and contests else "contests" if contests else
                          "both sides" if len(backed) == 2 else "one side")
                expected.add((sid, pair["id"], voice, any(c.get("reported") for c in said),
                              stance, backed.pop() if len(backed) == 1 else None, contests,
                              tuple(dict.fromkeys(c["hedge"] for c in said if c.get("hedge")))))
    got = {(r["source"], r["pair"], r["attributed_to"], r["reported"], r["stance"], r["side"],
            tuple(r["contests"]), tuple(r["hedges"])) for r in doc["matrix"]}
    assert got == expected and len(got) == len(doc["matrix"])


def test_matrix_source_filter(invoke):
    doc = as_json(invoke("matrix", "-s", "ahlfeldt", "-f", "json"))
    assert {r["source"] for r in doc["matrix"]} == {"ahlfeldt"}
    assert_one_line_error(invoke("matrix", "-s", "nobody-at-all"), 2, "unknown source")


def test_search_finds_every_word_best_first(invoke):
    doc = as_json(invoke("search", "one", "piece", "-f", "json"))
    ranked = []
    for row in doc["results"]:
        if row["source"] not in ranked:
            ranked.append(row["source"])
    expected = {sid for sid, s in shipped_docs().items()
                if any("one" in q.casefold() and "piece" in q.casefold()
                       for q in [d["quote"] for d in s.get("definitions") or []]
                       + [c["quote"] for c in s.get("contrasts") or []])}
    assert set(ranked) >= expected and expected
    scores = [next(r["score"] for r in doc["results"] if r["source"] == sid) for sid in ranked]
    assert scores == sorted(scores, reverse=True)


def test_search_limit(invoke):
    doc = as_json(invoke("search", "customer", "--limit", "1", "-f", "json"))
    assert len({r["source"] for r in doc["results"]}) == 1
    assert len(doc["references"]) == 1


def test_search_without_a_match_says_so(invoke):
    run = invoke("search", "xyzzy-nothing")
    assert run.exit_code == 0 and run.stderr == ""
    assert "nothing matches 'xyzzy-nothing'" in run.stdout


def test_search_blank_is_usage_error(invoke):
    assert_one_line_error(invoke("search", "   "), 2, "search needs some text")


def test_export_all_is_markdown_with_every_part(invoke):
    run = invoke("export")
    assert run.exit_code == 0 and run.stderr == ""
    text = run.stdout
    assert text.startswith('---\ntitle: "Customer experience vs customer service')
    for heading in ("# Terms", "# Definitions by source", "# customer experience (CX) vs",
                    "# The evidence for each pair", "## proactive / reactive: backing",
                    "# What customer experience (CX) and customer service (CS) share",
                    "# Which source backs which trait pair", "# References"):
        assert f"\n{heading}" in text
    for sid in shipped_docs():  # every source listed once, and cited by a link to it
        assert text.count(f'<a name="ref-{sid}"></a>') == 1
        assert f"](#ref-{sid})" in text
    assert "[^" not in text  # no footnotes: pandoc made one Word note per use of each


@pytest.mark.parametrize("part,table", [("terms", "terms"), ("definitions", "definitions"),
                                        ("compare", "pairs"), ("similarities", "similarities"),
                                        ("matrix", "matrix")])
def test_export_one_part(invoke, part, table):
    doc = as_json(invoke("export", part, "-f", "json"))
    assert doc["command"] == part
    tables = [k for k, v in doc.items() if isinstance(v, list) and k not in ("notes",
                                                                             "references")]
    assert tables == [table]
    # The whole reference is one tidy table of every claim instead.
    everything = as_json(invoke("export", "-f", "json"))
    assert [k for k, v in everything.items() if isinstance(v, list) and k not in (
        "notes", "references")] == ["claims"]


@pytest.mark.parametrize("args,fragment", [
    (["export", "everything"], "'everything' is not one of 'all', 'terms', 'definitions'"),
    (["export", "--citations", "apa"], "'apa' is not one of 'names', 'pandoc'"),
    (["chart", "pie"], "'pie' is not one of 'backing', 'disputes'"),
])
def test_a_choice_not_offered_is_one_line_naming_the_choices(invoke, args, fragment):
    assert_one_line_error(invoke(*args), 2, fragment, f"(see 'cxref {args[0]} --help')")


def test_export_offers_every_part_there_is():
    from typing import get_args

    from cxref import cli, exporting

    assert list(get_args(cli.Part)) == ["all", *exporting.PARTS]


# -- validate ------------------------------------------------------------------------------------

def test_validate_shipped_tree_is_clean(invoke):
    run = invoke("validate")
    assert run.exit_code == 0
    assert run.stdout == ""
    assert re.fullmatch(r"cxref: no problems in \d+ files read\n", run.stderr)


def test_validate_lists_every_problem_one_per_line(invoke, make_tree):
    tree = make_tree({"sources": {
        "one.yaml": user_source("one", url="ftp://x.example", colour="red"),
        "two.yaml": "---\nid: two\ntitle: [unclosed\n",
        "three.yaml": user_source("not-three"),
        "four.yaml": user_source("four", contrasts=[{"pair": "no-such-pair", "quote": "q"}]),
    }})
    run = invoke("validate", str(tree))
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    codes = []
    for line in lines:
        match = re.fullmatch(r"(.+?):(\d+):(\d+): ([a-z-]+) (.+)", line)
        assert match, line
        assert Path(match[1]).parent == tree / "sources"
        codes.append((Path(match[1]).name, match[4]))
    assert sorted(codes) == sorted([
        ("one.yaml", "unknown-key"), ("one.yaml", "bad-url"), ("two.yaml", "syntax"),
        ("three.yaml", "id-mismatch"), ("four.yaml", "unknown-pair")])
    assert re.fullmatch(rf"cxref: {len(lines)} problems in \d+ files? of \d+ read\n", run.stderr)


def test_validate_clean_user_tree(invoke, make_tree):
    tree = make_tree({"sources": {"mine.yaml": user_source("mine")}})
    run = invoke("validate", str(tree))
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr.startswith("cxref: no problems in ")


def test_validate_missing_folder_is_usage_error(invoke, tmp_path):
    assert_one_line_error(invoke("validate", str(tmp_path / "nope")), 2, "no such folder")


# -- usage errors, help, version -------------------------------------------------------------

@pytest.mark.parametrize("args,fragment", [
    (["sources", "customer servise"], "did you mean 'customer service'"),
    (["sources", "Customer Cair"], "did you mean 'customer care'"),
    (["sources", "custmer-servce"], "did you mean 'customer service'"),  # an id, named
    (["compare", "customer experiance"], "did you mean 'customer experience'"),
    (["similarities", "cx", "custmer service"], "did you mean 'customer service'"),
    (["why", "proactiv"], "did you mean 'proactive'"),
    (["show", "ahlfeld"], "did you mean 'ahlfeldt'"),
])
def test_unknown_name_is_one_line_with_suggestion(invoke, args, fragment):
    assert_one_line_error(invoke(*args), 2, "unknown", fragment)


@pytest.mark.parametrize("args,fragment", [
    (["compare", "--bogus"], "No such option: --bogus"),
    (["--bogus"], "No such option: --bogus"),
    (["compare", "--min-support", "-1"], "--min-support"),
    (["compare", "--min-support", "many"], "--min-support"),
    (["terms", "--format", "xml"], "'xml'"),
    (["sources"], "Missing argument"),
    (["show"], "which source? give one of: ahlfeldt, amadebai, franz"),
    (["why"], "which trait? give one of: holistic, specific"),
    (["search", "x", "--limit", "0"], "--limit"),
    (["nosuchcommand"], "nosuchcommand"),
])
def test_bad_usage_is_exit_2_one_line(invoke, args, fragment):
    assert_one_line_error(invoke(*args), 2, fragment)


def test_format_is_case_insensitive(invoke):
    assert invoke("terms", "-f", "JSON").stdout == invoke("terms", "-f", "json").stdout


def test_no_arguments_prints_help(invoke):
    run = invoke()
    assert run.exit_code == 0
    for command in [*COMMANDS, "validate"]:
        assert command in run.stdout


def test_version(invoke):
    run = invoke("--version")
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"cxref {__version__}\n", "")


@pytest.mark.parametrize("command", [*sorted(COMMANDS), "validate"])
def test_every_command_has_help_with_an_example(invoke, command):
    run = invoke(command, "--help")
    assert run.exit_code == 0 and run.stderr == ""
    assert "Example: cxref " in run.stdout
    assert "Usage: cxref " + command in run.stdout


def test_user_definitions_are_added(invoke, make_tree):
    tree = make_tree({"sources": {"mine.yaml": user_source("mine", title="Mine, all mine")}})
    doc = as_json(invoke("--definitions", str(tree), "show", "mine", "-f", "json"))
    assert doc["title"] == "Mine, all mine"
    matrix = as_json(invoke("-d", str(tree), "matrix", "-f", "json"))
    assert "mine" in [r["source"] for r in matrix["matrix"]]
    assert set(shipped_docs()) < {r["source"] for r in matrix["matrix"]}


def test_definitions_from_environment(invoke, make_tree):
    tree = make_tree({"sources": {"envsrc.yaml": user_source("envsrc")}})
    doc = as_json(invoke("show", "envsrc", "-f", "json", env={"CXREF_DEFINITIONS": str(tree)}))
    assert doc["fields"]["id"] == "envsrc"


def test_definitions_folder_missing_is_usage_error(invoke, tmp_path):
    run = invoke("-d", str(tmp_path / "absent"), "terms")
    assert_one_line_error(run, 2, "--definitions", "no such folder")


def test_no_cache_gives_the_same_answer(invoke):
    cached = invoke("compare", "-f", "json")
    again = invoke("compare", "-f", "json")
    uncached = invoke("--no-cache", "compare", "-f", "json")
    assert cached.stdout == again.stdout == uncached.stdout


def test_cache_lives_under_xdg_cache_home(invoke, isolated_env):
    """The autouse fixture points XDG_CACHE_HOME at a temporary folder: the run caches there
    (so no test touches the real cache), and a second run reads it back identically."""
    first = invoke("terms", "-f", "json")
    assert first.exit_code == 0
    assert any((isolated_env / "cxref").iterdir())
    assert invoke("terms", "-f", "json").stdout == first.stdout


def test_a_changed_user_file_is_read_again(invoke, make_tree):
    tree = make_tree({"sources": {"mine.yaml": user_source("mine", title="Before")}})
    assert '"title": "Before"' in invoke("-d", str(tree), "show", "mine", "-f", "json").stdout
    from conftest import write_tree

    write_tree(tree, {"sources": {"mine.yaml": user_source("mine", title="After the edit")}})
    assert '"title": "After the edit"' in invoke("-d", str(tree), "show", "mine",
                                                 "-f", "json").stdout


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "csv", "table"])
def test_export_makes_only_what_its_format_reads(fmt):
    """The whole reference is made for its format: the parts a person reads for markdown,
    HTML and the terminal, the one table of every claim for JSON and CSV, and nothing the
    format would throw away; the output is the same as from the report made with both."""
    from rich.console import Console

    from cxref import exporting, loader
    from cxref.render import DATA, Format, renderer

    corpus = loader.check_folders([SHIPPED])[0]
    chosen = Format(fmt)
    made = exporting.build(corpus, fmt=chosen)
    both = exporting.build(corpus)
    if chosen in DATA:
        assert [t.name for t in made.tables] == ["claims"]
    else:
        assert made.tables and not made.data_tables()
        assert made.person_tables() == both.person_tables()

    def text(report):
        rendered = renderer(chosen)(report)
        if chosen is Format.table:
            buffer = io.StringIO()
            Console(file=buffer, width=100, color_system=None).print(rendered)
            return buffer.getvalue()
        return rendered

    assert text(made) == text(both)
