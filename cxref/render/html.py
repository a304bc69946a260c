"""A Report as one self-contained, accessible HTML page: a contents list (for several
sections), each table with its legend under it, counts as bars, the references with their urls
as links, and a print stylesheet. Data is HTML-escaped; the only links are to the page itself
and to sources' http(s) urls; nothing is loaded from elsewhere.
"""

from __future__ import annotations

from html import escape

from ..report import (
    Bars,
    Cell,
    Cite,
    Dots,
    Items,
    Marked,
    Reference,
    Report,
    Table,
    Tally,
    cell_text,
)
from . import COLOURS, headings

_STYLE = """
:root{color-scheme:light}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45;
margin:2rem auto;max-width:75rem;padding:0 1.5rem;color:#1a1a1a;background:#fff}
h1{font-size:1.9rem;line-height:1.2;margin:0 0 1.5rem}
h2{font-size:1.45rem;margin:2.5rem 0 .75rem;padding-top:.5rem;border-top:2px solid #ddd}
h3{font-size:1.15rem;margin:2rem 0 .5rem}
a{color:#0b57a4}
nav{background:#f5f7fa;border:1px solid #dde3ea;border-radius:6px;padding:.75rem 1.25rem;
margin:0 0 2rem}
nav h2{font-size:1.1rem;margin:0 0 .25rem;border:0;padding:0}
nav ol{margin:.25rem 0;padding-left:1.5rem}
nav ol ol{columns:2;column-gap:2rem;font-size:.95rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:bold}dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 .5rem;font-size:.95rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0 .5rem;caption-side:top}
th,td{border:1px solid #c4c9cf;padding:.4rem .6rem;vertical-align:top;text-align:left}
thead th{background:#eef1f4}
tbody th{font-weight:normal}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
mark{background:#ff0;color:#000}
.intro{font-style:italic;color:#333}
.hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap}
.legend{font-size:.9rem;color:#333;background:#fafafa;border-left:3px solid #c4c9cf;
padding:.1rem .75rem;margin:.25rem 0 1.5rem}
.legend p{margin:.4rem 0}
.key-line{margin:.5rem 0}
.tally{min-width:9rem}
.bar{display:flex;height:.8rem;background:#eceff2;border-radius:2px;overflow:hidden;
margin:.2rem 0 .3rem;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.bar span{display:block;height:100%}
.key{display:inline-block;width:.8rem;height:.8rem;vertical-align:-.1rem;margin-right:.3rem;
border-radius:2px;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.chart td.bar-cell{width:55%}
.chart .bar{height:1.2rem}
.dot{text-align:center;color:#1f5f99;font-size:1.1rem}
.group th{background:#f5f7fa;font-weight:bold}
.references li{margin:.3rem 0}
.references a{overflow-wrap:anywhere}
@media print{
@page{margin:16mm 14mm}
body{margin:0;max-width:none;padding:0;font-size:10pt}
h1{font-size:18pt}h2{font-size:14pt;break-after:avoid}h3{font-size:12pt;break-after:avoid}
nav{break-after:page;background:none}
a{color:inherit;text-decoration:none}
.references a{text-decoration:underline}
table{font-size:9pt}
thead{display:table-header-group}
tr,.legend,caption{break-inside:avoid}
caption{break-after:avoid}
}
""".strip()


def _bar(counts: tuple[tuple[str, int, str], ...], total: int, label: str) -> str:
    whole = max(total, sum(n for _, n, _ in counts), 1)
    parts = "".join(f'<span style="width:{100 * n / whole:.1f}%;background:{COLOURS[role]}">'
                    "</span>" for _, n, role in counts if n)
    return f'<div class="bar" role="img" aria-label="{escape(label)}">{parts}</div>'


def _swatch(role: str) -> str:
    return f'<span class="key" style="background:{COLOURS[role]}"></span>'


def _cell(value: Cell) -> str:
    if isinstance(value, Cite):
        note = f" ({escape(value.note)})" if value.note else ""
        return f'<a href="#ref-{escape(value.source)}">{escape(value.label)}</a>{note}'
    if isinstance(value, Marked):
        text, out, last = value.value, "", 0
        for start, end in value.spans:
            out += f"{escape(text[last:start])}<mark>{escape(text[start:end])}</mark>"
            last = end
        return out + escape(text[last:])
    if isinstance(value, Items):
        return "<br>".join(_cell(item) for item in value.items)
    if isinstance(value, Tally):  # the bar, then each count beside its colour, then the flags
        lines = [f"{_swatch(role)}{n} {escape(label)}" for label, n, role in value.counts]
        lines += [escape(flag) for flag in value.flags]
        return _bar(value.counts, value.total, ", ".join(value.items)) + "<br>".join(lines)
    return escape(cell_text(value)).replace("\n", "<br>")


def _class(value: Cell) -> str:
    if isinstance(value, Tally):
        return ' class="tally"'
    return ' class="num"' if isinstance(value, int) else ""


def table(t: Table, caption: str, heading: str = "") -> list[str]:
    """The table under its caption (kept for screen readers, hidden where it only repeats the
    heading above), then its legend: its lines."""
    columns = t.shown()
    lines = [f'<p class="intro">{escape(t.intro)}</p>'] if t.intro else []
    if not t.rows or not columns:
        return [*lines, f'<p class="intro">{escape(t.empty)}</p>']
    hidden = ' class="hidden"' if caption == heading else ""
    lines += ["<table>", f"<caption{hidden}>{escape(caption)}</caption>", "<thead><tr>"]
    lines += [f'<th scope="col">{escape(c.header)}</th>' for c in columns]
    lines += ["</tr></thead>", "<tbody>"]
    for row in t.rows:
        values = [row.get(c.key) for c in columns]
        cells = [f"<td{_class(v)}>{_cell(v)}</td>" for v in values[1:]]
        lines.append(f'<tr><th scope="row">{_cell(values[0])}</th>{"".join(cells)}</tr>')
    return [*lines, "</tbody>", "</table>", *_legend(t.notes)]


def _legend(notes: tuple[str, ...]) -> list[str]:
    if not notes:
        return []
    return ['<div class="legend">', *(f"<p>{escape(note)}</p>" for note in notes), "</div>"]


def figure(fig: Bars | Dots) -> list[str]:
    """A bar chart as a table of bars, with its key; a grid of holders as a table of dots."""
    if isinstance(fig, Bars):
        total = max((sum(s.values[i] for s in fig.series)
                     for i in range(len(fig.categories))), default=0)
        key = " &nbsp; ".join(f"{_swatch(s.role)}{escape(s.label)}" for s in fig.series)
        lines = [f'<p class="key-line">{key}</p>', '<table class="chart">',
                 f"<caption>{escape(fig.title)}</caption>", "<thead><tr>",
                 '<th scope="col">Contrast</th>', f'<th scope="col">{escape(fig.axis)}</th>',
                 '<th scope="col">Counts</th>', "</tr></thead>", "<tbody>"]
        for i, label in enumerate(fig.categories):
            counts = tuple((s.label, s.values[i], s.role) for s in fig.series)
            words = [f"{n} {name}" for name, n, _ in counts if n]
            flag = fig.flags[i] if fig.flags else ""
            lines.append(f'<tr><th scope="row">{escape(label)}</th>'
                         f'<td class="bar-cell">{_bar(counts, total, ", ".join(words))}</td>'
                         f"<td>{escape('; '.join(words + ([flag] if flag else [])))}</td></tr>")
        lines += ["</tbody>", "</table>"]
    else:
        lines = ['<table class="chart">', f"<caption>{escape(fig.title)}</caption>",
                 '<thead><tr><th scope="col">Answer</th>']
        lines += [f'<th scope="col">{escape(name)}</th>' for name in fig.columns]
        lines += ["</tr></thead>"]
        for question, answers in fig.groups:
            lines += ["<tbody>", f'<tr class="group"><th scope="rowgroup" '
                      f'colspan="{len(fig.columns) + 1}">{escape(question)}</th></tr>']
            for answer, held in answers:
                dots = "".join('<td class="dot">●</td>' if i in held else "<td></td>"
                               for i in range(len(fig.columns)))
                lines.append(f'<tr><th scope="row">{escape(answer)}</th>{dots}</tr>')
            lines.append("</tbody>")
        lines.append("</table>")
    return lines + _legend((fig.caption,) if fig.caption else ())


def _reference(ref: Reference) -> str:
    """'<strong>Annette Franz</strong>. Title. Site. n.d.', and the url as a link."""
    parts = [escape(p) for p in ref.parts()]
    if ref.url:
        parts.append(f'<a href="{escape(ref.url)}" rel="noopener noreferrer">'
                     f'{escape(ref.url)}</a>')
    tail = (". " + ". ".join(parts)) if parts else ""
    return (f'<li id="ref-{escape(ref.id)}"><strong>{escape(ref.name)}</strong>'
            f"{tail}</li>")


def render(report: Report) -> str:
    """The page: the head and contents, then each table under its heading, then the
    references."""
    if report.style:
        from .styled import html

        return html(report)
    title = escape(report.title)
    lines = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta name="generator" content="cxref">',
             f"<title>{title}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
             "<main>", f"<h1>{title}</h1>"]
    outline = headings(report)
    refs = report.cited() or (report.references if not report.tables else ())
    headed = [(level, text) for level, text, _ in outline if level]
    if len(headed) >= 3 or (report.document and headed):
        lines += ['<nav aria-labelledby="contents">', '<h2 id="contents">Contents</h2>', "<ol>"]
        for number, (level, text) in enumerate(headed, 1):
            after = headed[number][0] if number < len(headed) else 2  # a section's tables nest
            end = "" if after > level else "</li>"
            lines.append(f'<li><a href="#s{number}">{escape(text)}</a>{end}')
            if after != level:
                lines.append("<ol>" if after > level else "</ol></li>")
        if refs:
            lines.append('<li><a href="#references">References</a></li>')
        lines += ["</ol>", "</nav>"]
    if report.fields:
        urls = {ref.url for ref in report.references if ref.url}
        lines.append("<dl>")
        for label, value in report.fields:
            shown = (f'<a href="{escape(value)}" rel="noopener noreferrer">{escape(value)}</a>'
                     if value in urls else escape(value))  # a source's own url, checked
            lines.append(f"<dt>{escape(label)}</dt><dd>{shown}</dd>")
        lines.append("</dl>")
    if report.figure is not None:
        lines += figure(report.figure)
    number = 0
    for level, text, t in outline:
        if level:
            number += 1
            lines.append(f'<h{level} id="s{number}">{escape(text)}</h{level}>')
        if t is not None:
            lines += table(t, t.title or text, text)
    lines += _legend(report.notes)
    if refs:
        lines += ['<section class="references" aria-labelledby="references">',
                  '<h2 id="references">References</h2>', "<ol>"]
        lines += [_reference(ref) for ref in refs]
        lines += ["</ol>", "</section>"]
    lines += ["</main>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"
