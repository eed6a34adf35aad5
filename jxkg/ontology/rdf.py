"""The RDF view of graph data, through the ontology: what the shapes validate and what export writes.

An entity is `https://w3id.org/jxkg/id/<id>` (percent-encoded) with `rdf:type jx:<Class>`; a
property is a literal typed by the ontology (`nameZh` tagged `@zh`, `nameEn` `@en`); a
relationship is its object property between the two entity IRIs. A relationship's own properties
(its provenance) go on an `rdf:Statement` that reifies it, so nothing is lost on export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from jxkg.ontology.conventions import JX, JXD, entity_iri, relationship_key
from jxkg.ontology.schema import GraphSchema
from jxkg.ontology.terms import PropertySpec

_LANGUAGE = {"nameZh": "zh", "nameEn": "en"}
_XSD = {
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "double": XSD.double,
    "boolean": XSD.boolean,
    "date": XSD.date,
    "dateTime": XSD.dateTime,
    "gYear": XSD.gYear,
    "anyURI": XSD.anyURI,
}


@lru_cache(maxsize=4096)
def _jx(name: str) -> URIRef:
    """jx:<name>, one object per name: dicts keyed by terms then find it by identity, not rdflib's __eq__."""
    return JX[name]


RDF_TYPE = RDF.type  # the one rdf:type object of the triples made here
_TYPE = RDF_TYPE
_SHARED = {str(term): term for term in (RDF_TYPE, *_XSD.values())}


def canonical(iri: URIRef) -> URIRef:
    """The object the triples made here use for `iri` (rdf:type, a jx: IRI, a datatype), else `iri`:
    code that looks terms up in dicts of such triples finds them by identity, much faster than by
    rdflib's __eq__ (the native SHACL engine)."""
    text = str(iri)
    if text.startswith(JX):
        return _jx(text[len(JX) :])
    return _SHARED.get(text, iri)


def literal(spec: PropertySpec, value: Any) -> Literal:
    if spec.name in _LANGUAGE:
        return Literal(str(value), lang=_LANGUAGE[spec.name])
    datatype = _XSD.get(spec.datatype)
    if datatype is None:
        return Literal(str(value))
    if datatype == XSD.decimal and isinstance(value, float):
        value = Decimal(repr(value))  # a float would make an xsd:double-shaped lexical form
    return Literal(value, datatype=datatype)


def node_triples(
    schema: GraphSchema,
    class_name: str,
    node_id: str,
    props: Mapping[str, Any],
    iri: Callable[[str], URIRef] = entity_iri,
    term: Callable[[PropertySpec, Any], Literal] = literal,
) -> Iterator[tuple[URIRef, URIRef, Node]]:
    """An entity's triples: its type and a literal per property value. `iri` makes entity IRIs and
    `term` literals (`entity_iri` and `literal`, or memos of them)."""
    subject = iri(node_id)
    yield subject, _TYPE, _jx(class_name)
    for name, value in props.items():
        spec = schema.property(name)
        predicate = _jx(name)
        for item in value if isinstance(value, list) else [value]:
            yield subject, predicate, term(spec, item)


def edge_triple(
    schema: GraphSchema, rel_type: str, start: str, end: str, iri: Callable[[str], URIRef] = entity_iri
) -> tuple[URIRef, URIRef, URIRef]:
    """A relationship as its object property between the two entity IRIs."""
    return iri(start), _jx(schema.relationship(rel_type).name), iri(end)


def add_node(graph: Graph, schema: GraphSchema, class_name: str, node_id: str, props: Mapping[str, Any]) -> URIRef:
    for triple in node_triples(schema, class_name, node_id, props):
        graph.add(triple)
    return entity_iri(node_id)


def add_edge(
    graph: Graph, schema: GraphSchema, rel_type: str, start: str, end: str, props: Mapping[str, Any] | None = None
) -> None:
    triple = edge_triple(schema, rel_type, start, end)
    predicate = triple[1]
    graph.add(triple)
    if props:
        statement = entity_iri(f"relationship:{props.get('id') or relationship_key(start, rel_type, end)}")
        graph.add((statement, RDF.type, RDF.Statement))
        graph.add((statement, RDF.subject, triple[0]))
        graph.add((statement, RDF.predicate, predicate))
        graph.add((statement, RDF.object, triple[2]))
        for name, value in props.items():
            spec = schema.property(name)
            for item in value if isinstance(value, list) else [value]:
                graph.add((statement, JX[name], literal(spec, item)))


def new_graph() -> Graph:
    graph = Graph()
    graph.bind("jx", JX)
    graph.bind("jxd", JXD)
    return graph
