"""A Report as a Rich renderable for the terminal.

Data goes in as :class:`rich.text.Text`, never as a markup string, so square brackets and the
like print as they are; search matches are marked with styles on ranges, never with markup.

Layout follows the width the columns need, not their number: each short column gets the width
of its longest line (capped, but never below its longest word, so no ordinary word is split),
and the prose column (a quote, a definition) takes the rest. When that leaves the prose column
fewer than :data:`MIN_PROSE` characters, each row becomes a block of ``Header: value`` lines
instead. Columns empty in every row are left out. Under a table that cites sources comes a
short references legend: who each name is.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from ..report import (
    ROLES,
    Bars,
    Cite,
    Column,
    Dots,
    Items,
    Marked,
    Reference,
    Report,
    Table,
    Tally,
    cell_text,
    sentences,
)
from ..safetext import visible

MIN_PROSE = 36  # the fewest characters a quote column gets before rows become blocks
SHORT_MAX = 24  # the widest a short column grows (a longer word still fits whole)
LIST_MAX = 25  # a list cell longer than this shows its first items and says how many more


def _text(value: object) -> Text:
    if isinstance(value, Marked):
        safe = visible(value.value)
        text = Text(safe)
        if len(safe) == len(value.value):  # marks only where escaping moved nothing
            for start, end in value.spans:
                text.stylize("bold reverse", start, end)
        return text
    if isinstance(value, Items):
        items = value.items
        shown = Text("\n").join(_text(item) for item in items[:LIST_MAX])
        if len(items) > LIST_MAX:
            shown.append(f"\n... and {len(items) - LIST_MAX} more (all of them with "
                         "--format json, csv or markdown)", style="italic")
        return shown
    if isinstance(value, Tally):
        return Text("\n").join(Text(visible(item)) for item in value.items)
    if isinstance(value, Cite):
        text = Text(visible(value.label), style="cyan")
        if value.note:
            text.append(f" ({visible(value.note)})", style="dim")
        return text
    return Text(visible(cell_text(value)))  # type: ignore[arg-type]


def _longest(lines: Iterable[str], words: bool) -> int:
    best = 0
    for line in lines:
        for part in (line.split() if words else [line]):
            best = max(best, len(part))
    return best


class _Table:
    """A table that picks columns or blocks when it knows the width it has."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = table.shown()
        self._widths_for: dict[int, list[int] | None] = {}

    def _cells(self, column: Column) -> list[str]:
        lines = [column.header]
        for row in self.table.rows:
            lines += _text(row.get(column.key)).plain.split("\n")
        return lines

    def _widths(self, width: int) -> list[int] | None:
        """Each column's width, or None when the table cannot fit `width` with its prose
        column given at least MIN_PROSE characters (or all it needs, if less)."""
        natural, words = [], []
        for column in self.columns:
            lines = self._cells(column)
            natural.append(_longest(lines, words=False))
            words.append(_longest(lines, words=True))
        widths = [n if c.wide else max(w, min(n, SHORT_MAX))
                  for c, n, w in zip(self.columns, natural, words)]
        chrome = 3 * len(self.columns) + 1
        prose = [i for i, c in enumerate(self.columns) if c.wide]
        # Room the prose columns must keep: MIN_PROSE each, or all a column needs if less.
        keep = sum(max(min(natural[i], MIN_PROSE), words[i]) for i in prose)
        short = [i for i in range(len(widths)) if i not in prose]
        # Too wide: narrow the widest short column, a character at a time, down to its
        # longest word (so no word is split).
        while chrome + keep + sum(widths[i] for i in short) > width:
            shrinkable = [i for i in short if widths[i] > words[i]]
            if not shrinkable:
                return None
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
        room = width - chrome - sum(widths[i] for i in short)
        for n, i in enumerate(prose):
            share = room // (len(prose) - n)
            widths[i] = min(natural[i], share)
            room -= widths[i]
        return widths

    def widths(self, width: int) -> list[int] | None:
        """_widths, worked out once for each width (every chunk of the table asks)."""
        if width not in self._widths_for:
            self._widths_for[width] = self._widths(width)
        return self._widths_for[width]

    def blocks(self, rows: range, width: int) -> Iterable[RenderableType]:
        """One block per row; labels beside values, or above them when labels would take
        more than a third of the width."""
        label = max(len(c.header) for c in self.columns) + 1
        stacked = label > width // 3
        for index in rows:
            row = self.table.rows[index]
            if index:
                yield Text("")
            block = RichTable.grid(padding=(0, 1))
            block.add_column(style="bold", no_wrap=not stacked, overflow="fold")
            if not stacked:
                block.add_column(overflow="fold")
            for column in self.columns:
                value = row.get(column.key)
                if value is None or value == "" or (isinstance(value, Items) and not value.items):
                    continue
                if stacked:
                    block.add_row(Text(f"{visible(column.header)}:"))
                    block.add_row(Padding(_text(value), (0, 0, 0, 2)))
                else:
                    block.add_row(Text(f"{visible(column.header)}:"), _text(value))
            yield block


    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        t = self.table
        if t.title:
            yield Text(visible(t.title), style="bold underline")
        if t.intro:
            yield Text(visible(t.intro), style="italic")
        if not t.rows or not self.columns:
            yield Text(visible(t.empty), style="italic")
            return
        widths = self.widths(options.max_width)
        if widths is None:
            yield from self.blocks(range(len(t.rows)), options.max_width)
            return
        grid = RichTable(show_lines=True, header_style="bold", box=box.HEAVY_HEAD)
        for column, width in zip(self.columns, widths):
            grid.add_column(Text(visible(column.header)), width=width, overflow="fold")
        for row in t.rows:
            grid.add_row(*(_text(row.get(c.key)) for c in self.columns))
        yield grid


# Each role's glyph and colour: the glyphs tell the kinds apart without colour (--no-color, a
# printout), the colours match the HTML page's and the chart's.
GLYPHS = dict(zip(ROLES, ("█", "▓", "░", "▒")))
STYLES = dict(zip(ROLES, ("blue", "cyan", "red", "yellow")))


class _Bars:
    """A stacked bar per category, drawn in block characters, scaled to the width there is."""

    def __init__(self, bars: Bars) -> None:
        self.bars = bars

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fig = self.bars
        yield Text(visible(fig.title), style="bold")
        if fig.subtitle:
            yield Text(visible(fig.subtitle))
        key = Text()
        for series in fig.series:
            key.append(f"{GLYPHS[series.role]} ", style=STYLES[series.role])
            key.append(f"{visible(series.label)}   ")
        yield key
        if not fig.categories:
            yield Text("nothing to show", style="italic")
            return
        totals = [sum(s.values[i] for s in fig.series) for i in range(len(fig.categories))]
        notes = [" + ".join(str(s.values[i]) for s in fig.series if s.values[i]) or "0"
                 for i in range(len(fig.categories))]
        notes = [f"{n} ({fig.flags[i]})" if fig.flags and fig.flags[i] else n
                 for i, n in enumerate(notes)]
        label = min(max(len(c) for c in fig.categories), max(12, options.max_width // 3))
        room = options.max_width - label - max(len(n) for n in notes) - 4
        scale = max(1, room // max(max(totals), 1))
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(width=label, overflow="fold")
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        for i, category in enumerate(fig.categories):
            bar = Text()
            for series in fig.series:
                bar.append(GLYPHS[series.role] * (series.values[i] * scale),
                           style=STYLES[series.role])
            grid.add_row(Text(visible(category)), bar, Text(notes[i]))
        yield grid
        if fig.caption:
            yield Text(visible(fig.caption), style="dim")


def _dots(fig: Dots) -> RenderableType:
    grid = RichTable(title=Text(visible(fig.title), style="bold"), title_justify="left",
                     box=box.SIMPLE_HEAD, header_style="bold", show_edge=False)
    grid.add_column(Text("Answer"), ratio=1, min_width=MIN_PROSE // 2, overflow="fold")
    for name in fig.columns:  # as narrow as the name's longest word: the answers get the room
        grid.add_column(Text(visible(name)), justify="center", overflow="fold",
                        width=min(SHORT_MAX // 2, _longest([visible(name)], words=True)))
    for number, (question, answers) in enumerate(fig.groups):
        grid.add_row(Text(visible(question), style="bold"), end_section=False)
        for index, (answer, held) in enumerate(answers):
            grid.add_row(Text("  " + visible(answer)),
                         *(Text("●", style="blue") if i in held else Text("·", style="dim")
                           for i in range(len(fig.columns))),
                         end_section=index == len(answers) - 1 and number < len(fig.groups) - 1)
    if not fig.groups:
        return Group(grid, Text("no question is answered differently by these sources",
                                style="italic"))
    return Group(grid, Text(visible(fig.caption), style="dim")) if fig.caption else grid


def legend(refs: tuple[Reference, ...]) -> RenderableType:
    """Who each cited name is: 'Annette Franz: CX Journey. n.d.', a line (or a few) each."""
    lines = [Text("References", style="bold")]
    for ref in refs:
        parts = [*ref.parts(), *([ref.url] if ref.url else [])]
        line = Text(visible(ref.name), style="cyan")
        line.append(": " + visible(sentences(parts)) if parts else "", style="dim")
        lines.append(line)
    return Group(*lines)


def render(report: Report) -> Group:
    parts: list[RenderableType] = [Text(visible(report.title), style="bold")]
    if report.fields:
        fields = RichTable.grid(padding=(0, 1))
        fields.add_column(style="bold", no_wrap=True)
        fields.add_column(overflow="fold")
        for label, value in report.fields:
            fields.add_row(Text(f"{visible(label)}:"), Text(visible(value)))
        parts.append(fields)
    if isinstance(report.figure, Bars):
        parts = [_Bars(report.figure)]
    elif isinstance(report.figure, Dots):
        parts = [_dots(report.figure)]
    section = ""
    for table in report.person_tables():
        if table.section and table.section != section:
            section = table.section
            parts.append(Text(f"\n{visible(section)}", style="bold reverse"))
        if table.title == table.section:
            table = table._replace(title="")  # said just above
        parts.append(_Table(table))
        parts += [Text(visible(note), style="dim") for note in table.notes]
    for note in report.notes:
        parts.append(Text(visible(note), style="dim"))
    cited = report.cited()
    if cited and report.legend:
        parts.append(legend(cited))
    return Group(*parts)
