"""A Report as an SVG picture of its terminal table, for slides: Rich's own SVG export of what
`--format table` prints, at a fixed width, without colour codes leaking anywhere (the SVG holds
text and styles only, every character escaped by Rich)."""

from __future__ import annotations

import io
import re

from rich.console import Console

from ..report import Report
from .terminal import render as terminal

WIDTH = 110  # characters: wide enough for a table rather than blocks, narrow enough for a slide


def render(report: Report) -> str:
    console = Console(file=io.StringIO(), width=WIDTH, record=True, color_system="truecolor",
                      force_terminal=True, markup=False, emoji=False, highlight=False)
    console.print(terminal(report))
    svg = console.export_svg(title=report.title)
    # Rich's template names a web font to download; a picture for a deck must not fetch
    # anything, so only the locally installed font (then monospace) is used.
    return _REMOTE_FONT.sub("", svg) + ("" if svg.endswith("\n") else "\n")


_REMOTE_FONT = re.compile(r',?\s*url\("https?://[^"]*"\)\s*format\("[a-z0-9]+"\)')
