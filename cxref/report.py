"""What a command prints, before it is given a format: a titled list of tables.

Query results become a :class:`Report` (in ``views``); a renderer (in ``render``) turns a
Report into a terminal table, markdown, JSON, CSV, HTML or SVG. A cell is plain text, a number,
None, a tuple of cells (shown as a list), or one of the small cell types below, each of which
says how it reads to a person and how it reads as data (JSON, CSV).

People read names; data keeps ids. A :class:`Cite` shows a source by its label (the author)
to a person and by its id in JSON and CSV; a :class:`Column` says whether a person, the data
formats, or both see it.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Union


class Cite(NamedTuple):
    """A source cited in a cell: 'Annette Franz (quoting Ameyo)' to a person, 'franz' as data."""

    source: str  # the id
    label: str  # how a person names it: the author, else the site or title
    note: str = ""  # e.g. 'reactive only', 'quoting Gartner'
    data: tuple[tuple[str, Any], ...] = ()  # extra JSON fields, e.g. the stance

    @property
    def text(self) -> str:
        return f"{self.label} ({self.note})" if self.note else self.label

    @property
    def id_text(self) -> str:
        return f"{self.source} ({self.note})" if self.note else self.source

    def json(self) -> Any:
        return {"source": self.source, **dict(self.data)} if self.data else self.source


class Marked(NamedTuple):
    """Text with ranges to highlight (search matches); only the terminal shows the marks."""

    value: str
    spans: tuple[tuple[int, int], ...]

    @property
    def text(self) -> str:
        return self.value

    def json(self) -> Any:
        return self.value


class Items(NamedTuple):
    """A list of cells: one per line in a terminal, joined with '; ' in a line of text."""

    items: tuple[Any, ...]


Cell = Union[str, int, None, Cite, Marked, Items]  # noqa: UP007 - evaluated at run time on 3.10


def cell_text(cell: Cell, *, ids: bool = False, joiner: str = "; ") -> str:
    """A cell as one string; `ids` shows sources by id (for CSV), not by name."""
    if cell is None:
        return ""
    if isinstance(cell, Cite):
        return cell.id_text if ids else cell.text
    if isinstance(cell, Marked):
        return cell.value
    if isinstance(cell, Items):
        return joiner.join(cell_text(item, ids=ids, joiner=joiner) for item in cell.items)
    return str(cell)


def cell_json(cell: Cell) -> Any:
    if isinstance(cell, (Cite, Marked)):
        return cell.json()
    if isinstance(cell, Items):
        return [cell_json(item) for item in cell.items]
    return cell


def is_empty(cell: Cell) -> bool:
    return cell is None or cell == "" or (isinstance(cell, Items) and not cell.items)


class Column(NamedTuple):
    key: str  # the JSON field name
    header: str
    wide: bool = False  # holds prose (quotes): gets the room in a terminal
    person: bool = True  # shown in the formats people read (terminal, markdown, HTML, SVG)
    data: bool = True  # kept in the data formats (JSON, CSV)


class Table(NamedTuple):
    name: str  # the JSON key for its rows; tables of one name are one list in JSON and CSV
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Cell], ...]
    title: str = ""
    empty: str = "nothing to show"  # what is said when there are no rows
    intro: str = ""  # a line of text before the table (e.g. what a pair means)

    def shown(self) -> tuple[Column, ...]:
        """The columns a person sees: no data-only column, and none empty in every row."""
        return tuple(c for c in self.columns if c.person
                     and any(not is_empty(row.get(c.key)) for row in self.rows))


class Reference(NamedTuple):
    """A source as a reference list gives it: its id (the anchor, and the key in data), how a
    person names it, and its details by field name (title, author, site, url, date, and any
    detail a source file gains), in the order the model declares them."""

    id: str
    name: str
    fields: tuple[tuple[str, str | None], ...]

    def get(self, key: str) -> str | None:
        return next((value for name, value in self.fields if name == key), None)

    @property
    def url(self) -> str | None:
        return self.get("url")

    def parts(self) -> list[str]:
        """What follows the name in a reference for a person, each said once: the details
        but the url (which a renderer links), and 'n.d.' where no date is printed."""
        out = [value for key, value in self.fields
               if value and key != "url" and value != self.name]
        if not self.get("date"):
            out.append("n.d.")
        return list(dict.fromkeys(out))


class Report(NamedTuple):
    title: str
    tables: tuple[Table, ...]
    fields: tuple[tuple[str, str], ...] = ()  # label/value lines before the tables
    notes: tuple[str, ...] = ()  # lines after the tables
    references: tuple[Reference, ...] = ()  # the sources cited, in reference-list order
    name: str = ""  # what made it (a command, an export part): the "command" key in JSON
    legend: bool = True  # a terminal shows who each cited name is, under the tables

    def person_tables(self) -> tuple[Table, ...]:
        """The tables a person reads: not those kept for the data formats only."""
        return tuple(t for t in self.tables if not t.rows or t.shown())

    def cited(self) -> tuple[Reference, ...]:
        """The references the tables cite, in reference-list order."""
        ids: set[str] = set()
        for table in self.tables:
            for row in table.rows:
                for value in row.values():
                    if isinstance(value, Cite):
                        ids.add(value.source)
                    elif isinstance(value, Items):
                        ids.update(item.source for item in value.items if isinstance(item, Cite))
        return tuple(r for r in self.references if r.id in ids)


def plural(count: int, word: str, many: str = "") -> str:
    """'1 source', '2 sources'."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def sentences(parts: list[str]) -> str:
    """Parts joined as sentences: '. ' between them, or just ' ' after one that already ends
    in '?' or '!' (so a title like 'What is CX?' gets no stray full stop)."""
    text = ""
    for part in parts:
        if text:
            text += " " if text.endswith(("?", "!", ".")) else ". "
        text += part
    return text
