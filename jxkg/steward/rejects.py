"""The rejected rows of an upload, in the shape they came in, to send back, fix and upload again.

A row is rejected when a Violation is about it: it could not be read or mapped, the SHACL gate
quarantined its entity, or one of its relationships (a name that found no entity). Its file keeps
the upload's kind, its columns and their order, the rows in their order with their cells as they
were (an XLSX's numbers and dates stay numbers and dates), and adds four columns with the reasons
(`REASON_COLUMNS`: rule, field, message in Chinese and in English; several reasons of a row are
joined with ` | `):

    csv     UTF-8 with a BOM (so Excel opens the Chinese right), the upload's delimiter
    xlsx    one sheet, named as the upload's sheet
    json    the same document holding only the rejected records, each with the reason keys
    jsonl   the rejected lines, each with the reason keys

An upload's mapping ignores the reason columns (`jxkg.steward.uploads`), so the file, fixed, loads as
it is; with the command line, list them under the mapping's `ignore:` or delete them. Turtle and
JSON-LD have no rows: their quarantine is the list of findings, as JSON Lines.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from jxkg.ingest.findings import Finding
from jxkg.ingest.read.readers import csv_rows, detect_delimiter
from jxkg.shapes.results import Severity
from jxkg.steward.uploads import REASON_COLUMNS, SUFFIXES, StoredUpload

__all__ = ["FINDINGS_MEDIA_TYPE", "MEDIA_TYPES", "download_name", "write_rejects"]

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
}
FINDINGS_MEDIA_TYPE = "application/x-ndjson"
_JOIN = " | "


def download_name(label: str, kind: str) -> str:
    """`企业名录.csv` -> `企业名录.quarantine.csv`; Turtle and JSON-LD: `.quarantine.jsonl`."""
    stem = Path(label).stem or "upload"
    suffix = SUFFIXES[kind] if kind in MEDIA_TYPES else ".jsonl"
    return f"{stem}.quarantine{suffix}"


def write_rejects(upload: StoredUpload, findings: Sequence[Finding], folder: Path) -> Path | None:
    """Write the quarantine file of `upload` into `folder`; None when no row (or, for RDF, nothing)
    was rejected. Reads the stored upload: call it before the upload is discarded."""
    violations = [f for f in findings if f.severity == Severity.VIOLATION]
    if not upload.tabular:
        if not violations:
            return None
        target = folder / "quarantine.jsonl"
        with target.open("w", encoding="utf-8") as handle:
            for finding in violations:
                handle.write(json.dumps(finding.as_dict(), ensure_ascii=False) + "\n")
        return target
    reasons: dict[int, list[Finding]] = defaultdict(list)
    for finding in violations:
        if finding.row is not None and finding.file == upload.label:
            reasons[finding.row].append(finding)
    if not reasons:
        return None
    target = folder / f"quarantine{SUFFIXES[upload.kind]}"
    writers = {"csv": _csv, "xlsx": _xlsx, "json": _json, "jsonl": _jsonl}
    writers[upload.kind](upload, reasons, target)
    return target


def _reason_cells(findings: Iterable[Finding]) -> list[str]:
    found = list(findings)

    def joined(values: Iterable[str | None]) -> str:
        return _JOIN.join(dict.fromkeys(v for v in values if v))

    return [
        joined(f.rule for f in found),
        joined(f.field for f in found),
        joined(f.message_zh for f in found),
        joined(f.message_en for f in found),
    ]


def _reasons(findings: Iterable[Finding]) -> dict[str, str]:
    return dict(zip(REASON_COLUMNS, _reason_cells(findings), strict=True))


# --- CSV ------------------------------------------------------------------------------------------------------------


def _text(upload: StoredUpload) -> str:
    data = upload.path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    for encoding in (upload.encoding or "utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")  # a file that mixes encodings


def _csv(upload: StoredUpload, reasons: dict[int, list[Finding]], target: Path) -> None:
    assert upload.entry is not None
    lines = _text(upload).splitlines(keepends=True)
    delimiter = upload.entry.mapping.delimiter or detect_delimiter(upload.path, lines)
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        width = 0
        for number, _, cells in csv_rows(lines, delimiter):  # a row csv cannot read was rejected on reading
            if number == 0:
                width = len(cells)
                out.writerow([*cells, *REASON_COLUMNS])
            elif number in reasons:
                out.writerow([*cells, *[""] * (width - len(cells)), *_reason_cells(reasons[number])])


# --- XLSX -----------------------------------------------------------------------------------------------------------


def _xlsx(upload: StoredUpload, reasons: dict[int, list[Finding]], target: Path) -> None:
    import openpyxl  # only for an XLSX upload
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    assert upload.entry is not None

    def cell(value: Any) -> Any:  # a control character (why the row may be here) cannot go in a sheet
        if isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
        return value

    book = openpyxl.load_workbook(upload.path, read_only=True, data_only=True)
    try:
        sheet_name = upload.entry.mapping.sheet
        sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
        out = openpyxl.Workbook()
        written = out.active
        written.title = sheet.title
        rows = sheet.iter_rows(values_only=True)
        header = _trim(next(rows, ()))
        written.append([cell(c) for c in header] + list(REASON_COLUMNS))
        for number, raw in enumerate(rows, start=1):
            if number in reasons:
                cells = list(_trim(raw))
                cells += [None] * (len(header) - len(cells))
                written.append([cell(c) for c in cells] + _reason_cells(reasons[number]))
    finally:
        book.close()
    out.save(target)


def _trim(cells: tuple[Any, ...]) -> tuple[Any, ...]:
    end = len(cells)
    while end and (cells[end - 1] is None or (isinstance(cells[end - 1], str) and not cells[end - 1].strip())):
        end -= 1
    return cells[:end]


# --- JSON and JSON Lines --------------------------------------------------------------------------------------------


def _with_reasons(item: Any, findings: list[Finding]) -> Any:
    return {**item, **_reasons(findings)} if isinstance(item, dict) else item


def _json(upload: StoredUpload, reasons: dict[int, list[Finding]], target: Path) -> None:
    assert upload.entry is not None
    document = json.loads(_text(upload))
    if isinstance(document, list):
        kept: Any = [_with_reasons(item, reasons[n]) for n, item in enumerate(document, 1) if n in reasons]
    else:
        key = upload.entry.mapping.records or next(k for k, v in document.items() if isinstance(v, list))
        records = document[key]
        kept = {**document, key: [_with_reasons(item, reasons[n]) for n, item in enumerate(records, 1) if n in reasons]}
    target.write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _jsonl(upload: StoredUpload, reasons: dict[int, list[Finding]], target: Path) -> None:
    lines = _text(upload).splitlines()
    with target.open("w", encoding="utf-8") as handle:
        for number, line in enumerate(lines, start=1):
            if number not in reasons:
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                handle.write(line.rstrip("\n") + "\n")  # not JSON: sent back as it came
                continue
            handle.write(json.dumps(_with_reasons(item, reasons[number]), ensure_ascii=False) + "\n")
