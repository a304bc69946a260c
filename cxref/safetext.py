"""Text from data files made safe to print: nothing in it can drive the terminal.

Every string that comes out of a YAML file goes through :func:`visible` once, in the loader,
and every error message goes through it before it is printed. Newline and tab are kept; every
other C0 control, DEL and the C1 controls (ESC among them, so no escape sequence can style,
link, move the cursor, set the title or write the clipboard), the Unicode format characters
(bidirectional overrides, zero-width characters), line and paragraph separators and lone
surrogates become a visible escape such as ``\\x1b`` or ``\\u202e``. A backslash stays as it is:
it is ordinary text.
"""

from __future__ import annotations

_KEEP = frozenset("\n\t")
# Control, format, line/paragraph separator, surrogate.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def is_unsafe(ch: str) -> bool:
    """True for a character that must not reach a terminal as itself."""
    import unicodedata  # only for text that is not plainly printable: rare

    return ch not in _KEEP and unicodedata.category(ch) in UNSAFE_CATEGORIES


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """Return `text` with every character that could act on a terminal shown as an escape."""
    if text.isprintable():  # the common case, checked in C
        return text
    return "".join(_escape(ch) if is_unsafe(ch) else ch for ch in text)


def one_line(text: str) -> str:
    """`text` made safe and kept to one line: line breaks and tabs as escapes too. For text the
    user gave (a path, an argument) printed inside a line of cxref's own."""
    return visible(text).replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
