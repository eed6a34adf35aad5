"""The explorer's reads on the curated data, on both engines: search, entity, neighbours, paths.

Expectations come from the documents and data/curated, written by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from jxkg.errors import NotFoundError, ParameterError, UnknownNameError
from jxkg.ontology.schema import load_schema
from jxkg.queries import explore
from jxkg.store import GraphStore

SCHEMA = load_schema()
GANZHOU_CITY = "science-city:赣州稀金科创城"
GANJIANG_INSTITUTE = "research-institute:中国科学院赣江创新研究院"


def _ids(results: list[explore.SearchResult]) -> list[str]:
    return [r.node.id for r in results]


def test_a_chinese_substring_finds_the_science_city(curated_store: GraphStore) -> None:
    results = explore.search(curated_store, SCHEMA, "稀金")
    # 稀金 is itself a chain's name, so the chain (exact) ranks before the city that contains it
    assert _ids(results)[:2] == ["industry-chain:稀金", GANZHOU_CITY]
    assert [r.matched for r in results[:2]] == ["exact", "substring"]


@pytest.mark.parametrize(
    ("text", "expected", "matched", "name"),
    [
        ("赣江创新", GANJIANG_INSTITUTE, "prefix", "赣江创新研究院"),  # its alias starts with it
        ("中科院", "partner-institution:中国科学院", "exact", "中科院"),  # an alias (简称)
        # 科技厅 is the short form of 科学技术厅, the province dropped: the resolver's comparison form
        ("科技厅", "government-body:江西省科学技术厅", "normalised", "江西省科学技术厅"),
        ("Ganzhou", "360700", "exact", "Ganzhou"),  # English name, any case
        ("ganz", "360700", "prefix", "Ganzhou"),
    ],
)
def test_names_aliases_and_english_are_found_and_ranked(
    curated_store: GraphStore, text: str, expected: str, matched: str, name: str
) -> None:
    results = explore.search(curated_store, SCHEMA, text, limit=5)
    assert results, f"nothing found for {text}"
    best = results[0]
    assert (best.node.id, best.matched, best.matched_name) == (expected, matched, name)


def test_search_by_type_keeps_only_that_class(curated_store: GraphStore) -> None:
    results = explore.search(curated_store, SCHEMA, "科创城", type_name="ScienceCity", limit=20)
    assert len(results) == 10  # the ten 科创城 of 一核十城多链
    assert all(r.node.type == "ScienceCity" for r in results)
    assert {r.node.caption_en for r in results} >= {"Ganzhou Rare Metals Science City"}


def test_search_rejects_an_unknown_type_and_empty_text(curated_store: GraphStore) -> None:
    with pytest.raises(UnknownNameError, match="ScienceCity"):
        explore.search(curated_store, SCHEMA, "科创城", type_name="Sciencecity")
    with pytest.raises(ParameterError):
        explore.search(curated_store, SCHEMA, "   ")
    with pytest.raises(ParameterError):
        explore.search(curated_store, SCHEMA, "稀金", limit=0)


def test_search_text_with_query_syntax_is_taken_literally(curated_store: GraphStore) -> None:
    for text in ['"稀金', "稀金 OR *", "a:b", "(稀金)", "稀金 -科创城", "@nameZh:稀金", "稀金|中药"]:
        explore.search(curated_store, SCHEMA, text)  # no engine syntax error leaks out


def test_an_entity_with_its_provenance_and_mentions(curated_store: GraphStore) -> None:
    detail = explore.entity(curated_store, SCHEMA, GANZHOU_CITY)
    assert detail.node.type == "ScienceCity"
    assert detail.node.caption_zh == "赣州稀金科创城"
    assert detail.node.provenance.kind == "documented"
    assert detail.node.provenance.quote is not None and "赣州稀金" in detail.node.provenance.quote
    assert "nameBigrams" not in detail.properties and "contentHash" not in detail.properties
    assert detail.properties["nameZh"] == "赣州稀金科创城"
    counts = {(c.relationship, c.direction, c.type): c.count for c in detail.relationship_counts}
    assert counts[("LOCATED_IN", "out", "PrefectureCity")] == 1
    assert counts[("FOCUSES_ON", "out", "IndustryChain")] == 1
    assert detail.mentions
    # its source named by the document it is (the plan's SourceDocument, by fileName), on both engines
    own = next(s for s in detail.sources if s.source == detail.node.provenance.source)
    plan = curated_store.read(
        "MATCH (d:SourceDocument {fileName: $file}) RETURN d.id AS id, d.title AS title", {"file": own.file}
    )
    assert own.document is not None
    assert [(own.document.id, own.document.title_zh)] == [(row["id"], row["title"]) for row in plan]
    assert own.section and own.source == f"{own.file}#{own.section}"


def test_an_unknown_entity_is_not_found(curated_store: GraphStore) -> None:
    with pytest.raises(NotFoundError, match="no entity"):
        explore.entity(curated_store, SCHEMA, "science-city:nowhere")
    with pytest.raises(NotFoundError):
        explore.neighbours(curated_store, SCHEMA, "science-city:nowhere")


def test_direct_neighbours_with_edges_ready_for_a_front_end(curated_store: GraphStore) -> None:
    graph = explore.neighbours(curated_store, SCHEMA, GANZHOU_CITY, relationship_types=["LOCATED_IN", "FOCUSES_ON"])
    assert graph.nodes[0].id == GANZHOU_CITY
    assert {n.id for n in graph.nodes[1:]} == {"360700", "industry-chain:稀金"}
    edges = {(e.source, e.type, e.target) for e in graph.edges}
    assert edges == {(GANZHOU_CITY, "LOCATED_IN", "360700"), (GANZHOU_CITY, "FOCUSES_ON", "industry-chain:稀金")}
    located = next(e for e in graph.edges if e.type == "LOCATED_IN")
    assert (located.caption_zh, located.caption_en) == ("位于", "located in")
    assert graph.total == 2 and graph.next_cursor is None and not graph.truncated


def test_paging_with_the_cursor_covers_the_neighbourhood_once(curated_store: GraphStore) -> None:
    whole = explore.neighbours(curated_store, SCHEMA, "360700", depth=2, limit=500)
    assert whole.total is not None and whole.total > 6
    seen: list[str] = []
    edges: set[str] = set()
    cursor = None
    while True:
        page = explore.neighbours(curated_store, SCHEMA, "360700", depth=2, limit=4, cursor=cursor)
        assert page.nodes[0].id == "360700"
        seen += [n.id for n in page.nodes[1:]]
        edges |= {e.id for e in page.edges}
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [n.id for n in whole.nodes[1:]]
    assert len(seen) == len(set(seen)) == whole.total
    assert edges == {e.id for e in whole.edges}


def test_a_label_filter_and_a_bad_cursor(curated_store: GraphStore) -> None:
    graph = explore.neighbours(curated_store, SCHEMA, "360700", label="ScienceCity")
    assert [n.id for n in graph.nodes[1:]] == [GANZHOU_CITY]
    with pytest.raises(ParameterError):
        explore.neighbours(curated_store, SCHEMA, "360700", cursor="not-a-cursor")
    with pytest.raises(ParameterError):
        explore.neighbours(curated_store, SCHEMA, "360700", depth=4)
    # a cursor pages the list it was given out for, not another entity's, depth's or filter's
    cursor = explore.neighbours(curated_store, SCHEMA, "360700", limit=2).next_cursor
    assert cursor is not None
    assert explore.neighbours(curated_store, SCHEMA, "360700", limit=2, cursor=cursor).nodes
    for other in ({"entity_id": "360100"}, {"depth": 2}, {"label": "ScienceCity"}, {"relationship_types": ["PART_OF"]}):
        arguments: dict[str, Any] = {"entity_id": "360700", "limit": 2, "cursor": cursor, **other}
        with pytest.raises(ParameterError, match="another list") as refused:
            explore.neighbours(curated_store, SCHEMA, **arguments)
        assert refused.value.parameter == "cursor"
    with pytest.raises(UnknownNameError):
        explore.neighbours(curated_store, SCHEMA, "360700", relationship_types=["LOCATED_INN"])


def test_the_path_from_the_science_city_to_the_institute(curated_store: GraphStore) -> None:
    # 赣州稀金科创城 lies in 赣州市, where the review places 中国科学院赣江创新研究院
    answer = explore.paths(curated_store, SCHEMA, GANZHOU_CITY, GANJIANG_INSTITUTE, max_hops=3)
    assert answer.paths
    assert all(len(p.edges) == len(answer.paths[0].edges) for p in answer.paths)  # all shortest
    routes = [[n.id for n in p.nodes] for p in answer.paths]
    assert [GANZHOU_CITY, "360700", GANJIANG_INSTITUTE] in routes
    first = answer.paths[0]
    assert first.nodes[0].id == GANZHOU_CITY and first.nodes[-1].id == GANJIANG_INSTITUTE
    for edge, (a, b) in zip(first.edges, zip(first.nodes, first.nodes[1:], strict=False), strict=True):
        assert {edge.source, edge.target} == {a.id, b.id}


def test_a_cut_list_of_paths_says_so(curated_store: GraphStore) -> None:
    every = explore.paths(curated_store, SCHEMA, "360700", "360100", max_hops=3, limit=25)
    assert len(every.paths) >= 2, "the example needs two shortest paths or more"
    cut = explore.paths(curated_store, SCHEMA, "360700", "360100", max_hops=3, limit=len(every.paths) - 1)
    assert cut.truncated and len(cut.paths) == len(every.paths) - 1
    whole = explore.paths(curated_store, SCHEMA, "360700", "360100", max_hops=3, limit=len(every.paths))
    assert not whole.truncated and len(whole.paths) == len(every.paths)


def test_paths_bounds_and_unknown_ends(curated_store: GraphStore) -> None:
    assert explore.paths(curated_store, SCHEMA, GANZHOU_CITY, GANJIANG_INSTITUTE, max_hops=1).paths == []
    with pytest.raises(ParameterError):
        explore.paths(curated_store, SCHEMA, GANZHOU_CITY, GANJIANG_INSTITUTE, max_hops=7)
    with pytest.raises(NotFoundError):
        explore.paths(curated_store, SCHEMA, GANZHOU_CITY, "nowhere")
