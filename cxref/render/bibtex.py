"""A Report's references as biblatex ``@online`` entries, each source once, keyed by its id:
``author`` (a name that is not a person's in double braces, never split), ``title``,
``organization`` (the site), ``date`` (only where it reads unambiguously, else ``note``),
``url``, and ``label`` for a source with no author. People and dates as in :mod:`.csl`.

Text is LaTeX-escaped (:func:`tex`), a title's capitalised words braced so no reader changes
their case; a url is kept verbatim but for braces, backslashes and spaces, percent-encoded.
"""

from __future__ import annotations

import re

from ..report import Reference, Report
from .csl import item

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
    """`url` with its braces, backslashes, spaces and each '%' that starts no escape encoded."""
    return re.sub(r"[{}\\ ]|%(?![0-9a-fA-F]{2})", lambda m: f"%{ord(m[0]):02X}", url)


def _name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + tex(name["literal"]) + "}"
    return ", ".join(tex(part) for part in (name["family"], name.get("suffix"), name["given"])
                     if part)


def entry(ref: Reference) -> str:
    one = item(ref)  # names, title, site and date read as CSL-JSON reads them
    fields = [("author", " and ".join(_name(n) for n in one["author"])) if "author" in one
              else ("label", tex(ref.name))]
    if "title" in one:
        fields.append(("title", _cased(one["title"])))
    if "container-title" in one:
        fields.append(("organization", tex(one["container-title"])))
    if "issued" in one:
        fields.append(("date", "-".join(f"{p:04d}" if i == 0 else f"{p:02d}"
                                        for i, p in enumerate(one["issued"]["date-parts"][0]))))
    elif "note" in one:
        fields.append(("note", tex(one["note"])))
    if ref.url:
        fields.append(("url", _url(ref.url)))
    body = "".join(f"  {key} = {{{value}}},\n" for key, value in fields)
    return f"@online{{{ref.id},\n{body}}}\n"


def render(report: Report) -> str:
    return "\n".join(entry(ref) for ref in report.references)
