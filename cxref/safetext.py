"""Text from data files made safe to print: nothing in it can drive the terminal or hide.

Newline and tab are kept; every other control character (ESC among them), the format
characters (bidi overrides, zero-width), line and paragraph separators, lone surrogates and
every other code point that renders as nothing become a visible escape such as ``\\x1b``.
A backslash stays as it is: it is ordinary text.
"""

from __future__ import annotations

import re

_KEEP = frozenset("\n\t")
# Control, format, line/paragraph separator, surrogate.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# Default_Ignorable_Code_Point of Unicode 14.0 (Python 3.11's unicodedata): code points that
# render as nothing, some of which no category reveals (U+034F, Hangul fillers, selectors).
IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")


def is_unsafe(ch: str) -> bool:
    """True for a character that must not reach a terminal as itself."""
    import unicodedata  # only for text that is not plainly printable: rare

    return ch not in _KEEP and (unicodedata.category(ch) in UNSAFE_CATEGORIES
                                or IGNORABLE.match(ch) is not None)


def _escape(ch: str) -> str:
    """``\\xhh``, ``\\uhhhh`` or ``\\Uhhhhhhhh``, as ascii() writes it (which writes CR as \\r)."""
    return "\\x0d" if ch == "\r" else ascii(ch)[1:-1]


def visible(text: str) -> str:
    """Return `text` with every character that could act on a terminal, or that renders as
    nothing, shown as an escape."""
    if text.isprintable() and (text.isascii() or IGNORABLE.search(text) is None):  # in C
        return text
    return "".join(_escape(ch) if is_unsafe(ch) else ch for ch in text)


def one_line(text: str) -> str:
    """`text` made safe and kept to one line: line breaks and tabs as escapes too. For text the
    user gave (a path, an argument) printed inside a line of cxref's own."""
    return visible(text).replace("\n", "\\n").replace("\t", "\\t")
