"""Spreadsheets for people: the one rule every CSV and XLSX the product writes follows — the API's
`text/csv` and XLSX answers (named questions and `/cypher`, which the query page downloads as they
are), `jxkg ... --format csv|xlsx` and the stewards' quarantine files (docs/api.md, "Spreadsheet
answers").

- A *text* cell a spreadsheet would run as a formula is neutralised, as OWASP's CSV-injection
  guidance says: one that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
  (`is_formula_like`) gets the leading single quote that makes a spreadsheet take it as text. In a
  CSV the quote is a character of the cell (`'=HYPERLINK(...)`); in a workbook it is Excel's own
  quote prefix (what Excel stores when someone types `'=...`): the cell is a text cell marked
  `quotePrefix`, its text verbatim, so a workbook read back gives the text as it was and editing the
  cell in Excel keeps it text. Numbers that are numbers are written as they are; a number held as
  text (`"-5"`, every cell of a CSV upload) is text and gets the quote too, the price of a rule with
  no guessing.
- CSV: UTF-8 with a byte order mark (without one Excel reads a CSV in the machine's code page, GBK on
  a Chinese Windows, and garbles the Chinese; CSV readers of Python (`utf-8-sig`), pandas and jxkg's
  own ingest take the mark off). The csv module quotes every cell holding the delimiter, a quote or a
  line break, so no text can start a cell of its own. Dates as ISO text, booleans `true`/`false`.
- XLSX: typed cells (numbers, dates and booleans stay what they are); text is never a formula (nor an
  error value such as `#N/A`); a control character a sheet cannot hold is written `\\xNN`, and a text
  longer than a cell holds (32,767 characters) is cut with a note saying so in the cell.

The graph and the JSON answers keep the text verbatim: only what goes into a spreadsheet is changed.
CSV written for a machine is not for people and keeps its data verbatim: the `neo4j-admin` import
files of `jxkg export` and the synthetic province's source files (`jxkg generate`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

__all__ = [
    "BOM",
    "CSV_MEDIA_TYPE",
    "FORMULA_STARTS",
    "MAX_CELL_CHARS",
    "XLSX_MEDIA_TYPE",
    "append_as_text",
    "csv_text",
    "is_formula_like",
    "neutralised",
    "safe_cells",
    "sheet_cells",
    "write_csv",
    "xlsx_bytes",
]

BOM = "\ufeff"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767  # the most characters an Excel cell holds
_CUT_NOTE = "…〔截断：共 {total:,} 字 / cut: {total:,} characters in all〕"
_CUT_MEANING = "超出单元格容量而截断的文本数 / texts cut to what a cell holds"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what an XLSX cell cannot hold (openpyxl refuses it)


def is_formula_like(cell: Any) -> bool:
    """Whether `cell` is text a spreadsheet would run as a formula (OWASP's CSV-injection list)."""
    return isinstance(cell, str) and cell.startswith(FORMULA_STARTS)


def neutralised(cell: Any) -> Any:
    """`cell`, or, when it is text a spreadsheet would run as a formula, the text after a single quote."""
    return "'" + cell if is_formula_like(cell) else cell


def safe_cells(cells: Iterable[Any]) -> list[Any]:
    return [neutralised(_csv_scalar(cell)) for cell in cells]


def _csv_scalar(cell: Any) -> Any:
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, dt.date | dt.datetime | dt.time):
        return cell.isoformat()
    return cell


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


def sheet_cells(sheet: Any, values: Iterable[Any]) -> tuple[list[Cell], int]:
    """`values` as cells of an openpyxl worksheet (ordinary or write-only) by the rule above, and how
    many texts were cut to fit a cell."""
    from openpyxl.cell.cell import Cell

    cells, cut = [], 0
    for value in values:
        if isinstance(value, str):
            value = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
            if len(value) > MAX_CELL_CHARS:
                note = _CUT_NOTE.format(total=len(value))
                value, cut = value[: MAX_CELL_CHARS - len(note)] + note, cut + 1
        elif isinstance(value, dt.datetime | dt.time) and value.tzinfo is not None:
            value = value.isoformat()  # a sheet's times have no zone: the text keeps it
        cell = Cell(sheet, row=1, column=1, value=value)
        if cell.data_type in ("f", "e"):  # openpyxl's guesses from text: a formula, an error value
            cell.data_type = "s"
        if cell.data_type == "s" and is_formula_like(cell.value):
            cell.quotePrefix = True
        cells.append(cell)
    return cells, cut


def append_as_text(sheet: Any, values: Iterable[Any]) -> int:
    """A row appended to an openpyxl worksheet by the rule above (`sheet_cells`); how many of its texts
    were cut to fit a cell."""
    cells, cut = sheet_cells(sheet, values)
    sheet.append(cells)
    return cut


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "rows",
    about: Sequence[Sequence[Any]] = (),
) -> bytes:
    """A workbook: the sheet `title` (a header row, frozen, then the rows) and, after it, the sheet
    `about`, a line per line of `about` (`name | value | what it means`: what the answer is, whether
    it was cut) and a `cellsCut` line when a text was longer than a cell holds."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(title))
    sheet.freeze_panes = "A2"
    head, _ = sheet_cells(sheet, header)
    for cell in head:
        cell.font = Font(bold=True)
    sheet.append(head)
    cut = sum(append_as_text(sheet, row) for row in rows)
    notes = book.create_sheet("about")
    for line in [*about, *([("cellsCut", cut, _CUT_MEANING)] if cut else [])]:
        append_as_text(notes, line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """A name Excel takes for a sheet: at most 31 characters, none of `[]:*?/\\`."""
    return re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "rows"
