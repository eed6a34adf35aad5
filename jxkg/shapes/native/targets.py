"""A shape's targets: the focus nodes it validates on its own."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from rdflib import RDFS
from rdflib.query import ResultRow
from rdflib.term import Node

from jxkg.ontology.rdf import RDF_TYPE
from jxkg.shapes.triples import TripleIndex

__all__ = ["SparqlTarget", "Targets"]

_SUBCLASS_OF = RDFS.subClassOf


@dataclass(frozen=True)
class SparqlTarget:
    """A SHACL-AF sh:SPARQLTarget: the ?this of each solution of its query."""

    text: str  # the query as pySHACL runs it (with its PREFIX lines): also the key of its answer
    query: Any  # rdflib's prepared form of `text`
    pattern: tuple[Node, Node] | None = None  # (p, o) of a query that is just `?this p o`

    def nodes(self, data: TripleIndex, only: set[Node] | None = None) -> set[Node]:
        """The ?this of each solution (with `only`, at least those among `only`)."""
        if self.pattern is not None:
            predicate, obj = self.pattern
            if only is not None:
                return {node for node in only if obj in data.objects_of(node, predicate)}
            return set(data.subjects(predicate, obj))
        found: set[Node] = set()
        for row in data.query(self.query):
            this = row.asdict().get("this") if isinstance(row, ResultRow) else None
            if this is not None:
                found.add(this)
        return found


@dataclass(frozen=True)
class Targets:
    nodes: tuple[Node, ...] = ()
    classes: tuple[Node, ...] = ()  # instances of these and of their subclasses
    subjects_of: tuple[Node, ...] = ()
    objects_of: tuple[Node, ...] = ()
    sparql: tuple[SparqlTarget, ...] = ()

    def focus_nodes(
        self, data: TripleIndex, only: set[Node] | None, answers: MutableMapping[str, set[Node]]
    ) -> set[Node]:
        """The targets in `data` (among `only`, when given). `answers` keeps the SPARQL targets'
        answers for the other shapes with the same query (and the same `only`: one call of
        `native_records`)."""
        found: set[Node] = set(self.nodes)
        for cls in self.classes:
            for sub in data.transitive_subjects(_SUBCLASS_OF, cls):
                found.update(data.subjects(RDF_TYPE, sub))
        for predicate in self.subjects_of:
            found |= data.subjects_with(predicate) if only is None else data.subjects_among(predicate, only)
        for predicate in self.objects_of:
            found.update(data.objects(None, predicate))
        for target in self.sparql:
            if target.text not in answers:
                answers[target.text] = target.nodes(data, only)
            found |= answers[target.text]
        return found if only is None else found & only
