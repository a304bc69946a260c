"""Output formats, chosen by name in one place: :func:`renderer` maps each :class:`Format` to the
function that renders a :class:`~cxref.report.Report`, importing its module only when it is
asked for. Each kind of command writes the formats of its tuple (:data:`TABLES`, :data:`CHARTS`,
:data:`BIBLIOGRAPHY`, :data:`STYLED`); :func:`format_for` refuses any other.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import Enum
from importlib import import_module
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:  # `cli` imports this module on every run, --help included: no report yet
    from rich.console import ConsoleRenderable

    from ..report import Report, Table

# What a renderer gives: the text, the bytes of a binary format, or what the terminal draws.
Rendered = Union[str, bytes, "ConsoleRenderable"]


class Format(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"
    html = "html"
    svg = "svg"
    png = "png"
    pdf = "pdf"
    csl_json = "csl-json"
    bibtex = "bibtex"
    text = "text"
    csl = "csl"


# What each kind of command writes, its default first.
TABLES = (Format.table, Format.markdown, Format.json, Format.csv, Format.html, Format.svg)
CHARTS = (Format.table, Format.svg, Format.png, Format.pdf, Format.markdown, Format.html,
          Format.json, Format.csv)
BIBLIOGRAPHY = (Format.csl_json, Format.bibtex)
# A reference list in a citation style, or the style itself (a .csl file for pandoc --csl).
STYLED = (Format.text, Format.markdown, Format.html, Format.csl)
BINARY = (Format.png, Format.pdf)  # rendered as bytes: never to a terminal
DATA = (Format.json, Format.csv)  # give a report's data tables; the others its person tables

# The colour of each role (report.ROLES), alike in the page and the chart: blue for backing on
# both sides, light blue for one side, red for against, amber for both at once; apart in
# lightness too, so they survive greyscale and the common forms of colour blindness.
COLOURS = {"full": "#1f5f99", "partial": "#8dbbe3", "against": "#c8383f", "mixed": "#e3a21a"}

# The file extensions each format is written under: what `--output FILE` picks when no
# --format is given (the first of a tuple that the command writes: refs.json is CSL-JSON for
# `cite`, plain JSON for the rest).
EXTENSIONS: dict[str, tuple[Format, ...]] = {
    ".txt": (Format.table, Format.text), ".md": (Format.markdown,), ".markdown": (Format.markdown,),
    ".json": (Format.json, Format.csl_json), ".csv": (Format.csv,), ".html": (Format.html,),
    ".htm": (Format.html,), ".svg": (Format.svg,), ".png": (Format.png,),
    ".pdf": (Format.pdf,), ".bib": (Format.bibtex,), ".csl": (Format.csl,)}


def names(formats: tuple[Format, ...]) -> str:
    """'table, markdown, json, csv, html or svg'."""
    words = [f.value for f in formats]
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]


def extensions(formats: tuple[Format, ...]) -> list[str]:
    """The extensions that pick one of `formats`."""
    return [ext for ext, picks in EXTENSIONS.items() if any(f in formats for f in picks)]


# Word-processor and typesetting files, which pandoc makes from cxref's markdown.
_DOCUMENTS = (".docx", ".doc", ".odt", ".rtf", ".epub", ".tex", ".latex")


def format_for(output: str | None, given: Format | None, default: Format,
               writes: tuple[Format, ...] = TABLES) -> Format:
    """The format to write: `given` when the user chose one, else the one the output file's
    extension names, else `default`. A format the command does not write, or an extension
    that names none it writes, is a usage error that lists what it writes: a file named x.pdf
    must not fill with a text table."""
    from ..errors import UsageError

    hint = ("; csl-json and bibtex are written without --style" if Format.text in writes else
            "; a reference list in a style: cxref cite --style apa" if Format.bibtex in writes
            else "" if Format.png in writes else "; a chart for a slide: cxref chart -o chart.png")
    if given is not None:
        if given not in writes:
            raise UsageError(f"this command cannot write {given.value}; it writes "
                             f"{names(writes)}{hint}", "unwritable-format")
        return given
    extension = os.path.splitext(output or "")[1].lower()
    if not extension:
        return default
    found = next((f for f in EXTENSIONS.get(extension, ()) if f in writes), None)
    if found is not None:
        return found
    if extension in _DOCUMENTS and Format.markdown in writes:
        hint = (f"; for a {extension} file, write markdown (-o x.md) and convert it with "
                f"pandoc (pandoc x.md -o x{extension})")
    elif extension == ".pdf" and Format.html in writes:
        hint = ("; for a PDF, write --format html and print it to PDF from a browser, "
                "or draw a chart: cxref chart -o chart.pdf")
    raise UsageError(f"this command cannot write a '{extension}' file; it writes "
                     f"{names(writes)} ({' '.join(extensions(writes))}){hint}", "unknown-extension")


_RENDERERS = {  # each format: the module of render/ that writes it, and its function
    Format.table: ("terminal", "render"),
    Format.markdown: ("markdown", "render"),
    Format.json: ("jsonfmt", "render"),
    Format.csv: ("csvfmt", "render"),
    Format.html: ("html", "render"),
    Format.svg: ("svg", "render"),
    Format.png: ("chart", "png"),
    Format.pdf: ("chart", "pdf"),
    Format.csl_json: ("csl", "render"),
    Format.bibtex: ("bibtex", "render"),
    Format.text: ("styled", "text"),
    Format.csl: ("styled", "csl"),
}


def renderer(fmt: Format) -> Callable[[Report], Rendered]:
    """The function that renders a Report in `fmt`."""
    module, name = _RENDERERS[fmt]
    found: Callable[[Report], Rendered] = getattr(import_module(f".{module}", __name__), name)
    return found


def headings(report: Report) -> list[tuple[int, str, Table | None]]:
    """A document's headings in order: (level, text, the table under it or None), a section's
    level 2 and a table's 3 under a section, else 2; level 0 for a table without a heading
    (its title is the report's or its section's)."""
    out: list[tuple[int, str, Table | None]] = []
    section = ""
    for t in report.person_tables():
        if t.section and t.section != section:
            section = t.section
            out.append((2, section, None))
        title = t.title or report.title
        if title not in (report.title, t.section):
            out.append((3 if t.section else 2, title, t))
        elif out and out[-1][2] is None:
            out[-1] = (*out[-1][:2], t)  # the section's one table
        else:
            out.append((0, title, t))
    return out
