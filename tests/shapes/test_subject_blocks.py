"""The gate's fast fill of a TripleIndex (each record's triples made once, `NodeBlocks`, and added to
every batch's index as a `SubjectBlock`) gives the very index `records_to_index` gives triple by
triple: the same triples, in the same order in every one of its dicts, however often a record recurs,
and however the memo is emptied on the way. What validation reads therefore cannot differ."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.term import Node

from jxkg.ingest.gate.to_rdf import NodeBlocks, records_to_index
from jxkg.ingest.pipeline import drop_duplicates
from jxkg.ingest.read.curated import read_curated
from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ontology.conventions import JX, entity_iri
from jxkg.ontology.rdf import RDF_TYPE
from jxkg.ontology.schema import load_schema
from jxkg.shapes.triples import SubjectBlock, TripleIndex
from jxkg.shapes.validate import neighbour_predicates
from jxkg.synthetic.province import generate

CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"


def layout(index: TripleIndex) -> tuple[object, ...]:
    """Everything a reader of the index can tell apart, in order: each triple, the subjects of each
    predicate, the subjects of each (predicate, non-literal object), the size."""
    triples = list(index.triples())
    predicates = list(dict.fromkeys(p for _, p, _ in triples))
    by_predicate = [(p, list(index.subjects(p))) for p in predicates]
    by_object = [
        (p, o, list(index.subjects_of(o, p)))
        for p, o in dict.fromkeys((p, o) for _, p, o in triples if not isinstance(o, Literal))
    ]
    typed = [(s, p, o, type(o.value) if isinstance(o, Literal) else None) for s, p, o in triples]
    return typed, by_predicate, by_object, len(index)


def _batches(nodes: Sequence[NodeRecord], edges: Sequence[EdgeRecord], size: int):  # type: ignore[no-untyped-def]
    """Overlapping slices, as the gate's batches overlap (a record is a member once, context often)."""
    for start in range(0, len(nodes), size):
        members = list(nodes[start : start + 2 * size])  # each record in two batches
        ids = {n.id for n in members}
        yield members, [e for e in edges if e.start in ids or e.end in ids]


@pytest.mark.parametrize("limit", [10**6, 37], ids=["memo kept", "memo emptied on the way"])
def test_blocks_give_the_index_records_to_index_gives(tmp_path: Path, limit: int) -> None:
    schema = load_schema()
    generate(tmp_path, scale=0.003, seed=5, curated=CURATED, bad_fraction=0.1)
    read = drop_duplicates(read_curated(tmp_path, schema))
    nodes = [*read.nodes, read.nodes[3]]  # one record twice: merged, triple by triple
    edges = [*read.edges, EdgeRecord("LOCATED_IN", read.nodes[0].id, "no-such-entity", {}, "x.csv", 1)]
    blocks = NodeBlocks(schema, limit)
    compared = 0
    for members, links in _batches(nodes, edges, 97):
        index, subjects = blocks.index(members, links)
        assert layout(index) == layout(records_to_index(members, links, schema))
        assert subjects == [entity_iri(n.id) for n in members]
        compared += 1
    assert compared > 5


def test_an_index_copies_a_blocks_objects_before_changing_them() -> None:
    subject = entity_iri("a")
    name = Literal("甲", lang="zh")
    block = SubjectBlock(subject, [(RDF_TYPE, JX.Person), (JX.nameZh, name)])
    first, second = TripleIndex(), TripleIndex()
    first.add_block(block)
    second.add_block(block)
    other: Node = Literal("乙", lang="zh")
    first.add_normalized(subject, JX.nameZh, other)
    first.add_normalized(subject, JX.nameZh, name)  # already there: nothing changes
    assert list(first.objects(subject, JX.nameZh)) == [name, other]
    assert list(second.objects(subject, JX.nameZh)) == [name]
    assert list(block.pairs()) == [(RDF_TYPE, JX.Person), (JX.nameZh, name)]
    assert len(first) == 3 and len(second) == 2
    third = TripleIndex()
    third.add_normalized(subject, JX.note, Literal("x"))
    third.add_block(block)  # a subject already there: merged triple by triple
    assert len(third) == 3
    assert set(third.subjects(RDF_TYPE, URIRef(str(JX.Person)))) == {subject}


@pytest.mark.parametrize("limit", [10**6, 37], ids=["memo kept", "memo emptied on the way"])
def test_a_batchs_context_holds_what_validation_reads_of_neighbours(tmp_path: Path, limit: int) -> None:
    """With `neighbour_reads`, a context entity brings its triples of those predicates only (its type,
    a unit, a code), made once per process; its record is needed only the first time."""
    schema = load_schema()
    generate(tmp_path, scale=0.003, seed=5, curated=CURATED)
    read = drop_duplicates(read_curated(tmp_path, schema))
    by_id = {n.id: n for n in read.nodes}
    reads = neighbour_predicates()
    assert reads is not None
    blocks = NodeBlocks(schema, limit, reads)
    size = 97
    fetched = 0
    for start in range(0, len(read.nodes), size):
        members = read.nodes[start : start + size]
        ids = {n.id for n in members}
        links = [e for e in read.edges if e.start in ids or e.end in ids]
        context = sorted({end for e in links for end in (e.start, e.end)} - ids)
        records = {i: by_id[i] for i in context if not blocks.known(i)}
        fetched += len(records)
        index, _ = blocks.index(members, links, context=context, records=records)
        expected = set(records_to_index(members, links, schema).triples())
        neighbours = records_to_index([by_id[i] for i in context], [], schema)
        expected |= {(s, p, o) for s, p, o in neighbours.triples() if p in reads}
        assert set(index.triples()) == expected
        assert len(index) == len(expected)
    if limit > len(read.nodes):
        assert fetched <= len(read.nodes)  # each record read once, however many batches it is context in
