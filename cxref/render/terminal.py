"""A Report laid out for the terminal, as Rich renderables.

Data is never markup: every piece of it goes through :func:`safetext.visible` into a
``rich.text.Text``, with styles on ranges (a cited name, a search match), so square brackets and
the like print as they are.

A table is drawn in columns, at widths chosen here, or as one block per row:

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
- **Blocks.** A ``Label: value`` line or more for each field that is not empty; the labels
  above their values when that takes fewer lines (on narrow terminals). Drawn here, line by
  line, with Rich's wrapping rule (see :func:`lines`) and styles.

Columns are drawn when they take no more lines than blocks at the same width; otherwise blocks.
Both only get shorter as the width grows, and so does the shorter of the two: a wider terminal
never makes a view longer. Columns empty in every row are left out. Under a table that cites
sources comes a short references legend: who each name is.

A table's head is drawn by Rich's ``Table``; its rows here, as Rich's ``Table`` draws them (box
characters, wrapping, padding and styles; a property test checks it), at a fraction of its cost
per row. Widths and the lines each layout takes are worked out on :data:`SAMPLE` of its rows
spread evenly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from rich import box
from rich.cells import cell_len, chop_cells, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text

from ..report import (
    ROLES,
    Bars,
    Cell,
    Cite,
    Dots,
    Items,
    Marked,
    Reference,
    Report,
    Table,
    cell_text,
    sentences,
)
from ..safetext import visible

MIN_PROSE = 36  # the fewest characters a quote column gets; below that, blocks
MIN_ANSWER = 30  # the fewest an answer gets beside the holders' columns of a chart of dots
LIST_MAX = 25  # a list cell longer than this shows its first items and says how many more
SPLIT_COST = 2  # what each line a short cell is split into costs, in lines, when choosing widths
SAMPLE = 300  # the rows a long table is laid out on

CITED = Style(color="cyan")  # a source's name
DIM = Style(dim=True)  # what is said about it, the notes, the references
MATCH = Style(bold=True, reverse=True)  # a search match
ITALIC = Style(italic=True)
BOLD = Style(bold=True)
TITLE = Style(bold=True, underline=True)  # a table's
SECTION = Style(bold=True, reverse=True)  # a part of a whole reference


def _safe(text: str) -> str:
    return visible(text).replace("\t", " ")


def cell(value: Cell) -> Text:
    """A report cell as the terminal shows it: a list or a tally one item a line, a cited
    source by name (and its note, dimmed), search matches marked."""
    if value is None:
        return Text()
    if isinstance(value, str):
        return Text(_safe(value))
    if isinstance(value, Marked):
        text = Text(_safe(value.value))
        if len(text) == len(value.value):  # marks only where escaping moved nothing
            for start, end in value.spans:
                text.stylize(MATCH, start, end)
        return text
    if isinstance(value, Items):
        parts = [cell(item) for item in value.items[:LIST_MAX]]
        if len(value.items) > LIST_MAX:
            parts.append(Text(f"... and {len(value.items) - LIST_MAX} more (all of them with "
                              "--format json, csv or markdown)", ITALIC))
        return Text("\n").join(parts)
    if isinstance(value, Cite):
        note = f" ({_safe(value.note)})" if value.note else ""
        return Text.assemble((_safe(value.label), CITED), (note, DIM))
    return Text(_safe(cell_text(value, joiner="\n")))


# -- counting lines -----------------------------------------------------------------------------

_WORD = re.compile(r"\s*\S+\s*")  # what Rich wraps by: a word and the white space around it


def lines(text: str, width: int) -> int:
    """How many lines Rich wraps `text` into at `width` cells."""
    return len(_breaks(text, width)) + 1


def _breaks(text: str, width: int) -> list[int]:
    """Where Rich's ``Text.wrap`` (folding a word wider than the line) starts each line of `text`
    but the first, at `width` cells: its rule, without making the lines."""
    cells, found, offset = _sizer(text), list[int](), 0
    if "\n" not in text and cells(text) <= width:
        return found  # the most common case: it fits
    for paragraph in text.split("\n"):
        found += [offset] if offset else []
        used, words = 0, paragraph.split(" ")
        if cells is len and words == paragraph.split() and max(map(len, words)) <= width:
            for word in words:  # words one space apart, none folded: the same rule, faster
                if used and width - used < len(word):
                    found.append(offset)
                    used = 0
                used, offset = used + len(word) + 1, offset + len(word) + 1
            continue
        for match in _WORD.finditer(paragraph):
            word, start = match.group(), offset + match.start()
            size = cells(word.rstrip())
            if width - used >= size:
                used += cells(word)
            elif size > width:  # folded: a line a piece, the first after what came before
                for piece in chop_cells(word, width):
                    found += [start] if start != offset else []
                    start += len(piece)
                used = cells(piece)
            elif used and match.start():
                found.append(start)
                used = cells(word)
        offset += len(paragraph) + 1
    return found


@lru_cache(maxsize=4096)
def _sizer(text: str) -> Callable[[str], int]:
    """What measures the cells of `text` and its lines: len where each of their characters
    takes one (safe text holds no control characters but newlines), else Rich's cell_len."""
    return len if text.isascii() or all(cell_len(c) == 1 for c in set(text) - {"\n"}) \
        else cell_len


def _longest_word(text: str) -> int:
    return max(map(_sizer(text), text.split()), default=0)


def _longest_line(text: str) -> int:
    cells = _sizer(text)
    return max(cells(line.rstrip()) for line in text.split("\n"))


def _drops(text: str, width: int, now: int, widest: int) -> list[tuple[int, int]]:
    """The widths above `width` at which `text` takes fewer lines, with the lines it takes."""
    paragraphs = text.split("\n")
    # Where words are one space apart, a line holds at most its width and the space it breaks
    # at, so k lines need a width of (cells + paragraphs) / k - 1 at least.
    least = sum(map(_sizer(text), paragraphs)) + len(paragraphs) \
        if " ".join(text.split()) == text.replace("\n", " ") else 0
    found, fewest = [], len(paragraphs)
    while now > fewest:  # the narrowest width that takes fewer lines: up from the least that
        low = high = min(max(width + 1, -(-least // (now - 1)) - 1), widest)  # could do,
        step = 1  # in growing steps, then a binary search within the last step
        while lines(text, high) >= now:
            low, high, step = high + 1, min(high + step, widest), 2 * step
        while low < high:
            middle = (low + high) // 2
            low, high = (low, middle) if lines(text, middle) < now else (middle + 1, high)
        width, now = low, lines(text, low)
        found.append((width, now))
    return found


class _Widths:
    """The order in which a table's columns widen, worked out on a sample of its rows as far as
    a width asks (see the module's docstring). The widths at which each cell gets shorter are
    found once, so a move costs a sweep over those points, not a wrap of every cell."""

    def __init__(self, sample: Sequence[Sequence[str]], start: Sequence[int],
                 natural: Sequence[int], wide: Sequence[bool]) -> None:
        self.start, self.natural, self.widths = start, natural, list(start)
        self.split = [0 if w else SPLIT_COST for w in wide]
        self.steps: list[int] = []  # the column each character goes to, in order
        self.now = [[lines(t, w) for t, w in zip(row, start)] for row in sample]
        self.drops = [[_drops(t, w, n, most) for t, w, n, most in zip(row, start, now, natural)]
                      for row, now in zip(sample, self.now)]

    def after(self, count: int) -> tuple[int, ...]:
        """The widths after `count` characters are handed out (or every column has its
        longest line)."""
        while len(self.steps) < count and self._move():
            pass
        widths = list(self.start)
        for c in self.steps[:count]:
            widths[c] += 1
        return tuple(widths)

    def _best(self, c: int) -> tuple[float, int]:
        """How many lines widening column `c` saves per character at best, and by how many
        characters: a row saves the lines it loses (where no cell beside it is taller) and,
        in a short column, SPLIT_COST for each line its cell loses."""
        width, split, events = self.widths[c], self.split[c], []
        for now, drops in zip(self.now, self.drops):
            ahead = [d for d in drops[c] if d[0] > width]
            if not ahead:
                continue
            others = max(now[:c] + now[c + 1:], default=0)
            before, saved = max(now[c], others) + split * now[c], 0.0
            for at, count in ahead:
                step = before - max(count, others) - split * count - saved
                events.append((at - width, step))
                saved += step
        events.sort()
        best, reach, total = 0.0, 0, 0.0
        for index, (extra, step) in enumerate(events):
            total += step
            last = index + 1 == len(events) or events[index + 1][0] != extra
            if last and total / extra > best:
                best, reach = total / extra, extra
        return best, reach

    def _move(self) -> bool:
        growing = [c for c, w in enumerate(self.widths) if w < self.natural[c]]
        if not growing:
            return False
        column, reach, rate = growing[0], 1, 0.0
        for c in growing:
            gain, extra = self._best(c)
            if gain > rate:
                column, reach, rate = c, extra, gain
        self.widths[column] += reach
        self.steps += [column] * reach
        for now, drops in zip(self.now, self.drops):
            now[column] = min([now[column], *(n for at, n in drops[column]
                                              if at <= self.widths[column])])
        return True


class Layout(NamedTuple):
    """How a table is drawn at one width: its column widths, or blocks."""

    widths: tuple[int, ...] | None  # None: blocks
    stacked: bool = False  # blocks: each label above its value
    lines: int = 0  # how many lines the table takes (without its title and intro)


def _beside(labels: Sequence[str], width: int) -> bool:
    """Can labels stand beside their values: do they take no more than a third of the width?"""
    return max(map(cell_len, labels)) + 1 <= width // 3


class _Table:
    """A table that picks columns or blocks when it knows the width it has."""

    def __init__(self, table: Table) -> None:
        self.table, self.rows = table, table.rows
        self.columns = table.shown()
        self.labels = tuple(_safe(c.header) for c in self.columns)
        self.cells = [tuple(cell(row.get(c.key)) for c in self.columns) for row in self.rows]
        self.texts = [tuple(value.plain for value in row) for row in self.cells]
        by_column = list(zip(self.labels, *self.texts))  # its label, then its cells
        longest = [max(map(_longest_word, filter(None, texts)), default=0) for texts in by_column]
        self.natural = tuple(max(map(_longest_line, filter(None, texts)), default=0)
                             for texts in by_column)
        self.filled = sum(bool(text) for texts in self.texts for text in texts)
        step = max(1.0, len(self.rows) / SAMPLE)  # rows spread evenly; all of a short table
        self.sample = [self.texts[int(i * step)] for i in range(min(len(self.rows), SAMPLE))]
        self.start = tuple(max(w, min(n, MIN_PROSE)) if c.wide else w
                           for c, w, n in zip(self.columns, longest, self.natural))
        self._order: _Widths | None = None
        self._layouts: dict[int, Layout] = {}
        self.siblings: list[_Table] = [self]  # the tables of its name in the report
        self.followed = False  # something comes after it on the page

    def widths(self, width: int) -> tuple[int, ...] | None:
        """The column widths at `width`, or None when the columns do not fit."""
        room = width - (3 * len(self.columns) + 1) - sum(self.start)
        if room < 0:
            return None
        if self._order is None:
            self._order = _Widths([self.labels, *self.sample], self.start, self.natural,
                                  [c.wide for c in self.columns])
        return self._order.after(room)

    def candidates(self, width: int) -> tuple[Layout | None, Layout]:
        """The columns at `width` (None when they do not fit) and the blocks: the labels beside
        the values when they take no more than a third of the width and no more lines than
        labels above (which take a line each, and a line at least for each value). Lines are
        counted on the sample, and scaled to the whole table."""
        scale = len(self.rows) / max(len(self.sample), 1)
        # the empty lines around and between the blocks
        blanks = len(self.rows) - bool(self.table.title or self.table.intro) + self.followed

        def blocks(stacked: bool) -> Layout:  # values under labels, by two; or after them
            value_width = width - 2 - (0 if stacked else max(map(cell_len, self.labels)))
            heads = [lines(f"{label}:", width) if stacked else 0 for label in self.labels]
            return Layout(None, stacked, blanks + round(scale * sum(
                lines(text, value_width) + head for texts in self.sample
                for text, head in zip(texts, heads) if text)))
        found = blocks(False) if _beside(self.labels, width) else None
        if found is None or found.lines > blanks + 2 * self.filled:
            above = blocks(True)
            found = above if found is None or above.lines < found.lines else found
        widths = self.widths(width)
        if widths is None:
            return None, found
        head = max(map(lines, self.labels, widths))
        body = round(scale * sum(max(map(lines, texts, widths)) for texts in self.sample))
        return Layout(widths, False, head + body + len(self.rows) + 2), found

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

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        t = self.table
        said = [(t.title, TITLE), (t.intro, ITALIC)]
        if not t.rows or not self.columns:
            said.append((t.empty, ITALIC))
        yield from _paragraphs([Text(_safe(text), style) for text, style in said if text])
        if t.rows and self.columns:
            yield from self.draw(options.max_width, console)

    def draw(self, width: int, console: Console) -> Iterator[Segment]:
        """The rows, in columns under a head or as blocks."""
        layout = self.layout(width)
        if layout.widths is None:  # a blank line between blocks, under what comes before
            yield from _blocks(self.labels, self.cells, width, console, layout.stacked,
                               not (self.table.title or self.table.intro))
            if self.followed:
                yield Segment.line()  # and above what comes after
            return
        options = console.options.update_width(width)
        frame = box.HEAVY_HEAD.substitute(options, safe=console.safe_box)
        rule = [Segment(frame.get_row([w + 2 for w in layout.widths], "row")), Segment.line()]
        # The head, by Rich: the frame's top, the labels at the top, the rule under them.
        grid = RichTable(box=box.HEAVY_HEAD, header_style=BOLD)
        head = max(map(lines, self.labels, layout.widths))
        for label, column_width in zip(self.labels, layout.widths):
            grid.add_column(Text(label + "\n" * (head - lines(label, column_width))),
                            width=column_width, overflow="fold")
        for line in console.render_lines(grid, options, pad=False)[:-1]:  # no bottom edge
            yield from line
            yield Segment.line()
        for index, values in enumerate(self.cells):
            yield from rule if index else ()
            yield from _row(values, layout.widths, frame, console)
        yield from (Segment(frame.get_bottom([w + 2 for w in layout.widths])), Segment.line())


def _row(values: Sequence[Text], widths: Sequence[int], frame: box.Box,
         console: Console) -> Iterator[Segment]:
    """A row of a table, framed: the lines and styles Rich's ``Table`` draws, without its cost
    per row; each run of unstyled text one segment."""
    cells = [_cell_lines(value, width, console) for value, width in zip(values, widths)]
    for number in range(max(map(len, cells))):
        plain = frame.mid_left  # the unstyled text since the last styled segment
        for index, (cell, width) in enumerate(zip(cells, widths)):
            plain += (frame.mid_vertical if index else "") + " "
            for segment in cell[number] if number < len(cell) else [Segment(" " * width)]:
                if segment.style:
                    yield from (Segment(plain), segment) if plain else (segment,)
                    plain = ""
                else:
                    plain += segment.text
            plain += " "
        yield Segment(plain + frame.mid_right + "\n")


def _cell_lines(value: Text, width: int, console: Console) -> list[list[Segment]]:
    """`value` in lines of `width` cells, each in the segments Rich's ``Text`` renders."""
    found = []
    for line in _split(value, width):
        if isinstance(line, str):
            found.append([Segment(set_cell_size(line, width))])
            continue
        line.rstrip_end(width)
        line.truncate(width, overflow="fold", pad=True)
        found.append(list(line.render(console)))
    return found


# -- text -------------------------------------------------------------------------------------

def _split(text: Text, width: int) -> Sequence[Text | str]:
    """`text` in Rich's lines of `width` cells, each with the spaces it ends in (which may run
    past `width`: the caller crops them), unpadded; plain strings where it has no styles."""
    plain = text.plain
    breaks = _breaks(plain, width)
    if not text.spans and not text.style:
        edges = [0, *breaks, len(plain)]
        return [plain[start:end].removesuffix("\n") for start, end in zip(edges, edges[1:])]
    found = list(text.divide(breaks))
    for line in found:
        if line.plain.endswith("\n"):
            line.right_crop(1)
    return found


def _wrapped(text: Text, width: int, console: Console, first: Sequence[Segment] = (),
             rest: int = 0) -> Iterator[Segment]:
    """`text` wrapped to `width` less an indent of `rest` cells, its first line after `first`
    (no wider), the others after spaces."""
    text = Text.assemble(text) if text.style else text  # its style on a span, drawn by render
    for index, line in enumerate(_split(text, max(width - rest, 1))):
        yield from (Segment(" " * rest),) if index else first
        if isinstance(line, Text) and console.color_system:  # else its text alone
            line.rstrip()
            yield from line.render(console)
        else:
            yield Segment(str(line).rstrip())
        yield Segment.line()


def _blocks(labels: Sequence[str], rows: Sequence[Sequence[Text]], width: int, console: Console,
            stacked: bool | None = None, gap: bool = False) -> Iterator[Segment]:
    """Each row as `Label: value` lines for its values that are not empty, a blank line between
    rows (and above the first, with `gap`): the labels beside the values, or above them on lines
    of their own (`stacked`; by default where beside they would take over a third of the width)."""
    label_width = max(map(cell_len, labels)) + 1
    if stacked is None:
        stacked = not _beside(labels, width)
    if stacked:
        heads = [list(_wrapped(Text(f"{label}:", BOLD), width, console)) for label in labels]
        firsts: list[tuple[Segment, ...]] = [(Segment("  "),)] * len(labels)
        rest = 2
    else:
        heads = [[] for _ in labels]
        firsts = [(Segment(f"{label}:", BOLD), Segment(" " * (label_width - cell_len(label))))
                  for label in labels]
        rest = label_width + 1
    for index, values in enumerate(rows):
        if index or gap:
            yield Segment.line()
        for head, first, value in zip(heads, firsts, values):
            if value.plain:
                yield from head
                yield from _wrapped(value, width, console, first, rest)


class _Lines:
    """Lines drawn to the width there is: `draw(*args, width, console)`."""

    def __init__(self, draw: Callable[..., Iterator[Segment]], *args: object) -> None:
        self.draw, self.args = draw, args

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.draw(*self.args, options.max_width, console)


def _texts(texts: Sequence[Text], width: int, console: Console) -> Iterator[Segment]:
    for text in texts:
        yield from _wrapped(text, width, console)


def _paragraphs(texts: Sequence[Text]) -> Iterator[_Lines]:
    """Paragraphs (titles, notes, the references) wrapped to the width."""
    if texts:
        yield _Lines(_texts, texts)


# -- figures ----------------------------------------------------------------------------------

# Each role's glyph and colour: the glyphs tell the kinds apart without colour (--no-color, a
# printout), the colours match the HTML page's and the chart's.
GLYPHS = dict(zip(ROLES, ("█", "▓", "░", "▒")))
STYLES = dict(zip(ROLES, ("blue", "cyan", "red", "yellow")))


def _bars(fig: Bars, width: int, console: Console) -> Iterator[Segment]:
    """A stacked bar per category, in block characters, scaled to the width there is."""
    key = Text("   ").join(Text.assemble((f"{GLYPHS[s.role]} ", STYLES[s.role]),
                                         _safe(s.label)) for s in fig.series)
    yield from _texts([Text(_safe(fig.title), BOLD), *([Text(_safe(fig.subtitle))] if
                       fig.subtitle else []), key], width, console)
    if not fig.categories:
        yield from _wrapped(Text("nothing to show", ITALIC), width, console)
        return
    totals = [sum(s.values[i] for s in fig.series) for i in range(len(fig.categories))]
    notes = [" + ".join(str(s.values[i]) for s in fig.series if s.values[i]) or "0"
             for i in range(len(fig.categories))]
    notes = [f"{n} ({fig.flags[i]})" if fig.flags and fig.flags[i] else n
             for i, n in enumerate(notes)]
    label = min(max(map(cell_len, fig.categories)), max(12, width // 3))
    scale = max(1, (width - label - max(map(len, notes)) - 4) // max(max(totals), 1))
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(width=label, overflow="fold")
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    for i, category in enumerate(fig.categories):
        bar = Text.assemble(*((GLYPHS[s.role] * (s.values[i] * scale), STYLES[s.role])
                              for s in fig.series))
        grid.add_row(Text(_safe(category)), bar, Text(notes[i]))
    yield from _unpadded(grid, width, console)
    if fig.caption:
        yield from _wrapped(Text(_safe(fig.caption), DIM), width, console)


def _dots(fig: Dots, width: int, console: Console) -> Iterator[Segment]:
    """Which holder gives which answer, grouped by question: a column per holder, ● where it
    gives the answer and · where not, when the answers keep MIN_ANSWER beside them; else the
    holders' names under each answer. A wrapped answer is indented under its first line."""
    yield from _texts([Text(_safe(fig.title), BOLD), *([Text(_safe(fig.subtitle))] if
                       fig.subtitle else [])], width, console)
    names = [_safe(name) for name in fig.columns]
    narrow = [min(12, max(_longest_word(name), 1)) for name in names]
    answer = width - sum(w + 1 for w in narrow)

    def grid(head: bool) -> RichTable:
        table = RichTable(box=box.SIMPLE_HEAD, show_edge=False, show_header=head, padding=0,
                          header_style=BOLD)
        table.add_column(Text("Answer"), width=answer)
        for name, column_width in zip(names, narrow):
            table.add_column(Text(name), width=column_width, justify="center", overflow="fold")
        return table
    if fig.groups and answer >= MIN_ANSWER:
        yield from _unpadded(grid(True), width, console)
    for number, (question, answers) in enumerate(fig.groups):
        if number or answer < MIN_ANSWER:
            yield Segment.line()
        yield from _wrapped(Text(_safe(question), BOLD), width, console)
        table = grid(False)
        for said, held in answers:
            if answer < MIN_ANSWER:
                yield from _wrapped(Text(_safe(said)), width, console, (Segment("  "),), 4)
                holders = Text(", ").join(Text(names[i], CITED) for i in held)
                yield from _wrapped(holders, width, console,
                                    (Segment("    "), Segment("● ", Style(color="blue"))), 6)
            else:
                table.add_row(Text("  " + "\n    ".join(str(line).rstrip() for line in _split(
                                  Text(_safe(said)), answer - 4))),
                              *(Text("●", "blue") if i in held else Text("·", DIM)
                                for i in range(len(names))))
        if table.rows:
            yield from _unpadded(table, width, console)
    if not fig.groups:
        yield from _wrapped(Text("no question is answered differently by these sources",
                                 ITALIC), width, console)
    if fig.caption:
        yield from _wrapped(Text(_safe(fig.caption), DIM), width, console)


def _unpadded(table: RichTable, width: int, console: Console) -> Iterator[Segment]:
    """A Rich table drawn to `width`, without the spaces its lines end in."""
    for line in console.render_lines(table, console.options.update_width(width), pad=False):
        text = Text.assemble(*((segment.text, segment.style or "") for segment in line))
        text.rstrip()
        yield from text.render(console)
        yield Segment.line()


# -- the page ---------------------------------------------------------------------------------

def render(report: Report) -> Group:
    """The report as a Rich renderable: its title, fields, figure, tables and notes, drawn as
    they are printed."""
    parts: list[RenderableType] = [*_paragraphs([Text(_safe(report.title), BOLD)])]
    if report.fields:  # one block: the report's `Label: value` lines
        parts.append(_Lines(_blocks, [_safe(label) for label, _ in report.fields],
                            [[Text(_safe(value)) for _, value in report.fields]]))
    if report.figure is not None:  # a chart, under its own title
        parts = [_Lines(_bars if isinstance(report.figure, Bars) else _dots, report.figure)]
    tables: list[_Table] = []
    section = ""
    for table in report.person_tables():
        if table.section and table.section != section:
            section = table.section
            parts += _paragraphs([Text(), Text(_safe(section), SECTION)])
        if table.title == table.section:
            table = table._replace(title="")  # said just above
        tables.append(_Table(table))
        parts.append(tables[-1])
        parts += _paragraphs([Text(_safe(note), DIM) for note in table.notes])
    drawn = [t for t in tables if t.rows and t.columns]
    for one in drawn:
        one.siblings = [t for t in drawn if t.table.name == one.table.name]
    parts += _paragraphs([Text(_safe(note), DIM) for note in (*report.notes, *report.hints)])
    cited = report.cited()
    if cited and report.legend:
        parts += _paragraphs([Text("References", BOLD), *(Text.assemble(
            (_safe(ref.name), CITED), (_reference(ref), DIM)) for ref in cited)])
    for index, part in enumerate(parts):
        if isinstance(part, _Table):
            part.followed = index + 1 < len(parts)
    return Group(*parts)


def _reference(ref: Reference) -> str:
    """': CX Journey. n.d.' after a name: what a reference says of the source."""
    parts = [*ref.parts(), *([ref.url] if ref.url else [])]
    return ": " + _safe(sentences(parts)) if parts else ""
