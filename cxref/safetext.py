"""Text from data files made safe to print: nothing in it can drive the terminal or hide.

Every string that comes out of a YAML file goes through :func:`visible` once, in the loader,
and every error message goes through it before it is printed. Newline and tab are kept; every
other C0 control, DEL and the C1 controls (ESC among them, so no escape sequence can style,
link, move the cursor, set the title or write the clipboard), the Unicode format characters
(bidirectional overrides, zero-width characters), line and paragraph separators, lone
surrogates, and every other code point that renders as nothing (Unicode's default-ignorable
set: fillers, variation selectors, tags) become a visible escape such as ``\\x1b`` or
``\\u034f``, so no two names that print alike differ by an invisible character. A backslash
stays as it is: it is ordinary text.
"""

from __future__ import annotations

import re

_KEEP = frozenset("\n\t")
# Control, format, line/paragraph separator, surrogate.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# Default_Ignorable_Code_Point, as DerivedCoreProperties.txt of Unicode 14.0 lists it (the
# version of Python 3.11's unicodedata): code points that render as nothing. Most are format
# characters (Cf); the rest are marks and letters a category does not reveal (U+034F, the
# Hangul fillers, variation selectors) and reserved code points kept for more of them.
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
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """Return `text` with every character that could act on a terminal, or that renders as
    nothing, shown as an escape."""
    if text.isprintable() and (text.isascii() or IGNORABLE.search(text) is None):  # in C
        return text
    return "".join(_escape(ch) if is_unsafe(ch) else ch for ch in text)


def one_line(text: str) -> str:
    """`text` made safe and kept to one line: line breaks and tabs as escapes too. For text the
    user gave (a path, an argument) printed inside a line of cxref's own."""
    return visible(text).replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
