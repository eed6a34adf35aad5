"""What a native constraint component is, and what it is given to compile itself from a shape.

A component (one subclass of `Constraint`) declares the SHACL parameters it owns, builds its
constraints from a shape's values of them (`from_shape`), checks a focus node's value nodes
(`violations`), and says what it reads of nodes other than the focus node (`reads`). The registry
(`registry.py`) maps each parameter to its component; `compile.py` asks it for the components of
each shape. A component raises `UnsupportedShapeError` for a form it does not evaluate as pySHACL
does, and the shape is then left to pySHACL.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, NamedTuple, NoReturn, Protocol

import rdflib
from rdflib import XSD, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.ontology.rdf import canonical
from jxkg.shapes.results import term_text
from jxkg.shapes.triples import TripleIndex

__all__ = [
    "Conformance",
    "Constraint",
    "ReadWalk",
    "ShapeParameters",
    "UnsupportedShapeError",
    "ValueTermConstraint",
    "Violation",
    "shape_name",
]


class UnsupportedShapeError(Exception):
    """A shape uses something the native engine does not evaluate (the message says what)."""


class Violation(NamedTuple):
    value: Node | None  # sh:value, None when the result has none (counts, unique languages)
    component: URIRef
    path: Node | None = None  # a result path of its own (sh:closed names the offending predicate)


class Conformance(Protocol):
    """A shape used inside a constraint (sh:or, sh:qualifiedValueShape): does a node conform to it?"""

    def conforms(self, data: TripleIndex, node: Node) -> bool: ...


class ReadWalk(Protocol):
    """How a constraint tells `reads.py` what it reads beyond a focus node."""

    def add(self, predicate: Node) -> None:
        """`predicate` is read at such a node (anything not an IRI: every predicate may be)."""

    def everything(self) -> NoReturn:
        """Any predicate may be read: the answer is None, every triple."""

    def nested(self, shape: Conformance, hops: int) -> None:
        """`shape` is checked at nodes `hops` from a focus node."""


def shape_name(node: Node) -> str:
    """A shape or a SHACL term as a reason names it: `sh:x` for SHACL's own terms."""
    text = str(node)
    return f"sh:{text[len(str(SH)) :]}" if text.startswith(str(SH)) else (term_text(node) or "")


@dataclass(frozen=True)
class ShapeParameters:
    """One shape's parameter values in the shapes graph, read as a component's factory needs them."""

    graph: rdflib.Graph
    node: Node
    is_property: bool  # a property shape (it has a path), else a node shape
    nested_shape: Callable[[Node], Conformance]  # compiles a shape checked inside this one

    @cached_property
    def name(self) -> str:
        return shape_name(self.node)

    def unsupported(self, why: str) -> UnsupportedShapeError:
        return UnsupportedShapeError(f"{self.name}: {why}")

    def values(self, parameter: URIRef) -> list[Node]:
        return list(self.graph.objects(self.node, parameter))

    def one(self, parameter: URIRef) -> Node | None:
        """The parameter's one value, None without one; more than one is not supported."""
        values = self.values(parameter)
        if len(values) > 1:
            raise UnsupportedShapeError(f"{self.name} has more than one {shape_name(parameter)}")
        return values[0] if values else None

    def items(self, members: Node) -> list[Node]:
        """The members of an RDF list."""
        return list(self.graph.items(members))

    def iris(self, parameter: URIRef, values: Iterable[Node]) -> Iterator[URIRef]:
        """`values` as the data's own terms (so the index finds them by identity); each must be an IRI."""
        for value in values:
            if not isinstance(value, URIRef):
                raise self.unsupported(f"{shape_name(parameter)} must be an IRI")
            yield canonical(value)

    def count(self, parameter: URIRef) -> int | None:
        """A count parameter's one value: a non-negative xsd:integer."""
        value = self.one(parameter)
        if value is None:
            return None
        if not isinstance(value, Literal) or value.datatype != XSD.integer or not isinstance(value.value, int):
            raise self.unsupported(f"{shape_name(parameter)} must be an xsd:integer")
        if value.value < 0:
            raise self.unsupported(f"{shape_name(parameter)} must not be negative")
        return value.value

    def nested(self, node: Node) -> Conformance:
        return self.nested_shape(node)


class Constraint(ABC):
    """A constraint component, and (an instance) one constraint of it on a shape."""

    # the SHACL parameters of the component: a shape with any of them is compiled by `from_shape`
    parameters: ClassVar[tuple[URIRef, ...]] = ()
    # where it stands in `CORE`: the order a shape's constraints are compiled and checked in
    order: ClassVar[int] = 1000

    @classmethod
    @abstractmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        """The constraints `shape`'s values of the parameters make (none, e.g. for sh:closed false).
        Raises UnsupportedShapeError when pySHACL must validate the shape."""

    @abstractmethod
    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        """One Violation per result on `focus`, whose value nodes are `values`."""

    def passes(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> bool:
        """True when there is surely no violation; False: ask `violations`. A quick test that saves
        making a generator in the common case, for the constraints checked on every node."""
        return False

    def reads(self, walk: ReadWalk, hops: int, at_values: int) -> None:
        """Tell `walk` what this constraint reads at nodes other than a focus node, when the shape
        it is on is checked at a node `hops` from one, whose value nodes are `at_values` from one.
        By default anything: a component that does not say may read any triple."""
        walk.everything()


class ValueTermConstraint(Constraint):
    """A constraint that reads only the value terms it is given, nothing of the graph."""

    def reads(self, walk: ReadWalk, hops: int, at_values: int) -> None:
        return None
