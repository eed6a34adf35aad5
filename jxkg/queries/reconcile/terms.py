"""The ontology's terms as the reconciliation service names them: classes are types, datatype
properties and relationship types are properties, each named in Chinese and English."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from jxkg.errors import UnknownNameError
from jxkg.ontology.conventions import JX
from jxkg.ontology.schema import GraphSchema
from jxkg.ontology.terms import NodeType
from jxkg.queries.reconcile.model import TypeRef

# ingest's own records: a class of the ontology, but nothing anyone reconciles against
NOT_RECONCILED = frozenset({"IngestRun"})


def both(zh: str, en: str) -> str:
    """One name for both readers: 科创城 (Science city)."""
    return f"{zh} ({en})" if zh and en and zh != en else zh or en


def type_ref(node_type: NodeType, schema: GraphSchema, *, with_broader: bool = False) -> TypeRef:
    broader = None
    if with_broader and node_type.parents:
        broader = [type_ref(schema.node_type(parent), schema) for parent in node_type.parents]
    return TypeRef(id=node_type.name, name=both(node_type.label_zh, node_type.label_en), broader=broader)


def reconcilable_types(schema: GraphSchema) -> Iterator[NodeType]:
    """Every class but ingest's own, in class-tree order (abstract ones too: they take their subclasses)."""
    return (t for t in schema.node_types if t.name not in NOT_RECONCILED)


def class_name(schema: GraphSchema, type_id: str) -> str:
    """A query's type id as a class name: `ScienceCity`, or its IRI in the schema space."""
    name = type_id.removeprefix(str(JX))
    node_type = schema.node_type(name)  # UnknownNameError with the nearest names
    if node_type.name in NOT_RECONCILED:
        raise UnknownNameError("type", type_id, (t.name for t in reconcilable_types(schema)))
    return node_type.name


@dataclass(frozen=True)
class PropertyTerm:
    """What a `pid` names: a relationship type (its targets are compared) or a node property."""

    id: str
    name: str
    description: str
    relationship: str | None = None  # the relationship type, e.g. LOCATED_IN
    symmetric: bool = False
    property: str | None = None  # the node property, e.g. nameEn

    def words(self) -> Iterable[str]:
        return (self.id, self.name, *(n for n in (self.relationship, self.property) if n))


def property_terms(schema: GraphSchema) -> list[PropertyTerm]:
    """Relationship types first (the ones a location or a host is), then data properties (not ingest's)."""
    terms = [
        PropertyTerm(
            id=r.type,
            name=both(r.label_zh, r.label_en),
            description=r.definition,
            relationship=r.type,
            symmetric=r.symmetric,
        )
        for r in schema.relationships
    ]
    terms += [
        PropertyTerm(id=p.name, name=both(p.label_zh, p.label_en), description=p.definition, property=p.name)
        for p in schema.properties
        if not p.bookkeeping
    ]
    return terms


def property_term(schema: GraphSchema, pid: str) -> PropertyTerm:
    """A `pid` as a relationship type (`LOCATED_IN` or `locatedIn`) or a property name (`nameEn`)."""
    name = pid.removeprefix(str(JX))
    terms = property_terms(schema)
    for term in terms:
        if name == term.id or (term.relationship is not None and name == schema.relationship(term.id).name):
            return term
    raise UnknownNameError("property", pid, [term.id for term in terms])
