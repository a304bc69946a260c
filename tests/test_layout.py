"""Every command reads at every width: rendered at 40 to 200 columns, no line is wider than
the terminal, no ordinary word of the data is split across lines, columns empty in every row
are left out, and a table keeps its prose column (quote, definition, sources) at least
MIN_PROSE wide or turns into one block per row."""

from __future__ import annotations

import re

import pytest

from cxref.render import terminal

WIDTHS = [40, 60, 80, 100, 120, 160, 200]
COMMANDS = {
    "compare": ["compare"], "sources cx": ["sources", "cx"], "sources cs": ["sources", "cs"],
    "similarities": ["similarities"], "terms": ["terms"], "show franz": ["show", "franz"],
    "show amadebai": ["show", "amadebai"], "show keynote-speaker": ["show", "keynote-speaker"],
    "why proactive": ["why", "proactive"], "why isolated": ["why", "isolated"],
    "matrix": ["matrix"], "disputes": ["disputes"], "search customer": ["search", "customer"],
    "ids": ["ids"], "export": ["export", "-f", "table"],
}
BOX = re.compile(r"[│┃┏┓┗┛┡┩┣┫╇╈┼├┤┬┴┳┻━─╋└┘┌┐]")


def words(text: str) -> set[str]:
    """The ordinary words of `text`: runs of four or more letters."""
    return set(re.findall(r"[A-Za-z]{4,}", text))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_reads_at_every_width(invoke, name, width):
    args = COMMANDS[name]
    run = invoke("--no-pager", *args, width=width)
    assert run.exit_code == 0 and run.stderr == "", run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    # The words a person reads (the markdown of the same view) all appear whole.
    markdown = invoke(*[a for a in args if a not in ("-f", "table")], "-f", "markdown",
                      width=width).stdout
    shown = words(BOX.sub(" ", run.stdout))
    # Less the markup of citations: a link's target, a reference's anchor.
    missing = words(re.sub(r"\(#ref-[a-z0-9-]+\)|<[^>]*>", " ", markdown)) - shown
    missing -= {"Title", "Author", "Site", "Date", "Note", "Sides", "About",  # labels
                "title"}  # the key of a document's YAML block
    assert not missing, sorted(missing)[:10]


def _reports():
    from conftest import SHIPPED

    from cxref import exporting, loader, queries, views

    corpus = loader.check_folders([SHIPPED])[0]
    pair, grouped = queries.why(corpus, "isolated")
    return [views.compare(corpus, queries.compare(corpus)), views.why(corpus, pair, grouped),
            views.show(corpus, corpus.source("franz")), exporting.build(corpus),
            views.disputes(corpus, queries.disputes(corpus))]


@pytest.mark.parametrize("width", WIDTHS)
def test_prose_columns_get_room_or_the_rows_become_blocks(width):
    for report in _reports():
        for table in report.tables:
            layout = terminal._Table(table)
            widths = layout._widths(width)
            if widths is None:
                continue  # blocks
            assert sum(widths) + 3 * len(widths) + 1 <= width
            for column, column_width in zip(layout.columns, widths):
                if column.wide:
                    natural = max(len(line) for line in layout._cells(column))
                    assert column_width >= min(terminal.MIN_PROSE, natural), (
                        report.title, table.title, column.header, width)


def test_a_column_empty_in_every_row_is_left_out(invoke):
    # No shipped definition of customer experience is attributed to a voice in Ahlfeldt's
    # file alone: the Voice column of her `show` has entries, but `sources cx` of one source
    # without voices has none.
    run = invoke("show", "ahlfeldt", width=160)
    assert "Voice" not in run.stdout
    assert "Voice" in invoke("show", "franz", width=160).stdout
