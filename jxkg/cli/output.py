"""Rendering query rows for a terminal or a pipe: table, JSON or CSV."""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table

from jxkg.queries.tabular import cell_text, rows_to_csv, to_json_value


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def render(
    rows: Sequence[dict[str, Any]], fmt: OutputFormat, console: Console, *, columns: Sequence[str] | None = None
) -> None:
    """Print rows; `columns` (the query's, known even when no row came back) orders the header."""
    if fmt is OutputFormat.JSON:
        # one JSON array of row objects: easy to load whole; `jq -c '.[]'` gives one row a line
        console.file.write(json.dumps([to_json_value(r) for r in rows], ensure_ascii=False, indent=1) + "\n")
        return
    columns = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt is OutputFormat.CSV:
        console.file.write(rows_to_csv(columns, rows))
        return
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(cell_text(row.get(c)) for c in columns))
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")
