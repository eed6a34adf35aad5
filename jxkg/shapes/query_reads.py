"""Which predicates a SPARQL query reads: to answer it from a graph holding only those triples.

A triple pattern whose predicate is an IRI (or a property path of IRIs, one or more steps) only
ever matches triples of those IRIs, so a graph cut down to them gives the same solutions. Where a
pattern could match any triple — a variable predicate, a negated property set, a zero-length path
(`p*`, `p?` match every node of the graph), a GRAPH or SERVICE clause, a FROM — the answer is None:
the query needs the whole graph.

`predicates_read(query, beyond=?this)` leaves out what is read only at the node bound to `?this`:
a pattern `?this p ?o` (p an IRI or alternatives of IRIs), which reads triples of `?this` alone.
The answer is what the query reads of other nodes, when only its solutions for some `?this` are
kept (the SHACL gate keeps those for a batch's own entities, and holds its other nodes in part).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import BNode, URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

__all__ = ["predicates_read", "single_pattern"]

_WHOLE_GRAPH = frozenset({"Graph", "GraphGraphPattern", "ServiceGraphPattern"})
_SUBQUERY = "ToMultiSet"  # a sub-select: its variables are its own unless projected


class _ReadsAnyTripleError(Exception):
    """The query may read any triple."""


def predicates_read(query: Any, *, beyond: Variable | None = None) -> frozenset[URIRef] | None:
    """The predicates a prepared query's patterns name (`rdflib.plugins.sparql.prepareQuery`),
    or None when it may read any triple. With `beyond`, those read at nodes other than the one
    bound to that variable (see above)."""
    found: set[URIRef] = set()
    try:
        if getattr(query.algebra, "datasetClause", None):
            raise _ReadsAnyTripleError
        _walk(query.algebra, found, beyond)
    except _ReadsAnyTripleError:
        return None
    return frozenset(found)


def _walk(part: Any, found: set[URIRef], beyond: Variable | None) -> None:
    if isinstance(part, CompValue):
        if part.name in _WHOLE_GRAPH:
            raise _ReadsAnyTripleError
        if part.name == _SUBQUERY and beyond is not None and beyond not in _projected(part.p):
            beyond = None  # the sub-select's own variable of that name
        for key, value in part.items():
            if key == "triples":
                for subject, predicate, _ in value:
                    if beyond is None or subject != beyond or not _one_step(predicate):
                        _predicate(predicate, found)
            else:
                _walk(value, found, beyond)
    elif isinstance(part, (list, tuple)):
        for item in part:
            _walk(item, found, beyond)


def _projected(part: Any) -> list[Variable]:
    """The variables a sub-select projects (under its DISTINCT, ORDER BY, LIMIT...)."""
    while isinstance(part, CompValue) and part.name != "Project":
        part = part.get("p")
    return list(part.PV) if isinstance(part, CompValue) else []


def _one_step(predicate: Node | Path) -> bool:
    """A predicate read at the pattern's subject only: an IRI, or alternatives of IRIs."""
    if isinstance(predicate, AlternativePath):
        return all(isinstance(arg, URIRef) for arg in predicate.args)
    return isinstance(predicate, URIRef)


def _predicate(predicate: Node | Path, found: set[URIRef]) -> None:
    if isinstance(predicate, URIRef):
        found.add(predicate)
    elif isinstance(predicate, InvPath):
        _predicate(predicate.arg, found)
    elif isinstance(predicate, (SequencePath, AlternativePath)):
        _predicates(predicate.args, found)
    elif isinstance(predicate, MulPath) and predicate.mod == "+":
        _predicate(predicate.path, found)
    else:  # a variable, a negated property set, p* or p? (zero-length: any node matches)
        raise _ReadsAnyTripleError


def _predicates(predicates: Iterable[Node | Path], found: set[URIRef]) -> None:
    for predicate in predicates:
        _predicate(predicate, found)


def single_pattern(query: Any) -> tuple[URIRef, Node] | None:
    """(p, o) when the query is `SELECT [DISTINCT] ?this WHERE { ?this p o }` with p an IRI and o a
    constant: its answer is then the subjects of p o, no SPARQL engine needed."""
    algebra = query.algebra
    if algebra.name != "SelectQuery" or algebra.get("datasetClause"):
        return None
    part = algebra.p
    if part.name == "Distinct":
        part = part.p
    if part.name != "Project" or list(part.PV) != [_THIS] or part.p.name != "BGP" or len(part.p.triples) != 1:
        return None
    subject, predicate, obj = part.p.triples[0]
    if subject != _THIS or not isinstance(predicate, URIRef) or isinstance(obj, (Variable, BNode)):
        return None
    return predicate, obj


_THIS = Variable("this")
