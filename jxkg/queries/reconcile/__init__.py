"""A reconciliation service (W3C Entity Reconciliation CG, Reconciliation Service API v0.2) over
the name resolver: the manifest, query batches, suggest services and previews, for stewards and
OpenRefine. `model` holds the specification's documents, `batch` answers queries through one
`Resolver` per batch, `agreement` compares a query's properties, `terms` names the ontology's
classes and properties as types and properties.
"""

from jxkg.queries.reconcile.batch import MAX_BATCH, PROPERTY_PENALTY, Reconciler, batch_from, parse_batch
from jxkg.queries.reconcile.manifest import manifest
from jxkg.queries.reconcile.model import Manifest, ReconCandidate, ReconQuery, ReconResult, SuggestResponse
from jxkg.queries.reconcile.preview import preview_html

__all__ = [
    "MAX_BATCH",
    "PROPERTY_PENALTY",
    "Manifest",
    "ReconCandidate",
    "ReconQuery",
    "ReconResult",
    "Reconciler",
    "SuggestResponse",
    "batch_from",
    "manifest",
    "parse_batch",
    "preview_html",
]
