"""A Report as an SVG picture: its chart when it has one (:mod:`cxref.render.chart`), else
Rich's SVG export of what ``--format table`` prints at :data:`WIDTH` columns, black on white,
with no window frame and no web font; refused past :data:`MAX_LINES` lines.
"""

from __future__ import annotations

import io

from ..errors import UsageError
from ..report import Report
from .chart import svg as chart

WIDTH = 110  # characters: wide enough for a table rather than blocks, narrow enough for a slide
MAX_LINES = 100  # lines: a picture about 2,500 pixels tall, already half unreadable on a slide

_TOO_LONG = (f"an SVG of a table is a picture and shows at most {MAX_LINES} lines; this one "
             "has {lines}: for a slide draw a chart (cxref chart -o chart.svg, or cxref chart "
             "disputes -o disputes.svg), for a document use --format html or markdown")

# Rich's template without the window frame and the web font it names: a white page, the title
# inside the picture as the first line of the report.
_TEMPLATE = """<svg class="rich-terminal" viewBox="0 0 {width} {height}" \
xmlns="http://www.w3.org/2000/svg">
    <style>
    .{unique_id}-matrix {{
        font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}
    {styles}
    </style>
    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>
    <rect width="{width}" height="{height}" fill="#ffffff"/>
    <g transform="translate({terminal_x}, {terminal_y})" \
clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
"""


def render(report: Report) -> str:
    if report.figure is not None:
        return chart(report)
    rows = sum(max(len(t.rows), 1) for t in report.person_tables())
    rows += len(report.cited()) if report.legend else 0
    if rows > MAX_LINES:  # a row, a reference: a line at least; refused before any layout
        raise UsageError(_TOO_LONG.format(lines=f"{rows} or more"), "picture-too-long")
    from rich.console import Console
    from rich.terminal_theme import TerminalTheme

    from .terminal import render as terminal

    console = Console(file=io.StringIO(), width=WIDTH, record=True, color_system="truecolor",
                      force_terminal=True, markup=False, emoji=False, highlight=False)
    console.print(terminal(report._replace(hints=())))  # a picture is no terminal
    text = console.export_text(clear=False)
    lines = text.count("\n")
    if lines > MAX_LINES:
        raise UsageError(_TOO_LONG.format(lines=lines), "picture-too-long")
    # Black on white, the colours dark enough that 'dim' text (a note after a name, blended
    # 40% towards the white) still reads at 4:1 or better: cyan (names) is a deep blue.
    theme = TerminalTheme((255, 255, 255), (0, 0, 0), [
        (0, 0, 0), (150, 20, 30), (0, 90, 30), (110, 80, 0), (0, 40, 120), (100, 0, 100),
        (0, 45, 110), (60, 60, 60)], [
        (50, 50, 50), (190, 0, 0), (0, 120, 0), (140, 100, 0), (0, 60, 170), (140, 0, 140),
        (0, 80, 150), (0, 0, 0)])
    return console.export_svg(title=report.title, theme=theme, code_format=_TEMPLATE,
                              unique_id="cxref")  # ends in a line break, as _TEMPLATE does
