"""A Report as markdown that GitHub, pandoc and CommonMark readers all render alike: headings,
pipe tables, and each source cited by name, linked to its entry in a references list.

Every piece of data is escaped so that a cell is always exactly one cell and text is only
text in every flavour: whitespace (newlines included) is folded to single spaces; backslashes,
pipes and the characters of inline markup, HTML, pandoc's citations, math, superscript and
subscript are backslash-escaped; and what GitHub and pandoc would turn into a link on their own
(``http://...``, ``www.``, an e-mail address) is broken up by escaping the colon after a
scheme, the dot after ``www`` and the ``@``, which renders the same characters.

Citations: ``[Annette Franz](#ref-franz)``, and under a References heading one entry per source
with an anchor. Each source is listed once, so ``pandoc -o x.docx`` makes no note at all (the
footnotes of earlier versions became one Word note per use: 161 for five sources). The anchor
is written twice, because no one form works everywhere: ``<a name>`` for GitHub (which drops
``id`` from raw HTML), ``<span id>`` for pandoc (which makes a span, and so a Word bookmark,
only of a ``span``). With ``Report.citekeys``, a source is cited ``[@franz]`` instead, and
``pandoc --citeproc`` formats the citations and the bibliography in the writer's style.

A whole document (``Report.document``) opens with a YAML metadata block holding its title, so
``pandoc -s`` has one; its parts are level-1 headings.
"""

from __future__ import annotations

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
    Tally,
    cell_text,
    sentences,
)

# The ASCII punctuation that can open inline markup (emphasis, code, strikethrough), a link,
# footnote or citation, HTML or an entity, math or a super/subscript, or end a table cell.
# Inside a cell or after a heading marker no block markup (lists, headings) can start, so '-',
# '+', '#' and digits stay as they are.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&@$^])")
# What GitHub's and pandoc's autolinks start from: a scheme's colon ('https://', 'mailto:x',
# 'doi:10.1'), and 'www.' at the start of a word.
_SCHEME = re.compile(r"(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):(?=[A-Za-z0-9/])")
_WWW = re.compile(r"(?i)(?<![A-Za-z0-9])(www)\.")


def escape(text: str) -> str:
    """One line of literal text for a markdown paragraph or table cell."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    if ":" in text:  # most text has no scheme and no 'www.': skip those searches
        text = _SCHEME.sub(r"\1\\:", text)
    if "w." in text or "W." in text:
        text = _WWW.sub(r"\1\\.", text)
    return text


def _cell(value: Cell, keys: bool = False) -> str:
    if isinstance(value, Cite):
        return _cite(value, keys)
    if isinstance(value, Items):
        cites = [item for item in value.items if isinstance(item, Cite)]
        if keys and cites and len(cites) == len(value.items):
            # One citation of several sources: '(Ahlfeldt 2018; Franz, n.d.)', not a run of
            # parentheses.
            return "[" + "; ".join(_key(item) for item in cites) + "]"
        return "; ".join(_cell(item, keys) for item in value.items)
    if isinstance(value, Tally):
        return "; ".join(escape(item) for item in value.items)
    return escape(cell_text(value))


def _cite(cite: Cite, keys: bool) -> str:
    """'[Annette Franz](#ref-franz) (quoting Ameyo)': the name, linked to its reference; with
    `keys`, '[@franz, quoting Ameyo]', the note a suffix citeproc places in the citation."""
    if keys:
        return f"[{_key(cite)}]"
    note = f" ({escape(cite.note)})" if cite.note else ""
    return f"[{escape(cite.label)}](#ref-{cite.source}){note}"


def _rule(widths: list[int]) -> str:
    """The line under a table's header. Its dashes are in proportion to each column's width:
    pandoc sizes the columns of a wide table by them (docx, HTML, PDF), where three dashes
    each made every column as wide as the quote's; other readers ignore the count."""
    return "| " + " | ".join("-" * max(3, min(width, 60)) for width in widths) + " |"


def _key(cite: Cite) -> str:
    """'@franz, quoting Ameyo': a key and its suffix, a ';' in the suffix escaped (it would
    start the next citation)."""
    note = f", {escape(cite.note).replace(';', chr(92) + ';')}" if cite.note else ""
    return f"@{cite.source}{note}"


def table(t: Table, keys: bool = False) -> list[str]:
    """The table's lines."""
    columns = t.shown()
    if not t.rows or not columns:
        return [f"*{escape(t.empty)}*"]
    widths = [max(len(c.header), *(len(cell_text(row.get(c.key))) for row in t.rows)) // 2
              for c in columns]
    return ["| " + " | ".join(escape(c.header) for c in columns) + " |", _rule(widths),
            *("| " + " | ".join(_cell(row.get(c.key), keys) for c in columns) + " |"
              for row in t.rows)]


def figure(fig: Bars | Dots) -> list[str]:
    """A chart as the table it draws: a row per bar (its counts), or per answer (its holders),
    under a bold row per question."""
    if isinstance(fig, Bars):
        head = ["", *(s.label for s in fig.series), fig.axis]
        rows = [[escape(label), *(str(s.values[i]) for s in fig.series),
                 escape(str(sum(s.values[i] for s in fig.series))
                        + (f" ({fig.flags[i]})" if fig.flags and fig.flags[i] else ""))]
                for i, label in enumerate(fig.categories)]
    else:
        head = ["", *fig.columns]
        rows = []
        for question, answers in fig.groups:
            rows.append([f"**{escape(question)}**", *("" for _ in fig.columns)])
            rows += [[escape(answer), *("●" if i in held else "" for i in range(len(head) - 1))]
                     for answer, held in answers]
    if not rows:
        return [f"*{escape(fig.caption or 'nothing to show')}*"]
    return ["| " + " | ".join(escape(h) for h in head) + " |",
            _rule([max(len(c) for c in column) // 2 for column in zip(head, *rows)]),
            *("| " + " | ".join(r) + " |" for r in rows)]


def reference(ref: Reference) -> str:
    """The name, then each detail as a sentence, the url as a link: each said once."""
    parts = [escape(p).rstrip(".") for p in (ref.name, *ref.parts())]
    if ref.url:
        parts.append(f"<{ref.url}>")
    text = sentences(parts)
    stop = "" if text.endswith(("?", "!", ">")) else "."
    return text + stop


def _entry(ref: Reference) -> str:
    # Ids are lowercase letters, digits and hyphens (the loader checks): safe in an attribute.
    return f'- <a name="ref-{ref.id}"></a><span id="ref-{ref.id}"></span>{reference(ref)}'


def _heading(level: int, text: str) -> str:
    """An ATX heading; a trailing '#' is escaped, or readers would take it for the optional
    closing sequence and drop it."""
    line = escape(text)
    if line.endswith("#"):
        line = line[:-1] + "\\#"
    return f"{'#' * level} {line}"


def _yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar on one line (JSON's escapes are YAML's)."""
    import json

    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def render(report: Report) -> str:
    """The markdown: lines joined by one line break, the last ended by one, blank lines at the
    end dropped."""
    return "\n".join(_lines(report)).rstrip("\n") + "\n"


def _lines(report: Report) -> Iterator[str]:
    keys = report.citekeys
    if report.document:
        yield from ("---", f"title: {_yaml_string(report.title)}")
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
            yield from (escape(report.figure.caption), "")
    section = ""
    for t in report.person_tables():
        if t.section and t.section != section:
            section = t.section
            yield from (_heading(top, section), "")
        if t.title and t.title not in (report.title, t.section):
            yield from (_heading(top + 1 if t.section else top, t.title), "")
        if t.intro:
            yield from (escape(t.intro), "")
        yield from table(t, keys)
        yield ""
        for note in t.notes:
            yield from (escape(note), "")
    for note in report.notes:
        yield from (escape(note), "")
    if keys:  # citeproc puts the bibliography in the div with id "refs"
        yield from (_heading(top, "References"), "", "::: {#refs}", ":::")
    elif refs := report.cited():
        yield from (_heading(top, "References"), "")
        yield from (_entry(ref) for ref in refs)
