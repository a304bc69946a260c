"""What a command prints, before it is given a format: a titled list of tables.

Query results become a :class:`Report` (in ``views``); a renderer (in ``render``) turns a
Report into a terminal table, markdown, JSON, CSV or HTML. A cell is plain text, a number,
None, a tuple of cells (shown as a list), or one of the small cell types below, each of which
says how it reads as text and as JSON.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Union

from .model import Source


class _CellValue:
    """Base of the cell types: plain slotted classes (not tuples, so a list cell - a tuple - is
    never mistaken for one), compared by value."""

    __slots__: tuple[str, ...] = ()

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._key() == self._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._key()!r}"


class Cite(_CellValue):
    """A reference to a source in a cell, e.g. ``keynote-speaker (reactive only)``."""

    __slots__ = ("source", "note", "data")

    def __init__(self, source: str, note: str = "",
                 data: tuple[tuple[str, Any], ...] = ()) -> None:
        self.source, self.note, self.data = source, note, data  # data: extra JSON fields

    @property
    def text(self) -> str:
        return f"{self.source} ({self.note})" if self.note else self.source

    def json(self) -> Any:
        return {"source": self.source, **dict(self.data)} if self.data else self.source


class Count(_CellValue):
    """A support count shown as 'k of n'; JSON gets the number k."""

    __slots__ = ("value", "total")

    def __init__(self, value: int, total: int) -> None:
        self.value, self.total = value, total

    @property
    def text(self) -> str:
        return f"{self.value} of {self.total}"

    def json(self) -> Any:
        return self.value


class Marked(_CellValue):
    """Text with ranges to highlight (search matches); only the terminal shows the marks."""

    __slots__ = ("value", "spans")

    def __init__(self, value: str, spans: tuple[tuple[int, int], ...]) -> None:
        self.value, self.spans = value, spans

    @property
    def text(self) -> str:
        return self.value

    def json(self) -> Any:
        return self.value


Cell = Union[str, int, None, Cite, Count, Marked, tuple]


def cell_text(cell: Cell, joiner: str = "; ") -> str:
    """A cell as one string, list items joined by `joiner`."""
    if cell is None:
        return ""
    if isinstance(cell, _CellValue):
        return cell.text  # type: ignore[attr-defined,no-any-return]
    if isinstance(cell, tuple):
        return joiner.join(cell_text(item, joiner) for item in cell)
    return str(cell)


def cell_json(cell: Cell) -> Any:
    if isinstance(cell, _CellValue):
        return cell.json()  # type: ignore[attr-defined]
    if isinstance(cell, tuple):
        return [cell_json(item) for item in cell]
    return cell


class Column(NamedTuple):
    key: str  # the JSON field name
    header: str
    wide: bool = False  # holds prose (quotes): gets the room in a terminal
    terminal: bool = True  # False: an id column that only files and scripts need


class Table(NamedTuple):
    name: str  # the JSON key for its rows
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Cell], ...]
    title: str = ""
    empty: str = "nothing to show"  # what the terminal says when there are no rows


class Report(NamedTuple):
    title: str
    tables: tuple[Table, ...]
    fields: tuple[tuple[str, str], ...] = ()  # label/value lines before the tables
    notes: tuple[str, ...] = ()  # lines after the tables
    references: tuple[Source, ...] = ()  # the sources cited, for reference lists
    name: str = ""  # the command that made it, for JSON
