"""Sets of entities as graphs, on the curated data and both engines: `explore.subgraph` (a shared
view restored from its ids), `entity_ids` (the entities a question's rows name) and
`explore.answer_graph` (an answer drawn as a graph).

Expectations come from data/curated, written by hand: 赣州稀金科创城 focuses on the 稀金 chain and lies
in 赣州市 (360700), where 中国科学院赣江创新研究院 is too.
"""

from __future__ import annotations

from typing import Any

import pytest

from jxkg.errors import ParameterError
from jxkg.ontology.schema import load_schema
from jxkg.queries import explore, load_catalog, run_named
from jxkg.queries.tabular import entity_ids
from jxkg.store import GraphStore

SCHEMA = load_schema()
GANZHOU_CITY = "science-city:赣州稀金科创城"
XIJIN_CHAIN = "industry-chain:稀金"
GANZHOU = "360700"
GANJIANG_INSTITUTE = "research-institute:中国科学院赣江创新研究院"
HEADLINE = "science-city-chain-support"


def _edges_among(store: GraphStore, ids: list[str]) -> list[tuple[str, str, str, str]]:
    """Every relationship between two of `ids`, found the long way: each entity's own relationships."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for node_id in ids:
        for row in store.read("MATCH (n:Entity {id: $id})-[r]-() RETURN r", {"id": node_id}):
            r = row["r"]
            if r["start"] in ids and r["end"] in ids:
                found[str(r["id"])] = (str(r["id"]), str(r["start"]), str(r["type"]), str(r["end"]))
    return [found[key] for key in sorted(found)]


# --- explore.subgraph -------------------------------------------------------------------------


def test_the_nodes_in_the_order_given_and_exactly_the_edges_among_them(curated_store: GraphStore) -> None:
    graph = explore.subgraph(curated_store, SCHEMA, [GANJIANG_INSTITUTE, GANZHOU_CITY, XIJIN_CHAIN])
    assert [n.id for n in graph.nodes] == [GANJIANG_INSTITUTE, GANZHOU_CITY, XIJIN_CHAIN]
    assert graph.nodes[1].type == "ScienceCity" and graph.nodes[1].caption_zh == "赣州稀金科创城"
    edges = [(e.id, e.source, e.type, e.target) for e in graph.edges]
    assert (GANZHOU_CITY, "FOCUSES_ON", XIJIN_CHAIN) in [edge[1:] for edge in edges]
    # both are LOCATED_IN 赣州市, which is not in the set: neither edge is drawn
    assert all(GANZHOU not in (source, target) for _, source, _, target in edges)
    assert edges == _edges_among(curated_store, [GANJIANG_INSTITUTE, GANZHOU_CITY, XIJIN_CHAIN])
    assert graph.total == 3 and not graph.truncated and graph.next_cursor is None and graph.summary == []


def test_an_entity_added_brings_its_edges_to_the_others(curated_store: GraphStore) -> None:
    ids = [GANZHOU_CITY, XIJIN_CHAIN, GANJIANG_INSTITUTE, GANZHOU]
    graph = explore.subgraph(curated_store, SCHEMA, ids)
    triples = {(e.source, e.type, e.target) for e in graph.edges}
    assert {(GANZHOU_CITY, "LOCATED_IN", GANZHOU), (GANJIANG_INSTITUTE, "LOCATED_IN", GANZHOU)} <= triples
    assert [(e.id, e.source, e.type, e.target) for e in graph.edges] == _edges_among(curated_store, ids)
    assert [e.id for e in graph.edges] == sorted({e.id for e in graph.edges})  # each once, by id


def test_unknown_and_repeated_ids(curated_store: GraphStore) -> None:
    graph = explore.subgraph(curated_store, SCHEMA, ["nowhere", GANZHOU, "science-city:nowhere", GANZHOU_CITY, GANZHOU])
    assert [n.id for n in graph.nodes] == [GANZHOU, GANZHOU_CITY]
    assert [(e.source, e.type, e.target) for e in graph.edges] == [(GANZHOU_CITY, "LOCATED_IN", GANZHOU)]
    assert graph.total == 2
    nothing = explore.subgraph(curated_store, SCHEMA, ["nowhere", "nor-here"])
    assert (nothing.nodes, nothing.edges, nothing.total) == ([], [], 0)


def test_no_ids_is_an_empty_subgraph(curated_store: GraphStore) -> None:
    graph = explore.subgraph(curated_store, SCHEMA, [])
    assert (graph.nodes, graph.edges, graph.total, graph.truncated) == ([], [], 0, False)


def test_the_number_of_ids_is_capped(curated_store: GraphStore) -> None:
    at_the_cap = [GANZHOU_CITY] + [f"nowhere:{i}" for i in range(explore.MAX_SUBGRAPH_IDS - 1)]
    assert [n.id for n in explore.subgraph(curated_store, SCHEMA, at_the_cap).nodes] == [GANZHOU_CITY]
    with pytest.raises(ParameterError, match=str(explore.MAX_SUBGRAPH_IDS)) as refused:
        explore.subgraph(curated_store, SCHEMA, [*at_the_cap, GANZHOU])
    assert refused.value.parameter == "ids"


# --- entity_ids -------------------------------------------------------------------------------

NODE = {"id": "n:1", "labels": ["Entity", "Platform"], "properties": {"id": "n:1", "hostId": "n:9"}}
RELATIONSHIP = {"id": "n:1-[R]->n:2#s", "type": "R", "start": "n:1", "end": "n:2", "properties": {"id": "x"}}


@pytest.mark.parametrize(
    ("columns", "rows", "expected"),
    [
        (
            ["id", "name", "cityId"],
            [{"id": "a", "name": "b", "cityId": "c"}, {"id": "c", "name": "d", "cityId": "a"}],
            ["a", "c"],
        ),
        # only `id` and names ending in `Id`: not `ids`, `identifier`, `Idx`, a bare text column
        (["ids", "identifier", "cityIdx", "name"], [{"ids": "x", "identifier": "y", "cityIdx": "z", "name": "w"}], []),
        # nested maps and lists, keys `id` or ending in `Id`
        (
            ["city", "supporters"],
            [
                {
                    "city": {"id": "c", "nameZh": "n"},
                    "supporters": [{"id": "s", "places": [{"place": "p", "placeId": "p:1"}]}],
                }
            ],
            ["c", "s", "p:1"],
        ),
        # a list under an id name holds ids; numbers and nulls are not ids
        (
            ["memberId", "otherId", "id"],
            [{"memberId": ["m1", "m2", None], "otherId": 360700, "id": None}],
            ["m1", "m2"],
        ),
        # a node gives its id (its properties are not searched); a relationship its two ends
        (["n", "r"], [{"n": NODE, "r": RELATIONSHIP}], ["n:1", "n:2"]),
        # a path: its nodes and relationships
        (
            ["p"],
            [{"p": {"nodes": [NODE, {**NODE, "id": "n:3"}], "relationships": [RELATIONSHIP]}}],
            ["n:1", "n:3", "n:2"],
        ),
        # columns in the order given, rows in order; a key missing from a row is no id
        (["bId", "aId"], [{"aId": "a1", "bId": "b1"}, {"aId": "a2"}], ["b1", "a1", "a2"]),
        ([], [], []),
    ],
)
def test_entity_ids(columns: list[str], rows: list[dict[str, Any]], expected: list[str]) -> None:
    assert entity_ids(columns, rows) == expected


def test_entity_ids_of_the_headline_question(curated_store: GraphStore) -> None:
    answer = run_named(curated_store, load_catalog().get(HEADLINE), {"scienceCity": "赣州稀金科创城"})
    # the science city, its chain and the narrower one (`narrowerChainIds`), the supporter
    # (`supporters[].id`) and where it is (`places[].placeId`)
    assert entity_ids(answer.columns, answer.rows) == [
        GANZHOU_CITY,
        XIJIN_CHAIN,
        "industry-chain:稀土",
        GANJIANG_INSTITUTE,
        GANZHOU,
    ]


# --- explore.answer_graph ---------------------------------------------------------------------


def test_the_headline_answer_as_a_graph(curated_store: GraphStore) -> None:
    answer = run_named(curated_store, load_catalog().get(HEADLINE), {})
    named = entity_ids(answer.columns, answer.rows)
    graph = explore.answer_graph(curated_store, SCHEMA, answer.columns, answer.rows)
    assert len(named) <= explore.MAX_SUBGRAPH_IDS and not graph.truncated
    assert [n.id for n in graph.nodes] == named  # every id the rows name is an entity
    triples = {(e.source, e.type, e.target) for e in graph.edges}
    assert (GANZHOU_CITY, "FOCUSES_ON", XIJIN_CHAIN) in triples
    assert (GANJIANG_INSTITUTE, "LOCATED_IN", GANZHOU) in triples
    assert graph == explore.subgraph(curated_store, SCHEMA, named)


def test_an_answer_naming_more_than_the_cap_is_cut_and_says_so(curated_store: GraphStore) -> None:
    rows = (
        [{"id": GANZHOU_CITY}] + [{"id": f"nowhere:{i}"} for i in range(explore.MAX_SUBGRAPH_IDS)] + [{"id": GANZHOU}]
    )
    graph = explore.answer_graph(curated_store, SCHEMA, ["id"], rows)
    assert graph.truncated
    assert [n.id for n in graph.nodes] == [GANZHOU_CITY]  # 360700 came after the first 500 ids
    within = explore.answer_graph(curated_store, SCHEMA, ["id"], rows[:1] + rows[-1:])
    assert not within.truncated and [n.id for n in within.nodes] == [GANZHOU_CITY, GANZHOU]
