"""The rejected rows of an upload, in the shape they came in, to send back, fix and upload again.

A row is rejected when a Violation is about it: it could not be read or mapped, the SHACL gate
quarantined its entity, or one of its relationships (a name that found no entity). Its file keeps
the upload's kind, its columns and their order, the rows in their order with their cells as they
were (an XLSX's numbers and dates stay numbers and dates), and adds four columns with the reasons
(`REASON_COLUMNS`: rule, field, message in Chinese and in English; several reasons of a row are
joined with ` | `). Each format writes its rows back itself (`InputFormat.write_rows`, in
`jxkg.ingest.read.formats`): a CSV by the spreadsheet rule (`jxkg.spreadsheet`: UTF-8 with a BOM so
Excel opens the Chinese right, formula-like text quoted so it is never run) and the upload's
delimiter, an XLSX as one sheet named as the upload's (text kept as text cells, never formulas), a
JSON file as the same document holding only the rejected records, JSON Lines as the rejected
lines, each with the reason keys.

An upload's mapping ignores the reason columns (`jxkg.steward.upload_mapping`), so the file, fixed,
loads as it is; with the command line, list them under the mapping's `ignore:` or delete them.
Turtle and JSON-LD have no rows: their quarantine is the list of findings, as JSON Lines.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from jxkg.ingest.findings import Finding
from jxkg.ingest.read.formats import FORMATS, InputFormat, RowsBack
from jxkg.shapes.results import Severity
from jxkg.steward.upload_mapping import REASON_COLUMNS
from jxkg.steward.uploads import StoredUpload

__all__ = ["FINDINGS_MEDIA_TYPE", "download_name", "media_type_of", "write_rejects"]

FINDINGS_MEDIA_TYPE = "application/x-ndjson"
_JOIN = " | "


def _rows_back(kind: str) -> InputFormat | None:
    """The format, when its quarantine file holds rows (else it holds findings)."""
    fmt = FORMATS.find(kind)
    return fmt if fmt is not None and fmt.write_rows is not None else None


def download_name(label: str, kind: str) -> str:
    """`企业名录.csv` -> `企业名录.quarantine.csv`; Turtle and JSON-LD: `.quarantine.jsonl`."""
    stem = Path(label).stem or "upload"
    fmt = _rows_back(kind)
    suffix = fmt.stored_suffix if fmt is not None else ".jsonl"
    return f"{stem}.quarantine{suffix}"


def media_type_of(kind: str) -> str:
    """The media type of the quarantine file of an upload of this kind."""
    fmt = _rows_back(kind)
    return fmt.media_type if fmt is not None else FINDINGS_MEDIA_TYPE


def write_rejects(upload: StoredUpload, findings: Sequence[Finding], folder: Path) -> Path | None:
    """Write the quarantine file of `upload` into `folder`; None when no row (or, for RDF, nothing)
    was rejected. Reads the stored upload: call it before the upload is discarded."""
    violations = [f for f in findings if f.severity == Severity.VIOLATION]
    fmt = upload.format
    if fmt.write_rows is None:
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
    assert upload.entry is not None  # a format with rows has a mapping
    target = folder / f"quarantine{fmt.stored_suffix}"
    options = replace(upload.entry.mapping.read_options(), encoding=upload.encoding)
    cells = {number: _reason_cells(found) for number, found in reasons.items()}
    fmt.write_rows(RowsBack(upload.path, options, REASON_COLUMNS, cells), target)
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
