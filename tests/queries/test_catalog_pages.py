"""Questions rewritten for province scale (issue 26), on the curated data and both engines: lists cut
to a page keep their total beside them and page through every item exactly once; a question that
starts from its entity parameter through the index, or from every row when it is empty, answers as
a recount the long way does. The headline has its own tests (test_headline.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from jxkg.queries import load_catalog, run_named
from jxkg.store import GraphStore

CATALOG = load_catalog()
PROFILE = "city-innovation-profile"
EVERYTHING = 10_000

RowKey = tuple[Any, ...]


def run(store: GraphStore, name: str, **params: Any) -> list[dict[str, Any]]:
    return run_named(store, CATALOG.get(name), params, row_limit=None).rows


def _row_key(row: dict[str, Any]) -> RowKey:
    return (row.get("scienceCityId"), row.get("chainId"), row.get("cityId"))


def _paged(store: GraphStore, name: str, lists: str, limit: str, offset: str, step: int) -> dict[RowKey, list[Any]]:
    """Every row's list gathered page by page, `step` items at a time, until every row's page is empty."""
    gathered: dict[RowKey, list[Any]] = {}
    at = 0
    while True:
        rows = run(store, name, **{limit: step, offset: at})
        for row in rows:
            gathered.setdefault(_row_key(row), []).extend(row[lists])
        if all(not row[lists] for row in rows):
            return gathered
        at += step


def test_the_city_profile_pages_through_every_actor_exactly_once(curated_store: GraphStore) -> None:
    whole = {_row_key(r): r for r in run(curated_store, PROFILE, actorLimit=EVERYTHING)}
    paged = _paged(curated_store, PROFILE, "platformsAndOrganisations", "actorLimit", "actorOffset", 3)
    assert set(paged) == set(whole)
    assert any(len(r["platformsAndOrganisations"]) > 3 for r in whole.values())
    for key, row in whole.items():
        actors = row["platformsAndOrganisations"]
        assert paged[key] == actors, key
        assert [a["id"] for a in actors] == sorted({a["id"] for a in actors})  # by id, each once
        assert row["platformsAndOrganisationsCount"] == len(actors)


def test_the_city_profile_counts_what_sits_in_the_city_the_long_way(curated_store: GraphStore) -> None:
    """The platforms and organisations whose own place or host's place lies in the city, through at
    most two PART_OF/LOCATED_IN links: the walk the question made before it went place by place."""
    recount = curated_store.read(
        "MATCH (city:PrefectureCity) "
        "OPTIONAL MATCH (actor)-[:HOSTED_BY*0..1]->(:Entity)-[:LOCATED_IN]->(:Place)"
        "-[:PART_OF|LOCATED_IN*0..2]->(city) "
        "WHERE actor:Platform OR actor:Organization "
        "RETURN city.id AS cityId, count(DISTINCT actor) AS actors ORDER BY cityId"
    )
    answer = run(curated_store, PROFILE)
    assert {r["cityId"]: r["platformsAndOrganisationsCount"] for r in answer} == {
        r["cityId"]: r["actors"] for r in recount
    }
    assert any(r["actors"] > 0 for r in recount)


def test_every_cooperation_link_once_with_no_party(curated_store: GraphStore) -> None:
    links = curated_store.read(
        "MATCH (a:Entity)-[r:COOPERATES_WITH]->(b:Entity) RETURN a.id AS partyId, b.id AS partnerId, r.source AS source"
    )
    rows = run(curated_store, "cooperation-partners", party="")
    assert sorted((r["partyId"], r["partnerId"], r["provenance"]["source"] or "") for r in rows) == sorted(
        (r["partyId"], r["partnerId"], r["source"] or "") for r in links
    )


@pytest.mark.parametrize("party", ["360000", "美国"])
def test_a_partys_cooperation_links_either_way(curated_store: GraphStore, party: str) -> None:
    """A party's links whichever end they are stored from, the party always on the left."""
    rows = run(curated_store, "cooperation-partners", party=party)
    party_id = rows[0]["partyId"]
    links = curated_store.read(  # r returned: FalkorDB walks parallel links once when r is not used
        "MATCH (a:Entity {id: $id})-[r:COOPERATES_WITH]-(b:Entity) RETURN b.id AS partnerId, r.source AS source",
        {"id": party_id},
    )
    assert {r["partyId"] for r in rows} == {party_id}
    assert sorted((r["partnerId"], r["provenance"]["source"] or "") for r in rows) == sorted(
        (r["partnerId"], r["source"] or "") for r in links
    )


def test_every_host_and_joint_builder_with_no_entity(curated_store: GraphStore) -> None:
    links = curated_store.read(
        "MATCH (x:Entity)-[r:HOSTED_BY|JOINTLY_BUILT_WITH]->(p:Entity) "
        "RETURN x.id AS entityId, type(r) AS relation, p.id AS partnerId"
    )
    rows = run(curated_store, "platform-hosts")
    assert sorted((r["entityId"], r["relation"], r["partnerId"]) for r in rows) == sorted(
        (r["entityId"], r["relation"], r["partnerId"]) for r in links
    )
    one = rows[0]["entityId"]
    assert {r["entityId"] for r in run(curated_store, "platform-hosts", entity=one)} == {one}


def test_the_hosts_page_through_every_link_exactly_once(curated_store: GraphStore) -> None:
    whole = run(curated_store, "platform-hosts", limit=EVERYTHING)
    assert len(whole) > 3 and {r["total"] for r in whole} == {len(whole)}
    pages = [run(curated_store, "platform-hosts", limit=3, offset=at) for at in range(0, len(whole) + 3, 3)]
    assert [row for page in pages for row in page] == whole
    assert all(r["total"] == len(whole) for page in pages for r in page)


def test_cooperation_by_kind_pages_through_every_partner_exactly_once(curated_store: GraphStore) -> None:
    whole = run(curated_store, "cooperation-by-kind", partnerLimit=EVERYTHING)
    assert any(len(r["partners"]) > 2 for r in whole)
    pages = [run(curated_store, "cooperation-by-kind", partnerLimit=2, partnerOffset=at) for at in range(0, 60, 2)]
    for n, row in enumerate(whole):
        assert [name for page in pages for name in page[n]["partners"]] == row["partners"]
        assert all(page[n]["partnerCount"] == row["partnerCount"] for page in pages)


def test_the_platforms_page_through_every_platform_exactly_once(curated_store: GraphStore) -> None:
    name = "platforms-by-level-and-city"
    whole = run(curated_store, name, limit=EVERYTHING)
    assert len(whole) > 5 and {r["total"] for r in whole} == {len(whole)}
    pages = [run(curated_store, name, limit=5, offset=at) for at in range(0, len(whole) + 5, 5)]
    assert [row for page in pages for row in page] == whole
    in_nanchang = run(curated_store, name, city="南昌市", limit=1)
    assert len(in_nanchang) == 1 and in_nanchang[0]["total"] == len(run(curated_store, name, city="南昌市"))


def test_the_chains_without_a_national_platform_page_through_their_supporters(curated_store: GraphStore) -> None:
    name = "chains-without-national-platform"
    whole = {r["chainId"]: r for r in run(curated_store, name, supporterLimit=EVERYTHING)}
    paged = _paged(curated_store, name, "supporters", "supporterLimit", "supporterOffset", 1)
    assert any(r["supporters"] for r in whole.values())  # the curated chains have one supporter at most
    none = {r["chainId"]: r for r in run(curated_store, name, supporterLimit=0)}
    for chain, row in whole.items():
        assert paged[(None, chain, None)] == row["supporters"], chain
        assert row["supporterCount"] == len(row["supporters"]) == none[chain]["supporterCount"]
        assert none[chain]["supporters"] == []


def test_the_consortium_members_page_through_every_member(curated_store: GraphStore) -> None:
    name = "consortium-members"
    whole = run(curated_store, name, memberLimit=EVERYTHING)
    by_page = [run(curated_store, name, memberLimit=1, memberOffset=at) for at in range(0, 12)]
    none = run(curated_store, name, memberLimit=0)
    for n, row in enumerate(whole):
        assert [m for page in by_page for m in page[n]["members"]] == row["members"]
        assert row["memberCount"] == len(row["members"]) == none[n]["memberCount"]
        assert none[n]["members"] == []


def test_the_labs_by_chain_page_through_every_laboratory(curated_store: GraphStore) -> None:
    name = "labs-by-chain"
    whole = {r["chainId"]: r for r in run(curated_store, name, labLimit=EVERYTHING)}
    paged = _paged(curated_store, name, "labs", "labLimit", "labOffset", 1)
    assert any(len(r["labs"]) > 1 for r in whole.values())
    none = {r["chainId"]: r for r in run(curated_store, name, labLimit=0)}
    for chain, row in whole.items():
        assert paged[(None, chain, None)] == row["labs"], chain
        assert row["laboratoryCount"] == len(row["labs"]) == none[chain]["laboratoryCount"]
        assert none[chain]["labs"] == []
