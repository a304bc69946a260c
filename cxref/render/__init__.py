"""Output formats, chosen by name in one place: :func:`renderer` maps each :class:`Format` to the
function that renders a :class:`~cxref.report.Report`.

The terminal renderer returns a Rich renderable; every other one returns a ``str`` and never
goes near Rich, which would wrap lines and read markup. Renderer modules are imported only when
their format is asked for, so a command pays for the one it uses.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, NoReturn

from ..report import Report


class Format(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"
    html = "html"
    svg = "svg"


# The file extensions each format is written under: what `--output FILE` picks when no
# --format is given, and what the help lists.
EXTENSIONS = {".txt": Format.table, ".md": Format.markdown, ".markdown": Format.markdown,
              ".json": Format.json, ".csv": Format.csv, ".html": Format.html,
              ".htm": Format.html, ".svg": Format.svg}


def extensions_help() -> str:
    return " ".join(EXTENSIONS)


def format_for(output: str | None, given: Format | None, default: Format) -> Format:
    """The format to write: `given` when the user chose one, else the one the output file's
    extension names, else `default`. An extension no format has is a usage error that lists
    the ones there are: a file named x.pdf must not fill with a text table."""
    if given is not None:
        return given
    if output:
        import os

        from ..errors import UsageError

        extension = os.path.splitext(output)[1].lower()
        if extension:
            found = EXTENSIONS.get(extension)
            if found is None:
                raise UsageError(f"cxref cannot write a '{extension}' file; --output takes "
                                 f"{', '.join(EXTENSIONS)} (or --format to choose)",
                                 "unknown-extension")
            return found
    return default


def assert_never(value: NoReturn) -> NoReturn:  # typing.assert_never is Python 3.11+
    raise AssertionError(f"unhandled format: {value!r}")


def renderer(fmt: Format) -> Callable[[Report], Any]:
    """The function that renders a Report in `fmt`."""
    if fmt is Format.table:
        from .terminal import render as terminal

        return terminal
    if fmt is Format.markdown:
        from .markdown import render as markdown

        return markdown
    if fmt is Format.json:
        from .jsonfmt import render as json

        return json
    if fmt is Format.csv:
        from .csvfmt import render as csv

        return csv
    if fmt is Format.html:
        from .html import render as html

        return html
    if fmt is Format.svg:
        from .svg import render as svg

        return svg
    assert_never(fmt)
