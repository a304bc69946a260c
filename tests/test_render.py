"""The renderers: every Format renders every command's report (the enum is exhaustive), and
each renderer's escaping rules on hand-picked cells."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from conftest import SHIPPED, table_commands
from rich.console import Console

from cxref import exporting, loader, queries, searching, views
from cxref.model import Source
from cxref.render import BIBLIOGRAPHY, CHARTS, STYLED, TABLES, Format, renderer
from cxref.render.csvfmt import safe_cell
from cxref.render.markdown import escape as md_escape
from cxref.report import Cell, Cite, Column, Items, Marked, Report, Table


def _text(fmt: Format, report: Report) -> str:
    return to_text(fmt, renderer(fmt)(report))


def every_report(corpus) -> dict[str, Report]:
    """One report per command, built the way the CLI builds them."""
    a, b, sims = queries.similarities(corpus)
    pair, grouped = queries.why(corpus, "reactive")
    term, found = queries.definitions_of(corpus, "cs")
    return {
        "compare": views.compare(corpus, queries.compare(corpus)),
        "sources": views.definitions(corpus, term, found),
        "similarities": views.similarities(corpus, a, b, sims),
        "terms": views.terms(corpus, queries.terms(corpus)),
        "show": views.show(corpus, corpus.sources[0]),
        "why": views.why(corpus, pair, grouped),
        "matrix": views.matrix(corpus, queries.matrix(corpus)),
        "search": views.search(corpus, "customer", searching.search(corpus, "customer")),
        "export": exporting.build(corpus),
        "disputes": views.disputes(corpus, queries.disputes(corpus)),
    }


def to_text(fmt: Format, rendered: object, width: int = 100) -> str:
    if fmt is Format.table:
        buffer = io.StringIO()
        Console(file=buffer, width=width, color_system=None, markup=False, emoji=False,
                highlight=False).print(rendered)
        return buffer.getvalue()
    assert isinstance(rendered, str), f"{fmt} must render to str, not {type(rendered)}"
    return rendered


@pytest.fixture(scope="module")
def shipped_corpus():
    return loader.check_folders([SHIPPED])[0]


def test_every_format_is_written_by_some_command():
    """Like pip-audit's test_to_format_is_exhaustive: a Format member no command writes is dead,
    and one without a renderer fails the type check (renderer() ends in assert_never)."""
    assert set(TABLES) | set(CHARTS) | set(BIBLIOGRAPHY) | set(STYLED) == set(Format)
    for fmt in Format:
        assert callable(renderer(fmt))


def test_every_table_format_renders_every_report(shipped_corpus):
    """A renderer that cannot take some command's report fails here."""
    from cxref.errors import UsageError

    reports = every_report(shipped_corpus)
    assert set(reports) == set(table_commands())
    for fmt in TABLES:
        render = renderer(fmt)
        for name, report in reports.items():
            if fmt is Format.svg and name in ("show", "export", "disputes"):
                try:  # a picture of the table, or one line saying why not
                    render(report)
                except UsageError as refused:
                    assert "at most 100 lines" in str(refused)
                else:
                    assert name != "export", "the whole reference is no picture"
                continue
            text = to_text(fmt, render(report))
            if fmt is Format.csv:  # CSV has no title: each data table's header row instead
                for table in report.data_tables():
                    header = ",".join(c.header for c in table.data())
                    assert header in text, (fmt, name)
            else:
                assert report.title.split()[0] in text, (fmt, name)


def test_every_table_format_through_the_cli(invoke):
    commands = table_commands()
    for fmt in TABLES:
        for name, args in commands.items():
            if fmt is Format.svg and name in ("show", "export", "disputes"):
                continue  # too long for a picture: test_cli checks the refusal
            run = invoke(*args, "--format", fmt.value)
            assert (run.exit_code, run.stderr) == (0, ""), (fmt, name, run.stderr)
            assert run.stdout.strip(), (fmt, name)


def test_renderer_refuses_what_is_not_a_format():
    with pytest.raises(KeyError):
        renderer("yaml")  # type: ignore[arg-type]


def test_text_formats_never_import_rich():
    """Markdown, JSON, CSV, HTML and the bibliographies never go near Rich (the SVG of a
    table is Rich's own export; a chart is matplotlib's)."""
    import subprocess
    import sys

    code = ("import sys\nfrom cxref import loader\nfrom cxref.render import Format, renderer\n"
            "from cxref import views, queries\nfrom pathlib import Path\n"
            f"c = loader.check_folders([Path({str(SHIPPED)!r})])[0]\n"
            "r = views.terms(c, queries.terms(c))\n"
            "skip = (Format.table, Format.svg, Format.png, Format.pdf, Format.text, Format.csl)\n"
            "for f in Format:\n    if f not in skip: list(renderer(f)(r))\n"
            "print('rich' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# -- hand-picked cells ---------------------------------------------------------------------------

def _report(*cells: object, title: str = "T") -> Report:
    columns = tuple(Column(f"c{i}", f"H{i}") for i in range(len(cells)))
    row = {f"c{i}": cell for i, cell in enumerate(cells)}
    return Report(title, (Table("rows", columns, (row,)),),
                  references=(views.reference(Source("src", title="Src | title", author="A*")),),
                  name="x")


@pytest.mark.parametrize("raw,expected", [
    ("a | b", r"a \| b"),
    ("*em* _u_ `code`", r"\*em\* \_u\_ \`code\`"),
    ("<b>&amp;</b>", r"\<b\>\&amp;\</b\>"),
    ("[link](http://x)", r"\[link\](http\://x)"),
    ("see https://a.example, www.b.example, c@d.example",
     r"see https\://a.example, www\.b.example, c\@d.example"),
    ("$x^2$ and [@key]", r"\$x\^2\$ and \[\@key\]"),
    ("ends: here 10:30, term:, doi:10.1/x", r"ends: here 10:30, term:, doi\:10.1/x"),
    ("back\\slash", "back\\\\slash"),
    ("two\nlines\t and  spaces", "two lines and spaces"),
    ("~~strike~~", r"\~\~strike\~\~"),
])
def test_markdown_escape(raw, expected):
    assert md_escape(raw) == expected


def test_markdown_cells_and_citations():
    text = _text(Format.markdown, _report("x|y", Cite("src", "A*", "side only"), 2, None,
                                             Items(("a", "b"))))
    lines = text.splitlines()
    assert lines[0] == "# T"
    # The column empty in every row is left out; the source reads by name, linked to its
    # reference, its note kept.
    assert r"| x\|y | [A\*](#ref-src) (side only) | 2 | a; b |" in lines
    assert lines[lines.index("## References") + 2] == (
        r'- <a name="ref-src"></a><span id="ref-src"></span>A\*. Src \| title. n.d.')


def test_markdown_pandoc_citation_keys():
    report = _report(Cite("src", "A*", "side only; hedged: x"))._replace(citekeys=True,
                                                                       document=True)
    text = _text(Format.markdown, report)
    assert text.startswith('---\ntitle: "T"\nlink-citations: true\n---\n')
    assert r"| [@src, side only\; hedged: x] |" in text
    assert text.rstrip().endswith("# References\n\n::: {#refs}\n:::")


def test_markdown_heading_keeps_a_trailing_hash():
    """A closing '#' sequence would be dropped from an ATX heading by any markdown reader."""
    from markdown_it import MarkdownIt

    text = _text(Format.markdown, _report("x", title="Issue #"))
    tokens = MarkdownIt("commonmark").parse(text)
    heading = next(t for i, t in enumerate(tokens) if i and tokens[i - 1].type == "heading_open")
    assert heading.content.replace("\\", "") == "Issue #"
    assert "".join(c.content for c in heading.children) == "Issue #"


def test_markdown_footnote_has_no_doubled_stop():
    source = Source("q", title="What is CX?", site="Ann's blog")
    report = Report("T", (Table("t", (Column("s", "S"),), ({"s": Cite("q", "Ann's blog")},)),),
                    references=(views.reference(source),))
    text = _text(Format.markdown, report)
    assert "Ann's blog. What is CX? n.d." in text and "CX?." not in text


@pytest.mark.parametrize("raw", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_guard_prefixes_formula_triggers(raw):
    assert safe_cell(raw) == "'" + raw.replace("\r", "\n")


@pytest.mark.parametrize("raw", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "=a\n=b", "\r=1"])
def test_csv_guards_formula_cells(raw):
    text = _text(Format.csv, _report(raw))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["H0"], ["'" + raw.replace("\r", "\n")]]


@pytest.mark.parametrize("raw", ["a\rb", "\rx", "a\r\nb", "a\nb"])
def test_csv_line_breaks_inside_a_cell_stay_in_the_cell(raw):
    """A carriage return must not end the row: the cell is quoted like one with a newline."""
    text = _text(Format.csv, _report(raw, "next"))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2 and len(rows[1]) == 2, rows
    assert rows[1][0].replace("\r\n", "\n").replace("\r", "\n") == safe_cell(raw)
    assert rows[1][1] == "next"


def test_csv_and_json_leave_out_tables_for_people():
    report = Report("T", (Table("a", (Column("x", "X", data=False),), ({"x": "shown"},)),
                          Table("b", (Column("y", "Y", person=False),), ({"y": "data"},))))
    assert _text(Format.csv, report) == "Y\ndata\n"
    assert set(json.loads(_text(Format.json, report))) == {"command", "title", "b"}
    assert "shown" in _text(Format.markdown, report)


def test_csv_keeps_ordinary_cells_and_separates_tables():
    report = Report("T", (Table("a", (Column("x", "X"),), ({"x": "plain, with comma"},)),
                          Table("b", (Column("y", "Y"), Column("z", "Z")),
                                ({"y": Cite("s", "Sam", "n"), "z": Items(("p", "q"))},))))
    rows = list(csv.reader(io.StringIO(_text(Format.csv, report), newline="")))
    # CSV is data: the source by its id.
    assert rows == [["X"], ["plain, with comma"], [], ["Y", "Z"], ["s (n)", "p; q"]]


def test_json_keeps_types():
    doc = json.loads(_text(Format.json, _report(3, Cite("src", "Sam"), None, Items(("a",)),
                                                   Marked("m", ((0, 1),)))))
    assert doc["rows"] == [{"c0": 3, "c1": "src", "c2": None, "c3": ["a"], "c4": "m"}]
    assert doc["references"][0]["id"] == "src"


def test_html_escapes_everything():
    text = _text(Format.html, _report("<script>alert(1)</script>", Marked("a<b", ((0, 1),)),
                                         title="<T> & \"q\""))
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<mark>a</mark>&lt;b" in text
    assert "<title>&lt;T&gt; &amp; &quot;q&quot;</title>" in text


def test_html_links_only_to_http_urls_of_references():
    source = Source("s", title="t", url="https://ok.example/?a=1&b=\"2\"")
    report = Report("T", (Table("t", (Column("s", "S"),), ({"s": Cite("s", "t")},)),),
                    references=(views.reference(source),))
    text = _text(Format.html, report)
    assert 'href="https://ok.example/?a=1&amp;b=&quot;2&quot;"' in text
    assert 'href="#ref-s"' in text


def test_terminal_draws_columns_unless_blocks_take_fewer_lines():
    columns = tuple(Column(f"c{i}", f"H{i}") for i in range(4))
    row: dict[str, Cell] = {"c0": "alpha one", "c1": "beta two", "c2": "gamma three",
                            "c3": "delta four five six"}
    three = Report("T", (Table("rows", columns, (row,) * 3),))
    wide = to_text(Format.table, renderer(Format.table)(three), width=120)
    fits = to_text(Format.table, renderer(Format.table)(three), width=40)
    narrow = to_text(Format.table, renderer(Format.table)(three), width=30)
    assert "┃ H0" in wide and "│ alpha one │" in wide
    assert "┃ H0" in fits  # four short columns fit 40 columns, words whole
    assert "H0: alpha one" in narrow and "H3: delta four five six" in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 30
    # One row of them takes fewer lines as a block until every cell fits on one line.
    one = Report("T", (Table("rows", columns, (row,)),))
    assert "H0: alpha one" in to_text(Format.table, renderer(Format.table)(one), width=50)
    assert "┃ H0" in to_text(Format.table, renderer(Format.table)(one), width=60)


def test_terminal_prints_markup_literally():
    text = to_text(Format.table, renderer(Format.table)(_report("[bold red]x[/]", title="[b]T")))
    assert "[bold red]x[/]" in text
    assert "[b]T" in text


def test_export_makes_each_part_a_section_and_the_claims_table_only_for_data(shipped_corpus):
    """Each part's tables are a section under the part's title, kept out of the data formats,
    with the part's notes after its last table; with `data`, one table of every claim."""
    def part(title: str) -> Report:
        table = Table("t", (Column("source", "Source"), Column("quote", "Quote")),
                      ({"source": views.cite(shipped_corpus.sources[0]),
                        "quote": f"{title} quote"},))
        return Report(title, (table, table._replace(title="Second")), notes=(f"{title} note",))

    report = views.export(shipped_corpus, [part("One"), part("Two")], data=False)
    assert [(t.section, t.title, t.notes) for t in report.tables] == [
        ("One", "One", ()), ("One", "Second", ("One note",)),
        ("Two", "Two", ()), ("Two", "Second", ("Two note",))]
    assert report.data_tables() == () and len(report.person_tables()) == 4
    text = _text(Format.markdown, report)
    assert "# One" in text and "Two quote" in text and "# References" in text
    assert f"(#ref-{shipped_corpus.sources[0].id})" in text
    with_data = views.export(shipped_corpus, [part("One")], data=True)
    assert [t.name for t in with_data.data_tables()] == ["claims"]


# -- stderr and the pager ------------------------------------------------------------------------

def test_warnings_are_said_after_the_pager_not_scrolled_away_above_it(invoke, make_tree,
                                                                      monkeypatch):
    """On a terminal, what the loading noticed (a file left out) comes after the paged answer,
    where the reader sees it; without a terminal, as before, first."""
    from cxref import output

    tree = make_tree({"sources": {"bad.yaml": "---\nid: bad\n"}})
    monkeypatch.setattr(output, "_is_tty", lambda: True)
    monkeypatch.setenv("LINES", "1")  # one line is a screenful
    monkeypatch.setattr(output, "_page", lambda text: sys.stderr.write("[paged]\n") > 0)
    run = invoke("-d", str(tree), "compare")
    assert run.exit_code == 0 and run.stdout == ""
    assert run.err_lines[0] == "[paged]" and run.err_lines[1].startswith("cxref: warning: ")
    monkeypatch.setattr(output, "_is_tty", lambda: False)
    run = invoke("-d", str(tree), "compare")
    assert run.err_lines[0].startswith("cxref: warning: ") and "broad" in run.stdout


def test_a_grid_of_dots_wider_than_a_page_lists_each_answers_holders():
    from cxref.report import Dots

    names = tuple(f"Author Number{i:02d}" for i in range(14))
    fig = Dots("T", names, (("Is it?", (("Yes.", (0, 2)), ("No.", (1,)))),))
    text = _text(Format.markdown, Report("T", (), figure=fig))
    assert ("**Is it?**\n\n- Yes. (Author Number00; Author Number02)\n"
            "- No. (Author Number01)") in text
    assert "****" not in text and "| " not in text
