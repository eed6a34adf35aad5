"""RDF sources, Turtle or JSON-LD, straight to records: they need no mapping.

`rdf:type jx:<Class>` gives the class, `jx:<property>` the properties and relationships, and the
subject's IRI `https://w3id.org/jxkg/id/<id>` its id. Problems name the file, the subject and the
property; a subject that cannot be read is left out, the others are still read.

Within a read budget (`jxkg.ingest.read.budget`: an upload) rdflib's parser, which cannot be
interrupted from outside, is bounded from inside (`jxkg.ingest.read.rdf_bounded`): the budget
raises as a triple or a term is made past a limit, and the parse stops there.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import rdflib
from rdflib import RDF, Literal, URIRef

from jxkg.errors import UploadTooLargeError
from jxkg.ingest.read.budget import checked_time, current_budget
from jxkg.ingest.read.convert import ConversionError, convert_raw
from jxkg.ingest.read.rdf_bounded import CountingStore, parse_turtle_counted
from jxkg.ingest.read.text import blank
from jxkg.ingest.records import EdgeRecord, NodeRecord, Problem, ReadResult
from jxkg.ontology.conventions import JX, entity_id
from jxkg.ontology.schema import GraphSchema, UnknownNameError
from jxkg.ontology.terms import PropertySpec

__all__ = ["parse_rdf"]


def parse_rdf(path: Path, schema: GraphSchema, parser: str) -> ReadResult:
    """Entities typed with ontology classes, their ontology properties and relationships; `parser`
    is rdflib's name of the format."""
    name = str(path)
    if blank(path.read_bytes()):
        return ReadResult(problems=[Problem(name, None, None, None, "empty file: no triples")])
    # counted only under a budget (an upload): `jxkg ingest` of the project's files parses as before
    bounded = current_budget() is not None
    graph = rdflib.Graph(store=CountingStore()) if bounded else rdflib.Graph()
    try:
        if bounded and parser == "turtle":
            parse_turtle_counted(path, graph)
        else:
            graph.parse(path, format=parser)
    except UploadTooLargeError:
        raise  # a limit passed: the upload is refused, not read as far as it went
    except Exception as exc:  # rdflib raises many kinds (BadSyntax, ValueError, JSONDecodeError...)
        return ReadResult(problems=[Problem(name, None, None, None, f"cannot be read as {parser}: {exc}")])
    return _RdfReader(graph, schema, name).read()


def _local(iri: object) -> str | None:
    text = str(iri)
    return text[len(str(JX)) :] if isinstance(iri, URIRef) and text.startswith(str(JX)) else None


class _RdfReader:
    """One parsed graph to records; problems name the file, the subject and the property."""

    def __init__(self, graph: rdflib.Graph, schema: GraphSchema, name: str) -> None:
        self.graph, self.schema, self.name = graph, schema, name
        self.result = ReadResult()
        self.edges: dict[tuple[str, str, str], EdgeRecord] = {}
        self.stated: set[tuple[str, str, str]] = set()  # links that reified statements stand for
        self.reported: set[str] = set()
        self.relationships = {r.name: r.type for r in schema.relationships}
        self.properties = {p.name for p in schema.properties}
        # what the loader sets itself (an export with bookkeeping holds them): the key comes from the
        # subject's IRI, the rest is stamped again on writing; `sourceRow` is data here, kept as read
        self.loader_owned = schema.bookkeeping | {schema.key}

    def problem(self, field: str | None, value: str | None, message: str) -> None:
        self.result.problems.append(Problem(self.name, None, field, value, message))

    def read(self) -> ReadResult:
        typed = set(self.graph.subjects(RDF.type, None))
        statements = set(self.graph.subjects(RDF.type, RDF.Statement))
        for subject in sorted(typed - statements, key=str):
            checked_time()  # the parse may have left little of the time budget
            self._entity(subject)
        for statement in sorted(statements, key=str):
            self._statement(statement)
        for subject in sorted({s for s, p in self.graph.subject_predicates() if _local(p)} - typed, key=str):
            self.problem(None, str(subject), "has ontology properties but no rdf:type; it was not loaded")
        self.result.edges.extend(e for k, e in self.edges.items() if k not in self.stated)
        if not self.result.nodes and not self.result.edges and not self.result.problems:
            self.problem(None, None, "no entity typed with an ontology class: nothing read")
        return self.result

    def _class(self, subject: Any) -> tuple[str | None, str]:
        names = sorted(n for n in (_local(t) for t in self.graph.objects(subject, RDF.type)) if n is not None)
        known = []
        for class_name in names:
            try:
                known.append(self.schema.node_type(class_name))
            except UnknownNameError as exc:
                return None, str(exc)
        concrete = [t for t in known if not t.abstract and {k.name for k in known} <= set(t.labels)]
        if not concrete:
            why = f"its types {', '.join(names)} name" if names else "it has"
            return None, f"{why} no concrete class of the ontology ({JX}<Class>)"
        return concrete[0].name, ""

    def _entity(self, subject: Any) -> None:
        class_name, why = self._class(subject)
        node_id = entity_id(subject) if isinstance(subject, URIRef) else None
        if class_name is None or not node_id:
            why = why or "the subject is not an entity IRI (https://w3id.org/jxkg/id/<id>)"
            self.problem(None, str(subject), f"{why}; the entity was rejected")
            return
        literals: dict[str, list[Literal]] = defaultdict(list)
        for predicate, obj in sorted(self.graph.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1]))):
            local = _local(predicate)
            if predicate == RDF.type or (local in self.loader_owned):
                continue
            if local in self.relationships:
                self._edge(subject, node_id, self.relationships[local], local, obj)
            elif local in self.properties and isinstance(obj, Literal):
                literals[local].append(obj)
            elif local in self.properties:
                self.problem(local, str(obj), f"{subject}: a property's value must be a literal; not loaded")
            elif str(predicate) not in self.reported:
                self.reported.add(str(predicate))
                self.problem(str(predicate), None, "predicate is not a property of the ontology; not loaded")
        props = self._properties(subject, literals)
        if props is not None:
            self.result.nodes.append(NodeRecord(class_name, node_id, props, self.name))

    def _edge(self, subject: Any, start: str, rel_type: str, local: str, obj: Any) -> None:
        end = entity_id(obj) if isinstance(obj, URIRef) else None
        if not end:
            self.problem(local, str(obj), f"{subject}: a relationship's object must be an entity IRI; not loaded")
            return
        self.edges[(start, rel_type, end)] = EdgeRecord(rel_type, start, end, {}, self.name)

    def _properties(self, subject: Any, literals: dict[str, list[Literal]]) -> dict[str, Any] | None:
        props: dict[str, Any] = {}
        for prop, values in literals.items():
            spec = self.schema.property(prop)
            if len(values) > 1 and not spec.multi_valued:
                shown = " | ".join(str(v) for v in values)
                self.problem(prop, shown, f"{subject}: several values for a single-valued property; rejected")
                return None
            try:
                converted = [_literal_value(v, spec) for v in values]
            except ConversionError as exc:
                self.problem(prop, str(values[0]), f"{subject}: {exc}; rejected")
                return None
            props[prop] = converted if spec.multi_valued else converted[0]
        return props

    def _statement(self, statement: Any) -> None:
        """A reified relationship (as `jxkg export` writes them) carries the relationship's properties.

        Each statement is a relationship of its own: two claims about one link (the plan's and the
        review's, each with its quote) are two statements, and stay two relationships.
        """
        start, end = self.graph.value(statement, RDF.subject), self.graph.value(statement, RDF.object)
        rel_type = self.relationships.get(_local(self.graph.value(statement, RDF.predicate)) or "", "")
        key = (entity_id(start) or "", rel_type, entity_id(end) or "") if start and end else None
        plain = self.edges.get(key) if key else None
        if key is None or plain is None:
            self.problem(None, str(statement), "a reified statement about no relationship of this file; not loaded")
            return
        literals: dict[str, list[Literal]] = defaultdict(list)
        for predicate, obj in sorted(self.graph.predicate_objects(statement), key=lambda po: (str(po[0]), str(po[1]))):
            prop = _local(predicate)
            if prop is None or prop in self.loader_owned:
                continue
            if prop not in self.properties or not isinstance(obj, Literal):
                self.problem(prop, str(obj), f"{statement}: not a property of the ontology with a literal value")
                continue
            literals[prop].append(obj)
        props = self._properties(statement, literals)
        if props is not None:
            self.stated.add(key)
            self.result.edges.append(EdgeRecord(rel_type, key[0], key[2], props, self.name))


def _literal_value(literal: Literal, spec: PropertySpec) -> Any:
    """RDF literals are typed already: text is taken exactly as written (quotes are verbatim, full-width
    spaces and line breaks included), typed values as rdflib reads them."""
    if spec.datatype in {"string", "langString"}:
        return str(literal)
    value = literal.toPython()
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return convert_raw(str(literal), spec.datatype, allowed=spec.allowed_values, property_name=spec.name)
