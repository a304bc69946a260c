"""A Report as markdown that GitHub, pandoc and CommonMark readers all render alike: headings,
pipe tables, and each source cited by name, linked to its entry in a references list.

Data is escaped (:func:`escape`, :func:`block`) so that a cell is exactly one cell and text is
only text in every flavour, pandoc's markdown included: no markup, HTML, citation, math, dash,
emoji, block or autolink comes from data.

A pipe table's dashes share out a page's width (:data:`PAGE`), which pandoc reads as a Word
table's column widths (see :func:`_widths`); a table whose words alone pass a page is a block
per row. A citation is ``[Annette Franz](#ref-franz)``, its anchor written for GitHub (``<a
name>``) and for pandoc (``<span id>``); with ``Report.citekeys``, ``[@franz]``, for ``pandoc
--citeproc``. A whole document (``Report.document``) opens with a YAML block holding its title.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator

from ..report import (
    Bars,
    Cell,
    Cite,
    Dots,
    Items,
    Reference,
    Report,
    Table,
    cell_text,
    sentences,
)
from . import headings
from .csl import date_parts, people

# The ASCII punctuation that can open inline markup (emphasis, code, strikethrough), a link,
# footnote or citation, HTML or an entity, math or a super/subscript, attributes, or end a
# table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&@$^{}])")
# What GitHub's and pandoc's autolinks start from: a scheme's colon ('https://', 'mailto:x',
# 'doi:10.1'), and 'www.' at the start of a word.
_SCHEME = re.compile(r"(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):(?=[A-Za-z0-9/])")
_WWW = re.compile(r"(?i)(?<![A-Za-z0-9])(www)\.")
_EMOJI = re.compile(r":(?=[\w+-]+:)")
_DASHES = re.compile(r"-(?=-)")
# What opens a block at the start of a line: a heading, quote, list, table, div, definition,
# title block or rule; or a list's number or letter ('1.', 'a)', 'iv.', '#.').
_BLOCK = "#>+-:%="
_MARKER = re.compile(r"^(\(?)(\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(?= |$)")

PAGE = 64  # letters of 12-point body text across an A4 page (6.27 in), in the widest font a
# reader may get: DejaVu Serif, LibreOffice's stand-in for Word's Cambria (about 7 pt a letter)
PAD = 2  # a cell's margins, in characters
FLOOR = 6  # the narrowest column, margins in: about half an inch
WORD = 20  # a longer word breaks whatever the width
_NARROW = frozenset("fijlrt.,;:!'’()[]|")


def escape(text: str, fold: bool = True) -> str:
    """One line of literal text for a markdown paragraph or table cell (`fold`: its
    whitespace folded to single spaces)."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split()) if fold else text)
    if "--" in text:
        text = _DASHES.sub(r"\\-", text)
    if ":" in text:  # most text has no scheme and no 'www.': skip those searches
        text = _SCHEME.sub(r"\1\\:", _EMOJI.sub(r"\\:", text))
    if "w." in text or "W." in text:
        text = _WWW.sub(r"\1\\.", text)
    return text


def block(markdown: str) -> str:
    """A line of escaped text that starts no block (a heading, list, quote, ...)."""
    if markdown[:1] in _BLOCK and markdown:
        return "\\" + markdown
    return _MARKER.sub(r"\1\2\\\3", markdown, count=1)


def line(text: str) -> str:
    """`text` escaped as a line of its own: nothing in it opens a block."""
    return block(escape(text))


def _cell(value: Cell, keys: bool) -> str:
    """A cell as markdown: a citation is '[Annette Franz](#ref-franz) (quoting Ameyo)', the name
    linked to its reference; with `keys`, '[@franz, quoting Ameyo]', the note a suffix citeproc
    places in the citation."""
    if isinstance(value, Cite) and keys:
        return f"[{_key(value)}]"
    if isinstance(value, Cite):
        note = f" ({escape(value.note)})" if value.note else ""
        return f"[{escape(value.label)}](#ref-{value.source}){note}"
    if isinstance(value, Items):
        cites = [item for item in value.items if isinstance(item, Cite)]
        if keys and cites and len(cites) == len(value.items):
            # One citation of several sources: '(Ahlfeldt 2018; Franz, n.d.)', not a run of
            # parentheses.
            return "[" + "; ".join(_key(item) for item in cites) + "]"
        return "; ".join(_cell(item, keys) for item in value.items)
    return escape(cell_text(value))


def _key(cite: Cite) -> str:
    """'@franz, quoting Ameyo': a key and its suffix, a ';' in the suffix escaped (it would
    start the next citation)."""
    note = f", {escape(cite.note).replace(';', chr(92) + ';')}" if cite.note else ""
    return f"@{cite.source}{note}"


def _cited_as(refs: tuple[Reference, ...]) -> dict[str, str]:
    """What citeproc prints for each source ('Ahlfeldt 2018', or a title when there is no
    author), to size the columns of a table of [@id] citations."""
    out = {}
    for ref in refs:
        names = [n.get("family") or n.get("literal", "") for n in people(ref.get("author"))]
        parts = date_parts(ref.get("date"))
        year = str(parts[0]) if parts else "n.d."
        out[ref.id] = f"({' and '.join(names) or ref.get('title') or ref.name}, {year})"
    return out


def _seen(value: Cell, cited_as: dict[str, str] | None) -> str:
    """A cell's text as a reader sees it: with `cited_as`, a citation as citeproc prints it."""
    if cited_as is not None and isinstance(value, Cite):
        name = cited_as.get(value.source, value.label)
        return f"{name}, {value.note}" if value.note else name
    if cited_as is not None and isinstance(value, Items):
        return "; ".join(_seen(item, cited_as) for item in value.items)
    return cell_text(value)


def _span(word: str) -> float:
    """How wide a word prints, in letters of :data:`PAGE` (a rough measure erring wide)."""
    return sum(0.6 if ch in _NARROW else 1.6 if ch in "mwMW" else 1.3 if ch.isupper() else 1.0
               for ch in word)


def _widths(columns: list[list[str]]) -> list[int] | None:
    """Each column's share of a page, in characters, from its cells as a reader sees them
    (the header first): at least its longest word and FLOOR, the rest of the page shared in
    proportion to how much text each column holds beyond that; None when the floors alone
    pass a page."""
    words = [{w for cell in cells for w in cell.split()} for cells in columns]  # each word once
    longest = [max(map(_span, column), default=0) for column in words]
    floors = [max(FLOOR, math.ceil(PAD + min(WORD, span))) for span in longest]
    spare = PAGE - sum(floors)
    if spare < 0:
        return None
    wants = [max(0.0, sum(len(c) for c in cells[1:]) / max(len(cells) - 1, 1) - floor)
             for cells, floor in zip(columns, floors)]
    shares = wants if sum(wants) else floors
    return [round(floor + spare * share / sum(shares)) for floor, share in zip(floors, shares)]


def _grid(head: list[str], rows: list[list[str]], seen: list[list[str]]) -> list[str] | None:
    """A pipe table (`head` and `rows` in markdown, `seen` the text a reader sees, header
    first), the dashes under its header its columns' widths; None when its words pass a
    page."""
    widths = _widths([list(column) for column in zip(*seen)])
    if widths is None:
        return None
    return ["| " + " | ".join(head) + " |",
            "| " + " | ".join("-" * max(3, w) for w in widths) + " |",
            *("| " + " | ".join(row) + " |" for row in rows)]


def _blocks(head: list[str], rows: list[list[str]]) -> list[str]:
    """A table too wide for a page as a block per row: its first cell in bold, then its other
    cells, each under its header."""
    out: list[str] = []
    for row in rows:
        out += [f"**{row[0]}**" if row[0] else "", ""]
        out += [f"- *{name}:* {cell}" for name, cell in zip(head[1:], row[1:]) if cell]
        out.append("")
    return out[:-1]


def table(t: Table, cited_as: dict[str, str] | None = None) -> list[str]:
    """The table's lines; with `cited_as` (:func:`_cited_as`), sources cited by [@id] key."""
    columns = t.shown()
    if not t.rows or not columns:
        return [f"*{escape(t.empty)}*"]
    head = [escape(c.header) for c in columns]
    rows = [[_cell(row.get(c.key), cited_as is not None) for c in columns] for row in t.rows]
    return _grid(head, rows, [[c.header for c in columns], *(
        [_seen(row.get(c.key), cited_as) for c in columns] for row in t.rows)]) or _blocks(
        head, rows)


def figure(fig: Bars | Dots) -> list[str]:
    """A chart as the table it draws: a row per bar (its counts), or per answer (its holders),
    under a bold row per question."""
    if isinstance(fig, Bars):
        head = ["", *(s.label for s in fig.series), fig.axis]
        rows = [[label, *(str(s.values[i]) for s in fig.series),
                 str(sum(s.values[i] for s in fig.series))
                 + (f" ({fig.flags[i]})" if fig.flags and fig.flags[i] else "")]
                for i, label in enumerate(fig.categories)]
        bold = [False] * len(rows)
    else:
        head, rows, bold = ["", *fig.columns], [], []
        for question, answers in fig.groups:
            rows.append([question, *("" for _ in fig.columns)])
            rows += [[answer, *("●" if i in held else "" for i in range(len(head) - 1))]
                     for answer, held in answers]
            bold += [True] + [False] * len(answers)
    if not rows:
        return [f"*{escape(fig.caption or 'nothing to show')}*"]
    cells = [[f"**{escape(r[0])}**" if strong else escape(r[0]), *(escape(c) for c in r[1:])]
             for r, strong in zip(rows, bold)]
    grid = _grid([escape(h) for h in head], cells, [head, *rows])
    if grid is not None or isinstance(fig, Bars):
        return grid or _blocks([escape(h) for h in head], cells)
    out: list[str] = []  # too many holders for a page: each answer, then who holds it
    for question, answers in fig.groups:
        out += [f"**{escape(question)}**", ""]
        out += [f"- {escape(answer)} (" + "; ".join(escape(fig.columns[i]) for i in held) + ")"
                for answer, held in answers]
        out.append("")
    return out[:-1]


def reference(ref: Reference) -> str:
    """The name, then each detail as a sentence, the url as a link: each said once."""
    parts = [escape(p).rstrip(".") for p in (ref.name, *ref.parts())]
    if ref.url:
        parts.append(f"<{ref.url}>")
    text = sentences(parts)
    return text + ("" if text.endswith(("?", "!", ">")) else ".")


def _heading(level: int, text: str) -> str:
    """An ATX heading; a trailing '#' is escaped, or readers would take it for the optional
    closing sequence and drop it."""
    out = line(text)
    if out.endswith("#") and not out.endswith("\\#"):
        out = out[:-1] + "\\#"
    return f"{'#' * level} {out}"


def render(report: Report) -> str:
    """The markdown: lines joined by one line break, the last ended by one, blank lines at the
    end dropped."""
    if report.style:
        from .styled import markdown

        return markdown(report)
    return "\n".join(_lines(report)).rstrip("\n") + "\n"


def _lines(report: Report) -> Iterator[str]:
    keys = report.citekeys
    cited_as = _cited_as(report.references) if keys else None
    if report.document:
        # A YAML double-quoted scalar (JSON's escapes are YAML's), of markdown: pandoc reads
        # a metadata value as markdown.
        yield from ("---", f"title: {json.dumps(escape(report.title), ensure_ascii=False)}")
        if keys:
            yield "link-citations: true"
        yield from ("---", "")
        top = 1
    else:
        yield from (_heading(1, report.title), "")
        top = 2
    for label, value in report.fields:
        yield f"- **{escape(label)}:** {escape(value)}"
    if report.fields:
        yield ""
    if report.figure is not None:
        yield from figure(report.figure)
        yield ""
        if report.figure.caption:
            yield from (line(report.figure.caption), "")
    for level, text, t in headings(report):
        if level:
            yield from (_heading(level + top - 2, text), "")
        if t is None:
            continue
        if t.intro:
            yield from (line(t.intro), "")
        yield from table(t, cited_as)
        yield ""
        for note in t.notes:
            yield from (line(note), "")
    for note in report.notes:
        yield from (line(note), "")
    if keys:  # citeproc puts the bibliography in the div with id "refs"
        yield from (_heading(top, "References"), "", "::: {#refs}", ":::")
    elif cited := report.cited():
        yield from (_heading(top, "References"), "")
        # Ids are lowercase letters, digits and hyphens (the loader checks): safe in an attribute.
        yield from (f'- <a name="ref-{ref.id}"></a><span id="ref-{ref.id}"></span>{reference(ref)}'
                    for ref in cited)
