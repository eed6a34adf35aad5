"""`jxkg audit` and `POST /api/v1/audit`: the shapes over the live graph, so data loaded before a
shape was tightened is found too. The graph is exported through the ontology (`export_graph`,
without bookkeeping) and validated whole (`jxkg.shapes.validate.validate`); the report renders as
the CLI's text or JSON (`jxkg.shapes.render`)."""

from __future__ import annotations

from jxkg.export.rdf import export_graph
from jxkg.ontology.schema import GraphSchema
from jxkg.shapes.validate import ValidationReport, validate
from jxkg.store import GraphStore

__all__ = ["audit_graph"]


def audit_graph(store: GraphStore, schema: GraphSchema) -> ValidationReport:
    """The SHACL report of the whole live graph."""
    return validate(export_graph(store, schema))
