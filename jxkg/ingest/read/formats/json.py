"""JSON: an array of objects, or an object holding one (named by the mapping's `records:` when it holds several).

The file is read whole, so a line that cannot be decoded, or JSON that does not parse, costs the
file; a record that is not an object costs its row. Row n is the n-th record.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jxkg.ingest.read.budget import counted_row
from jxkg.ingest.read.formats.record import Content, InputFormat, RowsBack
from jxkg.ingest.read.table import ReadOptions, Row, Table
from jxkg.ingest.read.text import blank, decode_lines, text_of
from jxkg.ingest.records import Problem

__all__ = ["JSON", "json_row", "read_json"]


def read_json(path: Path, options: ReadOptions) -> Table:
    """An array of objects, or an object holding one (named by `records:` when it holds several)."""
    table = Table(str(path))
    data = path.read_bytes()
    if blank(data):
        table.problem(None, None, None, "empty file: no JSON at all")
        return table
    decoded = decode_lines(data.splitlines(keepends=True), options.encoding)
    if decoded.bad:
        line = min(decoded.bad)
        table.problem(None, None, None, f"line {line + 1} {decoded.bad[line]}; a JSON file is read whole: nothing read")
        return table
    try:
        document = json.loads("".join(decoded.lines))
    except json.JSONDecodeError as exc:
        table.problem(None, None, None, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
        return table
    items = _json_records(table, document, options.records)
    if items is None:
        return table
    if not items:
        table.notices.append(Problem(table.file, None, None, None, "no records (an empty array): nothing to load"))
    for number, item in enumerate(items, start=1):
        counted_row()  # the document is parsed whole (bounded by its bytes); its records are counted
        json_row(table, number, item)
    return table


def _json_records(table: Table, document: Any, key: str | None) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        table.problem(None, None, None, f"expected an array of objects, or an object holding one; got {document!r}")
        return None
    if key is not None:
        if not isinstance(document.get(key), list):
            table.problem(None, key, None, "the mapping's `records:` key does not hold an array in this file")
            return None
        found: list[Any] = document[key]
        return found
    arrays = [k for k, v in document.items() if isinstance(v, list)]
    if len(arrays) != 1:
        what = f"several arrays ({', '.join(arrays)})" if arrays else "no array"
        table.problem(None, None, None, f"the top-level object holds {what}: name the records with `records:`")
        return None
    found = document[arrays[0]]
    return found


def json_row(table: Table, number: int, item: Any) -> None:
    """One record as row `number`; its keys join the columns in the order they are first met."""
    if not isinstance(item, dict):
        table.problem(number, None, str(item), "record is not a JSON object; it was rejected")
        return
    for key in item:
        if key not in table.columns:
            table.columns.append(str(key))
    table.rows.append(Row(table.file, number, {str(k): v for k, v in item.items() if v is not None}))


def write_rows(back: RowsBack, target: Path) -> None:
    """The same document holding only the rows written back, each with the added keys."""
    document = json.loads(text_of(back.source, back.options.encoding))
    if isinstance(document, list):
        kept: Any = [_with(item, back, n) for n, item in enumerate(document, 1) if n in back.cells]
    else:
        key = back.options.records or next(k for k, v in document.items() if isinstance(v, list))
        records = document[key]
        kept = {**document, key: [_with(item, back, n) for n, item in enumerate(records, 1) if n in back.cells]}
    target.write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _with(item: Any, back: RowsBack, number: int) -> Any:
    return {**item, **back.added(number)} if isinstance(item, dict) else item


def _sniff(content: Content) -> bool:
    shape = content.json
    if shape.kind == "document":
        return True  # JSON-LD, sniffed before, has taken its own
    if shape.kind == "broken":
        # opens like JSON but does not parse: JSON, and the reader says why; unless the name says CSV (a
        # CSV whose first cell opens with a bracket) or another JSON (sniffed before)
        return content.claimed != "csv"
    return shape.kind == "none" and content.claimed == "json"  # the reader says why it is not JSON


JSON = InputFormat(
    name="json",
    suffixes=(".json",),
    label_en="JSON",
    label_zh="JSON",
    media_type="application/json",
    sniff=_sniff,
    sniff_rank=30,
    listing_rank=30,
    read_table=read_json,
    write_rows=write_rows,
)
