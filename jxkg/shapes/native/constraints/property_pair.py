"""Property pair constraint components: sh:equals and sh:lessThanOrEquals, which read the focus
node's values of another property."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.shapes.native.constraints.base import Constraint, ReadWalk, ShapeParameters, Violation
from jxkg.shapes.triples import TripleIndex

__all__ = ["EqualsConstraint", "LessThanOrEqualsConstraint"]


@dataclass(frozen=True)
class _PropertyPair(Constraint):
    predicates: tuple[Node, ...]  # the other properties

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        (parameter,) = cls.parameters
        others = shape.values(parameter)
        if others:
            yield cls(tuple(shape.iris(parameter, others)))

    def reads(self, walk: ReadWalk, hops: int, at_values: int) -> None:
        if hops:  # the other property is read at the node the shape is checked on
            for predicate in self.predicates:
                walk.add(predicate)


@dataclass(frozen=True)
class EqualsConstraint(_PropertyPair):
    """sh:equals: the value nodes and the focus node's values of the other property are the same set;
    each node in one and not the other is a result."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH.equals,)
    order: ClassVar[int] = 130

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        mine = set(values)
        for predicate in self.predicates:
            others = set(data.objects(focus, predicate))
            for value in (*(mine - others), *(others - mine)):
                yield Violation(value, SH.EqualsConstraintComponent)


def _comparable(node: Node, constraint: str) -> tuple[Any, bool]:
    """What a property-pair comparison compares, and whether it is a string."""
    if isinstance(node, BNode):
        raise ReportableRuntimeError(f"Cannot use {constraint} to compare a BlankNode.")
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False


@dataclass(frozen=True)
class LessThanOrEqualsConstraint(_PropertyPair):
    """sh:lessThanOrEquals: each value node is <= each of the focus node's values of the other property
    (a string and a non-string never compare)."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH.lessThanOrEquals,)
    order: ClassVar[int] = 120

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for predicate in self.predicates:
            others = list(data.objects(focus, predicate))
            for value in values:
                mine, mine_is_string = _comparable(value, "sh:lessThanOrEquals")
                for other in others:
                    theirs, theirs_is_string = _comparable(other, "sh:lessThanOrEquals")
                    if mine_is_string != theirs_is_string or not mine <= theirs:
                        yield Violation(value, SH.LessThanOrEqualsConstraintComponent)
