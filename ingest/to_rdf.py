"""Records as RDF, for the SHACL gate: each record's triples, and where each subject came from.

`records_to_index` gives the same triples as `records_to_graph` in a TripleIndex, which the native
SHACL engine reads and which costs a fraction of an rdflib Graph to fill.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef

from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ontology.rdf import add_edge, add_node, edge_triple, entity_iri, literal, new_graph, node_triples
from jxkg.ontology.schema import GraphSchema, PropertySpec
from jxkg.shapes.triples import TripleIndex, normalize_literal


def records_to_graph(
    nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord], schema: GraphSchema
) -> tuple[Graph, dict[str, str]]:
    """The RDF of the records, and each entity IRI's origin as `file:row` (for the steward's report)."""
    graph = new_graph()
    origins: dict[str, str] = {}
    for node in nodes:
        props = {"id": node.id, **node.properties}
        add_node(graph, schema, node.class_name, node.id, props)
        origins[str(entity_iri(node.id))] = f"{node.source_file}:{node.row}" if node.row else node.source_file
    for edge in edges:
        add_edge(graph, schema, edge.rel_type, edge.start, edge.end)
    return graph, origins


def records_to_index(nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord], schema: GraphSchema) -> TripleIndex:
    """The triples of the records (those of `records_to_graph`), in a TripleIndex."""
    index = TripleIndex()
    for node in nodes:
        props = {"id": node.id, **node.properties}
        for s, p, o in node_triples(schema, node.class_name, node.id, props, _TERMS.iri, _TERMS.literal):
            index.add_normalized(s, p, o)
    for edge in edges:
        index.add_normalized(*edge_triple(schema, edge.rel_type, edge.start, edge.end, _TERMS.iri))
    return index


class _Terms:
    """Entity IRIs and literals, each made once and reused (by this process's later batches too:
    an entity is context in several). Making rdflib terms is most of the cost of filling an index,
    and one object per term lets its dicts match keys by identity. Both are pure functions of the
    key, so sharing is safe; each memo is emptied when it reaches `limit` entries, to bound memory."""

    _RECURRING = (str, int, bool)  # values whose type and == tell their literal apart (not 1.0 / 1.00)

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._iris: dict[str, URIRef] = {}
        self._literals: dict[tuple[str, str, type, Any], Literal] = {}

    def iri(self, entity_id: str) -> URIRef:
        found = self._iris.get(entity_id)
        if found is None:
            if len(self._iris) >= self.limit:
                self._iris.clear()
            found = self._iris[entity_id] = entity_iri(entity_id)
        return found

    def literal(self, spec: PropertySpec, value: Any) -> Literal:
        """`literal(spec, value)`, normalized as TripleIndex.add would."""
        if type(value) not in self._RECURRING:
            return normalize_literal(literal(spec, value))
        key = (spec.name, spec.datatype, type(value), value)  # what `literal` reads of the spec
        found = self._literals.get(key)
        if found is None:
            if len(self._literals) >= self.limit:
                self._literals.clear()
            found = self._literals[key] = normalize_literal(literal(spec, value))
        return found


_TERMS = _Terms(limit=200_000)
