"""What a command prints, before it is given a format: a titled list of tables.

Query results become a :class:`Report` (in ``views``); a renderer (in ``render``) turns a
Report into a terminal table, markdown, JSON, CSV or HTML. A cell is plain text, a number,
None, a tuple of cells (shown as a list), or one of the small cell types below, each of which
says how it reads as text and as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from .model import Source


@dataclass(frozen=True)
class Cite:
    """A reference to a source in a cell, e.g. ``keynote-speaker (reactive only)``."""

    source: str
    note: str = ""
    data: tuple[tuple[str, Any], ...] = ()  # extra JSON fields

    @property
    def text(self) -> str:
        return f"{self.source} ({self.note})" if self.note else self.source

    def json(self) -> Any:
        return {"source": self.source, **dict(self.data)} if self.data else self.source


@dataclass(frozen=True)
class Count:
    """A support count shown as 'k of n'; JSON gets the number k."""

    value: int
    total: int

    @property
    def text(self) -> str:
        return f"{self.value} of {self.total}"

    def json(self) -> Any:
        return self.value


@dataclass(frozen=True)
class Marked:
    """Text with ranges to highlight (search matches); only the terminal shows the marks."""

    value: str
    spans: tuple[tuple[int, int], ...]

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
    if isinstance(cell, tuple):
        return joiner.join(cell_text(item, joiner) for item in cell)
    if isinstance(cell, (str, int)):
        return str(cell)
    return cell.text


def cell_json(cell: Cell) -> Any:
    if isinstance(cell, tuple):
        return [cell_json(item) for item in cell]
    if cell is None or isinstance(cell, (str, int)):
        return cell
    return cell.json()


@dataclass(frozen=True)
class Column:
    key: str  # the JSON field name
    header: str
    wide: bool = False  # holds prose (quotes): gets the room in a terminal
    terminal: bool = True  # False: an id column that only files and scripts need


@dataclass(frozen=True)
class Table:
    name: str  # the JSON key for its rows
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Cell], ...]
    title: str = ""
    empty: str = "nothing to show"  # what the terminal says when there are no rows


@dataclass(frozen=True)
class Report:
    title: str
    tables: tuple[Table, ...]
    fields: tuple[tuple[str, str], ...] = ()  # label/value lines before the tables
    notes: tuple[str, ...] = ()  # lines after the tables
    references: tuple[Source, ...] = ()  # the sources cited, for reference lists
    name: str = ""  # the command that made it, for JSON
