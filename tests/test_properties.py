"""Property-based tests: random text (control characters, markup, pipes, backslashes, newlines,
HTML, formula triggers) in a user source's quote, title and author, read through the real loader
and rendered in every format.

(a) markdown read back with markdown-it has the same tables, rows and columns, and each cell's
    text is the whitespace-collapsed visible text;
(b) CSV read back with the csv module has the same cells, none starting with = + - @ tab or CR;
(c) JSON parses and gives the text back;
(d) no format's output holds a control, format, separator or surrogate character.
And `safetext.visible` leaves none of those in anything.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from conftest import MINI_TREE, dump_yaml, unsafe_chars, write_tree
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console

from cxref import exporting, loader, queries, views
from cxref.errors import UsageError
from cxref.render import BIBLIOGRAPHY, TABLES, Format, renderer
from cxref.report import Cite, Items, Marked, Report, Table, Tally
from cxref.safetext import IGNORABLE, visible

# -- strategies ---------------------------------------------------------------------------------

TOKENS = ["|", "\\", "\\|", "*", "**", "_", "`", "```", "[", "]", "[bold red]", "[/]",
          "[link=http://x]", "<b>", "</b>", "<script>", "&amp;", "&", "<http://x>", "![a](b)",
          "~~", "&lt;", "&#x41;", "&copy;", "#", " #", "- ", "1. ", "> ", "=", "+", "-", "@",
          "=SUM(A1)", "\t", "\n", "\r",
          "\r\n", "  ", "\u3000", "\xa0", "\x1b[31m", "\x1b]8;;http://x\x1b\\", "\x00", "\x07",
          "\x7f", "\x85", "\x9b", "\u202e", "\u200b", "\u2028", "\u2029", "\ufeff", "\"", "'",
          ":", "---", "^", "[^x]", "www.x.com", "http://x.y", "%", "{", "}", "$"]

text_piece = st.one_of(st.sampled_from(TOKENS), st.sampled_from(TOKENS),
                       st.characters(exclude_categories=("Cs",)))
user_text = (st.lists(text_piece, min_size=1, max_size=12).map("".join)
             .filter(lambda t: visible(t).strip() != ""))


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar with every non-ASCII or non-printable character
    escaped, so the file itself is plain ASCII and the loader gets exactly `text`."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7f:
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def load_with_user_source(title: str, author: str, quote: str) -> Any:
    """The mini tree plus a source 'prop' carrying the texts, read by the real loader."""
    source = (f"---\nid: prop\ntitle: {yaml_quoted(title)}\nauthor: {yaml_quoted(author)}\n"
              f"definitions:\n  - term: customer-service\n    quote: {yaml_quoted(quote)}\n"
              f"    attributed_to: {yaml_quoted(author)}\n"
              f"contrasts:\n  - pair: proactive-reactive\n    quote: {yaml_quoted(quote)}\n")
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tree(Path(tmp), {k: v for k, v in MINI_TREE.items() if k != "sources"})
        write_tree(root, {"sources": {"prop.yaml": source,
                                      "alpha.yaml": dump_yaml(MINI_TREE["sources"]["alpha.yaml"])}})
        return loader.check_folders([root])[0]


def reports(corpus: Any) -> list[Report]:
    term, found = queries.definitions_of(corpus, "cs")
    pair, grouped = queries.why(corpus, "reactive")
    source = corpus.source("prop")
    return [views.show(corpus, source), views.definitions(corpus, term, found),
            views.why(corpus, pair, grouped), exporting.build(corpus)]


# -- oracles: what each cell should read as, written independently of the renderers -------------

def collapse(text: str) -> str:
    return " ".join(text.split())


def md_expected(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Items):
        return "; ".join(md_expected(c) for c in cell.items)
    if isinstance(cell, Tally):
        return "; ".join(cell.items)
    if isinstance(cell, Cite):  # the name, a link to its reference: the link's text
        note = f" ({collapse(cell.note)})" if cell.note else ""
        return f"{collapse(cell.label)}{note}"
    if isinstance(cell, Marked):
        return collapse(cell.value)
    return collapse(str(cell))


TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_expected(cell: Any) -> str:
    def plain(c: Any) -> str:
        if c is None:
            return ""
        if isinstance(c, Items):
            return "; ".join(plain(x) for x in c.items)
        if isinstance(c, Cite):
            return f"{c.source} ({c.note})" if c.note else c.source
        if isinstance(c, Marked):
            return c.value
        return str(c)
    text = plain(cell)
    return "'" + text if text.startswith(TRIGGERS) else text


def inline_text(token: Any) -> str:
    """The text a reader sees in an inline token (markup gone, escapes resolved)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(inline_text(child))
    return "".join(parts)


def markdown_tables(text: str) -> tuple[list[str], list[list[list[str]]]]:
    """(heading texts, tables as rows of cell texts) as markdown-it reads `text`; a document's
    YAML metadata block (which pandoc reads as markdown, and GitHub shows as a table) gives its
    title as the first heading. A table too wide for a page is a block per row (its first cell
    in bold, then a list of 'Header: cell'): read as rows of those texts."""
    headings = []
    if text.startswith("---\n"):
        block, _, text = text[4:].partition("\n---\n")
        headings.append(re.sub(r"\\(.)", r"\1", yaml.safe_load(block)["title"]))
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    blocks = False  # in a table written as blocks
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append(inline_text(tokens[index + 1]))
            blocks = False
        elif token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            tables[-1].append(row)
            row = None
        elif token.type == "inline" and row is not None:
            row.append(inline_text(token))
        elif token.type == "inline" and tokens[index - 2].type == "list_item_open":
            if blocks:
                tables[-1][-1].append(inline_text(token))
        elif token.type == "inline" and tokens[index - 1].type == "paragraph_open":
            bold = token.content.startswith("**") and token.content.endswith("**")
            if bold and not blocks:
                tables.append([])
            if bold:
                tables[-1].append([inline_text(token)])
            blocks = bold
    return headings, tables


def as_blocks(table: list[list[str]]) -> list[list[str]]:
    """A table's rows (the header first) as the blocks a page too narrow for it gets."""
    head, *rows = table
    return [[row[0]] + [f"{h}: {c}" for h, c in zip(head[1:], row[1:]) if c] for row in rows]


# -- properties ---------------------------------------------------------------------------------

@given(title=user_text, author=user_text, quote=user_text)
@example(title="T &amp; x | y #", author="=cmd \\| \x1b[31m*a*", quote="-1 &lt; [a](b) `c`\r\nd")
def test_loader_keeps_text_as_its_visible_form(title, author, quote):
    corpus = load_with_user_source(title, author, quote)
    source = corpus.source("prop")
    assert (source.title, source.author) == (visible(title), visible(author))
    assert source.definitions[0].quote == visible(quote)
    assert source.contrasts[0].quote == visible(quote)


@given(title=user_text, author=user_text, quote=user_text)
@example(title="T &amp; x | y #", author="=cmd \\| \x1b[31m*a*", quote="-1 &lt; [a](b) `c`\r\nd")
def test_markdown_reads_back_cell_for_cell(title, author, quote):
    corpus = load_with_user_source(title, author, quote)
    for report in reports(corpus):
        text = rendered_text(Format.markdown, report)
        headings, tables = markdown_tables(text)
        assert headings[0] == collapse(report.title)
        expected = [[[collapse(c.header) for c in t.shown()]]
                    + [[md_expected(row.get(c.key)) for c in t.shown()] for row in t.rows]
                    for t in report.tables if t.rows and t.shown()]
        assert len(tables) == len(expected)
        for got, want in zip(tables, expected):
            assert got in (want, as_blocks(want))
        if report.fields:  # the '- **Label:** value' lines
            items = [line for line in text.splitlines() if line.startswith("- **")]
            assert len(items) == len(report.fields)


def csv_blocks(text: str) -> list[list[list[str]]]:
    blocks: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(text, newline="")):
        if row:
            blocks[-1].append(row)
        else:
            blocks.append([])
    return blocks


@given(title=user_text, author=user_text, quote=user_text)
@example(title="T &amp; x | y #", author="=cmd \\| \x1b[31m*a*", quote="-1 &lt; [a](b) `c`\r\nd")
def test_csv_reads_back_cell_for_cell(title, author, quote):
    corpus = load_with_user_source(title, author, quote)
    for report in reports(corpus):
        blocks = csv_blocks(rendered_text(Format.csv, report))
        expected = [[["Field", "Value"]] + [[csv_expected(k), csv_expected(v)]
                                              for k, v in report.fields]] if report.fields else []
        merged: dict[str, list[Table]] = {}
        for t in report.data_tables():
            merged.setdefault(t.name, []).append(t)
        for same in merged.values():
            columns = [c for c in same[0].columns if c.data]
            expected.append([[csv_expected(c.header) for c in columns]]
                            + [[csv_expected(row.get(c.key)) for c in columns]
                               for t in same for row in t.rows])
        assert blocks == expected
        for block in blocks:
            for row in block:
                for cell in row:
                    assert not cell.startswith(TRIGGERS), cell


@given(title=user_text, author=user_text, quote=user_text)
@example(title="T &amp; x | y #", author="=cmd \\| \x1b[31m*a*", quote="-1 &lt; [a](b) `c`\r\nd")
def test_json_round_trips_the_text(title, author, quote):
    corpus = load_with_user_source(title, author, quote)
    show, sources, why, export = reports(corpus)
    doc = json.loads(rendered_text(Format.json, show))
    assert doc["title"] == visible(title)
    assert doc["fields"]["title"] == visible(title)
    assert doc["fields"]["author"] == visible(author)
    assert [c["quote"] for c in doc["claims"]] == [visible(quote)] * 2
    assert [c["attributed_to"] for c in doc["claims"]] == [visible(author), None]
    assert doc["references"][0]["author"] == visible(author)
    why_doc = json.loads(rendered_text(Format.json, why))
    assert {"pair": "proactive-reactive", "source": "prop", "speaks_to": "both sides",
            "quote": visible(quote), "attributed_to": None, "reported": False, "hedge": None,
            "side": None, "stance": "backs"} in why_doc["evidence"]
    export_doc = json.loads(rendered_text(Format.json, export))
    assert {r["id"]: r["title"] for r in export_doc["references"]}["prop"] == visible(title)


def rendered_text(fmt: Format, report: Report) -> str:
    rendered = renderer(fmt)(report)
    if fmt is Format.table:
        buffer = io.StringIO()
        Console(file=buffer, width=80, color_system=None, markup=False, emoji=False,
                highlight=False).print(rendered)
        return buffer.getvalue()
    return rendered


@given(title=user_text, author=user_text, quote=user_text)
@example(title="T &amp; x | y #", author="=cmd \\| \x1b[31m*a*", quote="-1 &lt; [a](b) `c`\r\nd")
def test_no_format_lets_a_control_character_through(title, author, quote):
    corpus = load_with_user_source(title, author, quote)
    for report in reports(corpus):
        for fmt in TABLES + BIBLIOGRAPHY:
            try:
                text = rendered_text(fmt, report)
            except UsageError:  # too long for a picture: said in one line instead
                assert fmt is Format.svg
                continue
            assert unsafe_chars(text) == [], fmt
            assert "\r" not in text, fmt


@settings(max_examples=30)  # each example loads a tree: kept short for the suite's time
@given(title=user_text, author=user_text, quote=user_text)
@example(title="T } , url = {x} { \\ % # & $ _ ^ ~", author="=cmd \\| } {", quote="q")
@example(title="@online{x, title={y}}", author="Ahlfeldt, Julia", quote="q")
def test_bibliographies_read_back_as_the_text(title, author, quote):
    """CSL-JSON parses and gives each detail back; BibTeX parses (pybtex) into one entry per
    source with no field cut short or added, and each field reads back as the text."""
    from pybtex.database import parse_string
    from test_safety import untex

    corpus = load_with_user_source(title, author, quote)
    report = views.bibliography(corpus.sources)
    items = {item["id"]: item for item in json.loads(renderer(Format.csl_json)(report))}
    assert set(items) == {"alpha", "prop"}
    nocase = '<span class="nocase"><</span>'  # a tag's '<', printed as written
    assert items["prop"]["title"].replace(nocase, "<") == collapse(visible(title))
    # The author's name parts are the author's own words: none made up, none mangled.
    words = set(visible(author).replace(",", " ").split())
    for name in items["prop"]["author"]:
        shown = " ".join(name.values()).replace(nocase, "<")
        assert set(shown.replace(",", " ").split()) <= words, name
    bib = parse_string(renderer(Format.bibtex)(report), "bibtex")
    assert set(bib.entries) == {"alpha", "prop"}
    entry = bib.entries["prop"]
    assert set(entry.fields) <= {"title", "label", "organization", "date", "note", "url"}
    assert untex(entry.fields["title"]) == collapse(visible(title))


# -- safetext.visible ---------------------------------------------------------------------------

BAD_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def hidden(ch: str) -> bool:
    """Escaped by visible(): a control, format, separator or surrogate character, or one
    that renders as nothing (test_promises checks that set against Unicode's)."""
    return ch not in "\n\t" and (unicodedata.category(ch) in BAD_CATEGORIES
                                  or IGNORABLE.match(ch) is not None)


any_text = st.text(alphabet=st.one_of(st.characters(exclude_categories=()),
                                      st.sampled_from(["\u2028", "\u2029", "\n", "\t"])))


@given(any_text)
def test_visible_leaves_nothing_that_can_drive_a_terminal(text):
    out = visible(text)
    bad = [ch for ch in out if ch not in "\n\t" and unicodedata.category(ch) in BAD_CATEGORIES]
    assert bad == []


@given(any_text)
def test_visible_is_idempotent_and_keeps_safe_text(text):
    out = visible(text)
    assert visible(out) == out
    if not any(hidden(ch) for ch in text):
        assert out == text
    assert len(out) >= len(text)


@given(any_text)
def test_visible_changes_only_unsafe_characters(text):
    """Each unsafe character becomes its backslash escape; every other one stays as it is."""
    def shown(ch: str) -> str:
        if not hidden(ch):
            return ch
        code = ord(ch)
        return (f"\\x{code:02x}" if code < 0x100 else
                f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    assert visible(text) == "".join(shown(ch) for ch in text)


# -- a compare row's counts partition the sources that speak to its pair ---------------------------

from cxref.model import Catalogue, Contrast, Corpus, Source, Term, TraitPair  # noqa: E402

_TERMS = (Term("customer-experience", "customer experience", ("CX",)),
          Term("customer-service", "customer service", ("CS",)))
_PAIRS = tuple(TraitPair(f"p{i}", (("customer-experience", f"a{i}"),
                                   ("customer-service", f"b{i}"))) for i in range(3))
_claim = st.builds(
    lambda pair, side, contests, hedge: Contrast(
        pair, "Q.", side=side if side or not contests else "customer-service",
        stance="contests" if contests else "backs", hedge="Q" if hedge else None),
    st.sampled_from([p.id for p in _PAIRS]),
    st.sampled_from([None, "customer-experience", "customer-service"]), st.booleans(),
    st.booleans())
_sources = st.lists(st.lists(_claim, max_size=5), min_size=1, max_size=8).map(
    lambda claims: tuple(Source(f"s{i}", contrasts=tuple(c)) for i, c in enumerate(claims)))


@given(sources=_sources)
def test_a_rows_counts_partition_its_sources(sources):
    """Every source with a claim on a pair is counted exactly once in that pair's row, in
    the query and in every data format; the counts add up to the sources behind the row."""
    from cxref.queries import KINDS

    corpus = Corpus(Catalogue(terms=_TERMS, pairs=_PAIRS), sources)
    result = queries.compare(corpus, min_support=0)
    report = views.compare(corpus, result)
    doc = json.loads(rendered_text(Format.json, report))
    rows = list(csv.DictReader(io.StringIO(rendered_text(Format.csv, report))))
    for row, data, line in zip(result.rows, doc["pairs"], rows):
        speakers = [s.id for s in sources if any(c.pair == row.pair.id for c in s.contrasts)]
        assert sorted(b.source for b in row.backing) == sorted(speakers)
        assert sum(row.count(kind) for kind in KINDS) == len(speakers)
        figures = (data["both_sides"], data["one_side"], data["contested"], data["mixed"])
        assert figures == tuple(row.count(kind) for kind in KINDS)
        assert sum(figures) == len(data["sources"]) == len(speakers)
        assert tuple(int(line[h]) for h in ("Both sides", "One side", "Contests", "Mixed")) \
            == figures
        for backing in row.backing:
            claims = [c for c in corpus.source(backing.source).contrasts
                      if c.pair == row.pair.id]
            backs = any(c.stance == "backs" for c in claims)
            contests = any(c.stance == "contests" for c in claims)
            assert backing.kind == ("mixed" if backs and contests else
                                    "contests" if contests else
                                    "both sides" if backing.side is None else "one side")
