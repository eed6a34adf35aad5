"""The report a data steward reads about an upload: every finding, grouped by rule, with counts.

One list of findings, whatever found them: problems met on reading and mapping (rule `input`, as
the run's quarantine file names them) and the SHACL gate's results (`jxkg.ingest.findings.Finding`:
Violations, which keep a record out of the graph, then Warnings and Infos, which do not). The same
records the pipeline writes to the run's quarantine file and report; `POST /api/v1/validate`
serves them before anything is written (`UploadReport`), `GET /api/v1/ingest/{job}/report` after
the run, with its counts (`IngestReport`).

Rows and records are counted one way here, in the job and in the history: a *row* is a data row
of the file (Turtle, JSON-LD: an entity described), a *record* an entity or relationship made from
rows. `rejectedRows` counts the rows a Violation is about (the quarantine file's rows);
`recordsRejected` the records kept out, by `count_rejections`, the function the run's totals (the
job's and the history's `rejected`) come from. Both list the link ends the name resolver found
(`linkedByName`: row, cell, target, how it matched); the ends it could not settle are findings
naming the candidates. The views are camelCase JSON, as the API's others.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from pydantic import Field

from jxkg.ingest.findings import Finding
from jxkg.ingest.gate.run import GateResult
from jxkg.ingest.pipeline import IngestOutcome, check_records, count_rejections
from jxkg.ingest.read.formats import FORMATS, listed
from jxkg.ingest.read.link_names import NameLink
from jxkg.ingest.records import Problem, ReadResult
from jxkg.ingest.runs.history import RunCounts
from jxkg.ingest.write.counts import LoadReport
from jxkg.ontology.schema import GraphSchema
from jxkg.queries.resolve import RunNames
from jxkg.shapes.results import Severity
from jxkg.steward.upload_limits import UploadLimits
from jxkg.steward.uploads import read_upload, removed_after, rows_of, store_upload, upload_folder
from jxkg.store import GraphStore
from jxkg.views import View

__all__ = [
    "FindingView",
    "IngestReport",
    "NameLinkView",
    "Notice",
    "RecordCounts",
    "RuleGroup",
    "UploadReport",
    "findings_of",
    "group_by_rule",
    "ingest_report",
    "rejected_rows",
    "upload_report",
    "validate_upload",
]


class FindingView(View):
    file: str = Field(description="the file, by the name it was uploaded with")
    row: int | None = Field(description="1 = the first data row; null for a finding about the whole file")
    kind: str = Field(description="node, edge, or input (a problem met on reading or mapping)")
    id: str | None = Field(description="the entity's id, or start-[TYPE]->end for a relationship; null for input")
    type: str | None = Field(description="the entity's class or the relationship's type; null for input")
    field: str | None = Field(description="the column or property at fault")
    value: str | None
    severity: str = Field(description="Violation (the record was or would be rejected), Warning or Info")
    message_zh: str
    message_en: str


class RuleGroup(View):
    rule: str = Field(
        description="the shape and its constraint (`foundedYear-plausible (MinInclusiveConstraintComponent)`), or input"
    )
    severity: str
    count: int = Field(description="findings of this rule")
    findings: list[FindingView] = Field(description="by row")


class Notice(View):
    """Nothing wrong, nothing loaded: a header-only file, a column left out on purpose."""

    file: str
    row: int | None
    field: str | None
    value: str | None
    message: str


class NameLinkView(View):
    """A link end written as a name that is not exactly a known one, linked by the name resolver."""

    row: int
    field: str = Field(description="the column")
    value: str = Field(description="the cell as written")
    type: str = Field(description="the relationship's type")
    target: str = Field(description="the id it was linked to")
    target_name: str = Field(description="that entity's name")
    matched: str = Field(description="how: exact-name or alias (in the graph), normalised, english, pinyin, fuzzy...")
    matched_form: str = Field(description="the stored name, alias or English name that matched")


class RecordCounts(View):
    entities: int
    relationships: int


class UploadReport(View):
    file: str = Field(description="the uploaded file's name (a label: never used as a path)")
    kind: str = Field(description=f"what its content is: {listed(FORMATS.names())}")
    rows_read: int = Field(description="data rows in the file (for Turtle and JSON-LD: entities)")
    records: RecordCounts = Field(description="records the rows made")
    passed: RecordCounts = Field(description="records that pass the gate: what an ingest would write")
    conforms: bool = Field(description="true when nothing is a Violation")
    counts: dict[str, int] = Field(description="findings per severity: Violation, Warning, Info")
    rejected_rows: int = Field(description="rows with at least one Violation: the rows of the quarantine file")
    records_rejected: int = Field(
        description="records kept out of the graph (a row that never became a record counts as one): "
        "the job's and the history's `rejected`"
    )
    rules: list[RuleGroup] = Field(description="the findings grouped by rule, Violations first, larger groups first")
    notices: list[Notice]
    linked_by_name: list[NameLinkView] = Field(
        default_factory=list,
        description="link ends not written as an id or an exact name, that the name resolver found, by row",
    )


class IngestReport(UploadReport):
    run_id: str
    totals: RunCounts = Field(description="records by what the run did with them")
    nodes: dict[str, RunCounts] = Field(description="the same, per class")
    relationships: dict[str, RunCounts] = Field(description="the same, per relationship type")


def findings_of(problems: Iterable[Problem], gate: GateResult) -> list[Finding]:
    """Every finding: problems on reading (and writing), the gate's Violations, then its notes."""
    return [*(Finding.from_problem(p) for p in problems), *gate.quarantined, *gate.notes]


def rejected_rows(findings: Iterable[Finding], file: str) -> list[int]:
    """The rows of `file` that a Violation is about, in order."""
    rows = {f.row for f in findings if f.row is not None and f.file == file and f.severity == Severity.VIOLATION}
    return sorted(rows)


def validate_upload(
    source: IO[bytes],
    claimed_name: str | None,
    data_dir: Path,
    limits: UploadLimits,
    store: GraphStore,
    schema: GraphSchema,
    *,
    mapping: bytes | str | None = None,
    mapping_name: str | None = None,
    gate_workers: int | None = 1,
) -> UploadReport:
    """Store, check and read an upload (`jxkg.steward.uploads`), run the gate over its records with the
    graph as context, as an ingest would, write nothing; the upload is deleted before this returns.
    `gate_workers` as `run_gate`'s (1: in a process that serves threads, the gate's pool must not fork)."""
    with removed_after(upload_folder(data_dir, f"validate-{uuid.uuid4().hex}")) as folder:
        upload = store_upload(
            source, claimed_name, folder, limits, schema=schema, mapping=mapping, mapping_name=mapping_name
        )
        read = read_upload(upload, schema, limits, names=RunNames(store, schema))
        records, gate = check_records(read, store, schema, workers=gate_workers)
        rows = rows_of(read, upload)
        load = LoadReport(run_id="")
        count_rejections(load, records, gate, (read.rejected_nodes, read.rejected_edges))
        return upload_report(
            upload.label,
            upload.kind,
            rows,
            records,
            gate,
            records_rejected=load.totals().rejected,
            notices=read.notices,
            linked=read.linked_by_name,
        )


def upload_report(
    file: str,
    kind: str,
    rows: int,
    read: ReadResult,
    gate: GateResult,
    *,
    records_rejected: int,
    notices: Sequence[Problem] = (),
    linked: Sequence[NameLink] = (),
) -> UploadReport:
    """What the gate says of an upload's records (`read`: once per id, as the gate saw them;
    `records_rejected` as `count_rejections` counts them)."""
    fields = _report_fields(file, kind, rows, read, gate, read.problems, notices, linked)
    return UploadReport(**fields, records_rejected=records_rejected)


def ingest_report(
    file: str,
    kind: str,
    rows: int,
    read: ReadResult,
    outcome: IngestOutcome,
    *,
    notices: Sequence[Problem] = (),
    linked: Sequence[NameLink] = (),
) -> IngestReport:
    """The same report after the run, with what it wrote (`outcome.load.problems` holds the reading
    problems and the writer's)."""
    load = outcome.load
    fields = _report_fields(file, kind, rows, read, outcome.gate, load.problems, notices, linked)
    totals = load.totals()
    return IngestReport(
        **fields,
        records_rejected=totals.rejected,
        run_id=load.run_id,
        totals=RunCounts(**vars(totals)),
        nodes={k: RunCounts(**vars(v)) for k, v in sorted(load.nodes.items())},
        relationships={k: RunCounts(**vars(v)) for k, v in sorted(load.edges.items())},
    )


def _report_fields(
    file: str,
    kind: str,
    rows: int,
    read: ReadResult,
    gate: GateResult,
    problems: Sequence[Problem],
    notices: Sequence[Problem],
    linked: Sequence[NameLink] = (),
) -> dict[str, Any]:
    findings = findings_of(problems, gate)
    counts = {s.value: 0 for s in Severity}
    for finding in findings:
        counts[finding.severity.value] += 1
    return {
        "file": file,
        "kind": kind,
        "rows_read": rows,
        "records": RecordCounts(entities=len(read.nodes), relationships=len(read.edges)),
        "passed": RecordCounts(entities=gate.passed_nodes, relationships=gate.passed_edges),
        "conforms": counts[Severity.VIOLATION.value] == 0,
        "counts": counts,
        "rejected_rows": len(rejected_rows(findings, file)),
        "rules": group_by_rule(findings),
        "notices": [Notice(file=n.file, row=n.row, field=n.field, value=n.value, message=n.message) for n in notices],
        "linked_by_name": [_link_view(link) for link in sorted(linked, key=lambda k: (k.row, k.column))],
    }


def _link_view(link: NameLink) -> NameLinkView:
    return NameLinkView(
        row=link.row,
        field=link.column,
        value=link.text,
        type=link.rel_type,
        target=link.target,
        target_name=link.target_name,
        matched=link.matched,
        matched_form=link.matched_form,
    )


def group_by_rule(findings: Iterable[Finding]) -> list[RuleGroup]:
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[(finding.rule, finding.severity.value)].append(finding)
    rank = {s.value: s.rank for s in Severity}

    def order(key: tuple[str, str]) -> tuple[int, int, str]:
        return (rank.get(key[1], len(rank)), -len(groups[key]), key[0])

    return [
        RuleGroup(
            rule=rule,
            severity=severity,
            count=len(groups[(rule, severity)]),
            findings=[_view(f) for f in sorted(groups[(rule, severity)], key=_by_row)],
        )
        for rule, severity in sorted(groups, key=order)
    ]


def _by_row(finding: Finding) -> tuple[int, str]:
    return (finding.row or 0, finding.record_id or "")


def _view(finding: Finding) -> FindingView:
    return FindingView(
        file=finding.file,
        row=finding.row,
        kind=finding.kind,
        id=finding.record_id,
        type=finding.record_type,
        field=finding.field,
        value=finding.value,
        severity=finding.severity.value,
        message_zh=finding.message_zh,
        message_en=finding.message_en,
    )
