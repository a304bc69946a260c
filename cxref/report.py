"""What a command prints, before it is given a format: a titled list of tables, and perhaps a
figure (a chart) and a list of references.

A view (in ``views``) builds a :class:`Report`; a renderer (in ``render``) formats it. A cell is
text, a number, None, or one of the small cell types below, each of which reads one way to a
person and another as data (JSON, CSV).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Union

# A value a data format keeps beside a cited source's id (its stance, the voices it quotes, and
# each voice's own stance as an object).
Datum = Union[str, int, bool, None, tuple[str, ...],  # noqa: UP007 - run time on 3.10
              tuple[Mapping[str, object], ...]]


class Cite(NamedTuple):
    """A source cited in a cell: 'Annette Franz (quoting Ameyo)' to a person, 'franz' as data."""

    source: str  # the id
    label: str  # how a person names it: the author, else the site or title
    note: str = ""  # e.g. 'reactive only', 'quoting Gartner'
    data: tuple[tuple[str, Datum], ...] = ()  # more JSON fields: (name, value), e.g. the stance


class Marked(NamedTuple):
    """Text with ranges to highlight (search matches); only the terminal shows the marks."""

    value: str
    spans: tuple[tuple[int, int], ...]


class Items(NamedTuple):
    """A list of cells: one per line in a terminal, joined with '; ' in a line of text."""

    items: tuple[Cell, ...]


class Tally(NamedTuple):
    """Counts that make up a whole, in order ('4 both sides', '1 one side'), each with the
    role it plays (see :data:`ROLES`), and words after them ('disputed'). A page can draw the
    counts as a bar; text reads them as a list."""

    counts: tuple[tuple[str, int, str], ...]  # (label, count, role)
    flags: tuple[str, ...] = ()
    total: int = 0  # out of how many: a bar's full length (0: the sum of the counts)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(f"{n} {label}" for label, n, _ in self.counts) + self.flags


# What a count or a series stands for, so that every picture colours it alike: backing on both
# sides, on one side, against, and for and against at once.
ROLES = ("full", "partial", "against", "mixed")


Cell = Union[str, int, None, Cite, Marked, Items, Tally]  # noqa: UP007 - run time on 3.10


def cell_text(cell: Cell, *, ids: bool = False, joiner: str = "; ") -> str:
    """A cell as one string, a list's items `joiner`-joined; `ids`: sources by id (for CSV)."""
    if cell is None:
        return ""
    if isinstance(cell, Cite):
        name = cell.source if ids else cell.label
        return f"{name} ({cell.note})" if cell.note else name
    if isinstance(cell, Marked):
        return cell.value
    if isinstance(cell, (Items, Tally)):
        return joiner.join(cell_text(item, ids=ids, joiner=joiner) for item in cell.items)
    return str(cell)


def cell_json(cell: Cell) -> object:
    """A cell as JSON-ready data: a cite by its id (with its data, if any), a tally by count."""
    if isinstance(cell, Cite):
        return {"source": cell.source, **dict(cell.data)} if cell.data else cell.source
    if isinstance(cell, Marked):
        return cell.value
    if isinstance(cell, Items):
        return [cell_json(item) for item in cell.items]
    if isinstance(cell, Tally):
        return {label: n for label, n, _ in cell.counts} | {flag: True for flag in cell.flags}
    return cell


class Column(NamedTuple):
    key: str  # the JSON field name
    header: str
    wide: bool = False  # holds prose (quotes): gets the room in a terminal
    person: bool = True  # shown in the formats people read (terminal, markdown, HTML, SVG)
    data: bool = True  # kept in the data formats (JSON, CSV)


class Table(NamedTuple):
    name: str  # the JSON key for its rows; tables of one name are one list in JSON and CSV
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Cell], ...]  # a dict per row, its cells by column key
    title: str = ""
    empty: str = "nothing to show"  # what is said when there are no rows
    intro: str = ""  # a line of text before the table (e.g. what a pair means)
    notes: tuple[str, ...] = ()  # lines right after it: its legend, what its figures mean
    section: str = ""  # the part of a document it belongs to (a heading above its title)

    def shown(self) -> tuple[Column, ...]:
        """The columns a person sees: no data-only column, and none empty in every row."""
        return tuple(c for c in self.columns if c.person
                     and any(row.get(c.key) not in (None, "", Items(())) for row in self.rows))

    def data(self) -> tuple[Column, ...]:
        """The columns the data formats (JSON, CSV) keep."""
        return tuple(c for c in self.columns if c.data)

    def for_person(self) -> bool:
        """Does a person read it: has it a column shown, or is it empty (and says so)?"""
        return bool(self.shown()) or not self.rows and any(c.person for c in self.columns)

    def cited(self) -> set[str]:
        """The ids of the sources its cells cite."""
        ids: set[str] = set()
        for row in self.rows:
            for value in row.values():
                if isinstance(value, Cite):
                    ids.add(value.source)
                elif isinstance(value, Items):
                    ids.update(item.source for item in value.items if isinstance(item, Cite))
        return ids


class Series(NamedTuple):
    """One kind of count across a bar chart's bars: 'both sides', 4, 3, 3 ..."""

    label: str
    values: tuple[int, ...]
    role: str  # one of ROLES: how every picture colours it


class Bars(NamedTuple):
    """A stacked horizontal bar chart: a bar per category, top to bottom, each the sum of the
    series' values at its place."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis: str  # what the length counts: 'sources'
    caption: str = ""  # a line under the chart: what is counted, out of what
    subtitle: str = ""  # a line under the title: what is compared
    flags: tuple[str, ...] = ()  # per category, words beside its bar ('disputed'), or ''
    aspect: tuple[float, float] = (16.0, 9.0)  # the picture's width to height


class Dots(NamedTuple):
    """Who holds what: rows in groups (a question, then its answers), a column per holder,
    a mark where the holder holds the row's answer."""

    title: str
    columns: tuple[str, ...]  # the holders, as a person names them
    groups: tuple[tuple[str, tuple[tuple[str, tuple[int, ...]], ...]], ...]
    # (group label, ((row label, indices of the columns that hold it), ...))
    caption: str = ""
    subtitle: str = ""
    aspect: tuple[float, float] = (16.0, 9.0)


Figure = Union[Bars, Dots]  # noqa: UP007 - evaluated at run time on 3.10


class Reference(NamedTuple):
    """A source as a reference list gives it: its id (the anchor, and the key in data), how a
    person names it, and its details (title, author, site, url, date, and any detail a source
    file gains), each with its name."""

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
    figure: Figure | None = None  # a chart of the report's data: what a picture draws
    document: bool = False  # a whole document (a title block, contents), not a snippet
    citekeys: bool = False  # cite sources as pandoc keys ([@id]) for citeproc to format
    style: str = ""  # a CSL style (a name or a .csl file): its references as a formatted list
    hints: tuple[str, ...] = ()  # lines only the terminal shows, after the notes: commands

    def person_tables(self) -> tuple[Table, ...]:
        """The tables a person reads: not those kept for the data formats only."""
        return tuple(t for t in self.tables if t.for_person())

    def data_tables(self) -> tuple[Table, ...]:
        """The tables the data formats give: not those for people only."""
        return tuple(t for t in self.tables if t.data())

    def cited(self) -> tuple[Reference, ...]:
        """The references the tables cite, in reference-list order."""
        ids = set[str]().union(*(table.cited() for table in self.tables))
        return tuple(r for r in self.references if r.id in ids)


def plural(count: int, word: str) -> str:
    """'1 source', '2 sources'."""
    return f"{count} {word if count == 1 else word + 's'}"


def sentences(parts: list[str]) -> str:
    """Parts joined as sentences: '. ' between them, or just ' ' after one that already ends
    in '?' or '!' (so a title like 'What is CX?' gets no stray full stop)."""
    text = ""
    for part in parts:
        if text:
            text += " " if text.endswith(("?", "!", ".")) else ". "
        text += part
    return text
