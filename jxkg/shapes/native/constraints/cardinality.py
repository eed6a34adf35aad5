"""Cardinality constraint components: sh:minCount and sh:maxCount (on property shapes only)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import ClassVar

from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.shapes.native.constraints.base import (
    Constraint,
    ShapeParameters,
    ValueTermConstraint,
    Violation,
    shape_name,
)
from jxkg.shapes.triples import TripleIndex

__all__ = ["MaxCountConstraint", "MinCountConstraint"]


def _count(shape: ShapeParameters, parameter: URIRef) -> int | None:
    count = shape.count(parameter)
    if count is not None and not shape.is_property:
        raise shape.unsupported(f"{shape_name(parameter)} on a node shape")
    return count


@dataclass(frozen=True)
class MinCountConstraint(ValueTermConstraint):
    parameters: ClassVar[tuple[URIRef, ...]] = (SH.minCount,)
    order: ClassVar[int] = 40

    least: int

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        count = _count(shape, SH.minCount)
        if count is not None:
            yield cls(count)

    def passes(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> bool:
        return len(values) >= self.least

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        if len(values) < self.least:
            yield Violation(None, SH.MinCountConstraintComponent)


@dataclass(frozen=True)
class MaxCountConstraint(ValueTermConstraint):
    parameters: ClassVar[tuple[URIRef, ...]] = (SH.maxCount,)
    order: ClassVar[int] = 50

    most: int

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        count = _count(shape, SH.maxCount)
        if count is not None:
            yield cls(count)

    def passes(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> bool:
        return len(values) <= self.most

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        if len(values) > self.most:
            yield Violation(None, SH.MaxCountConstraintComponent)
