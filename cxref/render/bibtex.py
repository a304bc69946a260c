"""A Report's references as a BibTeX file of biblatex ``@online`` entries, each source once,
keyed by its id.

``@online`` is biblatex's type for a web page; ``pandoc --citeproc`` reads a ``.bib`` file as
biblatex, and biber and biblatex typeset it (classic BibTeX styles treat it as ``@misc`` and
ignore ``date``: use biblatex, or the CSL-JSON of ``cxref cite``, there). Fields: ``author``
('Family, Given', or in double braces where the author is not a person's name, so that it is
never split), ``title``, ``organization`` (the site), ``date`` (ISO, only where the date can be
read unambiguously; otherwise the date as printed goes in ``note``: no year is made up),
``url``, and for a source with no author its ``label`` (biblatex cites by it in author-year
styles). A name is a person's or an organisation's by the rule of :mod:`cxref.render.csl`.

Text is LaTeX-escaped: the ten special characters become commands; braces become ``\\{`` and
``\\}`` where they pair up, else ``\\textbraceleft{}`` and ``\\textbraceright{}`` (BibTeX
counts braces even after a backslash, so a lone ``\\{`` would unbalance the entry; pandoc prints
those two as nothing, a lesser harm); a hyphen before another is followed by ``{}`` and a
backtick is ``{\\`{}}``, so that no ligature makes a dash or a quote of them; whitespace is
folded. A title's words that hold a capital are in braces, as Zotero writes them, so that no
reader changes their case (pandoc's makes a title sentence case). A url keeps its characters, but
braces, backslashes and spaces are percent-encoded: the field is verbatim in biblatex.
"""

from __future__ import annotations

import re

from ..report import Reference, Report
from .csl import date_parts, people

_TEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
        "%": r"\%", "#": r"\#", "&": r"\&", "$": r"\$", "_": r"\_",
        "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


_PAIRED = {**_TEX, "{": r"\{", "}": r"\}"}


def _paired(text: str) -> bool:
    """Does every '{' of `text` have its '}' after it, nested? BibTeX counts '\\{' as a brace,
    so '\\{' and '\\}' are safe only then (and pandoc reads them; it reads
    '\\textbraceleft{}' as nothing)."""
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def tex(text: str) -> str:
    """`text` as LaTeX that prints it, on one line."""
    table = {**(_PAIRED if _paired(text) else _TEX), "`": "{\\`{}}"}
    return re.sub(r"-(?=-)", "-{}", "".join(table.get(ch, ch) for ch in " ".join(text.split())))


def _cased(text: str) -> str:
    """`text` as LaTeX, each word that holds a capital in braces."""
    return re.sub(r"\S+", lambda w: "{" + w[0] + "}" if any(c.isupper() for c in w[0])
                  else w[0], tex(text))


def _url(url: str) -> str:
    return "".join(f"%{ord(ch):02X}" if ch in "{}\\ %" and not (
        ch == "%" and _is_escape(url, i)) else ch for i, ch in enumerate(url))


def _is_escape(url: str, index: int) -> bool:
    """Is the '%' at `index` already a percent-escape ('%20')?"""
    code = url[index + 1:index + 3]
    return len(code) == 2 and all(c in "0123456789abcdefABCDEF" for c in code)


def _name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + tex(name["literal"]) + "}"
    parts = [tex(name["family"])]
    if name.get("suffix"):
        parts.append(tex(name["suffix"]))
    parts.append(tex(name["given"]))
    return ", ".join(parts)


def entry(ref: Reference) -> str:
    fields: list[tuple[str, str]] = []
    authors = people(" ".join((ref.get("author") or "").split()),
                     " ".join((ref.get("site") or "").split()))
    if authors:
        fields.append(("author", " and ".join(_name(n) for n in authors)))
    else:
        fields.append(("label", tex(ref.name)))
    title = ref.get("title") or (None if authors else ref.name)
    if title:
        fields.append(("title", _cased(title)))
    if ref.get("site"):
        fields.append(("organization", tex(ref.get("site") or "")))
    date = " ".join((ref.get("date") or "").split())
    parts = date_parts(date)
    if parts:
        fields.append(("date", "-".join(f"{p:04d}" if i == 0 else f"{p:02d}"
                                        for i, p in enumerate(parts))))
    elif date:
        fields.append(("note", tex(date)))
    if ref.url:
        fields.append(("url", _url(ref.url)))
    body = "".join(f"  {key} = {{{value}}},\n" for key, value in fields)
    return f"@online{{{ref.id},\n{body}}}\n"


def render(report: Report) -> str:
    return "\n".join(entry(ref) for ref in report.references)
