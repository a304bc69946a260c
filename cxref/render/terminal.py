"""A Report as a Rich renderable for the terminal.

Data goes in as :class:`rich.text.Text`, never as a markup string, so square brackets and the
like print as they are; search matches are marked with styles on ranges, never with markup.
Cells fold rather than cut: on a terminal too narrow for the columns, each row becomes a block
of ``Header: value`` lines, so no value is ever cut off.
"""

from __future__ import annotations

from typing import Iterable

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from ..report import Cite, Marked, Report, Table, cell_text

MIN_COLUMN = 14  # below this many cells per column, switch to one block per row
NARROW_MAX = 28  # the most a non-prose column takes when room is short
LIST_MAX = 25  # a list cell longer than this shows its first items and says how many more


def _text(value: object) -> Text:
    if isinstance(value, Marked):
        text = Text(value.value)
        for start, end in value.spans:
            text.stylize("bold reverse", start, end)
        return text
    if isinstance(value, tuple):
        shown = Text("\n").join(_text(item) for item in value[:LIST_MAX])
        if len(value) > LIST_MAX:
            shown.append(f"\n... and {len(value) - LIST_MAX} more (all of them with "
                         "--format json, csv or markdown)", style="italic")
        return shown
    if isinstance(value, Cite):
        text = Text(value.source, style="cyan")
        if value.note:
            text.append(f" ({value.note})", style="dim")
        return text
    return Text(cell_text(value))  # type: ignore[arg-type]


class _Table:
    """A table that picks columns or blocks when it knows the width it has."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = tuple(c for c in table.columns if c.terminal)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        t = self.table
        columns = self.columns
        if t.title:
            yield Text(t.title, style="bold underline")
        if not t.rows:
            yield Text(t.empty, style="italic")
            return
        if options.max_width < (MIN_COLUMN + 3) * len(columns):
            yield from self._blocks(options.max_width)
            return
        has_wide = any(c.wide for c in columns)
        grid = RichTable(show_lines=True, header_style="bold", expand=has_wide)
        for column in columns:
            grid.add_column(
                Text(column.header), overflow="fold",
                ratio=1 if column.wide else None,
                max_width=None if column.wide or not has_wide else NARROW_MAX,
            )
        for row in t.rows:
            grid.add_row(*(_text(row.get(c.key)) for c in columns))
        yield grid

    def _blocks(self, width: int) -> Iterable[Text | RichTable | Padding]:
        """One block per row; labels beside values, or above them when labels would take
        more than half the width."""
        stacked = max(len(c.header) for c in self.columns) + 2 > width // 2
        for index, row in enumerate(self.table.rows):
            if index:
                yield Text("")
            block = RichTable.grid(padding=(0, 1))
            block.add_column(style="bold", no_wrap=not stacked, overflow="fold")
            if not stacked:
                block.add_column(overflow="fold")
            for column in self.columns:
                value = row.get(column.key)
                if value in (None, ()):
                    continue
                if stacked:
                    block.add_row(Text(f"{column.header}:"))
                    block.add_row(Padding(_text(value), (0, 0, 0, 2)))
                else:
                    block.add_row(Text(f"{column.header}:"), _text(value))
            yield block


def render(report: Report) -> Group:
    parts: list[object] = [Text(report.title, style="bold")]
    if report.fields:
        fields = RichTable.grid(padding=(0, 1))
        fields.add_column(style="bold", no_wrap=True)
        fields.add_column(overflow="fold")
        for label, value in report.fields:
            fields.add_row(Text(f"{label}:"), Text(value))
        parts.append(fields)
    for table in report.tables:
        parts.append(_Table(table))
    for note in report.notes:
        parts.append(Text(note, style="dim"))
    return Group(*parts)
