"""A compiled shape: its value nodes, its constraints and its property shapes, checked on a focus node."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from rdflib import URIRef
from rdflib.term import Node

from jxkg.shapes.native.constraints import Constraint
from jxkg.shapes.results import Severity
from jxkg.shapes.triples import TripleIndex

__all__ = ["Hit", "ShapeCheck", "ValuePath"]


@dataclass(frozen=True)
class ValuePath:
    """A path of one step: a property, or its inverse (sh:inversePath)."""

    predicate: Node
    inverse: bool = False

    @cached_property
    def text(self) -> str:
        """As a ResultRecord names it: the IRI, "^IRI" for an inverse path."""
        return f"^{self.predicate}" if self.inverse else str(self.predicate)


class Hit(NamedTuple):
    """A result before it becomes a ResultRecord."""

    focus: Node
    path: str | None
    value: Node | None
    shape: ShapeCheck
    component: URIRef


@dataclass(eq=False)
class ShapeCheck:
    """One node or property shape, as `compile.py` fills it in."""

    node: Node
    text: str  # the shape as a ResultRecord names it
    path: ValuePath | None = None  # None for a node shape
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[ShapeCheck] = field(default_factory=list)
    deactivated: bool = False
    severity: Severity = Severity.VIOLATION
    severity_iri: str | None = None  # a custom severity (ResultRecord.severity_iri)
    messages: tuple[str, str] = ("", "")  # zh, en

    def value_nodes(self, data: TripleIndex, focus: Node) -> Collection[Node]:
        path = self.path
        if path is None:
            return (focus,)
        if path.inverse:
            return data.subjects_of(focus, path.predicate)
        return data.objects_of(focus, path.predicate)

    def hits(self, data: TripleIndex, focus: Node) -> list[Hit]:
        """The results of validating `focus` against this shape and its property shapes."""
        found: list[Hit] = []
        self._collect(data, focus, found)
        return found

    def _collect(self, data: TripleIndex, focus: Node, found: list[Hit]) -> None:
        # appends to one list rather than nesting generators: this runs for every shape and node
        if self.deactivated:
            return
        values = self.value_nodes(data, focus)
        for constraint in self.constraints:
            if constraint.passes(data, focus, values):
                continue
            for violation in constraint.violations(data, focus, values):
                path = self.path.text if self.path is not None else None
                own_path = path if violation.path is None else str(violation.path)
                found.append(Hit(focus, own_path, violation.value, self, violation.component))
        for prop in self.properties:
            for value in values:
                prop._collect(data, value, found)

    def conforms(self, data: TripleIndex, node: Node) -> bool:
        """Whether validating `node` against this shape gives no result (shapes inside sh:or and
        qualified value shapes; `compile.py` admits only Violation-severity shapes there)."""
        if self.deactivated:
            return True
        values = self.value_nodes(data, node)
        for constraint in self.constraints:
            if constraint.passes(data, node, values):
                continue
            for _ in constraint.violations(data, node, values):
                return False
        return all(prop.conforms(data, value) for prop in self.properties for value in values)
