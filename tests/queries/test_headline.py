"""The headline question shaped for province scale (issue 30, item 1), on both engines: per science
city and chain, the supporters summed up (a count, by class, by provenance) equal a recount the long
way; the documented and curated supporters are listed whole; the others come as pages the caller
asks for, each exactly once, in their documented order.

The curated data has documented and curated supporters only, so each test adds others to a copy:
reference and synthetic enterprises supporting 稀金 (赣州稀金科创城's chain) and its narrower chain 稀土,
one enterprise linked to both, and a programme that FOCUSES_ON 稀金, which is no supporter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from jxkg.ingest.write.kept import recount
from jxkg.ontology.schema import load_schema
from jxkg.queries import explore, load_catalog, run_named
from jxkg.store import GraphStore
from tests.conftest import ENGINES, CuratedGraphs, curated_on

SCHEMA = load_schema()
CATALOG = load_catalog()
HEADLINE = "science-city-chain-support"
GANZHOU_CITY = "science-city:赣州稀金科创城"
XIJIN = "industry-chain:稀金"
XITU = "industry-chain:稀土"
KNOWN_ORDER = {"documented": 1, "curated": 2, "reference": 3, "synthetic": 4}
# (id, provenance of the node and its link, the chains it supports)
OTHERS = [
    ("9136070000TEST0001", "synthetic", [XIJIN]),
    ("9136070000TEST0002", "reference", [XITU]),
    ("9136070000TEST0003", "synthetic", [XITU, XIJIN]),
    ("9136070000TEST0004", "reference", [XIJIN]),
    ("9136070000TEST0005", "synthetic", [XITU]),
]


def run(store: GraphStore, **params: Any) -> list[dict[str, Any]]:
    return run_named(store, CATALOG.get(HEADLINE), params, row_limit=None).rows


@pytest.fixture(scope="module", params=ENGINES)
def with_others(request: pytest.FixtureRequest, curated_graphs: CuratedGraphs) -> Iterator[GraphStore]:
    """A copy of the curated data with the others added, once per engine for the module (its tests
    only read it)."""
    with curated_on(request, curated_graphs) as store:
        _add_others(store)
        yield store


def _add_others(store: GraphStore) -> None:
    for entity_id, kind, chains in OTHERS:
        store.write(
            "CREATE (:Entity:Organization:Enterprise {id: $id, nameZh: $name, provenanceKind: $kind})",
            {"id": entity_id, "name": f"测试企业{entity_id[-4:]}", "kind": kind},
        )
        for chain in chains:
            store.write(
                "MATCH (s:Entity {id: $id}), (c:IndustryChain {id: $chain}) "
                "CREATE (s)-[:SUPPORTS_CHAIN {provenanceKind: $kind}]->(c)",
                {"id": entity_id, "chain": chain, "kind": kind},
            )
    store.write(
        "CREATE (p:Entity:Programme {id: 'programme:测试计划', nameZh: '测试计划', provenanceKind: 'curated'}) "
        "WITH p MATCH (c:IndustryChain {id: $chain}) CREATE (p)-[:FOCUSES_ON {provenanceKind: 'curated'}]->(c)",
        {"chain": XIJIN},
    )
    # the counts the writer keeps, as it would have kept them (the answer graph's group nodes read them)
    recount(store, SCHEMA, [XIJIN, XITU, "programme:测试计划", *(entity_id for entity_id, _, _ in OTHERS)])


def _recount(store: GraphStore) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """Every (supporter id, class, provenance) link of each science city's chain, the long way: each
    supporter's links to the chain or a narrower one, classes from the schema."""
    rows = store.read(
        "MATCH (city:ScienceCity)-[:FOCUSES_ON|SUPPORTS_CHAIN]->(chain:IndustryChain) "
        "MATCH walk = (n:IndustryChain)-[:BROADER*0..3]->(chain) "
        "MATCH (s:Entity)-[l:SUPPORTS_CHAIN|FOCUSES_ON]->(n) "
        "WHERE s:Platform OR s:Organization OR s:InnovationConsortium "
        "RETURN city.id AS city, chain.id AS chain, s.id AS id, labels(s) AS labels, l.provenanceKind AS kind"
    )
    links: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for row in rows:
        node_type = SCHEMA.most_specific_type(row["labels"])
        assert node_type is not None
        links.setdefault((row["city"], row["chain"]), []).append((row["id"], node_type.name, row["kind"]))
    return links


def test_the_summaries_equal_a_recount(with_others: GraphStore) -> None:
    links = _recount(with_others)
    rows = run(with_others)
    assert {(r["scienceCityId"], r["chainId"]) for r in rows if r["supporterCount"]} == set(links)
    for row in rows:
        found = links.get((row["scienceCityId"], row["chainId"]), [])
        assert row["supporterCount"] == len(found)
        by_class = Counter(kind for _, kind, _ in found)
        assert {c["class"]: c["count"] for c in row["supportersByClass"]} == by_class
        counts = [c["count"] for c in row["supportersByClass"]]
        assert counts == sorted(counts, reverse=True)  # the largest class first
        by_kind = Counter(kind for _, _, kind in found)
        assert {c["provenance"]: c["count"] for c in row["supportersByProvenance"]} == by_kind
        ranks = [KNOWN_ORDER[c["provenance"]] for c in row["supportersByProvenance"]]
        assert ranks == sorted(ranks)
    xijin = next(r for r in rows if r["chainId"] == XIJIN)
    assert xijin["narrowerChainIds"] == [XITU]
    assert {"synthetic", "reference"} <= {c["provenance"] for c in xijin["supportersByProvenance"]}


def test_documented_and_curated_supporters_are_listed_whole_the_others_on_request(with_others: GraphStore) -> None:
    links = _recount(with_others)
    for row in run(with_others):
        found = links.get((row["scienceCityId"], row["chainId"]), [])
        known = sorted((sid, kind) for sid, _, kind in found if kind in ("documented", "curated"))
        assert sorted((s["id"], s["provenance"]["kind"]) for s in row["supporters"]) == known
        ranks = [KNOWN_ORDER[s["provenance"]["kind"]] for s in row["supporters"]]
        assert ranks == sorted(ranks)
        others = len(found) - len(known)
        assert row["nextSupporterOffset"] == (0 if others else None), row["chain"]


def test_paging_the_others_gives_each_exactly_once_in_order(with_others: GraphStore) -> None:
    first = run(with_others, scienceCity=GANZHOU_CITY, chain="稀金", supporterLimit=2)
    assert [(r["scienceCityId"], r["chainId"]) for r in first] == [(GANZHOU_CITY, XIJIN)]
    listed = [s for s in first[0]["supporters"] if s["provenance"]["kind"] in ("documented", "curated")]
    gathered: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        (row,) = run(with_others, scienceCity=GANZHOU_CITY, chain=XIJIN, supporterLimit=2, supporterOffset=offset)
        assert row["supporters"][: len(listed)] == listed  # the documented ones on every page
        page = row["supporters"][len(listed) :]
        assert len(page) <= 2
        gathered.extend(page)
        offset = row["nextSupporterOffset"]
    expected = sorted(
        ((KNOWN_ORDER[kind], sid, 0 if chain == XIJIN else 1) for sid, kind, chains in OTHERS for chain in chains),
    )
    assert [(KNOWN_ORDER[s["provenance"]["kind"]], s["id"]) for s in gathered] == [
        (rank, sid) for rank, sid, _ in expected
    ]
    # the one that supports both: through 稀金 itself first (the shorter walk), then through 稀土
    both = [s["chainPath"] for s in gathered if s["id"] == "9136070000TEST0003"]
    assert both == [["稀金"], ["稀土", "稀金"]]
    assert len(gathered) + len(listed) == first[0]["supporterCount"]


def test_a_page_past_the_end_is_empty_and_keeps_its_counts(with_others: GraphStore) -> None:
    (whole,) = run(with_others, scienceCity=GANZHOU_CITY, chain=XIJIN, supporterLimit=100)
    (past,) = run(with_others, scienceCity=GANZHOU_CITY, chain=XIJIN, supporterLimit=100, supporterOffset=100)
    assert whole["nextSupporterOffset"] is None and past["nextSupporterOffset"] is None
    assert [s for s in past["supporters"] if s["provenance"]["kind"] in ("reference", "synthetic")] == []
    for key in ("supporterCount", "supportersByClass", "supportersByProvenance"):
        assert whole[key] == past[key]


# --- the answer drawn as a graph (item 2) -------------------------------------------------------


def test_the_graph_draws_every_science_city_its_chains_and_the_walk(with_others: GraphStore) -> None:
    answer = run_named(with_others, CATALOG.get(HEADLINE), {})
    graph = explore.answer_graph(
        with_others, SCHEMA, answer.columns, answer.rows, summarise=CATALOG.get(HEADLINE).graph.summarise
    )
    drawn = {node.id for node in graph.nodes}
    cities = {row["id"] for row in with_others.read("MATCH (c:ScienceCity) RETURN c.id AS id")}
    assert len(cities) == 10 and cities <= drawn
    walks = with_others.read(
        "MATCH (:ScienceCity)-[:FOCUSES_ON|SUPPORTS_CHAIN]->(c:IndustryChain)<-[:BROADER*0..3]-(n:IndustryChain) "
        "RETURN DISTINCT c.id AS chain, n.id AS narrower"
    )
    assert {row["narrower"] for row in walks} <= drawn
    triples = {(e.source, e.type, e.target) for e in graph.edges}
    assert (XITU, "BROADER", XIJIN) in triples


def test_the_supporters_not_drawn_are_one_group_node_per_relationship_and_class(with_others: GraphStore) -> None:
    summarise = CATALOG.get(HEADLINE).graph.summarise
    assert summarise is not None
    for limit in (0, 100):
        answer = run_named(with_others, CATALOG.get(HEADLINE), {"supporterLimit": limit})
        graph = explore.answer_graph(with_others, SCHEMA, answer.columns, answer.rows, summarise=summarise)
        drawn = {node.id: node.type for node in graph.nodes if node.group is None}
        groups = {node.id: node.group for node in graph.nodes if node.group is not None}
        for group in groups.values():
            assert group.type != "Programme" and group.relationship in summarise.relationships
            links = with_others.read(
                "MATCH (s:Entity)-[r]->(c:Entity {id: $chain}) WHERE type(r) = $rel "
                "RETURN s.id AS id, labels(s) AS labels",
                {"chain": group.entity, "rel": group.relationship},
            )
            of_class = [row["id"] for row in links if SCHEMA.most_specific_class(row["labels"]) == group.type]
            assert group.count == len([i for i in of_class if i not in drawn]) > 0
        xijin = {g.type: g.count for g in groups.values() if g.entity == XIJIN and g.relationship == "SUPPORTS_CHAIN"}
        xitu = {g.type: g.count for g in groups.values() if g.entity == XITU and g.relationship == "SUPPORTS_CHAIN"}
        if limit == 0:  # TEST0001, 0003, 0004 support 稀金; 0002, 0003, 0005 稀土: none drawn
            assert xijin["Enterprise"] == 3 and xitu["Enterprise"] == 3
        else:  # every supporter is listed, so drawn: nothing left to sum up
            assert "Enterprise" not in xijin and "Enterprise" not in xitu
        for node_id, group in groups.items():
            edge = next(e for e in graph.edges if node_id in (e.source, e.target))
            assert (edge.source, edge.type, edge.target) == (node_id, group.relationship, group.entity)
