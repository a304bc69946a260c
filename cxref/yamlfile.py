"""Read one YAML file strictly: plain data, every value text, every place remembered.

cxref builds the values itself from the events of PyYAML's safe parser (libyaml's when there),
so that it refuses anchors and aliases at the first event, duplicate keys, tags, deep nesting,
more than one document and files over :data:`MAX_BYTES` or not UTF-8; keeps every scalar as
the text its author wrote (``2019``, ``yes`` stay strings; only an empty value, ``~`` or
``null`` is None); and remembers the 1-based line and column of every key and value.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from typing import Any

import yaml

from .errors import DataError, Problem
from .safetext import visible

MAX_BYTES = 1024 * 1024  # a hand-written source file is a few KB; refuse anything past 1 MiB
MAX_DEPTH = 16  # the schema nests four levels; this leaves room without risking recursion

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
At = Callable[[Any], tuple[int, int]]  # a parser's mark -> the place cxref prints


class YMap(dict):  # type: ignore[type-arg]
    """A mapping read from YAML, with the position of itself, its keys and its values."""

    __slots__ = ("line", "col", "key_pos", "value_pos")

    def __init__(self, line: int, col: int) -> None:
        super().__init__()
        self.line, self.col = line, col
        self.key_pos: dict[str, tuple[int, int]] = {}
        self.value_pos: dict[str, tuple[int, int]] = {}


class YSeq(list):  # type: ignore[type-arg]
    """A sequence read from YAML, with the position of itself and of each item."""

    __slots__ = ("line", "col", "item_pos")

    def __init__(self, line: int, col: int) -> None:
        super().__init__()
        self.line, self.col = line, col
        self.item_pos: list[tuple[int, int]] = []


def _fail(path: str, line: int, col: int, code: str, message: str) -> DataError:
    # The path is printed with the problem, and a file name can hold any character.
    return DataError(Problem(code, message, visible(path), line, col))


def read_bytes(path: str, folder: str | os.PathLike[str]) -> bytes:
    """The bytes of `path`, a file of the definitions folder `folder`: the one way cxref opens
    a definitions file. It must lead to a regular file inside that folder (cxref would echo a
    file's lines in its messages), under the size cap. A problem with the whole file is at 1:1.
    The kind of file is checked on what was opened; O_NONBLOCK keeps a FIFO from blocking."""
    inside = os.path.realpath(folder) + os.sep
    if not os.path.realpath(path).startswith(inside):
        raise _fail(path, 1, 1, "link-outside", "is a link to a file outside the definitions "
                    "folder; cxref reads only files inside it (copy the file in instead)")
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _fail(path, 1, 1, "unreadable", f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _fail(path, 1, 1, "not-a-file", "is not a regular file")
        if info.st_size > MAX_BYTES:
            raise _fail(path, 1, 1, "too-large",
                        f"is {info.st_size} bytes; the limit is {MAX_BYTES}")
        data = b""
        while chunk := os.read(fd, MAX_BYTES + 1 - len(data)):  # it may grow while it is read
            data += chunk
            if len(data) > MAX_BYTES:
                raise _fail(path, 1, 1, "too-large", f"is over the limit of {MAX_BYTES} bytes")
    except OSError as exc:
        raise _fail(path, 1, 1, "unreadable", f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)
    return data


def decode(path: str, data: bytes) -> str:
    """UTF-8 text (a byte-order mark is allowed), or an error naming the first bad byte."""
    body = data.removeprefix(b"\xef\xbb\xbf")  # positions count after a byte-order mark
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Everything before the first bad byte decodes; its place is counted in characters,
        # as editors and the YAML parser's marks count it.
        before = body[: exc.start].decode("utf-8")
        line, col = place(before, len(before))
        raise _fail(path, line, col, "not-utf8",
                    f"is not UTF-8 (byte 0x{body[exc.start]:02x})") from None


def parse(path: str, text: str) -> Any:
    """The document in `text` as YMap / YSeq / str / None, or a DataError with its place."""
    try:
        parser = _Parser(text)  # the pure-Python reader checks every character here
    except yaml.YAMLError as exc:
        raise _reader_error(path, text, exc) from None
    remap = _remapper(text)
    at = _at if remap is None else lambda mark: remap(*_at(mark))
    try:
        return _build(parser, path, at)
    except yaml.MarkedYAMLError as exc:
        line, col, message = _syntax(text, exc)
        if remap is not None:
            line, col = remap(line, col)
        raise _fail(path, line, col, "syntax", message) from None
    except yaml.YAMLError as exc:  # a reader error (e.g. a control character libyaml refuses)
        raise _reader_error(path, text, exc) from None
    finally:
        parser.dispose()


# -- places as an editor counts them -------------------------------------------------------------
# Editors break lines at LF, CR LF and a lone CR; YAML 1.1 (and so libyaml's marks) also at
# NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR. Every place cxref prints is an editor's.

_BREAKS = re.compile("\r\n|[\r\n]")
_YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


def place(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of character `index` of `text`, as an editor shows them."""
    breaks = list(_BREAKS.finditer(text, 0, index))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


def _remapper(text: str) -> Callable[[int, int], tuple[int, int]] | None:
    """A function from a parser's (line, column) to an editor's, for a text with line breaks
    that YAML counts and editors do not; else None."""
    if not any(mark in text for mark in _YAML_ONLY_BREAKS):
        return None
    starts = [0] + [m.end() for m in _YAML_BREAKS.finditer(text)]

    def remap(line: int, col: int) -> tuple[int, int]:
        index = starts[min(max(line, 1), len(starts)) - 1] + col - 1
        return place(text, min(max(index, 0), len(text)))
    return remap


def _syntax(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Where a YAML syntax error is, as the person who made it would look for it, and what
    to type instead: an unclosed quote where it opens (not where the parser gave up, lines
    later), a tab called a tab, a bad escape in double quotes as an escape."""
    mark = exc.problem_mark or exc.context_mark
    line, col = _at(mark) if mark else (1, 1)
    message = visible(str(exc.problem or exc.context or "invalid YAML"))
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "unknown escape character" in message:
        return line, col, (f"{message}; in double quotes a backslash starts an escape "
                           "(\\n, \\t): write \\\\ for a backslash, or put the value in "
                           "single quotes")
    if "\t" in here[:max(col, len(here) - len(here.lstrip()))]:
        return line, col, (f"{message}; a tab is used for indentation: YAML indents with "
                           "spaces only (replace the tab with spaces)")
    opened = _unclosed_quote(lines, line)
    if opened is not None:
        return (*opened, _UNCLOSED)
    if "quoted scalar" in str(exc.context or ""):  # where the quote that is not closed opens
        return (*_at(exc.context_mark), f"{message}; {_UNCLOSED}")
    advice = next((advice for known, advice in HINTS if known in message), None)
    return line, col, message if advice is None else f"{message}; {advice}"


_QUOTED_VALUE = re.compile(r"""^\s*(?:- +)?(?:[^\s#'"][^:#]*:\s+|- +)?(["'])""")
_KEY_LINE = re.compile(r"^\s*(?:- +)?[A-Za-z_][\w-]*:(?:\s|$)")


def _unclosed_quote(lines: list[str], before: int) -> tuple[int, int] | None:
    """The place of a quoted value that opens on a line before `before` and is not closed on
    it, when the next line starts a key (the quote has swallowed the lines after it): the
    likeliest cause of a syntax error found later."""
    for index in range(min(before, len(lines)) - 1):
        found = _QUOTED_VALUE.match(lines[index])
        if found is None:
            continue
        quote, start = found[1], found.end()
        rest = lines[index][start:]
        closed = (re.search(r'(?<!\\)"', rest) if quote == '"'
                  else re.search(r"'(?!')", rest.replace("''", "")))
        if closed is None and _KEY_LINE.match(lines[index + 1]):
            return index + 1, start
    return None


_UNCLOSED = ("the quote that opens here is not closed: end the value with the same quote "
             "(\" or ') it starts with")
# PyYAML's words for the common mistakes, and what to type instead.
HINTS = (
    ("mapping values are not allowed", "a colon followed by a space in an unquoted value? "
     "put the value in quotes: title: \"CX: a view\" (or indent this line like the keys "
     "around it)"),
    ("expected '-' indicator", "a list item ('- ') at the wrong indentation: start it in the "
     "same column as the other items of its list"),
    ("did not find expected key", "a line at the wrong indentation: a list item ('- ') lines "
     "up with the other items of its list, a key with the other keys of its mapping"),
    ("expected ',' or ']'", "a '[' is not closed: end the list with ']', or quote the value "
     "if the bracket is part of its text"),
    ("expected ',' or '}'", "a '{' is not closed: end it with '}', or quote the value if the "
     "brace is part of its text"),
)


def _reader_error(path: str, text: str, exc: Exception) -> DataError:
    """A character YAML does not allow (e.g. a raw control character), placed by finding it:
    libyaml reports a byte offset and PyYAML a character offset, so neither is used."""
    code = getattr(exc, "character", None)
    if isinstance(code, int) and (index := text.find(chr(code))) != -1:
        line, col = place(text, index)
        reason = getattr(exc, "reason", "") or "not allowed"
        return _fail(path, line, col, "syntax", f"unacceptable character {visible(chr(code))}"
                     f" (#x{code:04x}): {visible(str(reason))}")
    return _fail(path, 1, 1, "syntax", visible(str(exc).splitlines()[0]))


def load(path: str, folder: str | os.PathLike[str]) -> Any:
    """Read, decode and parse one file of the definitions folder `folder`."""
    return parse(path, decode(path, read_bytes(path, folder)))


def _at(mark: Any) -> tuple[int, int]:
    """The 1-based line and column of a parser's mark."""
    return mark.line + 1, mark.column + 1


def _build(parser: Any, path: str, at: At) -> Any:
    """The one document the parser reads, with the places `at` gives the parser's marks."""
    get = parser.get_event
    get()  # StreamStart
    event = get()
    if isinstance(event, yaml.StreamEndEvent):
        return None
    root = _node(get, path, get(), 1, at)
    get()  # DocumentEnd
    event = get()
    if not isinstance(event, yaml.StreamEndEvent):
        raise _fail(path, *at(event.start_mark), "many-documents",
                    "holds more than one YAML document")
    return root


def _refuse(path: str, event: Any, at: At) -> DataError:
    """The error for an event that is not plain data: an alias, an anchor or a tag."""
    line, col = at(event.start_mark)
    if isinstance(event, yaml.AliasEvent):
        return _fail(path, line, col, "alias", f"uses the alias *{visible(event.anchor or '')}; "
                     "anchors and aliases are not allowed")
    if event.anchor:
        return _fail(path, line, col, "anchor", f"defines the anchor &{visible(event.anchor)}; "
                     "anchors and aliases are not allowed")
    return _fail(path, line, col, "tag", f"uses the tag {visible(event.tag)}; "
                 "tags are not allowed")


# The hot loop of a first run: kept flat (no helper call per event but `at`).
_Scalar, _SeqStart, _SeqEnd = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MapEnd = yaml.MappingEndEvent


def _node(get: Any, path: str, event: Any, depth: int, at: At) -> Any:
    kind = type(event)
    if kind is _Scalar:
        if event.anchor or (event.tag is not None and event.tag != "!"):
            raise _refuse(path, event, at)  # every tag, !!str too: the README promises none
        value = event.value
        if not event.style and value in _NULLS:
            return None
        return value if value.isascii() and value.isprintable() else visible(value)
    if kind is not _SeqStart and kind is not yaml.MappingStartEvent:
        raise _refuse(path, event, at)  # an alias
    if event.anchor or event.tag is not None:
        raise _refuse(path, event, at)
    line, col = at(event.start_mark)
    if depth > MAX_DEPTH:
        raise _fail(path, line, col, "too-deep", f"nests deeper than {MAX_DEPTH} levels")
    depth += 1
    if kind is _SeqStart:
        seq = YSeq(line, col)
        while type(item := get()) is not _SeqEnd:
            seq.item_pos.append(at(item.start_mark))
            seq.append(_node(get, path, item, depth, at))
        return seq
    mapping = YMap(line, col)
    key_pos, value_pos = mapping.key_pos, mapping.value_pos
    while type(key_event := get()) is not _MapEnd:
        here = at(key_event.start_mark)
        if type(key_event) in (_SeqStart, yaml.MappingStartEvent):  # not an alias: _node says
            raise _fail(path, *here, "bad-key", "a key must be plain text")
        key = _node(get, path, key_event, depth, at) or key_event.value  # a null key is text
        if key in mapping:
            raise _fail(path, *here, "duplicate-key",
                        f"duplicate key '{key}' (first on line {key_pos[key][0]})")
        value_event = get()
        key_pos[key] = here
        value_pos[key] = at(value_event.start_mark)
        mapping[key] = _node(get, path, value_event, depth, at)
    return mapping
