"""Provenance as a structure (issue 29, item 4): a fact's stored `source` (file#section) read as the
SourceDocument it names and the Passage of that section whose text holds its quote, so that an
answer joins the document and the passage by id, on both engines. Expectations come from
data/curated (the passages and documents written by hand), read here directly."""

from __future__ import annotations

import csv
from pathlib import Path

from jxkg.ontology.schema import load_schema
from jxkg.queries import explore
from jxkg.queries.views import GraphEdge, Provenance
from jxkg.store import GraphStore

SCHEMA = load_schema()
CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"
SCIENCE_CITY = "science-city:赣州稀金科创城"
PLAN = "source-document:江西省“十四五”科技创新规划"


def _rows(relative: str) -> list[dict[str, str]]:
    with (CURATED / relative).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


PASSAGES = {row["id"]: row for row in _rows("nodes/Passage.csv")}
DOCUMENTS = {row["fileName"]: row for row in _rows("nodes/SourceDocument.csv") if row["fileName"]}


def _expected_passage(provenance: Provenance) -> str | None:
    """The first passage (by id) of the fact's section whose text holds its quote, read from the CSV."""
    held = sorted(
        pid
        for pid, row in PASSAGES.items()
        if row["source"] == provenance.source and provenance.quote and provenance.quote in row["quote"]
    )
    return held[0] if held else None


def _check(edge: GraphEdge, store: GraphStore) -> None:
    provenance = edge.provenance
    assert provenance.source
    file, _, section = provenance.source.partition("#")
    assert provenance.section == (section.strip() or None)
    document = DOCUMENTS.get(file)
    if document is None:
        assert provenance.document is None, edge.id
    else:
        assert provenance.document is not None, edge.id
        assert provenance.document.id == document["id"]
        assert provenance.document.title_zh == (document["title"] or document["nameZh"])
        assert provenance.document.number == (document["docNumber"] or None)
        assert provenance.document.date == (document["issuedOn"] or None)
    assert provenance.passage_id == _expected_passage(provenance), edge.id
    if provenance.passage_id is not None:  # the id is a node of the graph: the answer joins it
        passage = explore.entity(store, SCHEMA, provenance.passage_id)
        assert passage.node.type == "Passage"
        assert provenance.quote and provenance.quote in str(passage.properties["quote"])


def test_a_neighbourhood_cites_each_fact_by_document_and_passage(curated_store: GraphStore) -> None:
    graph = explore.neighbours(curated_store, SCHEMA, SCIENCE_CITY, limit=200)
    cited = [edge for edge in graph.edges if edge.provenance.source]
    assert cited, "the science city's links quote their documents"
    assert any(edge.provenance.passage_id for edge in cited)
    for edge in cited:
        _check(edge, curated_store)


def test_the_plan_is_cited_by_title_number_and_date(curated_store: GraphStore) -> None:
    graph = explore.neighbours(curated_store, SCHEMA, SCIENCE_CITY, limit=200)
    plans = [edge.provenance.document for edge in graph.edges if edge.provenance.document]
    plan = next(document for document in plans if document.id == PLAN)
    assert (plan.title_zh, plan.number, plan.date) == ("江西省“十四五”科技创新规划", "赣府发〔2021〕22号", "2021-10-15")


def test_a_reference_that_is_no_document_cites_none(curated_store: GraphStore) -> None:
    """GB/T 2260 (the administrative division codes) is a reference, not a document of the graph."""
    (row,) = [r for r in _rows("edges/PART_OF.csv") if r["source"] == "GB/T 2260"][:1]
    graph = explore.subgraph(curated_store, SCHEMA, [row["start"], row["end"]])
    (edge,) = [e for e in graph.edges if e.provenance.source == "GB/T 2260"]
    assert edge.provenance.document is None and edge.provenance.passage_id is None and edge.provenance.section is None


def test_paths_and_an_entity_cite_as_the_neighbourhood_does(curated_store: GraphStore) -> None:
    institute = "research-institute:中国科学院赣江创新研究院"
    found = explore.paths(curated_store, SCHEMA, SCIENCE_CITY, institute, max_hops=3)
    edges = [edge for path in found.paths for edge in path.edges if edge.provenance.source]
    assert edges
    for edge in edges:
        _check(edge, curated_store)
    detail = explore.entity(curated_store, SCHEMA, SCIENCE_CITY)
    provenance = detail.node.provenance
    assert provenance.section == "第二章 第二节"
    assert provenance.document is not None and provenance.document.id == PLAN
    assert provenance.passage_id == _expected_passage(provenance) == "passage:000_d24e6e608ec2dcda.txt#第二章第二节"


def test_a_search_result_cites_as_the_neighbourhood_does(curated_store: GraphStore) -> None:
    (result,) = explore.search(curated_store, SCHEMA, "赣州稀金科创城", limit=1)
    provenance = result.node.provenance
    assert provenance.document is not None and provenance.document.id == PLAN
    assert provenance.passage_id == _expected_passage(provenance)
