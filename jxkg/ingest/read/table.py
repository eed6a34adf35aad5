"""Tables: what a tabular reader gives, and the rules every table's cells obey whatever its format.

A tabular reader returns a `Table`: its columns and its rows, each a `Row` (file, row number with
1 = the first data row, field -> raw value), plus the `Problem`s of what it could not read, each
naming the file and, where it can, the row and field. A bad row is left out and named; the good
rows are still returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from jxkg.ingest.records import Problem, control_character

__all__ = [
    "DEFAULT_MAX_CELL_BYTES",
    "ReadOptions",
    "Row",
    "Table",
    "enforce_cell_rules",
    "header_only",
    "reject_ragged",
    "trim_cells",
]

DEFAULT_MAX_CELL_BYTES = 64 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """What a mapping may declare about how to read its file; None means detect."""

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    records: str | None = None  # JSON: the key of the array of records in a top-level object
    max_cell_bytes: int = DEFAULT_MAX_CELL_BYTES


class Row(NamedTuple):
    file: str
    number: int  # 1 = the first data row
    values: dict[str, Any]


@dataclass
class Table:
    file: str
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # nothing wrong, nothing to load

    def problem(self, row: int | None, column: str | None, value: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, row, column, value, message))


def header_only(table: Table) -> None:
    table.notices.append(Problem(table.file, None, None, None, "header only: no data rows, nothing to load"))


def reject_ragged(table: Table, number: int, cells: list[str]) -> None:
    """A row with more or fewer cells than the header: named, and left out."""
    have, want = len(cells), len(table.columns)
    if have > want:
        extra = ", ".join(str(c) for c in cells[want:])[:80]
        table.problem(number, None, extra, f"ragged row: {have} cells, the header has {want}; the row was rejected")
    else:
        table.problem(
            number,
            table.columns[have],
            None,
            f"ragged row: {have} cells, the header has {want} (no cell from this column on); the row was rejected",
        )


def trim_cells(cells: tuple[Any, ...]) -> tuple[Any, ...]:
    """A sheet's row without its empty cells at the end (a sheet's rows run as wide as its widest)."""
    end = len(cells)
    while end and (cells[end - 1] is None or (isinstance(cells[end - 1], str) and not cells[end - 1].strip())):
        end -= 1
    return cells[:end]


# --- the cell-size limit --------------------------------------------------------------------------------------------


def enforce_cell_rules(table: Table, limit: int) -> None:
    """Rows with a cell over the size limit, or with a control character in a cell, are rejected."""
    kept: list[Row] = []
    for row in table.rows:
        problems = (_cell_problem(column, value, limit) for column, value in row.values.items())
        problem = next(filter(None, problems), None)
        if problem is None:
            kept.append(row)
            continue
        column, shown, message = problem
        table.problem(row.number, column, shown, message)
    table.rows = kept


def _cell_problem(column: str, value: object, limit: int) -> tuple[str, str, str] | None:
    text = str(value)
    size = len(text.encode("utf-8"))
    if size > limit:
        return (
            column,
            text[:80],
            f"cell is {size:,} bytes, over the limit of {limit:,} (max_cell_bytes in the mapping); "
            "the row was rejected",
        )
    control = control_character(text)
    if control is not None:
        return column, repr(text[:80]), f"cell {control}; the row was rejected"
    return None
