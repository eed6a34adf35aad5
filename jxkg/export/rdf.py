"""The other direction: the live graph back to RDF through the ontology (for stewards and audits).

Nodes are read page by page, in id order, so memory stays flat on a large graph; each node's class
is its most specific ontology label. Bookkeeping (the content hash and ingest run of each node, the
IngestRun nodes themselves) stays out unless asked for: an export is the data, not how it was loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, LiteralString

from rdflib import Graph

from jxkg.ontology.rdf import add_edge, add_node, new_graph
from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore
from jxkg.store.base import relationship_key_cypher

PAGE = 5000


def _pages(store: GraphStore, query: LiteralString, bookkeeping: bool) -> Iterator[list[dict[str, Any]]]:
    after = ""
    while True:
        rows = store.read(query, {"after": after, "page": PAGE, "bookkeeping": bookkeeping})
        if not rows:
            return
        yield rows
        after = str(rows[-1]["key"])


def export_graph(store: GraphStore, schema: GraphSchema, *, bookkeeping: bool = False) -> Graph:
    graph = new_graph()
    dropped = frozenset() if bookkeeping else schema.bookkeeping
    node_query = (
        "MATCH (n:Entity) WHERE n.id > $after AND ($bookkeeping OR NOT n:IngestRun) "
        "RETURN n.id AS key, labels(n) AS labels, properties(n) AS props ORDER BY key LIMIT $page"
    )
    for rows in _pages(store, node_query, bookkeeping):
        for row in rows:
            props = {k: v for k, v in row["props"].items() if k not in dropped and v is not None}
            add_node(graph, schema, schema.most_specific_class(row["labels"]), str(row["key"]), props)
    edge_query = (
        "MATCH (a:Entity)-[r]->(b:Entity) "
        f"WITH a, r, b, coalesce(r.id, {relationship_key_cypher('a', 'r', 'b')}) AS key "
        "WHERE key > $after "
        "RETURN key, a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props ORDER BY key LIMIT $page"
    )
    for rows in _pages(store, edge_query, bookkeeping):
        for row in rows:
            props = {k: v for k, v in row["props"].items() if k not in dropped and v is not None}
            add_edge(graph, schema, str(row["type"]), str(row["start"]), str(row["end"]), props)
    return graph
