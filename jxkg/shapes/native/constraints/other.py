"""Other constraint components: sh:in, and sh:closed with sh:ignoredProperties."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import ClassVar

from rdflib import RDFS, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.ontology.rdf import RDF_TYPE, canonical
from jxkg.shapes.native.constraints.base import (
    Constraint,
    ReadWalk,
    ShapeParameters,
    ValueTermConstraint,
    Violation,
)
from jxkg.shapes.triples import TripleIndex

__all__ = ["ClosedConstraint", "InConstraint"]


@dataclass(frozen=True)
class InConstraint(ValueTermConstraint):
    parameters: ClassVar[tuple[URIRef, ...]] = (SH["in"],)
    order: ClassVar[int] = 80

    members: frozenset[Node]

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        members = shape.one(SH["in"])
        if members is not None:
            yield cls(frozenset(shape.items(members)))

    def passes(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> bool:
        return all(value in self.members for value in values)

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for value in values:
            if value not in self.members:
                yield Violation(value, SH.InConstraintComponent)


_ALWAYS_ALLOWED = (RDF_TYPE, RDFS.Resource)  # pySHACL never reports `?x a rdfs:Resource` on a closed shape


@dataclass(frozen=True)
class ClosedConstraint(Constraint):
    """sh:closed true: a value node has no predicate but the shape's property paths and its
    sh:ignoredProperties (rdf:type among them only when the shape lists it)."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH.closed, SH.ignoredProperties)
    order: ClassVar[int] = 90

    allowed: frozenset[Node]

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        g = shape.graph
        closed = shape.one(SH.closed)
        ignored_lists = shape.values(SH.ignoredProperties)
        if closed is None:
            if ignored_lists:
                raise shape.unsupported("sh:ignoredProperties on a shape that is not closed")
            return
        if not isinstance(closed, Literal):
            raise shape.unsupported("sh:closed must be a boolean")
        if not closed.value:
            return
        allowed: set[Node] = {item for members in ignored_lists for item in shape.items(members)}
        allowed.update(path for p in g.objects(shape.node, SH.property) for path in g.objects(p, SH.path))
        yield cls(frozenset(canonical(a) if isinstance(a, URIRef) else a for a in allowed))

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for value in values:
            for predicate, obj in data.predicate_objects(value):
                if predicate not in self.allowed and (predicate, obj) != _ALWAYS_ALLOWED:
                    yield Violation(obj, SH.ClosedConstraintComponent, predicate)

    def reads(self, walk: ReadWalk, hops: int, at_values: int) -> None:
        if at_values:  # every predicate of a value node other than the focus node
            walk.everything()
