"""`jxkg audit` and `POST /api/v1/audit`: the shapes over the live graph, so data loaded before a
shape was tightened is found too, and the likely duplicates (`jxkg.export.duplicates`). The graph is
exported through the ontology (`export_graph`, without bookkeeping) and validated whole
(`jxkg.shapes.validate.validate`); the report renders as the CLI's text or JSON (`jxkg.shapes.render`),
with the duplicates under `duplicates`, and the counts ingest keeps on entities against a recount
(`jxkg.ingest.write.kept`) under `keptCounts`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jxkg.export.duplicates import DuplicatesReport
from jxkg.export.rdf import export_graph
from jxkg.ingest.write.kept import Mismatch, audit_counts, recount
from jxkg.ingest.write.support import SupportMismatch, audit_support, keep_counted
from jxkg.ontology.schema import GraphSchema
from jxkg.shapes.render import as_dict
from jxkg.shapes.validate import ValidationReport, validate
from jxkg.store import GraphStore

__all__ = ["KeptCountsAudit", "audit_dict", "audit_graph", "audit_kept_counts", "render_kept_counts_text"]

MAX_MISMATCHES = 20  # entities listed whose kept counts differ from a recount


@dataclass(frozen=True)
class KeptCountsAudit:
    """The counts ingest keeps on entities (`degree`, `neighbourCounts`) against a recount of the graph."""

    differing: int  # entities whose kept counts differ (or that keep none)
    shown: list[Mismatch]  # the first of them, by id
    repaired: int  # entities recounted by `repair` (0 without it)
    late: int  # relationships written while the recount ran (an ingest at work), left out of it
    # the source documents whose kept support counts differ from a recount (before `repair`)
    documents: list[SupportMismatch] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "differing": self.differing,
            "truncated": self.differing > len(self.shown),
            "repaired": self.repaired,
            "writtenDuringAudit": self.late,
            "entities": [
                {
                    "id": m.id,
                    "keptDegree": m.kept.degree if m.kept else None,
                    "countedDegree": m.counted.degree,
                }
                for m in self.shown
            ],
            "documents": [
                {"fileName": d.file, "kept": None if d.kept is None else list(d.kept), "counted": list(d.counted)}
                for d in self.documents
            ],
        }


def audit_kept_counts(store: GraphStore, schema: GraphSchema, *, repair: bool = False) -> KeptCountsAudit:
    """Recount every entity's relationships and compare with what ingest keeps; with `repair`, keep
    the recount on those that differ (a graph loaded by an older version, or written around ingest)."""
    audit = audit_counts(store, schema, limit=MAX_MISMATCHES if not repair else 10**9)
    repaired = recount(store, schema, [m.id for m in audit.first]) if repair and audit.differing else 0
    documents = audit_support(store, schema)
    if repair:
        keep_counted(store, {d.file: d.counted for d in documents})  # the recount, not a second one
    return KeptCountsAudit(
        differing=audit.differing,
        shown=audit.first[:MAX_MISMATCHES],
        repaired=repaired,
        late=audit.late,
        documents=documents,
    )


def render_kept_counts_text(audit: KeptCountsAudit) -> list[str]:
    """Lines for `jxkg audit`'s text view."""
    lines = [f"kept counts (degree, neighbour counts): {audit.differing} entities differ from a recount"]
    lines += [
        f"  {m.id}: kept {m.kept.degree if m.kept else 'nothing'}, counted {m.counted.degree}" for m in audit.shown
    ]
    if audit.differing > len(audit.shown):
        lines.append(f"  (cut: the first {len(audit.shown)} of {audit.differing} listed)")
    if audit.late:
        lines.append(
            f"  the graph changed while it was counted ({audit.late} relationships written since the count began,"
            " left out): an ingest was at work; audit again once it ends"
        )
    if audit.repaired:
        lines.append(f"  repaired: {audit.repaired} entities recounted")
    elif audit.differing:
        lines.append("  jxkg audit --repair-counts keeps the recount on them")
    lines.append(f"kept support counts of source documents: {len(audit.documents)} differ from a recount")
    lines += [f"  {d.file}: {'kept nothing' if d.kept is None else 'kept counts differ'}" for d in audit.documents]
    return lines


def audit_graph(store: GraphStore, schema: GraphSchema) -> ValidationReport:
    """The SHACL report of the whole live graph."""
    return validate(export_graph(store, schema))


def audit_dict(report: ValidationReport, duplicates: DuplicatesReport, kept: KeptCountsAudit) -> dict[str, Any]:
    """The audit as `jxkg audit --format json` prints it and the API answers: the SHACL report, the
    likely duplicates under `duplicates`, the kept counts against a recount under `keptCounts`."""
    return {**as_dict(report), "duplicates": duplicates.model_dump(by_alias=True), "keptCounts": kept.as_dict()}
