"""The catalog and the read-only door over HTTP, on both engines: the same answers as the library."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.queries import load_catalog, run_named
from jxkg.queries.tabular import to_json_value
from jxkg.store import GraphStore
from tests.conftest import settings_for
from tests.queries.test_door import WRITES_AND_ADMIN
from tests.test_spreadsheet import _is_json

ANALYST, READER = "an-analyst-key-0123456789", "a-reader-key-0123456789"


@pytest.fixture(scope="module")
def client(curated_store: GraphStore) -> Iterator[TestClient]:
    keys = f"analyst:{ANALYST},reader:{READER}"
    app = create_app(settings_for(curated_store, JXKG_API_KEYS=keys, JXKG_API_KEYS_FILE="", JXKG_RATE_LIMIT=0))
    with TestClient(app) as test_client:
        yield test_client


def _as(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_the_catalog_lists_the_headline_first(client: TestClient) -> None:
    listed = client.get("/api/v1/queries", headers=_as(READER)).json()
    assert [q["name"] for q in listed] == load_catalog().names()
    assert listed[0]["name"] == "science-city-chain-support"
    one = client.get("/api/v1/queries/science-city-chain-support", headers=_as(READER)).json()
    assert one["parameters"][0]["name"] == "scienceCity" and one["parameters"][0]["type"] == "string"
    # both languages, the English where existing clients read it
    headline = load_catalog().get("science-city-chain-support")
    for shown in (listed[0], one):
        assert (shown["description"], shown["descriptionZh"]) == (headline.description, headline.description_zh)
    assert one["descriptionZh"].startswith("本产品的核心问题")
    assert one["parameters"][0]["description"].startswith("one 科创城 by id")
    assert one["parameters"][0]["descriptionZh"].startswith("一个科创城")
    assert one["columns"][0]["label"] == {"zh": "科创城编号", "en": "science city id"}
    missing = client.get("/api/v1/queries/science-city-chain-suport", headers=_as(READER))
    assert missing.status_code == 404 and "science-city-chain-support" in missing.json()["detail"]
    assert missing.json()["suggestions"][0] == "science-city-chain-support"  # for a page to offer


def test_every_named_question_answers_as_the_library_does(client: TestClient, curated_store: GraphStore) -> None:
    for query in load_catalog():
        response = client.post(f"/api/v1/queries/{query.name}/run", json={"params": query.example}, headers=_as(READER))
        assert response.status_code == 200, (query.name, response.text)
        body = response.json()
        direct = run_named(curated_store, query, query.example)
        assert body["name"] == query.name
        assert body["columns"] == direct.columns
        assert body["rows"] == to_json_value(direct.rows), query.name


def test_the_headline_as_csv(client: TestClient) -> None:
    response = client.post(
        "/api/v1/queries/science-city-chain-support/run",
        json={"params": {}},
        headers={**_as(READER), "Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs for the Chinese
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len({r["scienceCityId"] for r in rows}) == 10  # every 科创城 appears
    # the supporters as readable text (name, then the rest in brackets), never JSON in a cell
    supporters = [r["supporters"] for r in rows if r["supporters"]]
    assert supporters and not any(_is_json(cell) for row in rows for cell in row.values())
    assert all('{"' not in cell and "(id: " in cell for cell in supporters)


def test_parameters_are_typed_by_the_header(client: TestClient) -> None:
    wrong_type = client.post(
        "/api/v1/queries/science-city-chain-support/run", json={"params": {"scienceCity": 360700}}, headers=_as(READER)
    )
    assert wrong_type.status_code == 422 and wrong_type.json()["parameter"] == "scienceCity"
    unknown = client.post(
        "/api/v1/queries/science-city-chain-support/run", json={"params": {"city": "x"}}, headers=_as(READER)
    )
    assert unknown.status_code == 422 and "scienceCity" in unknown.json()["detail"]
    assert unknown.json()["detailZh"] == "science-city-chain-support 没有参数 city；是否指 scienceCity？"
    # a missing one is said in both languages, with the parameter's help in each
    missing = client.post(
        "/api/v1/queries/connection-paths/run", json={"params": {"toEntity": "中医药"}}, headers=_as(READER)
    )
    assert missing.status_code == 422 and missing.json()["parameter"] == "fromEntity"
    assert "the first entity, by id or Chinese name" in missing.json()["detail"]
    assert (
        missing.json()["detailZh"]
        == "connection-paths 需要参数 fromEntity（文本）：第一个实体，按 id 或中文名（如赣州市）"
    )


def test_cypher_needs_the_analyst_key(client: TestClient) -> None:
    body = {"query": "MATCH (c:ScienceCity) RETURN count(c) AS n"}
    assert client.post("/api/v1/cypher", json=body).status_code == 401
    assert client.post("/api/v1/cypher", json=body, headers=_as(READER)).status_code == 403
    response = client.post("/api/v1/cypher", json=body, headers=_as(ANALYST))
    assert response.status_code == 200
    assert response.json()["rows"] == [{"n": 10}]


@pytest.mark.parametrize("form", sorted(WRITES_AND_ADMIN))
def test_cypher_refuses_every_write_with_a_4xx_and_changes_nothing(
    client: TestClient, curated_store: GraphStore, form: str
) -> None:
    before = curated_store.stats()
    response = client.post("/api/v1/cypher", json={"query": WRITES_AND_ADMIN[form]}, headers=_as(ANALYST))
    assert 400 <= response.status_code < 500, (form, response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert curated_store.stats() == before


def test_cypher_row_cap_and_errors_an_analyst_can_act_on(client: TestClient) -> None:
    capped = client.post(
        "/api/v1/cypher", json={"query": "MATCH (n:Entity) RETURN n.id AS id", "limit": 5}, headers=_as(ANALYST)
    ).json()
    assert len(capped["rows"]) == 5 and capped["truncated"] is True and capped["rowLimit"] == 5
    label = client.post("/api/v1/cypher", json={"query": "MATCH (c:Sciencecity) RETURN c"}, headers=_as(ANALYST))
    assert label.status_code == 400 and "ScienceCity" in label.json()["suggestions"]
    missing = client.post("/api/v1/cypher", json={"query": "MATCH (n:Entity {id: $id}) RETURN n"}, headers=_as(ANALYST))
    assert missing.status_code == 422 and missing.json()["parameter"] == "id"
    text_id = client.post(
        "/api/v1/cypher",
        json={"query": "MATCH (n:Entity {id: $id}) RETURN n.nameZh AS name", "params": {"id": "360700"}},
        headers=_as(ANALYST),
    )
    assert text_id.json()["rows"] == [{"name": "赣州市"}]


def test_a_near_miss_parameter_resolves_and_the_answer_says_so(client: TestClient) -> None:
    run = "/api/v1/queries/science-city-chain-support/run"
    answer = client.post(run, json={"params": {"scienceCity": "贛州稀金"}}, headers=_as(READER))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["parameters"]["scienceCity"] == "science-city:赣州稀金科创城"
    assert body["resolved"]["scienceCity"]["id"] == "science-city:赣州稀金科创城"
    assert body["resolved"]["scienceCity"]["given"] == "贛州稀金"
    assert {row["scienceCityId"] for row in body["rows"]} == {"science-city:赣州稀金科创城"}


def test_a_parameter_that_names_nothing_is_a_422_with_the_nearest(client: TestClient) -> None:
    refused = client.post(
        "/api/v1/queries/platforms-by-level-and-city/run", json={"params": {"city": "火星市"}}, headers=_as(READER)
    )
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["error"] == "UnresolvedNameError" and problem["parameter"] == "city"
    assert problem["given"] == "火星市" and isinstance(problem["candidates"], list)
    several = client.post(
        "/api/v1/queries/entity-profile/run", json={"params": {"entity": "国家重点实验室"}}, headers=_as(READER)
    ).json()
    assert len(several["candidates"]) >= 3
    assert {"id", "name", "class", "score"} <= set(several["candidates"][0])
