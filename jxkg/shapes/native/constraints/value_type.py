"""Value type constraint components: sh:class and sh:datatype."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cached_property
from typing import ClassVar

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.ontology.rdf import RDF_TYPE
from jxkg.shapes.native.constraints.base import (
    Constraint,
    ReadWalk,
    ShapeParameters,
    ValueTermConstraint,
    Violation,
)
from jxkg.shapes.triples import TripleIndex

__all__ = ["CLASS_READS", "ClassConstraint", "DatatypeConstraint"]

# what a class check reads of a value: its types, and the class hierarchy (the ontology's, added to
# every index; a neighbour's own subClassOf triples, were there any, too)
CLASS_READS = frozenset({RDF_TYPE, RDFS.subClassOf})


@dataclass(frozen=True)
class ClassConstraint(Constraint):
    """sh:class: each value node is an instance of each class, or of a subclass (rdfs:subClassOf*)."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH["class"],)
    order: ClassVar[int] = 10

    classes: tuple[Node, ...]

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        classes = shape.values(SH["class"])
        if classes:
            yield cls(tuple(shape.iris(SH["class"], classes)))

    def passes(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> bool:
        return not values

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for cls in self.classes:
            for value in values:
                if isinstance(value, Literal) or not any(
                    cls in data.superclasses(t) for t in data.objects(value, RDF_TYPE)
                ):
                    yield Violation(value, SH.ClassConstraintComponent)

    def reads(self, walk: ReadWalk, hops: int, at_values: int) -> None:
        if at_values:
            for predicate in sorted(CLASS_READS):
                walk.add(predicate)


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
class DatatypeConstraint(ValueTermConstraint):
    """sh:datatype: a literal of the datatype, not ill-typed (rdfs:Literal: any literal; a plain
    literal is an xsd:string, a tagged one an rdf:langString)."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH.datatype,)
    order: ClassVar[int] = 20

    datatype: Node

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        datatype = shape.one(SH.datatype)
        if datatype is not None:
            yield cls(next(shape.iris(SH.datatype, [datatype])))

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
