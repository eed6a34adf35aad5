"""Logical constraint components: sh:or (sh:and, sh:not and sh:xone are left to pySHACL)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import ClassVar

from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.shapes.native.constraints.base import Conformance, Constraint, ReadWalk, ShapeParameters, Violation
from jxkg.shapes.triples import TripleIndex

__all__ = ["OrConstraint"]


@dataclass(frozen=True)
class OrConstraint(Constraint):
    """sh:or: each value node conforms to at least one shape of the list (per sh:or list)."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH["or"],)
    order: ClassVar[int] = 100

    alternatives: tuple[tuple[Conformance, ...], ...]

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        for members in shape.values(SH["or"]):
            alternatives = shape.items(members)
            if not alternatives:
                raise shape.unsupported("an empty sh:or list")
            yield cls((tuple(shape.nested(a) for a in set(alternatives)),))

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for shapes in self.alternatives:
            for value in values:
                if not any(shape.conforms(data, value) for shape in shapes):
                    yield Violation(value, SH.OrConstraintComponent)

    def reads(self, walk: ReadWalk, hops: int, at_values: int) -> None:
        for shapes in self.alternatives:
            for shape in shapes:
                walk.nested(shape, at_values)
