"""A Report laid out for the terminal, as a Rich renderable.

Data is never markup: every piece of it goes through :func:`safetext.visible` and is drawn
as plain text with styles on ranges (a cited name, a search match), so square brackets and the
like print as they are.

A table is drawn here, row by row, at widths this module chooses; Rich draws the frame's
characters (its ``HEAVY_HEAD`` box) and writes the styles. Two layouts:

- **Columns.** Each column starts at its longest word (so no word is split), a prose column
  (``Column.wide``: a quote, a definition) at :data:`MIN_PROSE` or all it needs if less; the
  table needs that much room at least. The rest of the width goes, move by move, to the column
  that saves the most lines per character, by as many characters as that saving takes, until
  every column has its longest line. A cell of a short column (a name, an answer) counts
  :data:`SPLIT_COST` lines against the layout for each line it is split into beyond its own,
  even where a taller cell beside it hides them: so names and short answers are kept whole
  before a quote gets a little wider. The order the columns widen in does not depend on the
  terminal's width, which only says where to stop: so on a wider terminal no column is
  narrower, and no row taller.
- **Blocks.** One block per row, a ``Header: value`` line or more for each field that is not
  empty; the labels above their values when that takes fewer lines (on narrow terminals).

Columns are drawn when they take no more lines than blocks at the same width; otherwise
blocks. Both only get shorter as the width grows, and so does the shorter of the two: a wider
terminal never makes a view longer. Columns empty in every row are left out. Under a table
that cites sources comes a short references legend: who each name is.

A long table is drawn :data:`CHUNK` rows at a time (see :class:`Page`), so the output can be
written as it is drawn rather than held whole; its widths are chosen on :data:`SAMPLE` of its
rows spread evenly (all of them in a table of that many or fewer), its line counts on all. A
row's cells are made each time they are needed and never kept for the whole table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from rich import box
from rich.cells import cell_len, get_character_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text

from ..report import (
    ROLES,
    Bars,
    Cite,
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

MIN_PROSE = 36  # the fewest characters a quote column gets; below that, blocks
LIST_MAX = 25  # a list cell longer than this shows its first items and says how many more
SPLIT_COST = 2  # what each line a short cell is split into costs, in lines, when choosing widths
# The rows the column widths are chosen on. For `sources cs` at 10,000 sources (28,014 rows)
# every row takes 5.0 to 6.5 s, 300 of them 45 ms, and both give the same widths at 100, 160
# and 240 columns.
SAMPLE = 300
# The rows drawn in one part of a page. The same `sources cs`, printed a chunk at a time:
# 1.87 s and 278 MB at most; as one part: 2.14 s and 282 MB (no colour; the corpus is the
# rest of the memory).
CHUNK = 64

CITED = Style(color="cyan")  # a source's name
DIM = Style(dim=True)  # what is said about it, the notes, the references
MATCH = Style(bold=True, reverse=True)  # a search match
ITALIC = Style(italic=True)
BOLD = Style(bold=True)
TITLE = Style(bold=True, underline=True)  # a table's
SECTION = Style(bold=True, reverse=True)  # a part of a whole reference

Span = tuple[int, int, Style]


class Cell(NamedTuple):
    """What a cell shows: its text, safe to print, with styles on ranges of it."""

    text: str
    spans: tuple[Span, ...] = ()


EMPTY = Cell("")


def _safe(text: str) -> str:
    return visible(text).replace("\t", " ")


def cell(value: object) -> Cell:
    """A report cell as the terminal shows it: a list one item a line, a cited source by
    name (and its note, dimmed), search matches marked."""
    if value is None:
        return EMPTY
    if type(value) is str:
        return Cell(_safe(value))
    if isinstance(value, Marked):
        safe = _safe(value.value)
        if len(safe) != len(value.value):  # marks only where escaping moved nothing
            return Cell(safe)
        return Cell(safe, tuple((start, end, MATCH) for start, end in value.spans))
    if isinstance(value, Items):
        parts = [cell(item) for item in value.items[:LIST_MAX]]
        if len(value.items) > LIST_MAX:
            more = (f"... and {len(value.items) - LIST_MAX} more (all of them with "
                    "--format json, csv or markdown)")
            parts.append(Cell(more, ((0, len(more), ITALIC),)))
        text, spans = "", list[Span]()
        for index, part in enumerate(parts):
            if index:
                text += "\n"
            spans += [(start + len(text), end + len(text), style)
                      for start, end, style in part.spans]
            text += part.text
        return Cell(text, tuple(spans))
    if isinstance(value, Tally):
        return Cell("\n".join(_safe(item) for item in value.items))
    if isinstance(value, Cite):
        label = _safe(value.label)
        if not value.note:
            return Cell(label, ((0, len(label), CITED),))
        note = f" ({_safe(value.note)})"
        return Cell(label + note, ((0, len(label), CITED),
                                   (len(label), len(label) + len(note), DIM)))
    return Cell(_safe(cell_text(value)))  # type: ignore[arg-type]


# -- wrapping -------------------------------------------------------------------------------

def cells(text: str) -> int:
    """How many terminal cells `text` takes."""
    return len(text) if text.isascii() else cell_len(text)


def wrap(text: str, width: int) -> list[tuple[int, int, int]]:
    """The lines `text` takes at `width` cells, as (start, end, cells): broken at spaces, a
    new line at each newline, a word wider than `width` cut into pieces. Greedy, so a line
    never holds fewer words at a greater width: no text takes more lines when wider."""
    width = max(width, 1)
    if "\n" not in text and text[:1] != " " and text[-1:] != " ":
        size = cells(text)
        if size <= width:  # the most common case: it fits
            return [(0, len(text), size)]
    lines: list[tuple[int, int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        start = end = -1
        used = 0
        position = offset
        ascii = paragraph.isascii()
        for word in paragraph.split(" "):
            first = position
            position += len(word) + 1
            if not word:
                continue
            size = len(word) if ascii or word.isascii() else cell_len(word)
            if start >= 0:
                gap = first - end
                if used + gap + size <= width:
                    end, used = first + len(word), used + gap + size
                    continue
                lines.append((start, end, used))
            if size <= width:
                start, end, used = first, first + len(word), size
                continue
            pieces = _cut(text, first, first + len(word), width)
            lines += pieces[:-1]
            start, end, used = pieces[-1]
        lines.append((start, end, used) if start >= 0 else (offset, offset, 0))
        offset += len(paragraph) + 1
    return lines


def _cut(text: str, start: int, end: int, width: int) -> list[tuple[int, int, int]]:
    """A word wider than `width`, in pieces of at most `width` cells."""
    if text[start:end].isascii():
        return [(i, min(i + width, end), min(width, end - i)) for i in range(start, end, width)]
    pieces, first, used = [], start, 0
    for index in range(start, end):
        size = get_character_cell_size(text[index])
        if used + size > width and used:
            pieces.append((first, index, used))
            first, used = index, 0
        used += size
    pieces.append((first, end, used))
    return pieces


def height(text: str, width: int) -> int:
    """How many lines `text` takes at `width`: len(wrap(text, width))."""
    if "\n" not in text and cells(text) <= width:
        return 1
    return len(wrap(text, width))


def _longest_word(text: str) -> int:
    words = text.replace("\n", " ").split(" ")
    return max(map(len if text.isascii() else cells, words))


def _longest_line(text: str) -> int:
    if "\n" not in text:
        return cells(text.strip(" "))
    return max(cells(line.strip(" ")) for line in text.split("\n"))


# -- drawing ----------------------------------------------------------------------------------

class _Line:
    """One line of output being put together: runs of text, each in one style."""

    def __init__(self, styled: bool) -> None:
        self.styled = styled
        self.runs: list[tuple[str, Style | None]] = []

    def add(self, text: str, style: Style | None = None) -> None:
        if not self.styled:
            self.runs.append((text, None))
            return
        if not text:
            return
        if self.runs and self.runs[-1][1] == style:
            self.runs[-1] = (self.runs[-1][0] + text, style)
        else:
            self.runs.append((text, style))

    def add_cell(self, value: Cell, start: int, end: int, style: Style | None = None) -> None:
        """The part [start, end) of a cell, in its styles (over `style`)."""
        at = start
        for first, last, span_style in value.spans if self.styled else ():
            if last <= at or first >= end:
                continue
            self.add(value.text[at:max(first, at)], style)
            self.add(value.text[max(first, at):min(last, end)],
                     style + span_style if style else span_style)
            at = min(last, end)
        self.add(value.text[at:end], style)

    def segments(self) -> Iterator[Segment]:
        """The line, ending in a newline: a segment a run (one, without styles)."""
        if not self.styled:
            yield Segment("".join(text for text, _ in self.runs) + "\n")
            return
        for text, style in self.runs:
            yield Segment(text, style)
        yield Segment.line()


def _beside(labels: Sequence[str], width: int) -> bool:
    """Can labels stand beside their values: do they take no more than a third of the width?"""
    return max(cells(label) for label in labels) + 1 <= width // 3


def _value_width(labels: Sequence[str], width: int, stacked: bool) -> int:
    """The width of a block's values: under their labels, indented by two; or beside them,
    after the widest 'Label:' and a space."""
    return width - 2 if stacked else width - max(cells(label) for label in labels) - 2


def _block(labels: Sequence[str], values: Sequence[Cell], width: int, stacked: bool,
           styled: bool) -> Iterator[Segment]:
    """`Label: value` lines for the values that are not empty: the labels beside the values,
    or above them (`stacked`)."""
    label_width = max(cells(label) for label in labels) + 1
    value_width = _value_width(labels, width, stacked)
    for label, value in zip(labels, values):
        if not value.text:
            continue
        if stacked:  # the label on lines of its own, as wide as it needs
            for start, end, _ in wrap(f"{label}:", width):
                line = _Line(styled)
                line.add(f"{label}:"[start:end], BOLD)
                yield from line.segments()
        lines = wrap(value.text, value_width)
        for index, (start, end, _) in enumerate(lines):
            line = _Line(styled)
            if stacked:
                line.add("  ")
            elif index:
                line.add(" " * (label_width + 1))
            else:
                line.add(f"{label}:", BOLD)
                line.add(" " * (label_width - cells(label)))
            line.add_cell(value, start, end)
            yield from line.segments()


def _block_height(labels: Sequence[str], values: Sequence[Cell], width: int,
                  stacked: bool) -> int:
    """How many lines _block draws."""
    value_width = _value_width(labels, width, stacked)
    return sum(height(v.text, value_width) + (height(f"{label}:", width) if stacked else 0)
               for label, v in zip(labels, values) if v.text)


class Layout(NamedTuple):
    """How a table is drawn at one width: its column widths, or blocks."""

    widths: tuple[int, ...] | None  # None: blocks
    stacked: bool = False  # blocks: each label above its value
    lines: int = 0  # how many lines the table takes (without its title and intro)


class _Widths:
    """The order in which a table's columns widen, worked out on a sample of its rows, as
    far as a width asks (see the module's docstring).

    Each move widens the column that gains the most per character, looking as far ahead as
    the column's longest line: the widths at which each of its cells gets shorter are found
    once, so a move costs a sweep over those points, not a wrap of every cell."""

    def __init__(self, table: _Table) -> None:
        rows = table.rows
        step = max(1.0, len(rows) / SAMPLE)
        chosen = sorted({int(i * step) for i in range(min(len(rows), SAMPLE))})
        sample = [table.headers, *(table.cells(rows[i]) for i in chosen)]
        self.wide = [c.wide for c in table.columns]
        self.natural = table.natural
        self.start = table.start
        self.widths = list(table.start)  # after the moves made so far
        self.steps: list[int] = []  # the column each character goes to, in order
        columns = range(len(self.widths))
        self.lines = [[value.text.count("\n") + 1 for value in row] for row in sample]
        self.now = [[height(row[c].text, self.widths[c]) for c in columns] for row in sample]
        # For each cell still wrapped, the widths at which it gets shorter: (width, lines).
        self.drops = [[self._drops(row[c].text, self.widths[c], self.now[r][c],
                                   self.lines[r][c], self.natural[c]) for c in columns]
                      for r, row in enumerate(sample)]

    @staticmethod
    def _drops(text: str, width: int, now: int, fewest: int,
               natural: int) -> list[tuple[int, int]]:
        found = []
        while now > fewest:  # the narrowest width that takes fewer lines: a binary search
            low, high = width + 1, natural
            while low < high:
                middle = (low + high) // 2
                if height(text, middle) < now:
                    high = middle
                else:
                    low = middle + 1
            width, now = low, height(text, low)
            found.append((width, now))
        return found

    def widths_after(self, count: int) -> tuple[int, ...]:
        """The column widths after `count` characters have been handed out (or all that
        help: then every column has its longest line)."""
        while len(self.steps) < count and self._move():
            pass
        widths = list(self.start)
        for c in self.steps[:count]:
            widths[c] += 1
        return tuple(widths)

    def _best_reach(self, c: int) -> tuple[float, int]:
        """How much widening column `c` gains per character at best, and by how many
        characters: a row gains the lines it loses (where no cell beside it is taller) and,
        in a short column, SPLIT_COST for each line its cell loses."""
        width = self.widths[c]
        split = 0.0 if self.wide[c] else SPLIT_COST
        events = []
        for r, drops in enumerate(self.drops):
            if not drops[c] or drops[c][-1][0] <= width:
                continue
            now = self.now[r][c]
            others = max((h for o, h in enumerate(self.now[r]) if o != c), default=0)
            before = max(now, others) + split * now
            gained = 0.0
            for at, lines in drops[c]:
                if at > width:
                    step = before - max(lines, others) - split * lines - gained
                    events.append((at - width, step))
                    gained += step
        events.sort()
        best, reach, total = 0.0, 0, 0.0
        for index, (extra, step) in enumerate(events):
            total += step
            if index + 1 < len(events) and events[index + 1][0] == extra:
                continue
            if total / extra > best:
                best, reach = total / extra, extra
        return best, reach

    def _move(self) -> bool:
        """Widen the column that gains the most per character, by as many characters as
        that takes; False when every column has its longest line."""
        growing = [c for c in range(len(self.widths)) if self.widths[c] < self.natural[c]]
        if not growing:
            return False
        best, reach, rate = growing[0], 1, 0.0
        for c in growing:
            gain, extra = self._best_reach(c)
            if gain > rate:
                best, reach, rate = c, extra, gain
        self.widths[best] += reach
        self.steps += [best] * reach
        for r, drops in enumerate(self.drops):
            for at, lines in drops[best]:
                if at <= self.widths[best]:
                    self.now[r][best] = lines
        return True


class _Table:
    """A table that picks columns or blocks when it knows the width it has."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = table.shown()
        self.headers = tuple(Cell(_safe(c.header)) for c in self.columns)
        self.labels = tuple(h.text for h in self.headers)
        # The report's rows: each row's cells are made as they are needed, never all held (at
        # 10,000 sources `disputes` has 62,000 rows, and their cells were 25 MB).
        self.rows = table.rows
        longest = [_longest_word(h.text) for h in self.headers]
        natural = [_longest_line(h.text) for h in self.headers]
        self.filled = 0
        for row in map(self.cells, self.rows):
            for index, value in enumerate(row):
                if value.text:
                    self.filled += 1
                    longest[index] = max(longest[index], _longest_word(value.text))
                    natural[index] = max(natural[index], _longest_line(value.text))
        self.natural = tuple(natural)
        # A prose column starts at MIN_PROSE, or all it needs if less; others at their
        # longest word.
        self.start = tuple(max(w, min(n, MIN_PROSE)) if c.wide else w
                           for c, w, n in zip(self.columns, longest, natural))
        self._order: _Widths | None = None
        self._layouts: dict[int, Layout] = {}
        self.siblings: list[_Table] = [self]  # the tables of its name in the report
        self.followed = False  # something comes after it on the page

    def cells(self, row: Mapping[str, object]) -> tuple[Cell, ...]:
        """A row's cells, in the order of the columns shown."""
        return tuple(cell(row.get(c.key)) for c in self.columns)

    def chrome(self) -> int:
        return 3 * len(self.columns) + 1

    def widths(self, width: int) -> tuple[int, ...] | None:
        """The column widths at `width`, or None when the columns do not fit."""
        room = width - self.chrome() - sum(self.start)
        if room < 0:
            return None
        if self._order is None:
            self._order = _Widths(self)
        return self._order.widths_after(room)

    def column_lines(self, widths: Sequence[int]) -> int:
        head = max(height(h.text, w) for h, w in zip(self.headers, widths))
        body = sum(max(height(v.text, w) for v, w in zip(row, widths))
                   for row in map(self.cells, self.rows))
        return head + body + len(self.rows) + 2  # top, head rule, rules between, bottom

    def block_lines(self, width: int, stacked: bool) -> int:
        return self.blanks() + sum(_block_height(self.labels, row, width, stacked)
                                   for row in map(self.cells, self.rows))

    def blanks(self) -> int:
        """The empty lines around and between the blocks."""
        return len(self.rows) - bool(self.table.title or self.table.intro) + self.followed

    def candidates(self, width: int) -> tuple[Layout | None, Layout]:
        """The columns at `width` (None when they do not fit) and the blocks: the labels
        beside the values when they take no more than a third of the width and no more lines
        than labels above."""
        blocks = None
        if _beside(self.labels, width):
            blocks = Layout(None, False, self.block_lines(width, False))
        # Labels above values take a line each and a line at least for each value: only
        # when that could be fewer lines are they counted.
        if blocks is None or blocks.lines > self.blanks() + 2 * self.filled:
            above = Layout(None, True, self.block_lines(width, True))
            blocks = above if blocks is None or above.lines < blocks.lines else blocks
        widths = self.widths(width)
        return (None if widths is None else Layout(widths, False, self.column_lines(widths)),
                blocks)

    def layout(self, width: int) -> Layout:
        """How the table is drawn at `width`. Tables of one name (one list in the data
        formats: the disputes, a pair's backing and contesting) are drawn alike: in columns
        when every one of them fits and, together, they take no more lines than blocks."""
        if width not in self._layouts:
            found = [table.candidates(width) for table in self.siblings]
            columns = all(c is not None for c, _ in found) and \
                sum(c.lines for c, _ in found if c) <= sum(b.lines for _, b in found)
            for table, (in_columns, blocks) in zip(self.siblings, found):
                table._layouts[width] = in_columns if columns and in_columns else blocks
        return self._layouts[width]

    def parts(self) -> Iterator[RenderableType]:
        t = self.table
        said = [(t.title, TITLE), (t.intro, ITALIC)]
        if not t.rows or not self.columns:
            said.append((t.empty, ITALIC))
        yield from _Text([(Cell(_safe(text)), style) for text, style in said if text]).parts()
        if not t.rows or not self.columns:
            return
        for start in range(0, len(self.rows), CHUNK):
            yield _Rows(self, start, min(start + CHUNK, len(self.rows)))

    def draw(self, start: int, stop: int, width: int, options: ConsoleOptions,
             styled: bool) -> Iterator[Segment]:
        layout = self.layout(width)
        if layout.widths is None:
            for index in range(start, stop):
                if index or not (self.table.title or self.table.intro):
                    yield Segment.line()  # between blocks, and under what comes before
                yield from _block(self.labels, self.cells(self.rows[index]), width,
                                  layout.stacked, styled)
            if stop == len(self.rows) and self.followed:
                yield Segment.line()  # and above what comes after
            return
        frame = box.HEAVY_HEAD.substitute(options)
        outer = [w + 2 for w in layout.widths]  # a space either side of each cell
        if start == 0:
            yield Segment(frame.get_top(outer))
            yield Segment.line()
            yield from self._row(self.headers, layout.widths, frame, True, styled)
            yield Segment(frame.get_row(outer, "head"))
            yield Segment.line()
        for index in range(start, stop):
            if index:
                yield Segment(frame.get_row(outer, "row"))
                yield Segment.line()
            yield from self._row(self.cells(self.rows[index]), layout.widths, frame, False,
                                 styled)
        if stop == len(self.rows):
            yield Segment(frame.get_bottom(outer))
            yield Segment.line()

    @staticmethod
    def _row(values: Sequence[Cell], widths: Sequence[int], frame: box.Box, head: bool,
             styled: bool) -> Iterator[Segment]:
        wrapped = [wrap(v.text, w) for v, w in zip(values, widths)]
        left, middle, right = ((frame.head_left, frame.head_vertical, frame.head_right) if head
                               else (frame.mid_left, frame.mid_vertical, frame.mid_right))
        for index in range(max(len(lines) for lines in wrapped)):
            line = _Line(styled)
            line.add(left)
            for column, (value, lines, width) in enumerate(zip(values, wrapped, widths)):
                line.add(" " if not column else f" {middle} ")
                used = 0
                if index < len(lines):
                    start, end, used = lines[index]
                    line.add_cell(value, start, end, BOLD if head else None)
                line.add(" " * (width - used))
            line.add(f" {right}")
            yield from line.segments()


class _Rows:
    """Rows `start` to `stop` of a table, with its head or foot where they fall."""

    def __init__(self, table: _Table, start: int, stop: int) -> None:
        self.table, self.start, self.stop = table, start, stop

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.table.draw(self.start, self.stop, options.max_width, options,
                                   console.color_system is not None)


# Each role's glyph and colour: the glyphs tell the kinds apart without colour (--no-color, a
# printout), the colours match the HTML page's and the chart's.
GLYPHS = dict(zip(ROLES, ("█", "▓", "░", "▒")))
STYLES = dict(zip(ROLES, ("blue", "cyan", "red", "yellow")))


class _Bars:
    """A stacked bar per category, drawn in block characters, scaled to the width there is."""

    def __init__(self, bars: Bars) -> None:
        self.bars = bars

    def parts(self) -> Iterator[_Bars]:
        yield self

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


class _Dots:
    """Which column holds which answer, a dot where it does, grouped by question."""

    def __init__(self, dots: Dots) -> None:
        self.dots = dots

    def parts(self) -> Iterator[_Dots]:
        yield self

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield _dots(self.dots)


def _dots(fig: Dots) -> RenderableType:
    grid = RichTable(title=Text(visible(fig.title), style="bold"), title_justify="left",
                     box=box.SIMPLE_HEAD, header_style="bold", show_edge=False)
    grid.add_column(Text("Answer"), ratio=1, min_width=MIN_PROSE // 2, overflow="fold")
    for name in fig.columns:  # as narrow as the name's longest word: the answers get the room
        grid.add_column(Text(visible(name)), justify="center", overflow="fold",
                        width=min(12, max(len(w) for w in visible(name).split())))
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


class _Fields:
    """A report's `Label: value` lines (a source's details), drawn as a block."""

    def __init__(self, fields: Sequence[tuple[str, str]]) -> None:
        self.labels = [_safe(label) for label, _ in fields]
        self.values = [Cell(_safe(value)) for _, value in fields]

    def parts(self) -> Iterator[_Fields]:
        yield self

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        yield from _block(self.labels, self.values, width, not _beside(self.labels, width),
                          console.color_system is not None)


class _Text:
    """Paragraphs, each in a style (over the styles of its cell), wrapped to the width:
    titles, notes, the references."""

    def __init__(self, paragraphs: Sequence[tuple[Cell, Style | None]]) -> None:
        self.paragraphs = paragraphs

    def parts(self) -> Iterator[_Text]:
        for start in range(0, len(self.paragraphs), CHUNK):
            yield _Text(self.paragraphs[start:start + CHUNK])

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        styled = console.color_system is not None
        for value, style in self.paragraphs:
            for start, end, _ in wrap(value.text, options.max_width):
                line = _Line(styled)
                line.add_cell(value, start, end, style)
                yield from line.segments()


def legend(refs: tuple[Reference, ...]) -> _Text:
    """Who each cited name is: 'Annette Franz: CX Journey. n.d.', a line (or a few) each."""
    lines: list[tuple[Cell, Style | None]] = [(Cell("References"), BOLD)]
    for ref in refs:
        parts = [*ref.parts(), *([ref.url] if ref.url else [])]
        name = _safe(ref.name)
        rest = ": " + _safe(sentences(parts)) if parts else ""
        lines.append((Cell(name + rest, ((0, len(name), CITED),
                                         (len(name), len(name) + len(rest), DIM))), None))
    return _Text(lines)


class Page:
    """A report laid out for a terminal. Printed whole, it is a Rich renderable; iterated, it
    gives its parts in order, a long table a chunk of rows at a time, for output to print and
    write one by one, so that no more than a chunk's lines are held at once."""

    def __init__(self, parts: list[_Text | _Fields | _Table | _Bars | _Dots]) -> None:
        self._parts = parts

    def __iter__(self) -> Iterator[RenderableType]:
        for part in self._parts:
            yield from part.parts()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self


def render(report: Report) -> Page:
    parts: list[_Text | _Fields | _Table | _Bars | _Dots] = [
        _Text([(Cell(_safe(report.title)), BOLD)])]
    if report.fields:
        parts.append(_Fields(report.fields))
    if isinstance(report.figure, Bars):
        parts = [_Bars(report.figure)]
    elif isinstance(report.figure, Dots):
        parts = [_Dots(report.figure)]
    tables: list[_Table] = []
    section = ""
    for table in report.person_tables():
        if table.section and table.section != section:
            section = table.section
            parts.append(_Text([(Cell(""), None), (Cell(_safe(section)), SECTION)]))
        if table.title == table.section:
            table = table._replace(title="")  # said just above
        tables.append(_Table(table))
        parts.append(tables[-1])
        if table.notes:
            parts.append(_Text([(Cell(_safe(note)), DIM) for note in table.notes]))
    drawn = [t for t in tables if t.rows and t.columns]
    for drawn_table in drawn:
        drawn_table.siblings = [t for t in drawn if t.table.name == drawn_table.table.name]
    if report.notes:
        parts.append(_Text([(Cell(_safe(note)), DIM) for note in report.notes]))
    cited = report.cited()
    if cited and report.legend:
        parts.append(legend(cited))
    for part in parts[:-1]:
        if isinstance(part, _Table):
            part.followed = True
    return Page(parts)
