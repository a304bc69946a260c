"""A Report's figure as a chart for a slide or a paper, drawn by matplotlib (the optional extra
``cxref[charts]``): SVG (text kept as text), PNG or PDF.

Slide-sized (16:9, text of 14 points and more), a legend naming every colour, counts on the
bars, a caption; no font fetched, no math parsed. A chart too big for a slide
(:data:`MAX_HOLDERS`, :data:`MAX_ROWS`) is refused before it is drawn. The same report gives the
same bytes (no date in the metadata, fixed SVG ids).
"""

from __future__ import annotations

import io
import textwrap
from functools import partial
from importlib import import_module
from itertools import accumulate
from typing import Any

from ..errors import UsageError
from ..report import Bars, Dots, Report
from . import COLOURS

HEIGHT = 7.5  # inches: a 16:9 slide is 13.33 x 7.5
DPI = 150  # a PNG of a 16:9 chart is 2000 x 1125 pixels
INK = "#1a1a1a"
MUTED = "#555555"
GRID = "#d9dde2"
MAX_HOLDERS = 12  # columns of dots: each name wrapped to 12 characters at 12 points
MAX_ROWS = 30  # bars, or questions and answers: a line each at the smallest font, 9 points


def _matplotlib() -> Any:
    """matplotlib, its Figure class imported (no pyplot: no GUI backend, no global state), or
    one line saying how to install it."""
    try:  # imported as Any: what it draws is checked by looking at it, not by its stubs
        import_module("matplotlib.figure")
        return import_module("matplotlib")
    except ImportError:
        raise UsageError("a chart as svg, png or pdf needs matplotlib: pip install "
                         "'cxref[charts]' (or use the terminal chart, --format table, or "
                         "--format html)", "charts-not-installed") from None


_RC: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays text in an SVG: selectable, searchable, editable
    "svg.hashsalt": "cxref",  # the same ids every time
    "text.parse_math": False,  # '$5 to $10' in a name is text, not math
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "text.color": INK,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
}


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=True)) or text


def _frame(fig: Any, ax: Any, data: Bars | Dots, legend: bool) -> None:
    """The title, top left, the subtitle under it (above the legend, when there is one), and
    the caption, bottom left, each wrapped to the picture's width."""
    chars = int(fig.get_figwidth() * 72 / 26 * 1.6)  # characters of 26 points to a line
    fig.suptitle(_wrap(data.title, chars), x=0.025, ha="left", fontsize=26, fontweight="bold")
    if data.subtitle:
        ax.set_title(_wrap(data.subtitle, int(chars * 26 / 18)), loc="left", fontsize=18,
                     color=MUTED, pad=40 if legend else 12)
    if data.caption:
        fig.supxlabel(_wrap(data.caption, int(chars * 26 / 13)), x=0.025, ha="left",
                      fontsize=13, color=MUTED)


def _bars(ax: Any, data: Bars) -> None:
    count = len(data.categories)
    totals = [sum(s.values[i] for s in data.series) for i in range(count)]
    size = 18 if count <= 8 else max(10, int(18 * 8 / count))
    positions = list(range(count))
    left = [0] * count
    for series in data.series:
        bars = ax.barh(positions, series.values, left=left, height=0.66,
                       color=COLOURS[series.role], label=series.label, edgecolor="white",
                       linewidth=1.5)
        dark = series.role in ("full", "against")
        labels = [str(v) if v else "" for v in series.values]
        ax.bar_label(bars, labels=labels, label_type="center", fontsize=size - 2,
                     color="white" if dark else INK, fontweight="bold")
        left = [a + b for a, b in zip(left, series.values)]
    for i, (total, flag) in enumerate(zip(totals, data.flags)):
        if flag:
            ax.text(total + 0.08, i, flag, va="center", ha="left", fontsize=size - 4,
                    color=MUTED, style="italic")
    ax.set_yticks(positions, [_wrap(c, 26) for c in data.categories], fontsize=size)
    ax.invert_yaxis()  # the first category on top
    most = max(totals, default=0)
    ax.set_xlim(0, max(most, 1) * 1.18 + 0.5)  # room for a flag after the longest bar
    ax.set_xticks(range(0, max(most, 1) + 1, max(1, -(-most // 8))))  # ticks to the most only
    ax.tick_params(axis="x", labelsize=14)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(f"number of {data.axis}", fontsize=14, color=MUTED)
    ax.grid(axis="x", color=GRID, linewidth=1)
    ax.set_axisbelow(True)
    ax.spines[["top", "right", "left"]].set_visible(False)
    if data.series:  # between the title and the bars, where the eye starts
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=min(len(data.series), 4),
                  frameon=False, fontsize=16, handlelength=1.2, handleheight=1.2,
                  borderaxespad=0.3, borderpad=0)
    if not count:
        ax.text(0.5, 0.5, "nothing to show", transform=ax.transAxes, ha="center",
                fontsize=18, color=MUTED)


def _dots(ax: Any, data: Dots) -> None:
    width = ax.figure.get_figwidth()
    rows: list[tuple[str, bool, tuple[int, ...]]] = []  # (label, is a question, holders)
    for asked, answers in data.groups:
        rows.append((asked, True, ()))
        rows += [(answer, False, held) for answer, held in answers]
    # The labels take about 45% of the width; the font shrinks (not below 9 points) until
    # every wrapped label fits the height there is.
    size, labels = 16.0, [label for label, _, _ in rows]
    for _ in range(6):
        chars = max(int(0.45 * width * 72 / (size * 0.55)), 20)
        labels = [_wrap(label, chars) for label, _, _ in rows]
        lines = sum(label.count("\n") + 1 for label in labels) or 1
        fits = (HEIGHT - 2.4) * 72 / (lines * 1.45)
        if fits >= size or size <= 9:
            break
        size = max(9.0, fits)
    heights = [label.count("\n") + 1 for label in labels]
    tops = list(accumulate(heights, initial=0.0))
    top, centres = tops[-1], [y + height / 2 for y, height in zip(tops, heights)]
    for y, height, (_, question, held) in zip(centres, heights, rows):
        if question:
            ax.axhspan(y - height / 2, y + height / 2, color="#eef1f4", zorder=0, linewidth=0)
        for x in range(len(data.columns)):
            if x in held:
                ax.scatter([x], [y], s=(size * 1.2) ** 2, color=COLOURS["full"], zorder=3)
            elif not question:
                ax.scatter([x], [y], s=(size * 0.35) ** 2, color=GRID, zorder=2)
    ax.set_yticks(centres, labels, fontsize=size)
    for tick, (_, question, _) in zip(ax.get_yticklabels(), rows):
        if question:
            tick.set_fontweight("bold")
    ax.xaxis.tick_top()
    if len(data.columns) <= 6:  # side by side, wrapped; more are slanted to fit their columns
        ax.set_xticks(range(len(data.columns)), [_wrap(name, 12) for name in data.columns],
                      fontsize=max(size, 12))
    else:
        ax.set_xticks(range(len(data.columns)), [_wrap(name, 24) for name in data.columns],
                      fontsize=12, rotation=40, ha="left", rotation_mode="anchor")
    ax.tick_params(length=0)
    ax.set_xlim(-0.6, max(len(data.columns) - 0.4, 0.4))
    ax.set_ylim(max(top, 1), 0)
    ax.spines[:].set_visible(False)
    if not data.groups:
        ax.set_yticks([])
        ax.text(0.5, 0.5, "no question is answered differently by these sources",
                transform=ax.transAxes, ha="center", fontsize=18, color=MUTED)


def _bound(figure: Bars | Dots) -> None:
    """Refuse a chart no slide can show, saying how to narrow it."""
    if isinstance(figure, Bars):
        rows, holders = len(figure.categories), 0
    else:
        rows = sum(1 + len(answers) for _, answers in figure.groups)
        holders = len(figure.columns)
    if rows > MAX_ROWS or holders > MAX_HOLDERS:
        what = (f"{holders} sources" if holders > MAX_HOLDERS else f"{rows} rows")
        raise UsageError(f"a chart for a slide shows at most {MAX_HOLDERS} sources and "
                         f"{MAX_ROWS} rows; this one has {what}: narrow it with --source ID "
                         "(repeatable), or see it all with --format html", "chart-too-big")


def _draw(report: Report, fmt: str) -> bytes:
    figure = report.figure
    if figure is None:
        raise UsageError(f"there is no chart to draw as {fmt}: cxref chart draws one", "no-chart")
    _bound(figure)
    matplotlib = _matplotlib()
    with matplotlib.rc_context(_RC):
        width = HEIGHT * figure.aspect[0] / figure.aspect[1]
        fig = matplotlib.figure.Figure(figsize=(width, HEIGHT), layout="constrained")
        fig.get_layout_engine().set(w_pad=0.25, h_pad=0.2)  # inches of margin: no text at an edge
        ax = fig.add_subplot()
        if isinstance(figure, Bars):
            _bars(ax, figure)
        else:
            _dots(ax, figure)
        _frame(fig, ax, figure, legend=isinstance(figure, Bars) and bool(figure.series))
        buffer = io.BytesIO()
        metadata: dict[str, Any] = {"svg": {"Date": None}, "pdf": {"CreationDate": None},
                                    "png": {"Software": None}}[fmt]
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def svg(report: Report) -> str:
    return _draw(report, "svg").decode("utf-8")


png = partial(_draw, fmt="png")
pdf = partial(_draw, fmt="pdf")
