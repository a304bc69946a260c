"""A Report as GitHub-flavoured markdown: headings, GFM tables and footnote citations.

Every piece of data is escaped so that a cell is always exactly one cell and text is only
text: whitespace (newlines included) is folded to single spaces, and backslashes, pipes and
the characters of inline markup and HTML are backslash-escaped. A source cited in a cell reads
``id[^id]``; the footnotes at the end give each source's title, author, site, url and date.
"""

from __future__ import annotations

import re

from ..report import Cite, Items, Reference, Report, Table, cell_text, sentences

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


def reference(ref: Reference) -> str:
    """The name, then each detail as a sentence, the url as a link: each said once."""
    parts = [escape(p).rstrip(".") for p in (ref.name, *ref.parts())]
    if ref.url:
        parts.append(f"<{ref.url}>")
    text = sentences(parts)
    stop = "" if text.endswith(("?", "!", ">")) else "."
    return text + stop


def _footnote(ref: Reference) -> str:
    return f"[^{ref.id}]: {reference(ref)}"


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
    for t in report.person_tables():
        if t.title and t.title != report.title:
            lines += [_heading(2, t.title), ""]
        if t.intro:
            lines += [escape(t.intro), ""]
        lines += table(t) + [""]
    for note in report.notes:
        lines += [escape(note), ""]
    notes = [_footnote(ref) for ref in report.cited()]
    if notes:
        lines += notes + [""]
    return "\n".join(lines).rstrip("\n") + "\n"
