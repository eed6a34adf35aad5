"""A light index of RDF triples (subject → predicate → objects, and back), read like an rdflib Graph.

The native SHACL engine (`jxkg.shapes.native`) reads data through it instead of an rdflib Graph:
filling three dicts costs a fraction of what rdflib's store does, and the gate builds one per
batch. It answers the few questions validation asks (`objects`, `subjects`, `value`,
`predicate_objects`, `transitive_*`, `in`) with rdflib's meaning, so the SPARQL-based rules of
`sparql.py` run on either. A SPARQL query is answered by an rdflib Graph holding only the triples
of the predicates the query reads (`query_reads.py`), the whole index when that cannot be told.

Literals are stored as RDF defines them (`normalize_literal`), exactly as the pySHACL runner
rewrites its working graph, so both engines see the same terms.

A subject's triples made once can be added to many indexes as a `SubjectBlock` (`add_block`): the
ingest gate makes each record's block once and adds it to the index of every batch the record is in,
member or context. An index shares the block's sets of objects and copies one before changing it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

import rdflib
from rdflib import RDFS, XSD, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from jxkg.ontology.conventions import JX
from jxkg.ontology.rdf import RDF_TYPE, canonical
from jxkg.shapes.query_reads import predicates_read

__all__ = ["Singletons", "SubjectBlock", "Triple", "TripleIndex", "Triples", "normalize_literal"]

Triple = tuple[Node, Node, Node]
# rdflib makes a new term on each attribute access (RDF.type...): made once here
_STRING = XSD.string
_SUBCLASS_OF = RDFS.subClassOf
_TYPE = RDF_TYPE
_Objects = dict[Node, None]  # an insertion-ordered set, as rdflib's memory store iterates


class _SharedObjects(dict[Node, None]):
    """A set of objects that belongs to a SubjectBlock, and so to every index it was added to: an
    index copies it (into a plain dict) before adding to it."""

    __slots__ = ()


class SubjectBlock:
    """One subject's triples, normalized, made once and added to any number of indexes (`add_block`)
    as if each triple were added in turn (`add_normalized`), at the cost of a few dict operations."""

    __slots__ = ("links", "predicates", "size", "subclass", "subject")

    def __init__(self, subject: Node, pairs: Iterable[tuple[Node, Node]], singletons: Singletons | None = None) -> None:
        """`pairs`: (predicate, object) in the order they would be added, literals normalized. With
        `singletons`, a predicate's one object is held in a set shared with other blocks."""
        predicates: dict[Node, _SharedObjects] = {}
        links: list[tuple[Node, Node]] = []
        size = 0
        for predicate, obj in pairs:
            objects = predicates.get(predicate)
            if objects is None:
                objects = predicates[predicate] = _SharedObjects()
            known = len(objects)
            objects[obj] = None
            if len(objects) == known:
                continue  # a triple already here
            size += 1
            if not isinstance(obj, Literal):
                links.append((predicate, obj))
        if singletons is not None:
            for predicate, objects in predicates.items():
                if len(objects) == 1:
                    predicates[predicate] = singletons.of(objects)
        self.subject = subject
        self.predicates: dict[Node, _Objects] = dict(predicates)
        self.links = tuple(links)  # (predicate, object) of the objects that are not literals, in order
        self.size = size
        self.subclass = _SUBCLASS_OF in predicates

    def pairs(self) -> Iterator[tuple[Node, Node]]:
        for predicate, objects in self.predicates.items():
            for obj in objects:
                yield predicate, obj


class Singletons:
    """One-object sets of SubjectBlocks, one per object (by identity): the blocks of subjects with the
    same object (`rdf:type jx:Person`, `jx:synthetic true`) share one set, not one each. At most
    `limit` of them; emptied when full, to bound memory."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._sets: dict[int, tuple[Node, _SharedObjects]] = {}

    def of(self, objects: _SharedObjects) -> _SharedObjects:
        obj = next(iter(objects))
        found = self._sets.get(id(obj))
        if found is not None and found[0] is obj:
            return found[1]
        if len(self._sets) >= self.limit:
            self._sets.clear()
        self._sets[id(obj)] = (obj, objects)  # the object kept alive with it: its id() stays its own
        return objects


def normalize_literal(term: Literal) -> Literal:
    """The literal rebuilt from its lexical form and datatype when that changes anything: so
    `"x"^^xsd:string` is the plain `"x"` (one term in RDF 1.1, two in rdflib), and a Python float
    behind an xsd:decimal becomes the decimal it stands for."""
    if term.datatype is None:
        return term
    if term.datatype == _STRING:
        return Literal(str(term))
    rebuilt = Literal(str(term), datatype=term.datatype)
    if (
        type(rebuilt.value) is not type(term.value)
        or rebuilt.value != term.value
        or rebuilt.ill_typed != term.ill_typed
    ):
        return rebuilt
    return term


class TripleIndex:
    """A set of triples, indexed both ways. Adding normalizes literals (`normalize_literal`).

    Three dicts: subject → predicate → objects; predicate → subjects; predicate → object → subjects
    for objects that are IRIs or blank nodes. Literals are not indexed by value: rdflib hashes a
    literal in Python, and no rule looks subjects up by a literal often enough to pay for it."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._spo: dict[Node, dict[Node, _Objects]] = {}
        self._ps: dict[Node, dict[Node, None]] = {}
        self._pos: dict[Node, dict[Node, dict[Node, None]]] = {}  # objects that are not literals
        self._size = 0
        self._superclasses: dict[Node, frozenset[Node]] = {}
        self._projections: dict[frozenset[URIRef] | None, rdflib.Graph] = {}  # for SPARQL queries
        self.add_all(triples)

    @classmethod
    def from_graph(cls, graph: rdflib.Graph) -> TripleIndex:
        return cls(graph.triples((None, None, None)))

    # --- filling ---------------------------------------------------------------------------------

    def add(self, subject: Node, predicate: Node, obj: Node) -> None:
        self.add_normalized(subject, predicate, normalize_literal(obj) if isinstance(obj, Literal) else obj)

    def add_normalized(self, subject: Node, predicate: Node, obj: Node) -> None:
        """`add`, for a literal the caller has normalized already (`normalize_literal`)."""
        by_predicate = self._spo.get(subject)
        if by_predicate is None:
            by_predicate = self._spo[subject] = {}
        objects = by_predicate.get(predicate)
        if objects is None:
            objects = by_predicate[predicate] = {}
            subjects = self._ps.get(predicate)
            if subjects is None:
                self._ps[predicate] = {subject: None}
            else:
                subjects[subject] = None
        elif type(objects) is _SharedObjects:
            if obj in objects:
                return  # a triple already here
            objects = by_predicate[predicate] = dict(objects)  # a block's: this index's own copy first
        known = len(objects)
        objects[obj] = None
        if len(objects) == known:
            return  # a triple already here (one hash of the object, not two)
        if not isinstance(obj, Literal):
            by_object = self._pos.get(predicate)
            if by_object is None:
                by_object = self._pos[predicate] = {}
            linked = by_object.get(obj)
            if linked is None:
                by_object[obj] = {subject: None}
            else:
                linked[subject] = None
        self._size += 1
        # what was worked out from the triples is now out of date (tested first: cheap while empty)
        if self._superclasses and predicate == _SUBCLASS_OF:
            self._superclasses.clear()
        if self._projections:
            self._projections.clear()

    def add_all(self, triples: Iterable[Triple]) -> None:
        for s, p, o in triples:
            self.add(s, p, o)

    def add_block(self, block: SubjectBlock) -> None:
        """Each triple of `block`, as `add_normalized` would add them in turn (the same index, in the
        same order), sharing the block's sets of objects until one must change."""
        subject = block.subject
        if subject in self._spo:  # rare (a record twice): merge triple by triple
            for predicate, obj in block.pairs():
                self.add_normalized(subject, predicate, obj)
            return
        self._spo[subject] = block.predicates.copy()
        ps = self._ps
        for predicate in block.predicates:
            subjects = ps.get(predicate)
            if subjects is None:
                ps[predicate] = {subject: None}
            else:
                subjects[subject] = None
        pos = self._pos
        for predicate, obj in block.links:
            by_object = pos.get(predicate)
            if by_object is None:
                pos[predicate] = {obj: {subject: None}}
                continue
            linked = by_object.get(obj)
            if linked is None:
                by_object[obj] = {subject: None}
            else:
                linked[subject] = None
        self._size += block.size
        if self._superclasses and block.subclass:
            self._superclasses.clear()
        if self._projections:
            self._projections.clear()

    # --- reading, as rdflib.Graph reads ----------------------------------------------------------

    def __len__(self) -> int:
        return self._size

    def __contains__(self, triple: tuple[Node, Node, Node | None]) -> bool:
        s, p, o = triple
        objects = self._spo.get(s, {}).get(p)
        if not objects:
            return False
        return o is None or o in objects

    def triples(self) -> Iterator[Triple]:
        for s, by_predicate in self._spo.items():
            for p, objects in by_predicate.items():
                for o in objects:
                    yield s, p, o

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        """The objects of `subject`'s `predicate`; with no subject, every object of `predicate` (once)."""
        if predicate is None:
            raise ValueError("TripleIndex.objects needs a predicate")
        if subject is not None:
            yield from self._spo.get(subject, {}).get(predicate, ())
            return
        seen: set[Node] = set()
        for s in self._ps.get(predicate, ()):
            for o in self._spo[s][predicate]:
                if o not in seen:
                    seen.add(o)
                    yield o

    def objects_of(self, subject: Node, predicate: Node) -> Collection[Node]:
        """The objects of `subject`'s `predicate`, as a read-only collection (the fast `objects`)."""
        by_predicate = self._spo.get(subject)
        if by_predicate is None:
            return ()
        return by_predicate.get(predicate, {}).keys()

    def subjects_of(self, obj: Node, predicate: Node) -> Collection[Node]:
        """The subjects with `predicate` `obj`, as a read-only collection (the fast `subjects`)."""
        if isinstance(obj, Literal):
            return [s for s in self._ps.get(predicate, ()) if obj in self._spo[s][predicate]]
        return self._pos.get(predicate, {}).get(obj, {}).keys()

    def subjects(self, predicate: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        """The subjects with `predicate` `obj`; with no object, every subject of `predicate` (once)."""
        if predicate is None:
            raise ValueError("TripleIndex.subjects needs a predicate")
        yield from self._ps.get(predicate, ()) if obj is None else self.subjects_of(obj, predicate)

    def subjects_with(self, predicate: Node) -> set[Node]:
        return set(self._ps.get(predicate, ()))

    def subjects_among(self, predicate: Node, nodes: set[Node]) -> set[Node]:
        """`subjects_with(predicate) & set(nodes)`, going through the smaller of the two."""
        subjects = self._ps.get(predicate)
        if not subjects:
            return set()
        if len(nodes) < len(subjects):
            return {node for node in nodes if node in subjects}
        return {subject for subject in subjects if subject in nodes}

    def own_nodes(self, nodes: set[Node]) -> set[Node]:
        """`nodes`, those that are subjects here as the very objects this index holds: sets and dicts
        of them then match by identity, not by rdflib's (slow) __eq__."""
        own = {s for s in self._spo if s in nodes}
        return own | (nodes - own)

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        for p, objects in self._spo.get(subject, {}).items():
            for o in objects:
                yield p, o

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of `subject`'s `predicate` (the first added), or None."""
        return next(iter(self._spo.get(subject, {}).get(predicate, ())), None)

    def transitive_objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        """`subject`, then everything reached from it by `predicate` links (each once)."""
        yield from _reach(subject, lambda n: self.objects_of(n, predicate))

    def transitive_subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        """`obj`, then everything that reaches it by `predicate` links (each once)."""
        yield from _reach(obj, lambda n: self.subjects_of(n, predicate))

    def superclasses(self, cls: Node) -> frozenset[Node]:
        """`cls` and every class it is an rdfs:subClassOf, directly or not (remembered)."""
        found = self._superclasses.get(cls)
        if found is None:
            found = self._superclasses[cls] = frozenset(
                canonical(c) if isinstance(c, URIRef) else c for c in self.transitive_objects(cls, _SUBCLASS_OF)
            )
        return found

    def entities(self) -> int:
        """Nodes typed with a class of the jx: namespace."""
        typed = self._pos.get(_TYPE, {})
        return len({s for o, subjects in typed.items() if isinstance(o, URIRef) and o.startswith(JX) for s in subjects})

    # --- as an rdflib Graph ----------------------------------------------------------------------

    def to_graph(self, predicates: Iterable[Node] | None = None) -> rdflib.Graph:
        """The triples in an rdflib Graph; only those of `predicates` when given."""
        graph = rdflib.Graph()
        if predicates is None:
            for triple in self.triples():
                graph.add(triple)
            return graph
        for p in set(predicates):
            for s in self._ps.get(p, ()):
                for o in self._spo[s][p]:
                    graph.add((s, p, o))
        return graph

    def query(self, query: Any) -> Result:
        """A prepared SPARQL query's answer over these triples (from a graph of only the triples it reads,
        kept for the next query that reads the same)."""
        predicates = predicates_read(query)
        graph = self._projections.get(predicates)
        if graph is None:
            graph = self._projections[predicates] = self.to_graph(predicates)
        return graph.query(query)


def _reach(start: Node, step: Callable[[Node], Iterable[Node]]) -> Iterator[Node]:
    seen = {start}
    pending = [start]
    yield start
    while pending:
        node = pending.pop()
        for following in step(node):
            if following not in seen:
                seen.add(following)
                pending.append(following)
                yield following


# what the SPARQL-based rules read (sparql.py): an rdflib Graph or a TripleIndex
Triples = rdflib.Graph | TripleIndex
