"""Rows as text: JSON-ready values and CSV cells, the same for `jxkg ... --format csv` and the API's CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any


def to_json_value(value: Any) -> Any:
    """Dates become ISO strings; everything else is already plain (the store's edge saw to that)."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_value(v) for v in value]
    return value


def cell_text(value: Any) -> str:
    """A cell: nodes and relationships shown the way Cypher writes them, maps and lists as JSON."""
    if isinstance(value, dict) and {"labels", "properties"} <= value.keys():
        name = value["properties"].get("nameZh") or value["properties"].get("nameEn") or ""
        return f"(:{':'.join(value['labels'])} {{id: {value['id']!r}}}) {name}".rstrip()
    if isinstance(value, dict) and {"type", "start", "end"} <= value.keys():
        return f"({value['start']})-[:{value['type']}]->({value['end']})"
    if isinstance(value, dict | list):
        return json.dumps(to_json_value(value), ensure_ascii=False)
    if value is None:
        return ""
    return str(to_json_value(value))


def rows_to_csv(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """A header line, then one line per row; nested values as JSON text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell_text(row.get(c)) for c in columns] for row in rows)
    return buffer.getvalue()
