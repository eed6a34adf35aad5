"""XLSX (and XLSM): an Office Open XML workbook, read with openpyxl, one sheet at a time.

The sheet is the one the mapping names (`sheet:`), else the first. Its first row is the header;
cells keep their types (numbers, dates), and a row with more cells than the header is rejected.
An upload's workbook is a zip: its members' sizes are summed from the zip's directory before
openpyxl opens it, so a zip bomb is never unpacked.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jxkg.errors import UploadError, UploadTooLargeError
from jxkg.ingest.read.budget import checked_time, counted_row
from jxkg.ingest.read.formats.record import Content, InputFormat, RowsBack
from jxkg.ingest.read.table import ReadOptions, Row, Table, header_only, reject_ragged, trim_cells
from jxkg.spreadsheet import append_as_text

__all__ = ["XLSX", "read_xlsx"]

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def read_xlsx(path: Path, options: ReadOptions) -> Table:
    import openpyxl  # only when an XLSX source is read
    from openpyxl.utils.exceptions import InvalidFileException

    table = Table(str(path))
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        table.problem(None, None, None, f"cannot be read as an XLSX workbook: {exc}")
        return table
    try:
        if options.sheet is not None and options.sheet not in book.sheetnames:
            sheets = ", ".join(book.sheetnames)
            table.problem(None, None, None, f"no sheet named {options.sheet!r}; the workbook has {sheets}")
            return table
        sheet = book[options.sheet] if options.sheet is not None else book.worksheets[0]
        _read_sheet(table, sheet.iter_rows(values_only=True))
    finally:
        book.close()
    return table


def _read_sheet(table: Table, rows: Iterator[tuple[Any, ...]]) -> None:
    header = trim_cells(next(rows, ()))
    if not header:
        table.problem(None, None, None, "empty file: the sheet has no header row")
        return
    table.columns = [str(c).strip() if c is not None else f"(column {i + 1})" for i, c in enumerate(header)]
    data_rows = 0
    for number, raw in enumerate(rows, start=1):
        cells = trim_cells(raw)
        if not cells:
            checked_time()  # a sheet of styled empty rows costs parsing too: the clock is read at each
            continue
        data_rows += 1
        counted_row()  # openpyxl streams the sheet (read-only): past the limit the rest is never parsed
        if len(cells) > len(table.columns):
            reject_ragged(table, number, [str(c) for c in cells])
            continue
        values = {name: cells[i] for i, name in enumerate(table.columns) if i < len(cells) and cells[i] is not None}
        table.rows.append(Row(table.file, number, values))
    if data_rows == 0:
        header_only(table)


def read_header(path: Path, options: ReadOptions) -> list[str] | None:
    """The sheet's first row; None when the workbook or the sheet cannot be opened (the reader says why)."""
    import openpyxl  # only for an XLSX upload

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook: the reader names it
        return None
    try:
        sheet_name = options.sheet
        if sheet_name is not None and sheet_name not in book.sheetnames:
            return None
        sheet = book[sheet_name] if sheet_name is not None else book.worksheets[0]
        first = next(sheet.iter_rows(values_only=True), ())
        return [str(c).strip() if c is not None else "" for c in first]
    finally:
        book.close()


def write_rows(back: RowsBack, target: Path) -> None:
    """One sheet, named as the one read; numbers and dates stay numbers and dates, text stays text
    (`jxkg.spreadsheet.append_as_text`: never a formula, formula-like text marked with Excel's quote
    prefix, a control character, which may be why the row is here, written `\\xNN`)."""
    import openpyxl  # only for an XLSX upload

    book = openpyxl.load_workbook(back.source, read_only=True, data_only=True)
    try:
        sheet_name = back.options.sheet
        sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
        out = openpyxl.Workbook()
        written = out.active
        written.title = sheet.title
        rows = sheet.iter_rows(values_only=True)
        header = trim_cells(next(rows, ()))
        append_as_text(written, [*header, *back.columns])
        for number, raw in enumerate(rows, start=1):
            if number in back.cells:
                cells = list(trim_cells(raw))
                cells += [None] * (len(header) - len(cells))
                append_as_text(written, [*cells, *back.cells[number]])
    finally:
        book.close()
    out.save(target)


def _is_zip(content: Content) -> bool:
    return content.head.startswith(_ZIP)  # whether the zip is a workbook, `_inspect` says


def _inspect(content: Content, *, max_unpacked_bytes: int) -> None:
    """The workbook's members, summed from the zip's directory: over the limit, it is never opened. (The
    sizes cannot lie: Python's zipfile stops a member at its declared size and checks its CRC.)"""
    label = content.label
    try:
        with zipfile.ZipFile(content.path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadError(f"{label}: a damaged zip archive, not a readable XLSX workbook ({exc})", file=label) from exc
    if not any(m.filename == "xl/workbook.xml" for m in members):
        raise UploadError(f"{label}: a zip archive that is not an XLSX workbook (no xl/workbook.xml)", file=label)
    total = sum(m.file_size for m in members)
    if total > max_unpacked_bytes:
        raise UploadTooLargeError(
            f"{label}: the workbook unpacks to {total:,} bytes, over the limit of {max_unpacked_bytes:,} "
            "(JXKG_MAX_UNZIPPED_BYTES); it was not opened",
            file=label,
            limit=max_unpacked_bytes,
            setting="JXKG_MAX_UNZIPPED_BYTES",
        )


XLSX = InputFormat(
    name="xlsx",
    suffixes=(".xlsx", ".xlsm"),
    label_en="XLSX",
    label_zh="XLSX",
    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    sniff=_is_zip,
    sniff_rank=0,
    listing_rank=20,
    read_table=read_xlsx,
    read_header=read_header,
    write_rows=write_rows,
    inspect=_inspect,
    binary=True,
)
