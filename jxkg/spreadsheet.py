"""CSV for people: the one rule every CSV the product writes follows — the API's `text/csv` answers
(named questions and `/cypher`, which the query page downloads as they are), `jxkg ... --format csv`
and the stewards' quarantine files (docs/api.md, "CSV answers").

- UTF-8 with a byte order mark: without one Excel reads a CSV in the machine's code page (GBK on a
  Chinese Windows) and garbles the Chinese. CSV readers of Python (`utf-8-sig`), pandas and jxkg's own
  ingest take the mark off.
- A *text* cell a spreadsheet would run as a formula is neutralised, as OWASP's CSV-injection guidance
  says: one that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single
  quote (`'=HYPERLINK(...)`), so it is shown as text. Numbers that are numbers are written as they
  are; a number held as text (`"-5"`, every cell of a CSV upload) is text and gets the quote too, the
  price of a rule with no guessing. The csv module quotes every cell holding the delimiter, a quote
  or a line break, so no text can start a cell of its own.

The graph and the JSON answers keep the text verbatim: only what goes into a CSV is changed. A
workbook needs no quote: `append_as_text` writes its text as text cells, which a spreadsheet never runs.
CSV written for a machine is not for people and keeps its data verbatim: the `neo4j-admin` import
files of `jxkg export` and the synthetic province's source files (`jxkg generate`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

__all__ = [
    "BOM",
    "CSV_MEDIA_TYPE",
    "FORMULA_STARTS",
    "append_as_text",
    "csv_text",
    "neutralised",
    "safe_cells",
    "write_csv",
]

BOM = "\ufeff"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: Any) -> Any:
    """`cell`, or, when it is text a spreadsheet would run as a formula, the text after a single quote."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def safe_cells(cells: Iterable[Any]) -> list[Any]:
    return [neutralised(cell) for cell in cells]


def _write(handle: IO[str], header: Sequence[Any], rows: Iterable[Sequence[Any]], delimiter: str) -> None:
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(safe_cells(header))
    writer.writerows(safe_cells(row) for row in rows)


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> str:
    """The header and the rows as CSV text, starting with the byte order mark, every cell made safe."""
    buffer = io.StringIO()
    buffer.write(BOM)
    _write(buffer, header, rows, delimiter)
    return buffer.getvalue()


def write_csv(path: Path, header: Sequence[Any], rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> None:
    """`csv_text` into a file: UTF-8 with the byte order mark."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        _write(handle, header, rows, delimiter)


def append_as_text(sheet: Any, cells: list[Any]) -> None:
    """A row appended to an openpyxl worksheet, its text kept as text: openpyxl makes a text starting
    with `=` a formula, which Excel would run (CSV injection in a workbook); a text cell is never run
    and keeps the text as it was, so no quote is needed. Numbers and dates stay what they are."""
    sheet.append(cells)
    for written in sheet[sheet.max_row]:
        if written.data_type == "f":
            written.data_type = "s"
