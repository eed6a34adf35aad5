"""The reconciliation service over HTTP on the curated graph: the v0.2 manifest and its examples'
shapes, a batch of 50 sent the three ways, suggest, previews, bad input as 4xx, the reader role."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.queries.resolve import Resolver
from jxkg.store.falkordb_engine import FalkorDBStore
from tests.api.support import no_database
from tests.conftest import CuratedGraphs, settings_for
from tests.queries.test_resolve import NONSENSE, VARIANTS

URL = "/api/v1/reconcile"
OPENREFINE = "http://127.0.0.1:3333"
READER_KEY = "reader-key-reconcile-0123456789"


@pytest.fixture(scope="module")
def curated(curated_graphs: CuratedGraphs) -> Iterator[FalkorDBStore]:
    with curated_graphs.falkordb() as store:
        yield store


@pytest.fixture(scope="module")
def client(curated: FalkorDBStore) -> Iterator[TestClient]:
    settings = settings_for(
        curated,
        JXKG_API_KEYS="",
        JXKG_API_KEYS_FILE="",
        JXKG_API_HOST="127.0.0.1",
        JXKG_RATE_LIMIT=0,
        JXKG_CORS_ORIGINS=OPENREFINE,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


# --- the manifest ----------------------------------------------------------------------------
def test_the_manifest_has_the_members_v02_requires(client: TestClient) -> None:
    manifest = client.get(URL).json()
    assert "0.2" in manifest["versions"]
    for member in ("name", "identifierSpace", "schemaSpace"):
        assert isinstance(manifest[member], str) and manifest[member]
    assert manifest["identifierSpace"] == "https://w3id.org/jxkg/id/"
    assert all(set(t) == {"id", "name"} for t in manifest["defaultTypes"])
    assert "{{id}}" in manifest["view"]["url"] and manifest["view"]["url"].startswith("http://testserver/?n=")
    assert set(manifest["preview"]) == {"url", "width", "height"} and "{{id}}" in manifest["preview"]["url"]
    for kind in ("entity", "type", "property"):
        service = manifest["suggest"][kind]
        assert service["service_url"] == f"http://testserver{URL}"
        assert client.get(service["service_url"] + service["service_path"], params={"prefix": "赣"}).status_code == 200
    assert manifest["batchSize"] == 100
    assert "authentication" not in manifest  # keyless


def test_the_manifest_as_jsonp_with_a_strict_callback(client: TestClient) -> None:
    answer = client.get(URL, params={"callback": "jQuery3510_1700000000"})
    assert answer.headers["content-type"].startswith("application/javascript")
    assert answer.text.startswith("/**/jQuery3510_1700000000(") and answer.text.endswith(");")
    inner = answer.text[len("/**/jQuery3510_1700000000(") : -2]
    assert json.loads(inner) == client.get(URL).json()
    for bad in ("alert(1)//", "a;b", "<script>", "x" * 301, "1abc", "a..b"):
        _problem(client.get(URL, params={"callback": bad}), 422)


# --- batches -------------------------------------------------------------------------------
SPEC_FULL = {  # the specification's full query batch example, with our types and properties
    "q0": {
        "query": "赣州稀金科创城",
        "type": "ScienceCity",
        "limit": 5,
        "properties": [{"pid": "LOCATED_IN", "v": "赣州"}, {"pid": "nameEn", "v": "Ganzhou Rare Metals Science City"}],
        "type_strict": "should",
    },
    "q1": {
        "query": "南昌大学",
        "type": "University",
        "limit": 5,
        "properties": [{"pid": "LOCATED_IN", "v": ["南昌", {"id": "360100", "name": "南昌市"}]}],
        "type_strict": "should",
    },
}


def _shape(results: dict[str, Any], keys: set[str]) -> None:
    assert set(results) == keys
    for result in results.values():
        candidates = result["result"]
        assert [c["score"] for c in candidates] == sorted((c["score"] for c in candidates), reverse=True)
        assert sum(c["match"] for c in candidates) <= 1 and all(not c["match"] for c in candidates[1:])
        for candidate in candidates:
            assert {"id", "name", "type", "score", "match"} <= set(candidate)
            assert all(set(t) == {"id", "name"} for t in candidate["type"])


def test_the_spec_s_full_example_three_ways_one_answer(client: TestClient) -> None:
    text = json.dumps(SPEC_FULL, ensure_ascii=False)
    by_form = client.post(URL, data={"queries": text})
    by_json = client.post(URL, content=text.encode(), headers={"Content-Type": "application/json"})
    by_get = client.get(URL, params={"queries": text})
    assert by_form.status_code == 200, by_form.text
    assert by_form.json() == by_json.json() == by_get.json()
    _shape(by_form.json(), {"q0", "q1"})
    q0, q1 = by_form.json()["q0"]["result"][0], by_form.json()["q1"]["result"][0]
    assert (q0["id"], q0["match"], q0["type"]) == (
        "science-city:赣州稀金科创城",
        True,
        [{"id": "ScienceCity", "name": "科创城 (Science city)"}],
    )
    assert (q1["id"], q1["match"]) == ("university:南昌大学", True)
    assert "南昌市" in q1["description"]


def _fifty() -> dict[str, str]:
    with VARIANTS.open(encoding="utf-8", newline="") as handle:
        variants = [row["typed"] for row in csv.DictReader(handle, delimiter="\t")][:30]
    exact = [
        "南昌大学",
        "赣州稀金科创城",
        "江西省科学技术厅",
        "360700",
        "华东交通大学",
        "鹰潭智慧科创城",
        "赣江新区",
        "G60科创走廊",
        "中国（南昌）科学岛",
    ]
    texts = (variants + exact + NONSENSE)[:50]
    assert len(texts) == 50
    return {f"q{i}": text for i, text in enumerate(texts)}


def test_a_batch_of_fifty_is_answered_match_only_when_confident(client: TestClient, curated: FalkorDBStore) -> None:
    texts = _fifty()
    answer = client.post(URL, data={"queries": json.dumps({k: {"query": t} for k, t in texts.items()})})
    assert answer.status_code == 200, answer.text
    results = answer.json()
    _shape(results, set(texts))
    resolver = Resolver(curated)
    for key, text in texts.items():
        candidates = results[key]["result"]
        confident = resolver.resolve(text).confident
        assert bool(candidates and candidates[0]["match"]) == confident, (text, candidates[:2])
        if text in NONSENSE:
            assert not any(c["match"] for c in candidates), text
    assert all(results[key]["result"][0]["match"] for key, text in texts.items() if text in {"南昌大学", "360700"})


def test_properties_break_a_tie(client: TestClient) -> None:
    query = {"query": "科创城", "type": "ScienceCity", "limit": 20}
    plain = client.post(URL, data={"queries": json.dumps({"q": query})}).json()["q"]["result"]
    located = {**query, "properties": [{"pid": "LOCATED_IN", "v": "吉安市"}]}
    ranked = client.post(URL, data={"queries": json.dumps({"q": located})}).json()["q"]["result"]
    assert plain[0]["id"] != "science-city:吉安光电科创城" and ranked[0]["id"] == "science-city:吉安光电科创城"
    assert ranked[0]["score"] == plain[0]["score"] and not ranked[0]["match"]


# --- suggest and preview -------------------------------------------------------------------
def test_suggest_services_answer_the_spec_s_shapes(client: TestClient) -> None:
    entities = client.get(f"{URL}/suggest/entity", params={"prefix": "赣州稀金"}).json()["result"]
    assert entities[0]["id"] == "science-city:赣州稀金科创城" and entities[0]["notable"][0]["id"] == "ScienceCity"
    assert client.get(f"{URL}/suggest/entity", params={"prefix": "360700"}).json()["result"][0]["id"] == "360700"
    types = client.get(f"{URL}/suggest/type", params={"prefix": "科学岛"}).json()["result"]
    assert types == [
        {
            "id": "ScienceIsland",
            "name": "科学岛 (Science island)",
            "description": types[0]["description"],
            "broader": [{"id": "InnovationZone", "name": "创新区域 (Innovation zone)"}],
        }
    ]
    properties = client.get(f"{URL}/suggest/property", params={"prefix": "位于"}).json()["result"]
    assert properties[0]["id"] == "LOCATED_IN"
    assert len(client.get(f"{URL}/suggest/type", params={"prefix": "", "cursor": 2, "limit": 3}).json()["result"]) == 3


def test_a_preview_is_escaped_html_framable_by_the_cors_origins(client: TestClient) -> None:
    answer = client.get(f"{URL}/preview", params={"id": "360800"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert "吉安市" in answer.text and "Ji&#x27;an" in answer.text
    assert f"frame-ancestors {OPENREFINE}" in answer.headers["content-security-policy"]
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert _problem(client.get(f"{URL}/preview", params={"id": "<b>nope</b>"}), 404)["error"] == "NotFoundError"


# --- bad input -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("queries", "status", "says"),
    [
        ("{not json", 422, "not valid JSON"),
        ('["赣州"]', 422, "JSON object"),
        ('{"q0": "赣州"}', 422, "must be a JSON object"),
        ('{"q0": {"query": ""}}', 422, "no query text"),
        ('{"q0": {"query": "   "}}', 422, "no query text"),
        ('{"q0": {"query": "' + "赣" * 201 + '"}}', 422, "at most 200"),
        ('{"q0": {"query": "赣州\\u001b"}}', 422, "U+001B"),
        ('{"q0": {"query": "赣州", "type": "ScienceCty"}}', 400, "ScienceCity"),
        ('{"q0": {"query": "赣州", "properties": [{"pid": "nameE", "v": "x"}]}}', 400, "nameEn"),
        (json.dumps({f"q{i}": {"query": "赣州"} for i in range(101)}), 413, "at most 100"),
    ],
)
def test_bad_batches_are_a_clear_4xx(client: TestClient, queries: str, status: int, says: str) -> None:
    for answer in (client.post(URL, data={"queries": queries}), client.get(URL, params={"queries": queries})):
        assert says in _problem(answer, status)["detail"]


def test_bad_requests_are_a_clear_4xx(client: TestClient) -> None:
    _problem(client.post(URL, data={"other": "{}"}), 422)
    _problem(client.post(URL, content=b"queries={}", headers={"Content-Type": "text/plain"}), 415)
    _problem(client.post(URL, content=b"\xff\xfe", headers={"Content-Type": "application/json"}), 422)
    _problem(client.get(URL, params={"queries": "{}", "callback": "cb"}), 422)
    _problem(client.get(f"{URL}/suggest/entity", params={"prefix": ""}), 422)


# --- the reader role -----------------------------------------------------------------------
def test_a_reader_s_key_is_needed_for_all_but_the_manifest(curated: FalkorDBStore) -> None:
    settings = settings_for(
        curated,
        JXKG_API_KEYS=f"reader:{READER_KEY}",
        JXKG_API_KEYS_FILE="",
        JXKG_API_HOST="127.0.0.1",
        JXKG_RATE_LIMIT=0,
    )
    queries = json.dumps({"q0": {"query": "赣州"}})
    with TestClient(create_app(settings)) as client:
        manifest = client.get(URL).json()
        assert manifest["authentication"] == {
            "type": "apiKey",
            "name": "X-API-Key",
            "in": "header",
            "description": "a jxkg API key with the reader role",
        }
        for answer in (
            client.get(URL, params={"queries": queries}),
            client.post(URL, data={"queries": queries}),
            client.get(f"{URL}/suggest/entity", params={"prefix": "赣州"}),
            client.get(f"{URL}/suggest/type", params={"prefix": "科"}),
            client.get(f"{URL}/suggest/property", params={"prefix": "位"}),
            client.get(f"{URL}/preview", params={"id": "360700"}),
        ):
            assert _problem(answer, 401)["error"] == "MissingApiKey"
        keyed = client.post(URL, data={"queries": queries}, headers={"X-API-Key": READER_KEY})
        assert keyed.status_code == 200 and keyed.json()["q0"]["result"]


def test_the_manifest_needs_no_database() -> None:
    with TestClient(create_app(no_database())) as client:
        assert client.get(URL).status_code == 200
