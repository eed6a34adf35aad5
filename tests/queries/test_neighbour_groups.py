"""A neighbourhood's first ring read group by group (jxkg/queries/neighbour_groups.py), on both
engines: the first page samples every group, the pages put together give every neighbour once, the
group filters page their group exactly, and an entity without kept counts is still paged exactly.

Expectations are recounted from the graph by the tests' own queries, not read from the library.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jxkg.errors import ParameterError, StoreError
from jxkg.ingest.write.kept import recount
from jxkg.ontology.schema import load_schema
from jxkg.queries import explore
from jxkg.queries.neighbour_groups import PROVENANCE_RANK, _small_classes, allocate, groups_of
from jxkg.queries.views import Subgraph
from jxkg.store import GraphStore

SCHEMA = load_schema()
HUB = "hub:city"
PEOPLE = 20  # enough that the one university is read from its class (`_small_classes`), not from the hub
NEIGHBOURS = 7 + PEOPLE + 3 + 3  # enterprises, people, commissioners, the university, the county, the province

# a small city: its groups by relationship, direction and class are those of a province's hub, with
# what makes paging hard: a neighbour linked twice by one type (two documents' claims), a neighbour
# linked by two types (PART_OF and PLAYS_ROLE_FOR), a class with a subclass beside it (Person and
# SciTechCommissioner), provenance and degrees that rank a group's members
NODES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "PrefectureCity": [(HUB, {})],
    "Enterprise": [
        ("ent:a", {"provenanceKind": "documented"}),
        ("ent:b", {"provenanceKind": "curated"}),
        *((f"ent:{c}", {"synthetic": True}) for c in "cdefg"),
    ],
    "Person": [(f"person:{i:02}", {"synthetic": True}) for i in range(PEOPLE)],
    "SciTechCommissioner": [(f"commissioner:{i}", {"provenanceKind": "reference"}) for i in range(3)],
    "University": [("university:u", {"provenanceKind": "curated"})],
    "County": [("county:c", {"provenanceKind": "reference"})],
    "Province": [("province:p", {"provenanceKind": "reference"})],
}
LINKS: list[tuple[str, str, str, str]] = [
    *((f"ent:{c}", "LOCATED_IN", HUB, "") for c in "abcdefg"),
    ("ent:b", "LOCATED_IN", HUB, "#second-claim"),  # the same link claimed by a second document
    *((f"person:{i:02}", "LOCATED_IN", HUB, "") for i in range(PEOPLE)),
    *((f"commissioner:{i}", "LOCATED_IN", HUB, "") for i in range(3)),
    ("university:u", "LOCATED_IN", HUB, ""),
    ("county:c", "PART_OF", HUB, ""),
    (HUB, "PART_OF", "province:p", ""),
    (HUB, "PLAYS_ROLE_FOR", "province:p", ""),  # one neighbour, two relationship types
    # degrees that rank the synthetic enterprises: ent:e above ent:d, ent:d above the rest
    *((f"person:{i:02}", "AFFILIATED_WITH", "ent:e", "") for i in range(3)),
    ("person:00", "AFFILIATED_WITH", "ent:d", ""),
]


def _build(store: GraphStore) -> None:
    for kind, nodes in NODES.items():
        labels = ":".join(SCHEMA.labels_for(kind))
        rows = [{"id": node_id, **props} for node_id, props in nodes]
        store.write_batch(f"UNWIND $rows AS row CREATE (n:{labels}) SET n = row", rows)
    for start, rel, end, claim in LINKS:
        store.write(
            f"MATCH (a:Entity {{id: $start}}), (b:Entity {{id: $end}}) CREATE (a)-[:{rel} {{id: $rid}}]->(b)",
            {"start": start, "end": end, "rid": f"{start}-[{rel}]->{end}{claim}"},
        )
    recount(store, SCHEMA, [node_id for nodes in NODES.values() for node_id, _ in nodes])


@pytest.fixture
def city(store: GraphStore) -> Iterator[GraphStore]:
    _build(store)
    yield store


def _links(store: GraphStore, entity_id: str) -> dict[str, set[tuple[str, str, str]]]:
    """Each neighbour's groups (relationship, direction, most specific class), recounted here."""
    found: dict[str, set[tuple[str, str, str]]] = {}
    for direction, pattern in (("out", "(n)-[r]->(m:Entity)"), ("in", "(n)<-[r]-(m:Entity)")):
        rows = store.read(
            f"MATCH (n:Entity {{id: $id}}) MATCH {pattern} RETURN type(r) AS rel, labels(m) AS labels, m.id AS id",
            {"id": entity_id},
        )
        for row in rows:
            kind = SCHEMA.most_specific_class(row["labels"])
            found.setdefault(str(row["id"]), set()).add((str(row["rel"]), direction, kind))
    return found


def _owned(store: GraphStore, entity_id: str) -> dict[tuple[str, str, str], list[str]]:
    """The neighbours of each group by the documented rule: a neighbour belongs to the first group, in
    the kept order (the most relationships first, then type, direction, class), it is linked through."""
    links = _links(store, entity_id)
    sizes: dict[tuple[str, str, str], int] = {}
    for direction, pattern in (("out", "(n)-[r]->(m:Entity)"), ("in", "(n)<-[r]-(m:Entity)")):
        rows = store.read(
            f"MATCH (n:Entity {{id: $id}}) MATCH {pattern} RETURN type(r) AS rel, labels(m) AS labels",
            {"id": entity_id},
        )
        for row in rows:
            key = (str(row["rel"]), direction, SCHEMA.most_specific_class(row["labels"]))
            sizes[key] = sizes.get(key, 0) + 1
    order = sorted(sizes, key=lambda key: (-sizes[key], key))
    owned: dict[tuple[str, str, str], list[str]] = {key: [] for key in order}
    for node_id, groups in links.items():
        owned[min(groups, key=order.index)].append(node_id)
    return owned


def _pages(store: GraphStore, entity_id: str, limits: list[int], **filters: Any) -> list[Subgraph]:
    """Every page of a first ring, the limits taken in turn."""
    pages: list[Subgraph] = []
    cursor = None
    while True:
        limit = limits[len(pages) % len(limits)]
        page = explore.neighbours(store, SCHEMA, entity_id, limit=limit, cursor=cursor, **filters)
        pages.append(page)
        cursor = page.next_cursor
        if cursor is None:
            return pages


def _ids(pages: list[Subgraph]) -> list[str]:
    return [node.id for page in pages for node in page.nodes[1:]]


def test_a_page_gives_one_to_each_group_then_shares_by_what_each_has_left() -> None:
    assert allocate([100, 10, 1, 0], [True, True, True, True], 2) == [1, 1, 0, 0]
    assert allocate([100, 10, 1, 0], [True, True, True, True], 13) == [10, 2, 1, 0]
    assert allocate([100, 10, 1, 0], [False, False, False, False], 11) == [10, 1, 0, 0]
    assert allocate([3, 2], [True, True], 50) == [3, 2]  # never more than a group has
    for room in range(1, 30):
        shares = allocate([17, 5, 3, 1], [True, False, True, True], room)
        assert sum(shares) == min(room, 26) and all(s <= left for s, left in zip(shares, [17, 5, 3, 1], strict=True))


def test_a_small_class_is_read_from_its_nodes_and_a_large_one_from_the_hub(city: GraphStore) -> None:
    centre = city.read("MATCH (n:Entity {id: $id}) RETURN n", {"id": HUB})[0]["n"]
    groups = groups_of(SCHEMA, centre, [], None)
    assert groups is not None and _small_classes(city, groups) == {"University"}
    pages = _pages(city, HUB, [3], label="University")
    assert _ids(pages) == ["university:u"]


def test_the_first_page_samples_every_group(city: GraphStore) -> None:
    owned = {key: ids for key, ids in _owned(city, HUB).items() if ids}
    assert len(owned) == 6  # the second Province group holds no neighbour of its own
    page = explore.neighbours(city, SCHEMA, HUB, limit=len(owned) + 1)
    drawn = {node.id for node in page.nodes[1:]}
    for key, ids in owned.items():
        assert drawn & set(ids), f"no neighbour of {key} on the first page"
    # by id, the same page was six enterprises and a county: the rows first found
    by_id = sorted(node_id for ids in owned.values() for node_id in ids)[: len(owned) + 1]
    assert {node_id.split(":")[0] for node_id in by_id} == {"commissioner", "county", "ent"}
    assert page.summary and page.total == NEIGHBOURS


def test_paging_gives_every_neighbour_once_whatever_the_limits(city: GraphStore) -> None:
    recounted = sorted(_links(city, HUB))
    for limits in ([1], [2, 5], [4], [7, 1, 3], [500]):
        pages = _pages(city, HUB, limits)
        seen = _ids(pages)
        assert sorted(seen) == recounted and len(seen) == len(set(seen)), limits
        assert {page.total for page in pages} == {len(recounted)}
        edges = {edge.id for page in pages for edge in page.edges}
        assert len(edges) == NEIGHBOURS + 2  # each relationship drawn: ent:b's two claims, the province's two types
    assert [bool(page.summary) for page in _pages(city, HUB, [10])] == [True, False, False, False]


def test_a_group_comes_in_rank_provenance_then_degree_then_id(city: GraphStore) -> None:
    pages = _pages(city, HUB, [2], relationship_types=["LOCATED_IN"], label="Enterprise")
    assert _ids(pages) == ["ent:a", "ent:b", "ent:e", "ent:d", "ent:c", "ent:f", "ent:g"]
    assert PROVENANCE_RANK[:2] == ("documented", "curated")


def test_the_group_filters_page_their_group_exactly(city: GraphStore) -> None:
    owned = _owned(city, HUB)
    people = sorted(owned[("LOCATED_IN", "in", "Person")] + owned[("LOCATED_IN", "in", "SciTechCommissioner")])
    pages = _pages(city, HUB, [2], label="Person")  # a class and its subclass, each a group
    assert sorted(_ids(pages)) == people and pages[0].total == PEOPLE + 3
    assert {n.type for n in pages[0].nodes[1:]} == {"Person", "SciTechCommissioner"}
    only = _pages(city, HUB, [1], label="SciTechCommissioner", relationship_types=["LOCATED_IN"])
    assert _ids(only) == ["commissioner:0", "commissioner:1", "commissioner:2"]
    province = _pages(city, HUB, [1], relationship_types=["PLAYS_ROLE_FOR"])
    assert _ids(province) == ["province:p"]  # its own list: the neighbour the PART_OF group holds otherwise
    both = _pages(city, HUB, [1], relationship_types=["PART_OF", "PLAYS_ROLE_FOR"])
    assert sorted(_ids(both)) == ["county:c", "province:p"] and both[0].total == 2


def test_an_entity_without_kept_counts_is_paged_by_id(city: GraphStore) -> None:
    grouped = explore.neighbours(city, SCHEMA, HUB, limit=3)
    city.write("MATCH (n:Entity {id: $id}) SET n.degree = NULL, n.neighbourCounts = NULL", {"id": HUB})
    pages = _pages(city, HUB, [3])
    assert _ids(pages) == sorted(_links(city, HUB)) and pages[0].total == NEIGHBOURS
    assert pages[0].summary  # counted now, as before the counts were kept
    # a cursor of the grouped list is not one of the list by id
    with pytest.raises(ParameterError, match="another list"):
        explore.neighbours(city, SCHEMA, HUB, limit=3, cursor=grouped.next_cursor)


def _write_around_the_writer(store: GraphStore, universities: int) -> None:
    """Neighbours of the hub written without the writer: its kept counts do not know them."""
    for i in range(universities):
        store.write(
            "CREATE (u:Entity:Organization:University {id: $uid}) WITH u MATCH (b:Entity {id: $id}) "
            "CREATE (u)-[:LOCATED_IN {id: $uid}]->(b)",
            {"uid": f"university:late{i}", "id": HUB},
        )


def test_a_graph_ahead_of_its_kept_counts_is_paged_by_id(city: GraphStore) -> None:
    _write_around_the_writer(city, 3)  # more neighbours than the kept counts have relationships
    pages = _pages(city, HUB, [4])
    assert _ids(pages) == sorted(_links(city, HUB)) and pages[0].total == NEIGHBOURS + 3


def test_counts_behind_the_graph_unseen_until_the_last_page_say_so(city: GraphStore) -> None:
    _write_around_the_writer(city, 1)  # within the kept counts' slack: the groups cannot hold it
    with pytest.raises(StoreError, match="repair-counts") as behind:
        _pages(city, HUB, [5])
    assert behind.value.message_zh and "repair-counts" in behind.value.message_zh


def test_the_first_ring_of_the_curated_province_pages_exactly(curated_store: GraphStore) -> None:
    province = "360000"  # the curated graph's hub
    recounted = sorted(_links(curated_store, province))
    pages = _pages(curated_store, province, [3, 10])
    assert len(pages) > 3
    assert sorted(_ids(pages)) == recounted and len(_ids(pages)) == pages[0].total
    owned = {key: ids for key, ids in _owned(curated_store, province).items() if ids}
    drawn = {node.id for node in explore.neighbours(curated_store, SCHEMA, province, limit=len(owned)).nodes}
    assert all(drawn & set(ids) for ids in owned.values())
