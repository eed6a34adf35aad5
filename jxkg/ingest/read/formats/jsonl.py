"""JSON Lines (`.jsonl`, `.ndjson`): one JSON object per line; row n is line n, and a bad line costs only its row."""

from __future__ import annotations

import json
from pathlib import Path

from jxkg.ingest.read.budget import counted_row
from jxkg.ingest.read.formats.json import json_row
from jxkg.ingest.read.formats.record import Content, InputFormat, RowsBack
from jxkg.ingest.read.table import ReadOptions, Table
from jxkg.ingest.read.text import blank, decode_lines, text_of

__all__ = ["JSONL", "read_jsonl"]


def read_jsonl(path: Path, options: ReadOptions) -> Table:
    """One JSON object per line; row n is line n. A bad line costs only its row."""
    table = Table(str(path))
    data = path.read_bytes()
    if blank(data):
        table.problem(None, None, None, "empty file: no records")
        return table
    decoded = decode_lines(data.splitlines(keepends=True), options.encoding)
    for index, line in enumerate(decoded.lines):
        number = index + 1
        if not line.strip():
            continue
        counted_row()  # each line is parsed on its own: past the limit the rest is never parsed
        if index in decoded.bad:
            table.problem(number, None, None, decoded.bad[index])
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            table.problem(number, None, line.strip()[:80], f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        json_row(table, number, item)
    return table


def write_rows(back: RowsBack, target: Path) -> None:
    """The lines written back, each object with the added keys; a line that is not JSON as it came."""
    lines = text_of(back.source, back.options.encoding).splitlines()
    with target.open("w", encoding="utf-8") as handle:
        for number, line in enumerate(lines, start=1):
            if number not in back.cells:
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                handle.write(line.rstrip("\n") + "\n")  # not JSON: sent back as it came
                continue
            added = {**item, **back.added(number)} if isinstance(item, dict) else item
            handle.write(json.dumps(added, ensure_ascii=False) + "\n")


def _sniff(content: Content) -> bool:
    shape = content.json
    # the whole is no JSON but its first line is; or no JSON at all, named .jsonl (the reader says why)
    return shape.kind == "lines" or (shape.kind in {"broken", "none"} and content.claimed == "jsonl")


JSONL = InputFormat(
    name="jsonl",
    suffixes=(".jsonl", ".ndjson"),
    label_en="JSON Lines",
    label_zh="JSON Lines",
    media_type="application/x-ndjson",
    sniff=_sniff,
    sniff_rank=20,
    listing_rank=40,
    read_table=read_jsonl,
    write_rows=write_rows,
)
