"""A Report as CSV: each table with a header row; several tables are separated by an empty
line. A cell that a spreadsheet would read as a formula (starting with = + - @, tab or carriage
return) gets a leading apostrophe, so opening the file never runs anything."""

from __future__ import annotations

import csv
import io

from ..report import Report, cell_text

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def render(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for index, table in enumerate(report.tables):
        if index:
            writer.writerow([])
        writer.writerow([safe_cell(col.header) for col in table.columns])
        for row in table.rows:
            writer.writerow([safe_cell(cell_text(row.get(col.key))) for col in table.columns])
    return buffer.getvalue()
