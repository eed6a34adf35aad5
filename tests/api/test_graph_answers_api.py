"""Entities drawn together over HTTP, on the curated graph and both engines: `POST /subgraph` (a shared
view restored from its ids) and `graph: true` on a named question or Cypher (an answer as a graph).

The library behind them is tested in tests/queries/test_answer_graph.py; here: the wire format, the
checks on the body, and that the API answers what the library answers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.ontology.schema import load_schema
from jxkg.queries import explore
from jxkg.queries.tabular import entity_ids
from jxkg.store import GraphStore
from tests.conftest import settings_for

GANZHOU_CITY = "science-city:赣州稀金科创城"
XIJIN_CHAIN = "industry-chain:稀金"
GANZHOU = "360700"
GANJIANG_INSTITUTE = "research-institute:中国科学院赣江创新研究院"
HEADLINE_RUN = "/api/v1/queries/science-city-chain-support/run"


@pytest.fixture(scope="module")
def client(curated_store: GraphStore) -> Iterator[TestClient]:
    settings = settings_for(
        curated_store, JXKG_API_KEYS="", JXKG_API_KEYS_FILE="", JXKG_API_HOST="127.0.0.1", JXKG_RATE_LIMIT=0
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _triples(graph: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(e["source"], e["type"], e["target"]) for e in graph["edges"]}


# --- POST /subgraph ---------------------------------------------------------------------------


def test_subgraph_gives_the_nodes_and_only_the_edges_among_them(client: TestClient, curated_store: GraphStore) -> None:
    ids = [GANJIANG_INSTITUTE, GANZHOU_CITY, XIJIN_CHAIN]
    response = client.post("/api/v1/subgraph", json={"ids": ids})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"nodes", "edges", "truncated", "nextCursor", "total", "summary"}
    assert [n["id"] for n in body["nodes"]] == ids
    assert body["nodes"][1]["captionEn"] == "Ganzhou Rare Metals Science City"
    assert (GANZHOU_CITY, "FOCUSES_ON", XIJIN_CHAIN) in _triples(body)
    assert all(GANZHOU not in (e["source"], e["target"]) for e in body["edges"])  # 赣州市 is not in the set
    assert (body["total"], body["truncated"], body["nextCursor"], body["summary"]) == (3, False, None, [])
    library = explore.subgraph(curated_store, load_schema(), ids)
    assert body == library.model_dump(mode="json", by_alias=True)


def test_subgraph_ignores_unknown_ids(client: TestClient) -> None:
    body = client.post("/api/v1/subgraph", json={"ids": ["nowhere", GANZHOU, GANZHOU_CITY, GANZHOU]}).json()
    assert [n["id"] for n in body["nodes"]] == [GANZHOU, GANZHOU_CITY]
    assert _triples(body) == {(GANZHOU_CITY, "LOCATED_IN", GANZHOU)}
    empty = client.post("/api/v1/subgraph", json={"ids": []}).json()
    assert (empty["nodes"], empty["edges"], empty["total"]) == ([], [], 0)


def test_subgraph_refuses_more_ids_than_the_cap_and_bodies_it_does_not_take(client: TestClient) -> None:
    cap = explore.MAX_SUBGRAPH_IDS
    at_the_cap = client.post("/api/v1/subgraph", json={"ids": [GANZHOU] + [f"nowhere:{i}" for i in range(cap - 1)]})
    assert at_the_cap.status_code == 200 and at_the_cap.json()["total"] == 1
    over = client.post("/api/v1/subgraph", json={"ids": [f"nowhere:{i}" for i in range(cap + 1)]})
    assert over.status_code == 422
    assert over.headers["content-type"].startswith("application/problem+json")
    assert str(cap) in over.text and over.json()["errors"][0]["loc"] == ["body", "ids"]
    for bad in ({}, {"ids": "360700"}, {"ids": [GANZHOU], "depth": 2}):
        refused = client.post("/api/v1/subgraph", json=bad)
        assert refused.status_code == 422, bad
        assert refused.headers["content-type"].startswith("application/problem+json")


# --- graph: true on an answer -------------------------------------------------------------------


def test_the_headline_answer_with_its_graph(client: TestClient) -> None:
    plain = client.post(HEADLINE_RUN, json={"params": {}}).json()
    assert plain["graph"] is None
    with_graph = client.post(HEADLINE_RUN, json={"params": {}, "graph": True})
    assert with_graph.status_code == 200
    body = with_graph.json()
    assert body["rows"] == plain["rows"] and body["columns"] == plain["columns"]
    assert {k: v for k, v in body.items() if k not in ("graph", "elapsedMs")} == {
        k: v for k, v in plain.items() if k not in ("graph", "elapsedMs")
    }
    named = entity_ids(body["columns"], body["rows"])
    graph = body["graph"]
    assert [n["id"] for n in graph["nodes"]] == named[: explore.MAX_SUBGRAPH_IDS]
    assert graph["truncated"] is (len(named) > explore.MAX_SUBGRAPH_IDS)
    assert {GANZHOU_CITY, XIJIN_CHAIN, GANJIANG_INSTITUTE, GANZHOU} <= set(named)  # nested `id` and `placeId` too
    assert (GANZHOU_CITY, "FOCUSES_ON", XIJIN_CHAIN) in _triples(graph)
    assert (GANJIANG_INSTITUTE, "LOCATED_IN", GANZHOU) in _triples(graph)
    node_ids = set(named)
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in graph["edges"])


def test_csv_is_the_same_with_or_without_graph(client: TestClient) -> None:
    csv_headers = {"Accept": "text/csv"}
    plain = client.post(HEADLINE_RUN, json={}, headers=csv_headers)
    with_graph = client.post(HEADLINE_RUN, json={"graph": True}, headers=csv_headers)
    assert with_graph.status_code == 200 and with_graph.headers["content-type"].startswith("text/csv")
    assert with_graph.text == plain.text
    assert len(list(csv.DictReader(io.StringIO(with_graph.text)))) == len(
        client.post(HEADLINE_RUN, json={}).json()["rows"]
    )


def test_cypher_answers_with_the_graph_of_the_nodes_it_returns(client: TestClient) -> None:
    query = "MATCH (c:ScienceCity)-[:LOCATED_IN]->(p:PrefectureCity) RETURN c, p.id AS placeId ORDER BY c.id"
    plain = client.post("/api/v1/cypher", json={"query": query}).json()
    body = client.post("/api/v1/cypher", json={"query": query, "graph": True}).json()
    assert body["rows"] == plain["rows"] and plain["graph"] is None
    graph = body["graph"]
    node_ids = [n["id"] for n in graph["nodes"]]
    assert GANZHOU_CITY in node_ids and GANZHOU in node_ids
    assert node_ids.index(GANZHOU_CITY) < node_ids.index(GANZHOU)  # the node comes before its place
    assert {n["type"] for n in graph["nodes"]} == {"ScienceCity", "PrefectureCity"}
    assert (GANZHOU_CITY, "LOCATED_IN", GANZHOU) in _triples(graph)
    assert not graph["truncated"]


def test_an_answer_naming_more_entities_than_the_cap_draws_the_first(client: TestClient) -> None:
    cap = explore.MAX_SUBGRAPH_IDS
    query = (
        "UNWIND range(0, $n) AS i "
        "RETURN CASE WHEN i = 0 THEN '360700' ELSE 'nowhere:' + toString(i) END AS id ORDER BY i"
    )
    body = client.post("/api/v1/cypher", json={"query": query, "params": {"n": cap + 1}, "graph": True}).json()
    assert len(body["rows"]) == cap + 2
    assert body["graph"]["truncated"] is True
    assert [n["id"] for n in body["graph"]["nodes"]] == [GANZHOU]
