"""Value range constraint components: sh:minInclusive and sh:maxInclusive."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import ClassVar

from pyshacl.rdfutil.compare import compare_literal
from rdflib import Literal, URIRef
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

__all__ = ["MaxInclusiveConstraint", "MinInclusiveConstraint"]


@dataclass(frozen=True)
class _InclusiveBound(ValueTermConstraint):
    """Literals compared as SPARQL compares them; a string is only comparable with a string, and a
    value that cannot be compared fails."""

    minimum: ClassVar[bool]  # value >= bound, else value <= bound
    component: ClassVar[URIRef]

    bounds: tuple[Literal, ...]

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        (parameter,) = cls.parameters
        bounds = shape.values(parameter)
        if bounds:
            literals = tuple(b for b in bounds if isinstance(b, Literal))
            if len(literals) != len(bounds):
                raise shape.unsupported(f"{shape_name(parameter)} must be a literal")
            yield cls(literals)

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for bound in self.bounds:
            for value in values:
                if not self._within(value, bound):
                    yield Violation(value, self.component)

    def _within(self, value: Node, bound: Literal) -> bool:
        if not isinstance(value, Literal):
            return False
        if isinstance(value.value, str) != isinstance(bound.value, str):
            return False
        try:
            order = int(compare_literal(value, bound))  # type: ignore[no-untyped-call]
        except (TypeError, NotImplementedError):
            return False
        return order >= 0 if self.minimum else order <= 0


@dataclass(frozen=True)
class MinInclusiveConstraint(_InclusiveBound):
    """sh:minInclusive: each value node >= each bound."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH.minInclusive,)
    order: ClassVar[int] = 60
    minimum: ClassVar[bool] = True
    component: ClassVar[URIRef] = SH.MinInclusiveConstraintComponent


@dataclass(frozen=True)
class MaxInclusiveConstraint(_InclusiveBound):
    """sh:maxInclusive: each value node <= each bound."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH.maxInclusive,)
    order: ClassVar[int] = 70
    minimum: ClassVar[bool] = False
    component: ClassVar[URIRef] = SH.MaxInclusiveConstraintComponent
