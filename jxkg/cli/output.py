"""Rendering query rows for a terminal or a pipe: table, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def to_json_value(value: Any) -> Any:
    """Dates become ISO strings; everything else is already plain (the store's edge saw to that)."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_value(v) for v in value]
    return value


def brief(value: Any) -> str:
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


def render(rows: Sequence[dict[str, Any]], fmt: OutputFormat, console: Console) -> None:
    if fmt is OutputFormat.JSON:
        # one JSON array of row objects: easy to load whole; `jq -c '.[]'` gives one row a line
        console.file.write(json.dumps([to_json_value(r) for r in rows], ensure_ascii=False, indent=1) + "\n")
        return
    columns = list(rows[0].keys()) if rows else []
    if fmt is OutputFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([brief(row[c]) for c in columns] for row in rows)
        console.file.write(buffer.getvalue())
        return
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(brief(row[c]) for c in columns))
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")
