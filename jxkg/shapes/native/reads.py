"""What validating a focus node reads of the nodes it links to: which of their predicates.

A batch of the ingest gate holds its entities and, as context, the entities they link to. The
compiled shapes read little of those neighbours: their rdf:type (sh:class), the predicates of a
shape checked on them (a property shape's own sh:property, a shape inside sh:or or
sh:qualifiedValueShape), what a property-pair constraint reads next to a value, and what a SPARQL
query names. `neighbour_reads` collects them, so a batch can hold just those triples of its
context. Where it cannot tell — sh:closed on a neighbour (it reads every predicate), a constraint
this module does not know, a query that may read any triple — the answer is None: every triple.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDFS, URIRef, Variable

from jxkg.ontology.rdf import RDF_TYPE
from jxkg.shapes.native.compile import CompiledShapes
from jxkg.shapes.native.constraints import (
    ClassConstraint,
    ClosedConstraint,
    Constraint,
    DatatypeConstraint,
    EqualsConstraint,
    InConstraint,
    LanguageInConstraint,
    LessThanOrEqualsConstraint,
    MaxCountConstraint,
    MinCountConstraint,
    OrConstraint,
    PatternConstraint,
    QualifiedCountConstraint,
    RangeConstraint,
    UniqueLangConstraint,
)
from jxkg.shapes.native.shape import ShapeCheck
from jxkg.shapes.query_reads import predicates_read

__all__ = ["neighbour_reads", "queries_read"]

# constraints that read only the value terms they are given, nothing of the graph
_ON_VALUES_ONLY = (
    DatatypeConstraint,
    InConstraint,
    LanguageInConstraint,
    MaxCountConstraint,
    MinCountConstraint,
    PatternConstraint,
    RangeConstraint,
    UniqueLangConstraint,
)
# what a class check reads of a value: its types, and the class hierarchy (the ontology's, added to
# every index; a neighbour's own subClassOf triples, were there any, too)
_CLASS_READS = frozenset({RDF_TYPE, RDFS.subClassOf})


class _ReadsEverythingError(Exception):
    """A check may read any predicate of a neighbour."""


def neighbour_reads(compiled: CompiledShapes) -> frozenset[URIRef] | None:
    """The predicates the compiled shapes may read of a node one hop or more from a focus node
    (rdf:type always among them), or None when that cannot be told (any shape left to pySHACL)."""
    if compiled.fallback:
        return None
    found: set[URIRef] = set(_CLASS_READS)
    try:
        for top in compiled.native:
            _walk(top.shape, 0, found)
            for target in top.targets.sparql:
                _add_query(target.query, found)
    except _ReadsEverythingError:
        return None
    return frozenset(found)


def queries_read(queries: Iterable[object]) -> frozenset[URIRef] | None:
    """The predicates the prepared SPARQL queries read at nodes other than ?this (their results are
    kept for focus nodes only); None when one may read any triple."""
    found: set[URIRef] = set()
    try:
        for query in queries:
            _add_query(query, found)
    except _ReadsEverythingError:
        return None
    return frozenset(found)


_THIS = Variable("this")


def _add_query(query: object, found: set[URIRef]) -> None:
    # what is read at ?this is read at a focus node: results on other nodes are not kept
    read = predicates_read(query, beyond=_THIS)
    if read is None:
        raise _ReadsEverythingError
    found |= read


def _walk(check: ShapeCheck, hops: int, found: set[URIRef]) -> None:
    """`check` evaluated at a node `hops` away from the focus node: what it reads there and at its
    values. The compiled shapes are a tree: compile.py leaves a recursive shape to pySHACL."""
    at_values = hops
    if check.path is not None:
        if hops:
            _add(found, check.path.predicate)
        at_values = hops + 1
    for constraint in check.constraints:
        _constraint(constraint, hops, at_values, found)
    for prop in check.properties:
        _walk(prop, at_values, found)


def _constraint(constraint: Constraint, hops: int, at_values: int, found: set[URIRef]) -> None:
    if isinstance(constraint, _ON_VALUES_ONLY):
        return
    if isinstance(constraint, ClassConstraint):
        if at_values:
            found |= _CLASS_READS
    elif isinstance(constraint, (EqualsConstraint, LessThanOrEqualsConstraint)):
        if hops:  # the other property is read at the node the shape is checked on
            for predicate in constraint.predicates:
                _add(found, predicate)
    elif isinstance(constraint, ClosedConstraint):
        if at_values:
            raise _ReadsEverythingError
    elif isinstance(constraint, OrConstraint):
        for shapes in constraint.alternatives:
            for shape in shapes:
                _nested(shape, at_values, found)
    elif isinstance(constraint, QualifiedCountConstraint):
        for shape in constraint.shapes:
            _nested(shape, at_values, found)
    else:  # a constraint this walk does not know: assume it reads anything
        raise _ReadsEverythingError


def _nested(shape: object, hops: int, found: set[URIRef]) -> None:
    if not isinstance(shape, ShapeCheck):
        raise _ReadsEverythingError
    _walk(shape, hops, found)


def _add(found: set[URIRef], predicate: object) -> None:
    if not isinstance(predicate, URIRef):
        raise _ReadsEverythingError
    found.add(predicate)
