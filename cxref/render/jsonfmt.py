"""A Report as JSON: one key per table name with its rows as objects keyed by column (tables
that share a name are one list), source ids kept as ids, figures as numbers. Always valid JSON
(``allow_nan=False``)."""

from __future__ import annotations

import json
from typing import Any

from ..report import Report, cell_json


def render(report: Report) -> str:
    out: dict[str, Any] = {"command": report.name, "title": report.title}
    if report.fields:
        out["fields"] = {label.lower(): value for label, value in report.fields}
    for table in report.data_tables():
        columns = table.data()
        rows = out.setdefault(table.name, [])
        rows += [{col.key: cell_json(row.get(col.key)) for col in columns} for row in table.rows]
    if report.notes:
        out["notes"] = list(report.notes)
    if report.references:
        out["references"] = [{"id": ref.id, "name": ref.name, **dict(ref.fields)}
                             for ref in report.references]
    return json.dumps(out, ensure_ascii=False, allow_nan=False, indent=2) + "\n"
