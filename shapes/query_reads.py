"""Which predicates a SPARQL query reads: to answer it from a graph holding only those triples.

A triple pattern whose predicate is an IRI (or a property path of IRIs, one or more steps) only
ever matches triples of those IRIs, so a graph cut down to them gives the same solutions. Where a
pattern could match any triple — a variable predicate, a negated property set, a zero-length path
(`p*`, `p?` match every node of the graph), a GRAPH or SERVICE clause, a FROM — the answer is None:
the query needs the whole graph.
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


class _ReadsAnyTripleError(Exception):
    """The query may read any triple."""


def predicates_read(query: Any) -> frozenset[URIRef] | None:
    """The predicates a prepared query's patterns name (`rdflib.plugins.sparql.prepareQuery`),
    or None when it may read any triple."""
    found: set[URIRef] = set()
    try:
        if getattr(query.algebra, "datasetClause", None):
            raise _ReadsAnyTripleError
        _walk(query.algebra, found)
    except _ReadsAnyTripleError:
        return None
    return frozenset(found)


def _walk(part: Any, found: set[URIRef]) -> None:
    if isinstance(part, CompValue):
        if part.name in _WHOLE_GRAPH:
            raise _ReadsAnyTripleError
        for key, value in part.items():
            if key == "triples":
                for triple in value:
                    _predicate(triple[1], found)
            else:
                _walk(value, found)
    elif isinstance(part, (list, tuple)):
        for item in part:
            _walk(item, found)


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
