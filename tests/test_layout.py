"""Every command reads at every width: rendered at 40 to 200 columns, no line is wider than
the terminal, no ordinary word of the data is split across lines, columns empty in every row
are left out, and a table keeps its prose column (quote, definition, sources) at least
MIN_PROSE wide or turns into one block per row. A wider terminal never makes a view longer
(60 to 240 columns, every command, rendered in-process from the report the CLI builds), and
ids, list items and cited names are whole where there is room for them."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cxref.render import Format, terminal

WIDTHS = [40, 60, 80, 100, 120, 160, 200]
COMMANDS = {
    "compare": ["compare"], "sources cx": ["sources", "cx"], "sources cs": ["sources", "cs"],
    "similarities": ["similarities"], "terms": ["terms"], "show franz": ["show", "franz"],
    "show amadebai": ["show", "amadebai"], "show keynote-speaker": ["show", "keynote-speaker"],
    "why proactive": ["why", "proactive"], "why isolated": ["why", "isolated"],
    "matrix": ["matrix"], "disputes": ["disputes"], "search customer": ["search", "customer"],
    "ids": ["ids"], "export": ["export", "-f", "table"], "folders": ["folders"],
}
BOX = re.compile(r"[│┃┏┓┗┛┡┩┣┫╇╈┼├┤┬┴┳┻━─╋└┘┌┐]")


def words(text: str) -> set[str]:
    """The ordinary words of `text`: runs of four or more letters."""
    return set(re.findall(r"[A-Za-z]{4,}", text))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_reads_at_every_width(invoke, name, width):
    args = COMMANDS[name]
    run = invoke("--no-pager", *args, width=width)
    assert run.exit_code == 0 and run.stderr == "", run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    # The words a person reads (the markdown of the same view) all appear whole.
    markdown = invoke(*[a for a in args if a not in ("-f", "table")], "-f", "markdown",
                      width=width).stdout
    shown = words(BOX.sub(" ", run.stdout))
    # Less the markup of citations: a link's target, a reference's anchor.
    missing = words(re.sub(r"\(#ref-[a-z0-9-]+\)|<[^>]*>", " ", markdown)) - shown
    missing -= {"Title", "Author", "Site", "Date", "Note", "Sides", "About",  # labels
                "title"}  # the key of a document's YAML block
    # A folder's path (`folders`) depends on where cxref is cloned and run: one word, folded
    # where it is longer than the line, it reads whole once the lines are joined.
    flat = "".join(BOX.sub(" ", run.stdout).split())
    for path in _paths(invoke, args) if name == "folders" else ():
        missing -= words(path)
        assert "".join(path.split()) in flat, path
    assert not missing, sorted(missing)[:10]


def _paths(invoke, args) -> set[str]:
    """The absolute paths in what a command prints, from its JSON."""
    data = invoke(*args, "-f", "json").stdout
    found = {value for value in re.findall(r'"([^"]*)"', data) if value.startswith("/")}
    found |= set(re.findall(r"(?<=\s)/[^\s\"]+", data))  # in a sentence (a note)
    assert found, data
    return found


def _reports():
    from conftest import SHIPPED

    from cxref import exporting, loader, queries, views

    corpus = loader.check_folders([SHIPPED])[0]
    pair, grouped = queries.why(corpus, "isolated")
    return [views.compare(corpus, queries.compare(corpus)), views.why(corpus, pair, grouped),
            views.show(corpus, corpus.source("franz")), exporting.build(corpus),
            views.disputes(corpus, queries.disputes(corpus))]


@pytest.mark.parametrize("width", WIDTHS)
def test_prose_columns_get_room_or_the_rows_become_blocks(width):
    for report in _reports():
        for table in report.person_tables():
            layout = terminal._Table(table)
            if not layout.rows or not layout.columns:
                continue
            widths = layout.layout(width).widths
            if widths is None:
                continue  # blocks
            assert sum(widths) + 3 * len(widths) + 1 <= width
            for column, natural, column_width in zip(layout.columns, layout.natural, widths):
                if column.wide:
                    assert column_width >= min(terminal.MIN_PROSE, natural), (
                        report.title, table.title, column.header, width)


# -- a wider terminal never makes a view longer ------------------------------------------------

GROWING = [60, 80, 100, 120, 160, 240]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Every command's report, as the CLI builds it, caught where it would be printed; run
    once for the module, in an environment as neutral as every test's (see conftest)."""
    from conftest import _UNSET

    from cxref import cli

    seen = {}
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME"):
            patch.setenv(variable, str(tmp_path_factory.mktemp(variable.lower())))
        for variable in _UNSET:
            patch.delenv(variable, raising=False)
        for name, args in COMMANDS.items():
            # A report made for the format chosen (export's) is made for the terminal's.
            patch.setattr(cli, "present", lambda report, fmt, *rest, name=name: seen.setdefault(
                name, report(fmt or Format.table) if callable(report) else report))
            assert cli.run(list(args)) == 0, name
    return seen


def _lines(report, width: int) -> list[str]:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, markup=False, emoji=False,
                      highlight=False)
    console.print(terminal.render(report))
    return buffer.getvalue().splitlines()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_wider_terminal_never_makes_a_view_longer(reports, name):
    counts = {}
    for width in GROWING:
        lines = _lines(reports[name], width)
        assert max(len(line) for line in lines) <= width, (name, width)
        counts[width] = len(lines)
    assert all(counts[narrow] >= counts[wide] for narrow, wide in zip(GROWING, GROWING[1:])), \
        (name, counts)


@pytest.mark.parametrize("width", [100, 120, 160, 240])
def test_every_id_is_whole_when_there_is_room(invoke, reports, width):
    import json

    from cxref.report import Items, cell_text

    ids: set[str] = set()
    for rows in json.loads(invoke("ids", "--format", "json").stdout).values():
        for row in rows if isinstance(rows, list) else ():
            ids.update(v for k, v in row.items() if k == "id" or k.startswith("term_"))
            ids.update(row.get("positions") or ())
    assert len(ids) > 20
    lines = _lines(reports["ids"], width)
    text = "\n".join(lines)
    broken = sorted(i for i in ids if not re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))
    assert not broken, broken
    # And so is every item of a list: an alias, a position, a side with its term's id
    # ('customer-experience: how the customer feels').
    flat = "\n".join(" ".join(BOX.sub(" ", line).split()) for line in lines)
    for table in reports["ids"].person_tables():
        for row in table.rows:
            for value in row.values():
                for item in value.items if isinstance(value, Items) else ():
                    assert cell_text(item) in flat, (width, item)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_name_is_split_at_240_columns_beside_a_quote(reports, name):
    """Where a table has a prose column and the room of 240 columns, every cited name is
    drawn whole: splitting one counts against the columns even where a taller quote hides
    it."""
    from rich.cells import cell_len

    from cxref.report import Cite

    for table in reports[name].person_tables():
        layout = terminal._Table(table)
        if not layout.rows or not any(c.wide for c in layout.columns):
            continue
        widths = layout.layout(240).widths
        if widths is None:
            continue  # blocks: a name has the whole width
        for row in table.rows:
            for column, width in zip(layout.columns, widths):
                value = row.get(column.key)
                if isinstance(value, Cite):
                    assert cell_len(value.label) <= width, (name, value.label, width)


def test_a_column_empty_in_every_row_is_left_out(invoke):
    # No shipped definition of customer experience is attributed to a voice in Ahlfeldt's
    # file alone: the Voice column of her `show` has entries, but `sources cx` of one source
    # without voices has none.
    run = invoke("show", "ahlfeldt", width=160)
    assert "Voice" not in run.stdout
    assert "Voice" in invoke("show", "franz", width=160).stdout


# -- counting lines --------------------------------------------------------------------------

@given(text=st.text(alphabet=st.sampled_from("ab cdé漢 \n-\u00a0"), max_size=80),
       width=st.integers(2, 40))  # a line holds the widest character
def test_lines_are_broken_as_rich_wraps_them_and_no_more_when_wider(text, width):
    from rich.console import Console
    from rich.text import Text

    wrapped = Text(text).wrap(Console(width=200), width, overflow="fold")
    assert terminal.lines(text, width) == len(wrapped)
    expected = [line.plain.rstrip() for line in wrapped]
    assert [line.rstrip() for line in terminal._split(Text(text), width)] == expected
    styled = Text.assemble((text[:3], "bold"), text[3:])  # lines made from the Text itself
    assert [str(line).rstrip() for line in terminal._split(styled, width)] == expected
    assert terminal.lines(text, width + 1) <= terminal.lines(text, width)
    assert terminal.lines(text, width) >= text.count("\n") + 1


@given(text=st.text(alphabet=st.sampled_from("aab漢  \n\u00a0"), max_size=30),
       width=st.integers(2, 12))
@example("aaab b  aaa   aa aaaaa      ", 4)  # runs of spaces: a line holds more than its
@example("ab a aa aa a aaabbaa \na bbaaaaa  ", 6)  # width, and their count fewer lines
def test_the_widths_at_which_a_text_gets_shorter_are_found_exactly(text, width):
    widest = max(terminal._longest_line(text), width)
    now = terminal.lines(text, width)
    expected = []
    for wider in range(width + 1, widest + 1):
        if terminal.lines(text, wider) < (expected[-1][1] if expected else now):
            expected.append((wider, terminal.lines(text, wider)))
    assert terminal._drops(text, width, now, widest) == expected


@given(texts=st.lists(st.text(alphabet=st.sampled_from("ab cdé漢 \n-\u00a0"), max_size=40),
                     min_size=1, max_size=3),
       widths=st.lists(st.integers(2, 12), min_size=3, max_size=3), styled=st.integers(0, 40))
def test_a_row_is_drawn_as_richs_table_draws_it(texts, widths, styled):
    """Run for run of one style, padding included: what a coloured terminal and an SVG show
    (cxref writes each run of unstyled text as one segment, Rich a segment a piece)."""
    import io

    from rich import box
    from rich.console import Console
    from rich.segment import Segment
    from rich.table import Table
    from rich.text import Text

    console = Console(file=io.StringIO(), width=200, color_system="truecolor",
                      force_terminal=True)
    values = [Text.assemble((text[:styled], "cyan"), (text[styled:], "dim"), (" x", "bold"))
              if index % 2 else Text(text) for index, text in enumerate(texts)]
    grid = Table(box=box.HEAVY_HEAD, show_header=False)
    for width in widths[:len(values)]:
        grid.add_column(width=width, overflow="fold")
    grid.add_row(*values)

    def runs(segments):  # each run of one style as one piece: what the eye and an SVG get
        return [(s.text, s.style) for s in Segment.simplify(
            Segment(s.text, s.style or None) for s in segments)]

    expected = runs(s for line in console.render_lines(grid, pad=False)[1:-1]
                    for s in (*line, Segment.line()))
    drawn = terminal._row(values, widths[:len(values)], box.HEAVY_HEAD, console)
    assert runs(drawn) == expected


# -- the chart of who holds which answer -----------------------------------------------------

@pytest.fixture(scope="module")
def dots():
    from conftest import SHIPPED

    from cxref import loader, queries, views

    corpus = loader.check_folders([SHIPPED])[0]
    return views.chart_disputes(queries.disputes(corpus))


@pytest.mark.parametrize("width", range(40, 241))
def test_the_chart_of_answers_fits_and_keeps_every_answer_readable(dots, width):
    """Every line fits; from 50 columns every question and answer is there, questions alone at
    the left edge, each answer two spaces in and its wrapped lines under it, four in; in a grid,
    an answer's first line has a ● for each holder and a · for each other source; the caption
    says what both marks mean."""
    lines = _lines(dots, width)
    assert max(len(line) for line in lines) <= width
    fig = dots.figure
    grid = any(line.startswith("─") for line in lines)
    start = next(i for i, line in enumerate(lines) if line.startswith("─" if grid else "")) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("●:"))
    body = lines[start:end]
    assert "●" in fig.caption and "·" in fig.caption
    if width < 50:
        return
    flat = " ".join(re.sub("[●·]", " ", "\n".join(body)).split())
    asked = [" ".join(question.split()) for question, _ in fig.groups]
    answers = [(" ".join(answer.split()), held) for _, group in fig.groups
               for answer, held in group]
    for said in asked + [answer for answer, _ in answers]:
        assert said in flat, (width, said)
    assert " ".join(" ".join(line for line in body if line[:1].isalpha()).split()) == \
        " ".join(asked)
    firsts = [line for line in body if line.startswith("  ") and line[2:3].isalpha()]
    assert len(firsts) == len(answers)
    for line, (answer, held) in zip(firsts, answers):
        assert answer.startswith(re.split(r"\s{2,}", line.strip())[0]), (width, line)
        if grid:
            assert (line.count("●"), line.count("·")) == (len(held),
                                                        len(fig.columns) - len(held))
    assert all(line[:4] == "    " for line in body
               if line and line[:1] == " " and line not in firsts)
