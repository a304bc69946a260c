"""A Report as one self-contained, accessible HTML page for a wiki or intranet.

Every piece of data is HTML-escaped; the only links are to the page's own references list and
to sources' http(s) urls (checked by the loader). Tables have a caption and header cells with
``scope``; the page needs no script, font or stylesheet from anywhere else.
"""

from __future__ import annotations

from html import escape

from ..report import Cite, Items, Marked, Reference, Report, Table, cell_text

_STYLE = """
body{font-family:system-ui,sans-serif;line-height:1.45;margin:2rem auto;max-width:72rem;
padding:0 1rem;color:#1a1a1a;background:#fff}
table{border-collapse:collapse;width:100%;margin:1rem 0 2rem}
caption{text-align:left;font-weight:bold;padding:.5rem 0}
th,td{border:1px solid #999;padding:.4rem .6rem;vertical-align:top;text-align:left}
th{background:#eee}
mark{background:#ff0;color:#000}
.note{color:#444}
""".strip()


def _cell(value: object) -> str:
    if isinstance(value, Cite):
        note = f" ({escape(value.note)})" if value.note else ""
        return f'<a href="#ref-{escape(value.source)}">{escape(value.label)}</a>{note}'
    if isinstance(value, Marked):
        out, last = [], 0
        for start, end in value.spans:
            out.append(escape(value.value[last:start]))
            out.append(f"<mark>{escape(value.value[start:end])}</mark>")
            last = end
        out.append(escape(value.value[last:]))
        return "".join(out)
    if isinstance(value, Items):
        return "<br>".join(_cell(item) for item in value.items)
    if isinstance(value, str) and "\n" in value:
        return "<br>".join(escape(line) for line in value.split("\n"))
    return escape(cell_text(value))  # type: ignore[arg-type]


def table(t: Table, caption: str) -> list[str]:
    columns = t.shown()
    lines = [f'<p class="note">{escape(t.intro)}</p>'] if t.intro else []
    if not t.rows or not columns:
        return [*lines, f"<h2>{escape(caption)}</h2>", f'<p class="note">{escape(t.empty)}</p>']
    lines += ["<table>", f"<caption>{escape(caption)}</caption>", "<thead><tr>"]
    lines += [f'<th scope="col">{escape(c.header)}</th>' for c in columns]
    lines += ["</tr></thead>", "<tbody>"]
    for row in t.rows:
        cells = [_cell(row.get(c.key)) for c in columns]
        first, rest = cells[0], cells[1:]
        lines.append(f'<tr><th scope="row">{first}</th>'
                     + "".join(f"<td>{c}</td>" for c in rest) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


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
    title = escape(report.title)
    lines = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{title}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
             "<main>", f"<h1>{title}</h1>"]
    if report.fields:
        lines.append("<dl>")
        for label, value in report.fields:
            lines.append(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>")
        lines.append("</dl>")
    for t in report.person_tables():
        lines += table(t, t.title or report.title)
    for note in report.notes:
        lines.append(f'<p class="note">{escape(note)}</p>')
    if report.references:
        lines += ['<section aria-labelledby="references">',
                  '<h2 id="references">References</h2>', "<ol>"]
        lines += [_reference(ref) for ref in report.references]
        lines += ["</ol>", "</section>"]
    lines += ["</main>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"
