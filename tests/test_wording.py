"""What the views say in words (issues 25 and 26): every stance with its voice and the hedge
beside the voice that says it, in every view and format that shows one; a disputed pair that
names its question; the questions a list of disputes leaves out; documents and pictures that
speak to the client, not of the tool; usage errors that repeat no argument whole."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator

import pytest
from conftest import assert_one_line_error, user_source

QUISENG = "Bill Quiseng (asked by Debbie Laskey)"
DISNEY = "Disney Institute (in an HBR article)"
QUESTION = "Is customer experience the interactions, how the customer feels about them, or both?"
PERSON = ("table", "markdown", "html", "svg")
DATA = ("json", "csv")

# Each view that shows a stance, and a voice it must credit: (arguments, voice).
STANCES = [(["compare"], QUISENG), (["matrix"], QUISENG), (["why", "primary"], QUISENG),
           (["show", "franz"], QUISENG), (["sources", "cx"], DISNEY),
           (["disputes", "part-or-sibling"], "Genesys"), (["similarities"], "Gartner"),
           (["export"], QUISENG), (["export", "matrix"], QUISENG)]


def words(fmt: str, text: str) -> str:
    """What a reader of `fmt` reads, its white space folded."""
    if fmt in ("html", "svg"):
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return " ".join(text.split())


def objects(value: object) -> Iterator[dict]:
    """Every JSON object in `value`, at any depth."""
    if isinstance(value, dict):
        yield value
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from objects(item)


@pytest.mark.parametrize("fmt", PERSON + DATA)
@pytest.mark.parametrize("args,voice", STANCES)
def test_every_view_of_a_stance_names_its_voice(invoke, args, voice, fmt):
    """A person reads the voice beside the stance ('quoting X', 'reporting X', a Voice
    column); the data keeps attributed_to and reported (compare's CSV, a cell a pair, says it
    in the note after each source); no one reads 'hedged:' on a whole row."""
    run = invoke(*args, "-f", fmt, "--no-pager", width=1000)
    if fmt == "svg" and run.exit_code == 2:
        assert "an SVG of a table is a picture" in run.stderr  # too long for one: refused
        return
    assert run.exit_code == 0, run.stderr
    if fmt == "csv":
        cells = {cell for row in csv.reader(io.StringIO(run.stdout)) for cell in row}
        if args == ["compare"]:  # a cell per pair: each source, and its note
            assert any(f'franz (quoting {QUISENG}, who says "In today’s' in c for c in cells)
        else:
            assert cells & {"Attributed to", "attributed_to"} and cells & {"Reported",
                                                                          "reported"}
            assert voice in cells
        return
    if fmt == "json":  # every object with a stance or a quote, at any depth, has a voice
        found = list(objects(json.loads(run.stdout)))
        stances = [o for o in found if o.keys() & {"stance", "quote"}]
        assert stances and voice in run.stdout
        assert all({"attributed_to", "reported"} <= o.keys() for o in stances)
        return
    said = words(fmt, run.stdout)
    assert voice.split(" (")[0] in said and "hedged:" not in said
    if args[0] in ("compare", "matrix") and fmt != "svg":
        assert f'quoting {QUISENG}, who says "In today’s very competitive marketplace"' in said
        assert f'quoting {DISNEY}, who says "traditional definition"' in said


def test_a_hedge_is_not_the_sources_own(invoke):
    """Disney's 'traditional definition' qualifies Disney's claim on ongoing / isolated, not
    Franz's own words beside it: in the data too, the hedge is on Disney's row alone."""
    rows = json.loads(invoke("matrix", "-s", "franz", "-f", "json").stdout)["matrix"]
    ongoing = {r["attributed_to"]: r["hedges"] for r in rows if r["pair"] == "ongoing-isolated"}
    assert ongoing == {None: [], DISNEY: ["traditional definition"]}
    compare = json.loads(invoke("compare", "-s", "franz", "-f", "json").stdout)["pairs"]
    (franz,) = next(r["sources"] for r in compare if r["pair"] == "ongoing-isolated")
    assert {v["attributed_to"]: v["hedges"] for v in franz["voices"]} == ongoing


# -- a disputed pair names its question --------------------------------------------------------

@pytest.fixture
def disputed(make_tree):
    """A user source that holds an answer excluding the shipped one on the question that puts
    feelings / actions in doubt (reported, from a voice), and contests 'reactive'."""
    stand = {"dispute": "cx-interactions-or-feelings", "position": "only-interactions",
             "quote": "CX is the interactions, nothing more.", "attributed_to": "Ona Voice",
             "reported": True}
    contest = {"pair": "proactive-reactive", "side": "customer-service", "stance": "contests",
               "quote": "Service is not only a reaction."}
    return make_tree({"sources": {"mine.yaml": user_source("mine", stands=[stand],
                                                            contrasts=[contest])}})


PAIR = "how the customer feels / what you do for them"


@pytest.mark.parametrize("args", [["compare"], ["why", "feelings-actions"], ["chart"],
                                  ["export"], ["export", "evidence"]])
@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "svg"])
def test_a_disputed_pair_names_its_question_in_words(invoke, disputed, args, fmt, tmp_path):
    """Wherever the mark 'disputed' is, the question is named in words; a document or a
    picture names no id and no command; only the terminal points to one."""
    if fmt == "svg" and args[0] == "export":
        return  # export writes no picture of itself
    target = tmp_path / f"out.{fmt if fmt != 'table' else 'txt'}"
    run = invoke("-d", str(disputed), *args, "-f", fmt, "-o", str(target), width=120)
    if fmt == "svg" and run.exit_code == 2:
        assert "an SVG of a table is a picture" in run.stderr
        return
    assert run.exit_code == 0, run.stderr
    said = words(fmt, target.read_text(encoding="utf-8"))
    if args[0] == "chart" and fmt == "svg":  # matplotlib breaks the caption into lines
        said = said.replace("- ", "-")
    assert f'the sources disagree on "{QUESTION}"' in said
    assert "A. User argues against reactive" in said or args[1:] == ["feelings-actions"] \
        or args[1:] == ["evidence"]
    if fmt == "table":
        assert "cxref why feelings-actions" in said or args[0] != "compare"
    else:
        assert "cxref " not in said and "`" not in said
        assert "cx-interactions-or-feelings" not in said and "feelings-actions" not in said


def test_why_of_a_disputed_pair_shows_the_disputing_quotes(invoke, disputed):
    run = invoke("-d", str(disputed), "why", "feelings-actions", "-f", "json")
    doc = json.loads(run.stdout)
    held = {(r["position_id"], r["source"], r["attributed_to"], r["reported"])
            for r in doc["stands"]}
    assert ("only-interactions", "mine", "Ona Voice", True) in held
    assert ("both", "franz", "Maximizer", False) in held
    text = words("table", invoke("-d", str(disputed), "why", "feelings-actions").stdout)
    assert f"Disputed: {QUESTION}" in text and "CX is the interactions, nothing more." in text
    assert "Ona Voice, as reported by A. User" in text
    shipped = invoke("why", "feelings-actions", "-f", "json")
    assert "stands" not in json.loads(shipped.stdout) and "Disputed" not in shipped.stdout


def test_the_chart_explains_disputed_only_where_a_bar_is(invoke, disputed):
    shipped = invoke("chart", "-f", "markdown").stdout
    assert "disputed" not in shipped
    marked = words("markdown", invoke("-d", str(disputed), "chart", "-f", "markdown").stdout)
    assert "(disputed)" in marked and f"Disputed: {PAIR}, as the sources disagree" in marked


# -- the questions left out ---------------------------------------------------------------------

def test_the_disputes_left_out_are_counted_and_can_be_seen(invoke):
    """The catalogue asks 7 questions; the shipped sources hold two answers on one. The others
    are counted and named; --all shows every one, and naming one shows it whatever is held."""
    text = words("table", invoke("disputes").stdout)
    assert "Left out: 6 questions on which these sources hold fewer than two answers" in text \
        and '"Does customer service always involve a person?"' in text
    assert "cxref disputes --all shows every question" in text
    every = json.loads(invoke("disputes", "--all", "-f", "json").stdout)
    assert len({r["dispute"] for r in every["stands"]}) == 7 and "notes" not in every
    one = json.loads(invoke("disputes", "service-needs-person", "-f", "json").stdout)
    assert {r["dispute"] for r in one["stands"]} == {"service-needs-person"}
    assert "notes" not in one
    for fmt in ("markdown", "html"):
        doc = words(fmt, invoke("export", "disputes", "-f", fmt).stdout)
        assert "Left out: 6 questions" in doc and "cxref" not in doc.replace(
            'content="cxref"', "")
    chart = words("table", invoke("chart", "disputes").stdout)
    assert "Left out: 6 questions" in chart and "cxref disputes --all" in chart
    assert "Left out: 6 questions" in words("markdown", invoke(
        "chart", "disputes", "-f", "markdown").stdout)


# -- documents for the client ---------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_an_export_speaks_to_the_client(invoke, fmt):
    """No command line, id or backtick in the document; its title is the reference's own, or
    the one given."""
    text = invoke("export", "-f", fmt).stdout
    said = words(fmt, text.replace('content="cxref"', ""))
    assert "cxref" not in said and "`" not in said and "hedged:" not in said
    for dispute_id in ("service-only-problems", "service-needs-person"):
        assert dispute_id not in said
    assert "Customer experience vs customer service" in said
    titled = invoke("export", "-f", fmt, "--title", "CX and CS for Acme").stdout
    assert "CX and CS for Acme" in titled and "Customer experience vs customer service" \
        not in titled


def test_pictures_speak_to_the_client(invoke, tmp_path):
    for what in ("backing", "disputes"):
        target = tmp_path / f"{what}.svg"
        assert invoke("chart", what, "-o", str(target)).exit_code == 0
        said = words("svg", target.read_text(encoding="utf-8"))
        assert "cxref" not in said, what


def test_the_terminal_alone_shows_the_hints(invoke, tmp_path):
    """The one field of lines for the terminal: shown there, in no other format."""
    assert "cxref disputes --all" in invoke("disputes").stdout
    for fmt in ("markdown", "html", "json", "csv", "svg"):
        assert "cxref disputes --all" not in invoke("disputes", "-f", fmt).stdout, fmt


# -- smaller --------------------------------------------------------------------------------------

def test_a_long_argument_is_not_repeated_whole(invoke):
    long = "x" * 100_000 + "end"
    for args in (["why", long], ["export", long], ["chart", f"--aspect={long}"],
                 ["sources", long]):
        line = assert_one_line_error(invoke(*args), 2)
        assert len(line) < 400 and "…" in line and "end" in line, args


def test_similarities_refuses_a_term_against_itself(invoke):
    assert_one_line_error(invoke("similarities", "cx", "cx"), 2, "two different terms")
    assert_one_line_error(invoke("compare", "cx", "CX"), 2, "two different terms")
