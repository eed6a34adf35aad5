"""CSV (and TSV): comma- or tab-separated text, in UTF-8 or GBK/GB18030 (`jxkg.ingest.read.text`).

What the reader names, besides a row it cannot decode (see `jxkg.ingest.read.readers`):

    empty file                 the file (nothing at all, or no header)
    header only                a notice: nothing to load (`Table.notices`, not a problem)
    wrong delimiter            the file: one column whose header holds ; or |
    ragged row                 the row: more or fewer cells than the header

Delimiters: a declared one wins; otherwise comma or tab, by csv.Sniffer (`.tsv` files are
tab-separated). Any text no other format claims is taken as CSV, so CSV is sniffed last.
"""

from __future__ import annotations

import csv
import io
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from jxkg.ingest.read.budget import checked_time, counted_row
from jxkg.ingest.read.formats.record import Content, InputFormat, RowsBack
from jxkg.ingest.read.table import ReadOptions, Row, Table, header_only, reject_ragged
from jxkg.ingest.read.text import BOM, Decoded, blank, decode_lines, text_of
from jxkg.spreadsheet import CSV_MEDIA_TYPE, write_csv

__all__ = ["CSV", "csv_rows", "detect_delimiter", "read_csv"]

_WRONG_DELIMITERS = (";", "|", "；")
_Rows = Iterator[tuple[int, range, list[str]]]

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # the cell limit is ours (max_cell_bytes), not csv's 128 KiB


def read_csv(path: Path, options: ReadOptions) -> Table:
    table = Table(str(path))
    data = path.read_bytes()
    if blank(data):
        table.problem(None, None, None, "empty file: no header and no rows")
        return table
    decoded = decode_lines(data.splitlines(keepends=True), options.encoding)
    delimiter = options.delimiter or detect_delimiter(path, decoded.lines)
    records = csv_rows(
        decoded.lines,
        delimiter,
        lambda number, exc: table.problem(
            number or None, None, None, f"cannot be read as CSV: {exc}; the row was rejected"
        ),
    )
    if _header(table, records, decoded, delimiter):
        _data_rows(table, records, decoded, delimiter)
    return table


def _header(table: Table, records: _Rows, decoded: Decoded, delimiter: str) -> bool:
    """The table's columns from the first row; False (and the problem named) when nothing can be read."""
    first = next(records, None)
    if first is None:
        table.problem(None, None, None, "empty file: no header and no rows")
        return False
    (_, first_lines, header) = first
    bad_header = [i for i in first_lines if i in decoded.bad]
    if bad_header:
        table.problem(None, None, None, f"the header {decoded.bad[bad_header[0]].removeprefix('row ')}; nothing read")
        return False
    table.columns = [name.strip() for name in header]
    if len(table.columns) == 1:
        for mark in _WRONG_DELIMITERS:
            if mark in table.columns[0] and mark != delimiter:
                table.problem(
                    None,
                    table.columns[0],
                    None,
                    f"wrong delimiter: the header is one column holding {mark!r}; the file seems "
                    f"{mark!r}-separated, but only comma and tab are detected: declare `delimiter: {mark!r}` "
                    "in the mapping. Nothing was read",
                )
                return False
    return True


def _data_rows(table: Table, records: _Rows, decoded: Decoded, delimiter: str) -> None:
    ragged = data_rows = 0
    for number, lines, cells in records:
        if not cells or all(not c.strip() for c in cells):
            checked_time()  # a blank line: no data, no problem, but the clock runs
            continue
        data_rows += 1
        counted_row()  # an upload's row limit, as the rows stream: the rest is not read
        bad_lines = [i for i in lines if i in decoded.bad]
        if bad_lines:
            column = next((c for c, v in zip(table.columns, cells, strict=False) if "\ufffd" in v), None)
            table.problem(number, column, None, decoded.bad[bad_lines[0]])
            continue
        if len(cells) != len(table.columns):
            ragged += 1
            reject_ragged(table, number, cells)
            continue
        table.rows.append(Row(table.file, number, dict(zip(table.columns, cells, strict=True))))
    if data_rows == 0 and not table.problems:
        header_only(table)
    if data_rows >= 2 and ragged == data_rows:
        table.problem(
            None,
            None,
            None,
            f"wrong delimiter? every row has a different number of cells than the header (read as {delimiter!r}); "
            "declare `delimiter:` in the mapping",
        )


def csv_rows(
    lines: Iterable[str], delimiter: str, on_error: Callable[[int, csv.Error], None] | None = None
) -> Iterator[tuple[int, range, list[str]]]:
    """(row number, the physical line indexes it spans, cells), numbered as the loader counts rows:
    0 the header, 1 the first data row. A row the csv module cannot read is told to `on_error` and
    skipped, but keeps its number, so the rows after it keep theirs (the quarantine file of an
    upload finds its rows by these numbers)."""
    reader = csv.reader(iter(lines), delimiter=delimiter)
    number, consumed = -1, 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if on_error is not None:
                on_error(number, exc)
            consumed = reader.line_num
            continue
        yield number, range(consumed, reader.line_num), cells
        consumed = reader.line_num


def detect_delimiter(path: Path, lines: list[str]) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    header = lines[0] if lines else ""
    try:
        found = csv.Sniffer().sniff("".join(lines[:50]), delimiters=",\t").delimiter
    except csv.Error:
        found = ""
    if not found or found not in header:  # the sniffer guessed from the data; the header settles it
        found = "\t" if header.count("\t") > header.count(",") else ","
    return found


def read_header(path: Path, options: ReadOptions) -> list[str] | None:
    """The first non-blank line's cells (the delimiter by that line alone when not declared)."""
    text = path.read_bytes().removeprefix(BOM).decode(options.encoding or "utf-8", errors="replace")
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = options.delimiter or ("\t" if first.count("\t") > first.count(",") else ",")
    row = next(csv.reader([first], delimiter=delimiter), [])
    return [cell.strip() for cell in row]


def write_rows(back: RowsBack, target: Path) -> None:
    """The file's delimiter, by the spreadsheet rule (`jxkg.spreadsheet`): UTF-8 with a BOM, so Excel
    opens the Chinese right, and formula-like cells neutralised, so an upload's `=…` is not run on the
    steward's machine."""
    lines = text_of(back.source, back.options.encoding).splitlines(keepends=True)
    delimiter = back.options.delimiter or detect_delimiter(back.source, lines)
    rows = csv_rows(lines, delimiter)  # a row csv cannot read was rejected on reading
    first = next(rows, None)
    header = first[2] if first is not None and first[0] == 0 else []
    width = len(header)
    rest = rows if first is None or first[0] == 0 else itertools.chain([first], rows)
    rejected = (
        [*cells, *[""] * (width - len(cells)), *back.cells[number]] for number, _, cells in rest if number in back.cells
    )
    write_csv(target, [*header, *back.columns], rejected, delimiter=delimiter)


def _any_text(content: Content) -> bool:
    return True  # ranked last: the text no other format claimed


CSV = InputFormat(
    name="csv",
    suffixes=(".csv", ".tsv"),
    label_en="CSV",
    label_zh="CSV",
    media_type=CSV_MEDIA_TYPE,
    sniff=_any_text,
    sniff_rank=90,
    listing_rank=10,
    read_table=read_csv,
    read_header=read_header,
    write_rows=write_rows,
    name_hints=(".txt",),
    saved_as_utf8=True,  # so the readers and the quarantine file read it in one encoding
)
