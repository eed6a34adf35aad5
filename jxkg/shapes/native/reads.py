"""What validating a focus node reads of the nodes it links to: which of their predicates.

A batch of the ingest gate holds its entities and, as context, the entities they link to. The
compiled shapes read little of those neighbours: their rdf:type (sh:class), the predicates of a
shape checked on them (a property shape's own sh:property, a shape inside sh:or or
sh:qualifiedValueShape), what a property-pair constraint reads next to a value, and what a SPARQL
query names. `neighbour_reads` collects them, so a batch can hold just those triples of its
context: each constraint says what it reads (`Constraint.reads`). Where that cannot be told —
sh:closed on a neighbour (it reads every predicate), a constraint that does not say, a query that
may read any triple — the answer is None: every triple.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

from rdflib import URIRef, Variable
from rdflib.term import Node

from jxkg.shapes.native.compile import CompiledShapes
from jxkg.shapes.native.constraints import CLASS_READS, Conformance
from jxkg.shapes.native.shape import ShapeCheck
from jxkg.shapes.query_reads import predicates_read

__all__ = ["neighbour_reads", "queries_read"]


class _ReadsEverythingError(Exception):
    """A check may read any predicate of a neighbour."""


def neighbour_reads(compiled: CompiledShapes) -> frozenset[URIRef] | None:
    """The predicates the compiled shapes may read of a node one hop or more from a focus node
    (rdf:type always among them), or None when that cannot be told (any shape left to pySHACL)."""
    if compiled.fallback:
        return None
    walk = _Walk()
    try:
        for top in compiled.native:
            walk.shape(top.shape, 0)
            for target in top.targets.sparql:
                _add_query(target.query, walk.found)
    except _ReadsEverythingError:
        return None
    return frozenset(walk.found)


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


class _Walk:
    """Goes down the compiled shapes, asking each constraint what it reads (`Constraint.reads`:
    the `ReadWalk` it is given is this). The compiled shapes are a tree: compile.py leaves a
    recursive shape to pySHACL."""

    def __init__(self) -> None:
        self.found: set[URIRef] = set(CLASS_READS)

    def shape(self, check: ShapeCheck, hops: int) -> None:
        """`check` evaluated at a node `hops` away from the focus node: what it reads there and at
        its values."""
        at_values = hops
        if check.path is not None:
            if hops:
                self.add(check.path.predicate)
            at_values = hops + 1
        for constraint in check.constraints:
            constraint.reads(self, hops, at_values)
        for prop in check.properties:
            self.shape(prop, at_values)

    def add(self, predicate: Node) -> None:
        if not isinstance(predicate, URIRef):
            raise _ReadsEverythingError
        self.found.add(predicate)

    def everything(self) -> NoReturn:
        raise _ReadsEverythingError

    def nested(self, shape: Conformance, hops: int) -> None:
        if not isinstance(shape, ShapeCheck):
            raise _ReadsEverythingError
        self.shape(shape, hops)
