"""`jxkg audit` and `POST /api/v1/audit`: the shapes over the live graph, so data loaded before a
shape was tightened is found too, and the likely duplicates (`jxkg.export.duplicates`). The graph is
exported through the ontology (`export_graph`, without bookkeeping) and validated whole
(`jxkg.shapes.validate.validate`); the report renders as the CLI's text or JSON (`jxkg.shapes.render`),
with the duplicates under `duplicates`."""

from __future__ import annotations

from typing import Any

from jxkg.export.duplicates import DuplicatesReport
from jxkg.export.rdf import export_graph
from jxkg.ontology.schema import GraphSchema
from jxkg.shapes.render import as_dict
from jxkg.shapes.validate import ValidationReport, validate
from jxkg.store import GraphStore

__all__ = ["audit_dict", "audit_graph"]


def audit_graph(store: GraphStore, schema: GraphSchema) -> ValidationReport:
    """The SHACL report of the whole live graph."""
    return validate(export_graph(store, schema))


def audit_dict(report: ValidationReport, duplicates: DuplicatesReport) -> dict[str, Any]:
    """The audit as `jxkg audit --format json` prints it and the API answers: the SHACL report, and
    the likely duplicates under `duplicates`."""
    return {**as_dict(report), "duplicates": duplicates.model_dump(by_alias=True)}
