"""Records as RDF, for the SHACL gate: each record's triples, and where each subject came from.

`records_to_index` gives the same triples as `records_to_graph` in a TripleIndex, which the native
SHACL engine reads and which costs a fraction of an rdflib Graph to fill. `NodeBlocks` fills the
same index faster when records recur in many indexes (the gate's batches, where each record is a
member once and context for its neighbours' batches several times): each record's triples are
made once, as a SubjectBlock, and added to each index with a few dict operations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, cast

from rdflib import Graph, Literal, URIRef

from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ontology.conventions import JX, entity_iri
from jxkg.ontology.rdf import add_edge, add_node, edge_triple, literal, new_graph, node_triples
from jxkg.ontology.schema import GraphSchema
from jxkg.ontology.terms import PropertySpec
from jxkg.shapes.triples import Singletons, SubjectBlock, TripleIndex, normalize_literal


def records_to_graph(
    nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord], schema: GraphSchema
) -> tuple[Graph, dict[str, str]]:
    """The RDF of the records, and each entity IRI's origin as `file:row` (for the steward's report)."""
    graph = new_graph()
    origins: dict[str, str] = {}
    for node in nodes:
        props = {"id": node.id, **node.properties}
        add_node(graph, schema, node.class_name, node.id, props)
        origins[str(entity_iri(node.id))] = f"{node.source_file}:{node.row}" if node.row else node.source_file
    for edge in edges:
        add_edge(graph, schema, edge.rel_type, edge.start, edge.end)
    return graph, origins


def records_to_index(nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord], schema: GraphSchema) -> TripleIndex:
    """The triples of the records (those of `records_to_graph`), in a TripleIndex."""
    index = TripleIndex()
    for node in nodes:
        props = {"id": node.id, **node.properties}
        for s, p, o in node_triples(schema, node.class_name, node.id, props, _TERMS.iri, _TERMS.literal):
            index.add_normalized(s, p, o)
    for edge in edges:
        index.add_normalized(*edge_triple(schema, edge.rel_type, edge.start, edge.end, _TERMS.iri))
    return index


class NodeBlocks:
    """Node records' triples, each made once (a SubjectBlock) for the indexes of many batches.

    `index(members, edges)` gives `records_to_index(members, edges, schema)`: the same triples, added in
    the same order (tests/shapes/test_subject_blocks.py compares the two), and each member's IRI. A
    batch's context (`index(..., context=ids, records=...)`) is added after its members, and with
    `neighbour_reads` only its triples of those predicates (`jxkg.shapes.validate.neighbour_predicates`:
    what validating the members can read of them), which for most entities is their type alone.

    A context block is kept per entity id (the gate's records come from the staging store, which
    keeps one record per id, fetched anew for each batch: an id, not the object, is what recurs), at
    most `limit` of them; the memo is emptied when full, to bound memory. A member's block is used
    once, in its own batch, and kept only when context blocks are whole records (no
    `neighbour_reads`), which then reuse it. One NodeBlocks per process and run of the gate."""

    def __init__(self, schema: GraphSchema, limit: int, neighbour_reads: frozenset[URIRef] | None = None) -> None:
        self.schema = schema
        self.limit = limit
        # the properties kept of a context record, by name (its type always); None: all of them
        self._context_names = None if neighbour_reads is None else frozenset(_jx_names(neighbour_reads))
        self._blocks: dict[str, SubjectBlock] = {}
        self._singletons = Singletons(limit)
        self._predicates: dict[str, URIRef] = {}  # relationship type -> its predicate

    def block(self, node: NodeRecord) -> SubjectBlock:
        """A member's block: every triple of the record."""
        if self._context_names is None:
            return self._kept(node, None)
        return self._make(node, None, None)

    def known(self, entity_id: str) -> bool:
        """Whether this entity's context block is made already (its record need not be fetched again)."""
        return entity_id in self._blocks

    def index(
        self,
        members: Iterable[NodeRecord],
        edges: Iterable[EdgeRecord],
        *,
        context: Iterable[str] = (),
        records: Mapping[str, NodeRecord] | None = None,
    ) -> tuple[TripleIndex, list[URIRef]]:
        """The members' triples, then those of the context (ids; the records of those not `known`
        in `records`) and the edges; and the IRI of each member (in order) as the index holds it."""
        index = TripleIndex()
        subjects: list[URIRef] = []
        by_id: dict[str, URIRef] = {}
        # the blocks known now, before making any empties a full memo: the caller read only the others
        known = [(entity_id, self._blocks.get(entity_id)) for entity_id in context]
        for node in members:
            block = self.block(node)
            index.add_block(block)
            subject = cast(URIRef, block.subject)
            subjects.append(subject)
            by_id[node.id] = subject
        for entity_id, found in known:
            block = found or self._kept((records or {})[entity_id], self._context_names)
            index.add_block(block)
            by_id[entity_id] = cast(URIRef, block.subject)
        iri = _batch_iri(by_id)
        for edge in edges:
            predicate = self._predicates.get(edge.rel_type)
            if predicate is None:
                predicate = self._predicates[edge.rel_type] = edge_triple(
                    self.schema, edge.rel_type, edge.start, edge.end, iri
                )[1]
            index.add_normalized(iri(edge.start), predicate, iri(edge.end))
        return index, subjects

    def _kept(self, node: NodeRecord, names: frozenset[str] | None) -> SubjectBlock:
        found = self._blocks.get(node.id)
        if found is not None:
            return found
        block = self._make(node, names, self._singletons)
        if len(self._blocks) >= self.limit:
            self._blocks.clear()
        self._blocks[node.id] = block
        return block

    def _make(self, node: NodeRecord, names: frozenset[str] | None, singletons: Singletons | None) -> SubjectBlock:
        props = {"id": node.id, **node.properties}
        if names is not None:
            props = {name: value for name, value in props.items() if name in names}
        triples = list(node_triples(self.schema, node.class_name, node.id, props, _TERMS.iri, _TERMS.literal))
        return SubjectBlock(triples[0][0], [(p, o) for _, p, o in triples], singletons)


def _jx_names(predicates: Iterable[URIRef]) -> Iterator[str]:
    """The property names of the jx: predicates among `predicates`."""
    prefix = str(JX)
    for predicate in predicates:
        text = str(predicate)
        if text.startswith(prefix):
            yield text[len(prefix) :]


def _batch_iri(subjects: dict[str, URIRef]) -> Callable[[str], URIRef]:
    """An entity's IRI: the very term of its block when it has one here (dicts then match by identity)."""

    def iri(entity_id: str) -> URIRef:
        found = subjects.get(entity_id)
        return found if found is not None else _TERMS.iri(entity_id)

    return iri


class _Terms:
    """Entity IRIs and literals, each made once and reused (by this process's later batches too:
    an entity is context in several). Making rdflib terms is most of the cost of filling an index,
    and one object per term lets its dicts match keys by identity. Both are pure functions of the
    key, so sharing is safe; each memo is emptied when it reaches `limit` entries, to bound memory."""

    _RECURRING = (str, int, bool)  # values whose type and == tell their literal apart (not 1.0 / 1.00)

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._iris: dict[str, URIRef] = {}
        self._literals: dict[tuple[str, str, type, Any], Literal] = {}

    def iri(self, entity_id: str) -> URIRef:
        found = self._iris.get(entity_id)
        if found is None:
            if len(self._iris) >= self.limit:
                self._iris.clear()
            found = self._iris[entity_id] = entity_iri(entity_id)
        return found

    def literal(self, spec: PropertySpec, value: Any) -> Literal:
        """`literal(spec, value)`, normalized as TripleIndex.add would."""
        if type(value) not in self._RECURRING:
            return normalize_literal(literal(spec, value))
        key = (spec.name, spec.datatype, type(value), value)  # what `literal` reads of the spec
        found = self._literals.get(key)
        if found is None:
            if len(self._literals) >= self.limit:
                self._literals.clear()
            found = self._literals[key] = normalize_literal(literal(spec, value))
        return found


_TERMS = _Terms(limit=200_000)
