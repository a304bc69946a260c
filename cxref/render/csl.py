"""A Report's references as a CSL-JSON bibliography (what ``pandoc --citeproc`` reads and Zotero
imports): each source once, a ``webpage`` keyed by its id, its site the container.

An author is a person's name (``given`` and ``family``) only where it reads as one (see
:func:`person`), else a ``literal`` name, never split. A date becomes ``date-parts`` only where
it reads unambiguously (:func:`date_parts`), else it goes in the ``note``: no year is made up.
A '<' that a CSL processor would read as a tag is put in a nocase span, so it prints as written.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any

from ..report import Reference, Report

_MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], 1) for name in names}
_MONTH = r"([A-Za-z]+)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATES = (  # (pattern, the order its groups come in: y, m, d)
    (re.compile(r"(\d{4})"), "y"),
    (re.compile(r"(\d{4})-(\d{2})"), "ym"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "ymd"),
    (re.compile(rf"{_MONTH},? (\d{{4}})"), "my"),
    (re.compile(rf"{_MONTH} {_DAY},? (\d{{4}})"), "mdy"),
    (re.compile(rf"{_DAY} {_MONTH},? (\d{{4}})"), "dmy"),
)
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def date_parts(text: str | None) -> list[int] | None:
    """[year, month, day] (or fewer) when `text` is a date that can be read unambiguously,
    else None."""
    if not text:
        return None
    spaced = " ".join(text.replace(",", ", ").split()).replace(" ,", ",")
    for pattern, order in _DATES:
        found = pattern.fullmatch(spaced)
        if found:
            got = dict(zip(order, found.groups()))
            if not got.get("m", "1").isdigit():
                got["m"] = str(_MONTHS.get(got["m"].casefold(), 0))
            parts = [int(got[key]) for key in "ymd" if key in got]
            try:
                datetime.date(*(parts + [1, 1])[:3])  # no month or day: the first
            except ValueError:  # month 0 (not a month's name), 31 April, year 0
                return None
            return parts
    return None


# Words that organisations' names use and people's do not: an author holding one is cited as
# written.
ORGANISATION = frozenset({"institute", "review", "university", "college", "school", "association",
    "society", "council", "foundation", "agency", "group", "company", "corporation", "corp",
    "corp.", "inc", "inc.", "llc", "ltd", "ltd.", "gmbh", "co.", "team", "staff", "editors",
    "magazine", "journal", "news", "times", "press", "media", "blog", "labs", "center", "centre",
    "department", "ministry", "bank", "partners", "consulting", "services", "solutions",
    "network"})


def _looks_like_person(words: list[str]) -> bool:
    return 2 <= len(words) <= 4 and all(
        w[:1].isupper() and w.casefold() not in ORGANISATION and w.casefold() != "and"
        and not (len(w.rstrip(".")) > 1 and w.isupper()) for w in words)


def person(text: str, site: str = "") -> dict[str, str]:
    """One CSL name from how a source gives its author (see the module's docstring)."""
    name, comma, rest = (part.strip() for part in text.partition(","))
    suffix = ""
    if comma:
        if rest.casefold() in _SUFFIXES:
            suffix = rest
        elif rest and all(w.replace(".", "").isupper() or w.replace(".", "") in ("PhD", "MBA")
                          for w in rest.replace(",", " ").split()):
            pass  # a credential ('CCXP', 'PhD'): styles leave it out
        elif rest and len(name.split()) == 1 and all(w[:1].isupper() for w in rest.split()):
            return {"family": name, "given": rest}  # 'Ahlfeldt, Julia'
        else:
            return {"literal": text}
    words = name.split()
    if not _looks_like_person(words) or name == site:
        return {"literal": text}
    out = {"family": words[-1], "given": " ".join(words[:-1])}
    return {**out, "suffix": suffix} if suffix else out


def people(text: str | None, site: str | None = None) -> list[dict[str, str]]:
    """The CSL names of an author field: 'Ann Alpha and Bob Beta' is two, when both parts
    read as a person's name; anything else is one."""
    if not text:
        return []
    parts = [p.strip() for p in re.split(r",? and ", text)]
    if len(parts) > 1 and all(_looks_like_person(p.partition(",")[0].split()) for p in parts):
        return [person(p) for p in parts]
    return [person(text, site or "")]


def folded(text: str | None) -> str:
    """A detail on one line: a line break in a title is no part of a citation."""
    return " ".join((text or "").split())


def item(ref: Reference) -> dict[str, Any]:
    """The CSL-JSON item of one reference."""
    title, site, date = (folded(ref.get(key)) for key in ("title", "site", "date"))
    out: dict[str, Any] = {"id": ref.id, "type": "webpage"}
    if title:
        out["title"] = title
    authors = people(folded(ref.get("author")), site)
    if authors:
        out["author"] = authors
    if site:
        out["container-title"] = site
    parts = date_parts(date)
    if parts:
        out["issued"] = {"date-parts": [parts]}
    elif date:
        out["note"] = date
    if ref.url:
        out["URL"] = ref.url
    if "title" not in out and not authors:  # a style must have something to cite it by
        out["title"] = folded(ref.name)
    return out


# The start of the rich-text tags a CSL processor reads in a text ('<i>', '</b>', '<span ...>'):
# their '<' is given in a nocase span, which pandoc and citeproc-py print as the text it holds.
_TAG = re.compile(r"<(?=/?(?:i|b|sup|sub|sc|span)\b)", re.IGNORECASE)


def texts(value: Any, change: Callable[[str], str]) -> Any:
    """An item (or a part of one) with `change` made to each text in it but its id and type."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [texts(one, change) for one in value]
    if isinstance(value, dict):
        return {k: v if k in ("id", "type") else texts(v, change) for k, v in value.items()}
    return value


def render(report: Report) -> str:
    items = [texts(item(ref), lambda text: _TAG.sub('<span class="nocase"><</span>', text))
             for ref in report.references]
    return json.dumps(items, ensure_ascii=False, allow_nan=False, indent=2) + "\n"
