"""Records as RDF, for the SHACL gate: each record's triples, and where each subject came from."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph

from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ontology.rdf import add_edge, add_node, entity_iri, new_graph
from jxkg.ontology.schema import GraphSchema


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
