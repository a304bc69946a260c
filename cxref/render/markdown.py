"""A Report as GitHub-flavoured markdown: headings, GFM tables and footnote citations.

Every piece of data is escaped so that a cell is always exactly one cell and text is only
text: whitespace (newlines included) is folded to single spaces, and backslashes, pipes and
the characters of inline markup and HTML are backslash-escaped. A source cited in a cell reads
``id[^id]``; the footnotes at the end give each source's title, author, site, url and date.
"""

from __future__ import annotations

import re

from ..model import Source
from ..report import Cite, Items, Report, Table, cell_text, sentences

# The ASCII punctuation that can open inline markup (emphasis, code, strikethrough), a link or
# footnote, HTML or an entity, or end a table cell. Inside a cell or after a heading marker no
# block markup (lists, headings) can start, so '-', '+', '#' and digits stay as they are.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def escape(text: str) -> str:
    """One line of literal text for a markdown paragraph or table cell."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _cell(value: object) -> str:
    if isinstance(value, Cite):
        return _cite(value)
    if isinstance(value, Items):
        return "; ".join(_cell(item) for item in value.items)
    return escape(cell_text(value))  # type: ignore[arg-type]


def _cite(cite: Cite) -> str:
    """'Annette Franz[^franz] (quoting Ameyo)': the name, and a footnote keyed by the id."""
    note = f" ({escape(cite.note)})" if cite.note else ""
    return f"{escape(cite.label)}[^{cite.source}]{note}"


def table(t: Table) -> list[str]:
    columns = t.shown()
    if not t.rows or not columns:
        return [f"*{escape(t.empty)}*"]
    lines = ["| " + " | ".join(escape(c.header) for c in columns) + " |",
             "| " + " | ".join("---" for _ in columns) + " |"]
    for row in t.rows:
        lines.append("| " + " | ".join(_cell(row.get(c.key)) for c in columns) + " |")
    return lines


def reference(source: Source) -> str:
    """Author (or site), title, site, url and date as sentences: each said once."""
    parts = [escape(p).rstrip(".") for p in dict.fromkeys(
        (source.author, source.title, source.site)) if p]
    if source.url:
        parts.append(f"<{source.url}>")
    if source.date:
        parts.append(escape(source.date))
    text = sentences([p for p in parts if p]) or escape(source.id)
    stop = "" if text.endswith(("?", "!")) else "."
    return text + stop


def _footnote(source: Source) -> str:
    return f"[^{source.id}]: {reference(source)}"


def _heading(level: int, text: str) -> str:
    """An ATX heading; a trailing '#' is escaped, or readers would take it for the optional
    closing sequence and drop it."""
    line = escape(text)
    if line.endswith("#"):
        line = line[:-1] + "\\#"
    return f"{'#' * level} {line}"


def render(report: Report) -> str:
    lines = [_heading(1, report.title), ""]
    for label, value in report.fields:
        lines.append(f"- **{escape(label)}:** {escape(value)}")
    if report.fields:
        lines.append("")
    for t in report.tables:
        if t.rows and not t.shown():  # a table for the data formats only
            continue
        if t.title and t.title != report.title:
            lines += [_heading(2, t.title), ""]
        if t.intro:
            lines += [escape(t.intro), ""]
        lines += table(t) + [""]
    for note in report.notes:
        lines += [escape(note), ""]
    cited = {c.source for t in report.tables for row in t.rows for v in row.values()
             for c in (v.items if isinstance(v, Items) else (v,)) if isinstance(c, Cite)}
    notes = [_footnote(s) for s in report.references if s.id in cited]
    if notes:
        lines += notes + [""]
    return "\n".join(lines).rstrip("\n") + "\n"
