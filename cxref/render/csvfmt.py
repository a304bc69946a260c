"""A Report as CSV: the fields first as a field,value table, then each data table with a header
row (tables of one name are one table), an empty line between tables; sources by id. A cell a
spreadsheet would read as a formula gets a leading apostrophe."""

from __future__ import annotations

import csv
import io

from ..report import Report, cell_text

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """`text` as a cell: an apostrophe before a formula's trigger, then every line break a
    newline (the writer quotes a cell holding one, but a lone carriage return ends the row)."""
    guarded = "'" + text if text.startswith(FORMULA_TRIGGERS) else text
    return guarded.replace("\r\n", "\n").replace("\r", "\n")


def render(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if report.fields:
        writer.writerow(["Field", "Value"])
        writer.writerows([safe_cell(label), safe_cell(value)] for label, value in report.fields)
    written: set[str] = set()
    for table in report.data_tables():
        columns = table.data()
        if table.name not in written:
            if buffer.tell():  # an empty line between tables
                writer.writerow([])
            writer.writerow([safe_cell(col.header) for col in columns])
            written.add(table.name)
        writer.writerows([safe_cell(cell_text(row.get(col.key), ids=True)) for col in columns]
                         for row in table.rows)
    return buffer.getvalue()
