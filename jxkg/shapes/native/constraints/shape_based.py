"""Shape-based constraint components: sh:qualifiedValueShape with its counts (sh:property is the
compiled shape's own structure, `shape.py`; sh:node is left to pySHACL)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import ClassVar

from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.shapes.native.constraints.base import Conformance, Constraint, ReadWalk, ShapeParameters, Violation
from jxkg.shapes.triples import TripleIndex

__all__ = ["QualifiedCountConstraint"]


@dataclass(frozen=True)
class QualifiedCountConstraint(Constraint):
    """sh:qualifiedValueShape with sh:qualifiedMinCount / sh:qualifiedMaxCount: how many value nodes
    conform to the shape (each shape counted on its own). sh:qualifiedValueShapesDisjoint is not a
    parameter of this component, so a shape with it is left to pySHACL."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount)
    order: ClassVar[int] = 110

    shapes: tuple[Conformance, ...]
    least: int | None
    most: int | None

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        value_shapes = set(shape.values(SH.qualifiedValueShape))
        least = shape.count(SH.qualifiedMinCount)
        most = shape.count(SH.qualifiedMaxCount)
        if not value_shapes:
            if least is not None or most is not None:
                raise shape.unsupported("a qualified count without sh:qualifiedValueShape")
            return
        if not shape.is_property:
            raise shape.unsupported("sh:qualifiedValueShape on a node shape")
        if least is None and most is None:
            raise shape.unsupported("sh:qualifiedValueShape without a qualified count")
        yield cls(tuple(shape.nested(s) for s in value_shapes), least, most)

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for shape in self.shapes:
            conforming = sum(1 for value in values if shape.conforms(data, value))
            if self.most is not None and conforming > self.most:
                yield Violation(None, SH.QualifiedMaxCountConstraintComponent)
            if self.least is not None and conforming < self.least:
                yield Violation(None, SH.QualifiedMinCountConstraintComponent)

    def reads(self, walk: ReadWalk, hops: int, at_values: int) -> None:
        for shape in self.shapes:
            walk.nested(shape, at_values)
