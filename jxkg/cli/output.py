"""Rendering query rows for a terminal or a pipe: table, JSON or CSV; or saving them as an XLSX workbook.

The table is a table when the rows are flat and fit the terminal; rows that hold lists (the
headline's supporters) or do not fit are printed as records instead, one field a line and each
list item on a line of its own, indented, as readable text (`tabular.flat_text`), so nothing is
squeezed into a column a few characters wide."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from jxkg.queries.tabular import cell_text, flat_text, rows_to_csv, to_json_value


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


OUT_HELP = "with --format xlsx: the file to save the workbook in (else stdout, when it is not a terminal)"


def check_out(fmt: OutputFormat, out: Path | None) -> None:
    """`--out` goes with `--format xlsx` only: the text formats are printed (redirect them)."""
    if out is not None and fmt is not OutputFormat.XLSX:
        raise typer.BadParameter("--out is for --format xlsx; redirect the other formats (> file)", param_hint="--out")


def save_workbook(workbook: bytes, out: Path | None) -> None:
    """An XLSX answer into `out`, or onto stdout when it is a file or a pipe; never onto a terminal,
    which would show its bytes as garbage."""
    if out is not None:
        out.write_bytes(workbook)
    elif sys.stdout.isatty():
        raise typer.BadParameter("an XLSX workbook is not for a terminal: give --out FILE or redirect (> answer.xlsx)")
    else:
        sys.stdout.buffer.write(workbook)
        sys.stdout.buffer.flush()


def render(
    rows: Sequence[dict[str, Any]], fmt: OutputFormat, console: Console, *, columns: Sequence[str] | None = None
) -> None:
    """Print rows; `columns` (the query's, known even when no row came back) orders the header. (An
    XLSX workbook is not printed: `tabular.rows_to_xlsx`, then `save_workbook`.)"""
    if fmt is OutputFormat.XLSX:
        raise ValueError("an XLSX answer is saved (save_workbook), not printed")
    if fmt is OutputFormat.JSON:
        # one JSON array of row objects: easy to load whole; `jq -c '.[]'` gives one row a line
        console.file.write(json.dumps([to_json_value(r) for r in rows], ensure_ascii=False, indent=1) + "\n")
        return
    columns = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt is OutputFormat.CSV:
        console.file.write(rows_to_csv(columns, rows))
        return
    table = _table(rows, columns)
    if table is not None and _fits(table, console):
        console.print(table)
    else:
        _records(rows, columns, console)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> Table | None:
    """The rows as a table, or None when one holds a list or a map (those print as records)."""
    if any(isinstance(row.get(c), list | dict) for row in rows for c in columns):
        return None
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(Text(cell_text(row.get(c))) for c in columns))  # Text: `[...]` in data is not markup
    return table


def _fits(table: Table, console: Console) -> bool:
    """Whether the table needs no wrapping at the console's width."""
    unbounded = console.options.update_width(10**6)  # measured as wide as it wants: a table never exceeds the width
    return Measurement.get(console, unbounded, table).maximum <= console.width


def _records(rows: Sequence[dict[str, Any]], columns: Sequence[str], console: Console) -> None:
    """Each row as a block: a rule with its number, then `column  value` lines (a long value wraps
    under itself), and a list of records with its items one to a line under its column's name."""
    for number, row in enumerate(rows, start=1):
        console.print(Rule(f"{number} / {len(rows)}", align="left", style="dim"), soft_wrap=False)
        fields = _grid()
        for column in columns:
            value = row.get(column)
            if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
                console.print(fields, soft_wrap=False)
                fields = _grid()
                console.print(Text(f"{column} ({len(value)})", style="bold"), soft_wrap=False)
                items = Table.grid(padding=(0, 1))  # a hanging indent: an item's wrapped lines under its text
                items.add_column(no_wrap=True)
                items.add_column(ratio=1, overflow="fold")
                for item in value:
                    items.add_row("·", Text(flat_text(item, nested=True)))
                console.print(Padding(items, (0, 0, 0, 2)), soft_wrap=False)
            else:
                fields.add_row(column, Text(flat_text(value)))
        console.print(fields, soft_wrap=False)


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    return grid
