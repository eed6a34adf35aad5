"""The other direction: the live graph back to RDF through the ontology (for stewards and audits).

Entities are read page by page, in id order, with the relationships that start at them, so a
Turtle export (`write_turtle`) keeps only a page in memory; each node's class is its most specific
ontology label. Bookkeeping (the content hash and ingest run of each node, the
IngestRun nodes themselves) stays out unless asked for: an export is the data, not how it was loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TextIO

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from jxkg.ontology.conventions import JX, RUN_CLASS, relationship_key_cypher
from jxkg.ontology.rdf import add_edge, add_node, new_graph
from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore

PAGE = 5000
_LOCAL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def export_pages(store: GraphStore, schema: GraphSchema, *, bookkeeping: bool = False) -> Iterator[Graph]:
    """The export a page of entities at a time: each page's nodes and the relationships that start
    at them, found through the unique index on `id`, so the work grows with the graph, not with its
    square. The ids are listed once and sorted here, not paged with `WHERE n.id > $after ORDER BY
    n.id`: with the unique index in place, FalkorDB's `>` (a range scan of the index) and its ORDER
    BY disagree on ids with Chinese characters (on the curated ids, after achievement:5G网络乡乡通 the
    scan left out three ids ORDER BY puts after it, and gave it again after them), so that paging
    skipped some entities and repeated others. Same graph, same export.
    """
    dropped = frozenset() if bookkeeping else schema.bookkeeping
    node_query = "MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS key, labels(n) AS labels, properties(n) AS props"
    edge_query = (
        "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $ids "
        f"RETURN coalesce(r.id, {relationship_key_cypher('a', 'r', 'b')}) AS key, a.id AS start, type(r) AS type, "
        "b.id AS end, properties(r) AS props"
    )
    ids = sorted(str(row["id"]) for row in store.read("MATCH (n:Entity) RETURN n.id AS id"))
    for start in range(0, len(ids), PAGE):
        page_ids = ids[start : start + PAGE]
        graph = new_graph()
        for row in sorted(store.read(node_query, {"ids": page_ids}), key=lambda n: str(n["key"])):
            if not bookkeeping and RUN_CLASS in row["labels"]:
                continue  # an ingest run is how the data was loaded, not data
            props = {k: v for k, v in row["props"].items() if k not in dropped and v is not None}
            add_node(graph, schema, schema.most_specific_class(row["labels"]), str(row["key"]), props)
        edges = store.read(edge_query, {"ids": page_ids})
        for edge in sorted(edges, key=lambda e: (str(e["start"]), str(e["key"]))):
            props = {k: v for k, v in edge["props"].items() if k not in dropped and v is not None}
            add_edge(graph, schema, str(edge["type"]), str(edge["start"]), str(edge["end"]), props)
        yield graph


def export_graph(store: GraphStore, schema: GraphSchema, *, bookkeeping: bool = False) -> Graph:
    """The whole export in one graph, in memory (for JSON-LD and the audit; Turtle streams)."""
    graph = new_graph()
    for page in export_pages(store, schema, bookkeeping=bookkeeping):
        graph += page
    return graph


def write_turtle(pages: Iterable[Graph], out: TextIO) -> int:
    """Write the pages as one Turtle document, subject by subject, as they come; returns the number
    of triples. rdflib's own Turtle serializer lays out the whole graph first (it ran for over 25
    minutes on the export of the synthetic province at scale 0.1, docs/benchmarks.md); this writes
    a page and forgets it. Entities are full IRIs; only the ontology's terms are prefixed."""
    names = NamespaceManager(Graph(), bind_namespaces="none")
    names.bind("xsd", XSD)
    out.write(f"@prefix jx: <{JX}> .\n@prefix rdf: <{RDF}> .\n@prefix xsd: <{XSD}> .\n\n")
    count = 0
    for page in pages:
        for subject in sorted(set(page.subjects()), key=_n3):
            lines = []
            for predicate in sorted(set(page.predicates(subject)), key=_n3):
                objects = sorted(page.objects(subject, predicate), key=_n3)
                count += len(objects)
                lines.append(f"{_term(predicate, names)} {' , '.join(_term(o, names) for o in objects)}")
            out.write(f"{_term(subject, names)} " + " ;\n    ".join(lines) + " .\n")
    return count


def _n3(term: Node) -> str:
    return str(term.n3())


def _term(term: Node, names: NamespaceManager) -> str:
    if isinstance(term, URIRef):
        if term == RDF.type:
            return "a"
        for prefix, namespace in (("jx", JX), ("rdf", RDF)):
            local = term.removeprefix(str(namespace))
            if local != term and _LOCAL_NAME.fullmatch(local):
                return f"{prefix}:{local}"
        return term.n3()
    if isinstance(term, Literal):
        return term.n3(names)
    raise ValueError(f"the export has no blank nodes, found {term!r}")
