"""The explorer's HTTP routes on the curated graph, on both engines: search, entities, neighbours, paths.

The library behind them is tested in tests/queries; here: the wire format a front end reads,
the parameters' checks, and that the API answers what the library answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.ontology.schema import load_schema
from jxkg.queries import explore
from jxkg.queries.documents import cited_sources
from jxkg.store import GraphStore
from tests.conftest import settings_for

GANZHOU_CITY = "science-city:赣州稀金科创城"


@pytest.fixture(scope="module")
def client(curated_store: GraphStore) -> Iterator[TestClient]:
    app = create_app(settings_for(curated_store, JXKG_API_KEYS="", JXKG_API_KEYS_FILE="", JXKG_API_HOST="127.0.0.1"))
    with TestClient(app) as test_client:
        yield test_client


def test_search_returns_ranked_nodes_ready_to_draw(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": "稀金", "limit": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "稀金"
    first, second = body["results"][:2]
    assert first["node"]["id"] == "industry-chain:稀金" and first["matched"] == "exact"
    assert second["node"] == {
        "id": GANZHOU_CITY,
        "type": "ScienceCity",
        "labels": ["Entity", "InnovationZone", "Place", "ScienceCity"],
        "captionZh": "赣州稀金科创城",
        "captionEn": "Ganzhou Rare Metals Science City",
        "provenance": second["node"]["provenance"],
        "group": None,  # an entity; a node standing for neighbours not drawn says whose (answer graphs)
    }
    assert second["node"]["provenance"]["kind"] == "documented"


def test_search_by_type_and_its_errors(client: TestClient) -> None:
    cities = client.get("/api/v1/search", params={"q": "科创城", "type": "ScienceCity", "limit": 50}).json()
    assert len(cities["results"]) == 10
    unknown = client.get("/api/v1/search", params={"q": "科创城", "type": "Sciencecity"})
    assert unknown.status_code == 400
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert "ScienceCity" in unknown.json()["suggestions"]
    assert client.get("/api/v1/search", params={"q": ""}).status_code == 422
    assert client.get("/api/v1/search", params={"q": "x", "limit": 1000}).status_code == 422


def test_search_answers_the_quote_section_too(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "先发优势"}).json()
    assert body["results"] == []
    section = body["quotes"]
    assert section["total"] == 1 and section["truncated"] is False
    hit = section["hits"][0]
    assert hit["text"][hit["matchStart"] : hit["matchEnd"]] == "先发优势"
    assert hit["source"]["documentTitle"] == "江西省“十四五”科技创新规划"
    assert hit["source"]["section"] == "第一章 第二节"
    assert {"node", "via"} <= set(hit["entities"][0])
    assert "technology-field:生猪高效全基因组选择与基因编辑" in {e["node"]["id"] for e in hit["entities"]}
    bounded = client.get("/api/v1/search", params={"q": "科技创新", "quotes": 1}).json()["quotes"]
    assert len(bounded["hits"]) == 1 and bounded["truncated"] is True
    none = client.get("/api/v1/search", params={"q": "科技创新", "quotes": 0}).json()["quotes"]
    assert none == {"hits": [], "total": 0, "truncated": False}
    traditional = client.get("/api/v1/search", params={"q": "鷹潭智慧科創城", "type": "ScienceCity"}).json()
    assert traditional["results"][0]["node"]["id"] == "science-city:鹰潭智慧科创城"
    assert traditional["results"][0]["matched"] == "normalised"


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 201},
        {"q": "稀\x07金"},
        {"q": "稀金", "quotes": -1},
        {"q": "稀金", "quotes": 51},
    ],
)
def test_bad_search_input_is_a_422_naming_the_parameter(client: TestClient, params: dict[str, object]) -> None:
    response = client.get("/api/v1/search", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    named = {body.get("parameter")} | {str(error["loc"][-1]) for error in body.get("errors", [])}
    assert ("quotes" if "quotes" in params else "q") in named, body


def test_an_entity_with_provenance(client: TestClient) -> None:
    response = client.get(f"/api/v1/entities/{quote(GANZHOU_CITY)}")
    assert response.status_code == 200
    body = response.json()
    assert body["node"]["type"] == "ScienceCity"
    assert (
        body["node"]["provenance"]["quote"]
        == "统筹南昌航空、中国（南昌）中医药、南昌VR、赣州稀金、鹰潭智慧、上饶大数据六大科创城建设"
    )
    assert body["properties"]["nameZh"] == "赣州稀金科创城"
    assert {"relationship": "LOCATED_IN", "direction": "out", "type": "PrefectureCity", "count": 1} in body[
        "relationshipCounts"
    ]


def test_a_trailing_slash_is_the_same_resource(client: TestClient) -> None:
    moved = client.get("/api/v1/entities/360700/?lang=zh", follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == "/api/v1/entities/360700?lang=zh"
    assert client.get("/api/v1/entities/360700/").json()["node"]["id"] == "360700"
    assert client.get("/api/v1/queries/").status_code == 200
    city = client.get("/api/v1/entities/science-city:赣州稀金科创城/neighbors/?limit=2")
    assert city.status_code == 200 and city.json()["nodes"][0]["id"] == "science-city:赣州稀金科创城"


def test_an_entity_cites_its_sources_by_document_title(client: TestClient) -> None:
    """The hashed file name of a source (file#section) comes with the document's title and number."""
    body = client.get(f"/api/v1/entities/{quote(GANZHOU_CITY)}").json()
    own = body["node"]["provenance"]["source"]
    file, _, section = own.partition("#")
    document = client.get("/api/v1/search", params={"q": "江西省“十四五”科技创新规划", "type": "SourceDocument"})
    plan = document.json()["results"][0]["node"]["id"]
    plan_detail = client.get(f"/api/v1/entities/{quote(plan)}").json()["properties"]
    assert plan_detail["fileName"] == file, "the science city's source is the plan (curated data)"
    cited = {c["source"]: c for c in body["sources"]}
    assert set(cited) == {own, *(m["source"] for m in body["mentions"] if m["source"])}
    assert cited[own] == {
        "source": own,
        "file": file,
        "section": section,
        "document": {
            "id": plan,
            "titleZh": plan_detail["title"],
            "titleEn": plan_detail["nameEn"],
            "number": plan_detail["docNumber"],
            "date": plan_detail["issuedOn"],
        },
    }
    assert body["node"]["provenance"]["document"] == cited[own]["document"]  # one shape, one document


def test_a_source_naming_no_document_keeps_its_file_and_no_title(curated_store: GraphStore) -> None:
    [unknown, _] = cited_sources(curated_store, ["no-such-file.txt#一", None, "no-such-file.txt#一", "x.csv"])
    assert (unknown.file, unknown.section, unknown.document) == ("no-such-file.txt", "一", None)


def test_an_unknown_entity_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/api/v1/entities/science-city:nowhere")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFoundError"
    assert client.get("/api/v1/entities/science-city:nowhere/neighbors").status_code == 404


def test_neighbours_as_nodes_and_edges_with_paging(client: TestClient, curated_store: GraphStore) -> None:
    url = "/api/v1/entities/360700/neighbors"
    first = client.get(url, params={"depth": 2, "limit": 3}).json()
    assert first["nodes"][0]["id"] == "360700" and len(first["nodes"]) == 4
    assert first["nextCursor"] and first["total"] > 3
    edge = first["edges"][0]
    assert set(edge) == {"id", "type", "source", "target", "captionZh", "captionEn", "provenance"}
    second = client.get(url, params={"depth": 2, "limit": 3, "cursor": first["nextCursor"]}).json()
    assert not {n["id"] for n in first["nodes"][1:]} & {n["id"] for n in second["nodes"][1:]}
    library = explore.neighbours(curated_store, load_schema(), "360700", depth=2, limit=3)
    assert first == library.model_dump(mode="json", by_alias=True)


def test_the_first_page_samples_every_group_and_the_cursor_pages_the_rest(
    client: TestClient, curated_store: GraphStore
) -> None:
    url = "/api/v1/entities/360000/neighbors"  # the province: the curated graph's hub
    groups = {(c["relationship"], c["direction"], c["type"]) for c in client.get(url).json()["summary"]}
    first = client.get(url, params={"limit": len(groups)}).json()
    assert first == explore.neighbours(curated_store, load_schema(), "360000", limit=len(groups)).model_dump(
        mode="json", by_alias=True
    )
    assert first["nextCursor"] and first["total"] > 2 * len(groups)
    assert {n["type"] for n in first["nodes"][1:]} == {kind for _, _, kind in groups}
    seen = [n["id"] for n in first["nodes"][1:]]
    cursor = first["nextCursor"]
    while cursor:
        page = client.get(url, params={"limit": 7, "cursor": cursor}).json()
        assert page["total"] == first["total"] and page["summary"] == []
        seen += [n["id"] for n in page["nodes"][1:]]
        cursor = page["nextCursor"]
    assert len(seen) == len(set(seen)) == first["total"]
    biggest = first["summary"][0]  # "show more of this group": its relationship and class
    rel, kind = biggest["relationship"], biggest["type"]
    one_group = client.get(url, params={"rel": rel, "label": kind, "limit": 3}).json()
    assert one_group["total"] > 3 and all(kind in n["labels"] for n in one_group["nodes"][1:])
    assert {e["type"] for e in one_group["edges"]} == {rel}
    refused = client.get(url, params={"rel": rel, "label": kind, "cursor": first["nextCursor"]})
    assert refused.status_code == 422 and refused.json()["parameter"] == "cursor"
    assert "another list" in refused.json()["detail"] and "另一个列表" in refused.json()["detailZh"]


def test_neighbour_filters_as_repeated_or_comma_separated_types(client: TestClient) -> None:
    url = f"/api/v1/entities/{quote(GANZHOU_CITY)}/neighbors"
    repeated = client.get(url, params=[("rel", "LOCATED_IN"), ("rel", "FOCUSES_ON")]).json()
    commas = client.get(url, params={"rel": "LOCATED_IN,FOCUSES_ON"}).json()
    assert repeated == commas
    assert {e["type"] for e in commas["edges"]} == {"LOCATED_IN", "FOCUSES_ON"}
    bad = client.get(url, params={"rel": "LOCATED_INN"})
    assert bad.status_code == 400 and bad.json()["suggestions"] == ["LOCATED_IN"]
    assert client.get(url, params={"depth": 9}).status_code == 422
    assert client.get(url, params={"cursor": "garbage"}).status_code == 422


def test_paths_between_two_entities(client: TestClient) -> None:
    response = client.get(
        "/api/v1/paths",
        params={"from": GANZHOU_CITY, "to": "research-institute:中国科学院赣江创新研究院", "maxHops": 3},
    )
    assert response.status_code == 200
    routes = [[n["id"] for n in p["nodes"]] for p in response.json()["paths"]]
    assert [GANZHOU_CITY, "360700", "research-institute:中国科学院赣江创新研究院"] in routes
    missing = client.get("/api/v1/paths", params={"from": GANZHOU_CITY, "to": "nowhere"})
    assert missing.status_code == 404
    assert client.get("/api/v1/paths", params={"from": GANZHOU_CITY}).status_code == 422
