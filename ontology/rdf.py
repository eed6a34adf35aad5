"""The RDF view of graph data, through the ontology: what the shapes validate and what export writes.

An entity is `https://w3id.org/jxkg/id/<id>` (percent-encoded) with `rdf:type jx:<Class>`; a
property is a literal typed by the ontology (`nameZh` tagged `@zh`, `nameEn` `@en`); a
relationship is its object property between the two entity IRIs. A relationship's own properties
(its provenance) go on an `rdf:Statement` that reifies it, so nothing is lost on export.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import quote, unquote

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from jxkg.ontology.schema import JX, GraphSchema, PropertySpec

JXD = Namespace("https://w3id.org/jxkg/id/")
# characters left as they are in entity IRIs: ids like science-city:赣州稀金科创城 stay readable
_SAFE = ":/-_.~()（）—"
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


def entity_iri(entity_id: str) -> URIRef:
    return JXD[quote(entity_id, safe=_SAFE)]


def entity_id(iri: Node) -> str | None:
    """The id an entity IRI stands for, or None for an IRI outside the entity namespace."""
    text = str(iri)
    return unquote(text[len(str(JXD)) :]) if text.startswith(str(JXD)) else None


def literal(spec: PropertySpec, value: Any) -> Literal:
    if spec.name in _LANGUAGE:
        return Literal(str(value), lang=_LANGUAGE[spec.name])
    datatype = _XSD.get(spec.datatype)
    if datatype is None:
        return Literal(str(value))
    if datatype == XSD.decimal and isinstance(value, float):
        value = Decimal(repr(value))  # a float would make an xsd:double-shaped lexical form
    return Literal(value, datatype=datatype)


def add_node(graph: Graph, schema: GraphSchema, class_name: str, node_id: str, props: Mapping[str, Any]) -> URIRef:
    subject = entity_iri(node_id)
    graph.add((subject, RDF.type, JX[class_name]))
    for name, value in props.items():
        spec = schema.property(name)
        for item in value if isinstance(value, list) else [value]:
            graph.add((subject, JX[name], literal(spec, item)))
    return subject


def add_edge(
    graph: Graph, schema: GraphSchema, rel_type: str, start: str, end: str, props: Mapping[str, Any] | None = None
) -> None:
    predicate = JX[schema.relationship(rel_type).name]
    triple = (entity_iri(start), predicate, entity_iri(end))
    graph.add(triple)
    if props:
        statement = entity_iri(f"relationship:{props.get('id') or f'{start}-[{rel_type}]->{end}'}")
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
