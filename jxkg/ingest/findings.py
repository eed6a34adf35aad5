"""What was found about one input record: the one shape of the quarantine file, the run's report,
the upload report and the rejects file, whoever found it.

A SHACL result (`jxkg.shapes.results.ResultRecord`) is about a node of an RDF graph; a `Finding`
is the same verdict (rule, severity, messages) tied back to the record a steward can fix: its file
and row, its id and type, the field at fault. A problem met on reading or mapping (`Problem`) is a
Finding too, of kind `input`, so every list of findings has one record shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jxkg.ingest.records import EdgeRecord, NodeRecord, Problem
from jxkg.ontology.conventions import relationship_key
from jxkg.shapes.results import ResultRecord, Severity

__all__ = ["INPUT_RULE", "Finding"]

INPUT_RULE = "input"  # the rule of a problem met on reading or mapping


@dataclass(frozen=True)
class Finding:
    """One finding on one record. `kind`: node, edge, or input (a row or field that never became a
    record); `record_id`: the entity's id, or `start-[TYPE]->end` for a relationship (None for
    input); `record_type`: the record's class or relationship type, which the run's counts are kept
    by (None for input)."""

    file: str
    row: int | None
    kind: str
    record_id: str | None
    record_type: str | None
    field: str | None
    value: str | None
    rule: str
    severity: Severity
    message_en: str
    message_zh: str

    @classmethod
    def on_node(cls, node: NodeRecord, result: ResultRecord, field: str | None) -> Finding:
        """A SHACL result about `node`, the property or link at fault named `field`."""
        return cls(
            node.source_file,
            node.row,
            "node",
            node.id,
            node.class_name,
            field,
            result.value,
            result.rule_label,
            result.severity,
            result.message_en,
            result.message_zh,
        )

    @classmethod
    def on_edge(
        cls,
        edge: EdgeRecord,
        field: str,
        value: str,
        rule: str,
        message_en: str,
        message_zh: str,
        severity: Severity = Severity.VIOLATION,
    ) -> Finding:
        """A finding about a relationship: a SHACL result about its end (`on_edge_end`), or one of the
        gate's own checks (a dangling or quarantined end)."""
        return cls(
            edge.source_file,
            edge.row,
            "edge",
            relationship_key(edge.start, edge.rel_type, edge.end),
            edge.rel_type,
            field,
            value,
            rule,
            severity,
            message_en,
            message_zh,
        )

    @classmethod
    def on_edge_end(cls, edge: EdgeRecord, result: ResultRecord) -> Finding:
        """A SHACL result about the value a link leads to: a finding on the link, field `end`."""
        return cls.on_edge(
            edge, "end", edge.end, result.rule_label, result.message_en, result.message_zh, result.severity
        )

    @classmethod
    def from_problem(cls, problem: Problem) -> Finding:
        """A problem met on reading, mapping or writing: a Violation of rule `input` (the row, field
        or relationship was not loaded). The readers word their problems in English; the Chinese
        message is the problem's own when it has one, else says what kind of finding it is and carries
        the English detail."""
        return cls(
            problem.file,
            problem.row,
            "input",
            None,
            None,
            problem.field,
            problem.value,
            INPUT_RULE,
            Severity.VIOLATION,
            problem.message,
            problem.message_zh or f"读取或映射时未能载入：{problem.message}",
        )

    def as_dict(self) -> dict[str, Any]:
        """The finding as a line of a quarantine file (and an entry of the run's report)."""
        return {
            "file": self.file,
            "row": self.row,
            "kind": self.kind,
            "id": self.record_id,
            "type": self.record_type,
            "field": self.field,
            "value": self.value,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message_en,
            "messageZh": self.message_zh,
        }
