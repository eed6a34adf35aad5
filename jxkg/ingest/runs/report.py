"""What a run leaves for the steward: its quarantine file and its report.

The quarantine file (`quarantine/<run>.jsonl`) holds every record the run did not write, one
`Finding` per line: problems met on reading, mapping or writing (kind `input`), then the SHACL
gate's Violations. The report (`reports/<run>.json` and `.txt`) counts the records per class and
relationship type by what the run did with them, and lists the quarantined records, the link ends
found by the name resolver (`linkedByName`: row, cell, target, how it matched) and the gate's
Warnings and Infos. `jxkg ingest` and `jxkg export --format neo4j-admin` both write them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from jxkg.ingest.findings import Finding
from jxkg.ingest.gate.run import GateResult
from jxkg.ingest.read.link_names import NameLink
from jxkg.ingest.records import Problem
from jxkg.ingest.write.counts import LoadReport

__all__ = ["render_outcome_text", "write_quarantine", "write_report"]


def write_quarantine(out_dir: Path, run_id: str, problems: list[Problem], gate: GateResult) -> Path | None:
    """Every record not written, with why: problems found on reading or writing, and the gate's."""
    if not problems and not gate.quarantined:
        return None
    folder = out_dir / "quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{run_id}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for finding in (*(Finding.from_problem(p) for p in problems), *gate.quarantined):
            handle.write(json.dumps(finding.as_dict(), ensure_ascii=False) + "\n")
    return path


def write_report(
    out_dir: Path, load: LoadReport, gate: GateResult, quarantine: Path | None, linked: Sequence[NameLink] = ()
) -> tuple[Path, ...]:
    """The run's report under `out_dir/reports`, as JSON (every count and finding) and as text;
    `linked`: the link ends found by the name resolver rather than by their exact name."""
    folder = out_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "run": load.run_id,
        "nodes": {k: vars(v) for k, v in sorted(load.nodes.items())},
        "relationships": {k: vars(v) for k, v in sorted(load.edges.items())},
        "totals": vars(load.totals()),
        "quarantineFile": str(quarantine) if quarantine else None,
        "quarantined": [f.as_dict() for f in gate.quarantined],
        "problems": [str(p) for p in load.problems],
        "linkedByName": [link.as_dict() for link in linked],
        "notes": _NOTES,
    }
    json_path = folder / f"{load.run_id}.json"
    with json_path.open("w", encoding="utf-8") as handle:
        _dump_report(handle, data, gate.notes)
    text_path = folder / f"{load.run_id}.txt"
    text_path.write_text(render_outcome_text(load, gate, quarantine, linked) + "\n", encoding="utf-8")
    return (json_path, text_path)


_NOTES = "\u0000notes\u0000"  # where the notes go in the report's JSON text


def _dump_report(handle: TextIO, data: Mapping[str, Any], notes: Iterable[Finding]) -> None:
    """`json.dumps(data, indent=1)` with the notes in their place, one per line, written one by one as
    they are read back (there may be one per entity: as one list of dicts they took more memory than
    the run; indented, they took the pure-Python encoder, several times slower than the one-line one)."""
    head, tail = json.dumps(data, ensure_ascii=False, indent=1).split(json.dumps(_NOTES), 1)
    handle.write(head)
    separator = "[\n  "
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for note in notes:
        handle.write(separator + encode(note.as_dict()))
        separator = ",\n  "
    handle.write("[]" if separator.startswith("[") else "\n ]")
    handle.write(tail + "\n")


def render_outcome_text(
    load: LoadReport, gate: GateResult, quarantine: Path | None, linked: Sequence[NameLink] = ()
) -> str:
    lines = [f"ingest run {load.run_id}", load.summary()]
    lines += [f"linked by name: {link}" for link in linked]
    for f in gate.quarantined:
        where = f"{f.file}, row {f.row}" if f.row is not None else f.file
        lines.append(f"quarantined: {where}, field {f.field!r}: {f.message_en} [{f.rule}] (value {f.value!r})")
    notes = len(gate.notes)
    if notes:
        lines.append(f"{notes} warning{'s' if notes != 1 else ''} and notes (loaded; listed in the JSON report)")
    if quarantine:
        lines.append(f"quarantine file: {quarantine}")
    return "\n".join(lines)
