"""What readers take away (issue 17): the markdown through pandoc (docx, -s, citeproc, GitHub's
and CommonMark's autolinks), the bibliographies through real parsers, the chart as a picture,
the report page, the tidy table of claims, and the formats a command cannot write.

pandoc is not a Python package: the tests that run it skip, saying why, where it is not
installed. matplotlib is the charts extra, which the README's test command installs.
"""

from __future__ import annotations

import csv
import io
import json
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
    assert "11 May" in keynote and not re.search(r"\b(19|20)\d\d\b", keynote)  # no year made up
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
])
def test_authors_become_csl_names(given, names):
    from cxref.render.csl import people

    assert people(given) == names


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
