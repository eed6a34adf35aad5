"""The SHACL core constraints the native engine evaluates, each reading its value nodes as pySHACL does.

A constraint gets a focus node and its value nodes (the focus node itself for a node shape) and
yields one `Violation` per SHACL result. Where SHACL leaves a choice to the engine (which datatypes
are checked for ill-typed values, how literals compare), the choice is pySHACL's, the reference;
`compile.py` refuses the forms where pySHACL departs from the SHACL text (a language range with a
subtag, regex flags other than i and m), so those shapes are validated by pySHACL itself.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple, Protocol

from pyshacl.errors import ReportableRuntimeError
from pyshacl.rdfutil.compare import compare_literal
from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.ontology.rdf import RDF_TYPE
from jxkg.shapes.triples import TripleIndex

__all__ = [
    "ClassConstraint",
    "ClosedConstraint",
    "Conformance",
    "Constraint",
    "DatatypeConstraint",
    "EqualsConstraint",
    "InConstraint",
    "LanguageInConstraint",
    "LessThanOrEqualsConstraint",
    "MaxCountConstraint",
    "MinCountConstraint",
    "OrConstraint",
    "PatternConstraint",
    "QualifiedCountConstraint",
    "RangeConstraint",
    "UniqueLangConstraint",
    "Violation",
]


class Violation(NamedTuple):
    value: Node | None  # sh:value, None when the result has none (counts, unique languages)
    component: URIRef
    path: Node | None = None  # a result path of its own (sh:closed names the offending predicate)


class Conformance(Protocol):
    """A shape used inside a constraint (sh:or, sh:qualifiedValueShape): does a node conform to it?"""

    def conforms(self, data: TripleIndex, node: Node) -> bool: ...


class Constraint(ABC):
    @abstractmethod
    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        """One Violation per result on `focus`, whose value nodes are `values`."""

    def passes(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> bool:
        """True when there is surely no violation; False: ask `violations`. A quick test that saves
        making a generator in the common case, for the constraints checked on every node."""
        return False


# --- value type ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassConstraint(Constraint):
    """sh:class: each value node is an instance of each class, or of a subclass (rdfs:subClassOf*)."""

    classes: tuple[Node, ...]

    def passes(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> bool:
        return not values

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for cls in self.classes:
            for value in values:
                if isinstance(value, Literal) or not any(
                    cls in data.superclasses(t) for t in data.objects(value, RDF_TYPE)
                ):
                    yield Violation(value, SH.ClassConstraintComponent)


# The Python value a well-typed literal of these datatypes has; a literal of any other datatype
# only needs the datatype's IRI (pySHACL's reading of "not an ill-typed literal").
_STRING, _LANG_STRING = XSD.string, RDF.langString  # rdflib makes a new term on each attribute access
_LITERAL, _DATATYPE = RDFS.Literal, RDFS.Datatype
_PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    _STRING: (str, bytes),
    _LANG_STRING: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


@dataclass(frozen=True)
class DatatypeConstraint(Constraint):
    """sh:datatype: a literal of the datatype, not ill-typed (rdfs:Literal: any literal; a plain
    literal is an xsd:string, a tagged one an rdf:langString)."""

    datatype: Node

    def passes(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> bool:
        return all(self.matches(value) for value in values)

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for value in values:
            if not self.matches(value):
                yield Violation(value, SH.DatatypeConstraintComponent)

    def matches(self, value: Node) -> bool:
        if not isinstance(value, Literal):
            return False
        own = value.datatype
        if own is not None and (own is self.datatype or own == self.datatype):
            fits = getattr(value, "ill_typed", None) is not True
        elif self._special is _LITERAL:
            return True
        elif self._special is _DATATYPE:
            return bool(own)
        elif self._special is _STRING:
            fits = own is None and value.language is None
        elif self._special is _LANG_STRING:
            fits = bool(value.language)
        else:
            return False
        return fits and (self._python_type is None or isinstance(value.value, self._python_type))

    @cached_property
    def _special(self) -> Node | None:
        """Which of the datatypes a literal matches without carrying it this one is (compared once)."""
        return next((d for d in (_LITERAL, _DATATYPE, _STRING, _LANG_STRING) if d == self.datatype), None)

    @cached_property
    def _python_type(self) -> type | tuple[type, ...] | None:
        return _PYTHON_TYPES.get(self.datatype)


# --- cardinality -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MinCountConstraint(Constraint):
    least: int

    def passes(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> bool:
        return len(values) >= self.least

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        if len(values) < self.least:
            yield Violation(None, SH.MinCountConstraintComponent)


@dataclass(frozen=True)
class MaxCountConstraint(Constraint):
    most: int

    def passes(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> bool:
        return len(values) <= self.most

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        if len(values) > self.most:
            yield Violation(None, SH.MaxCountConstraintComponent)


# --- value range -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RangeConstraint(Constraint):
    """sh:minInclusive / sh:maxInclusive: literals compared as SPARQL compares them; a string is only
    comparable with a string, and a value that cannot be compared fails."""

    bounds: tuple[Literal, ...]
    minimum: bool  # sh:minInclusive (value >= bound), else sh:maxInclusive (value <= bound)

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        component = SH.MinInclusiveConstraintComponent if self.minimum else SH.MaxInclusiveConstraintComponent
        for bound in self.bounds:
            for value in values:
                if not self._within(value, bound):
                    yield Violation(value, component)

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


# --- string based ----------------------------------------------------------------------------


def _lexical(value: Node) -> str:
    """The string a pattern is matched against: a string literal's value, else its lexical form or IRI."""
    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, _LANG_STRING, _STRING):
        return str(value.value)
    return str(value)


@dataclass(frozen=True)
class PatternConstraint(Constraint):
    patterns: tuple[re.Pattern[str], ...]

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for pattern in self.patterns:
            for value in values:
                if isinstance(value, BNode) or not pattern.search(_lexical(value)):
                    yield Violation(value, SH.PatternConstraintComponent)


@dataclass(frozen=True)
class LanguageInConstraint(Constraint):
    """sh:languageIn with basic ranges of one subtag ("zh") or "*": a tag matches its range or starts
    with the range and a hyphen, whatever the case (SPARQL langMatches)."""

    ranges: frozenset[str]  # lower case

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for value in values:
            if not self._matches(value):
                yield Violation(value, SH.LanguageInConstraintComponent)

    def _matches(self, value: Node) -> bool:
        if not isinstance(value, Literal) or not value.language:
            return False
        tag = str(value.language).lower()
        return "*" in self.ranges or tag in self.ranges or tag.split("-")[0] in self.ranges


@dataclass(frozen=True)
class UniqueLangConstraint(Constraint):
    """sh:uniqueLang true: one result (without a value) per language tag two value nodes share."""

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        seen: set[str] = set()
        repeated: set[str] = set()
        for value in values:
            if isinstance(value, Literal) and value.language:
                tag = str(value.language).lower()
                (repeated if tag in seen else seen).add(tag)
        for _ in repeated:
            yield Violation(None, SH.UniqueLangConstraintComponent)


# --- property pairs --------------------------------------------------------------------------


@dataclass(frozen=True)
class EqualsConstraint(Constraint):
    """sh:equals: the value nodes and the focus node's values of the other property are the same set;
    each node in one and not the other is a result."""

    predicates: tuple[Node, ...]

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
class LessThanOrEqualsConstraint(Constraint):
    """sh:lessThanOrEquals: each value node is <= each of the focus node's values of the other property
    (a string and a non-string never compare)."""

    predicates: tuple[Node, ...]

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for predicate in self.predicates:
            others = list(data.objects(focus, predicate))
            for value in values:
                mine, mine_is_string = _comparable(value, "sh:lessThanOrEquals")
                for other in others:
                    theirs, theirs_is_string = _comparable(other, "sh:lessThanOrEquals")
                    if mine_is_string != theirs_is_string or not mine <= theirs:
                        yield Violation(value, SH.LessThanOrEqualsConstraintComponent)


# --- other -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InConstraint(Constraint):
    members: frozenset[Node]

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

    allowed: frozenset[Node]

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for value in values:
            for predicate, obj in data.predicate_objects(value):
                if predicate not in self.allowed and (predicate, obj) != _ALWAYS_ALLOWED:
                    yield Violation(obj, SH.ClosedConstraintComponent, predicate)


# --- logical and shape-based -----------------------------------------------------------------


@dataclass(frozen=True)
class OrConstraint(Constraint):
    """sh:or: each value node conforms to at least one shape of the list (per sh:or list)."""

    alternatives: tuple[tuple[Conformance, ...], ...]

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for shapes in self.alternatives:
            for value in values:
                if not any(shape.conforms(data, value) for shape in shapes):
                    yield Violation(value, SH.OrConstraintComponent)


@dataclass(frozen=True)
class QualifiedCountConstraint(Constraint):
    """sh:qualifiedValueShape with sh:qualifiedMinCount / sh:qualifiedMaxCount: how many value nodes
    conform to the shape (each shape counted on its own)."""

    shapes: tuple[Conformance, ...]
    least: int | None
    most: int | None

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for shape in self.shapes:
            conforming = sum(1 for value in values if shape.conforms(data, value))
            if self.most is not None and conforming > self.most:
                yield Violation(None, SH.QualifiedMaxCountConstraintComponent)
            if self.least is not None and conforming < self.least:
                yield Violation(None, SH.QualifiedMinCountConstraintComponent)
