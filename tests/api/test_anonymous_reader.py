"""The anonymous reader (`JXKG_ANONYMOUS_ORIGINS`, docs/frontend.md): off by default; on, a request
without a key from a listed origin may use the public reads and nothing else, under its own rate
limit (`JXKG_ANONYMOUS_RATE_LIMIT`), counted apart from keys; CORS answers its origins."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from jxkg.errors import ConfigurationError
from jxkg.graph_api.app import API_PREFIX, create_app
from jxkg.graph_api.limits import RATE_LIMIT_HEADERS
from jxkg.graph_api.operations import OPERATION_IDS
from tests.api.support import PUBLIC_READS, no_database
from tests.conftest import CuratedGraphs, served_api, settings_for

ORIGIN = "https://explorer.example.org"
ELSEWHERE = "https://elsewhere.example.com"
READER_KEY = "reader-key-anonymous-tests-0123456789"
ANALYST_KEY = "analyst-key-anonymous-tests-0123456789"
KEYS = f"reader:{READER_KEY},analyst:{ANALYST_KEY}"
CITY = "science-city:赣州稀金科创城"
INSTITUTE = "research-institute:中国科学院赣江创新研究院"

# open to everyone, key or none: the probe and the reconciliation manifest (its batches need a key)
OPEN = {"getHealth", "getReconciliationManifest"}


def anonymous(origin: str = ORIGIN) -> dict[str, str]:
    return {"Origin": origin}


def assert_missing_key(response: Any) -> None:
    """The one refusal shape: 401, problem+json, a challenge, the detail in English and Chinese."""
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert (body["status"], body["error"], body["title"]) == (401, "MissingApiKey", "Unauthorized")
    assert "API key" in body["detail"] and "API 密钥" in body["detailZh"]
    assert body["instance"] == response.request.url.path


def keyed_app(**settings: Any) -> TestClient:
    return TestClient(create_app(no_database(JXKG_API_KEYS=KEYS, **settings)))


# --- off by default --------------------------------------------------------------------------
def test_off_by_default_a_request_without_a_key_is_refused_whatever_its_origin() -> None:
    with keyed_app() as client:
        assert client.app.state.anonymous_origins == frozenset()  # type: ignore[attr-defined]
        for headers in ({}, anonymous()):
            assert_missing_key(client.get(f"{API_PREFIX}/schema", headers=headers))


# --- which endpoints ---------------------------------------------------------------------------
def _api_routes(client: TestClient) -> list[tuple[str, str, str]]:
    """Every operation of the OpenAPI document under the API's prefix: (operation id, method, a path
    to call it by)."""
    routes = []
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        if path.startswith(API_PREFIX):
            called = re.sub(r"\{[^}]+\}", "x", path)
            routes += [(operation["operationId"], method.upper(), called) for method, operation in operations.items()]
    return routes


def test_every_operation_but_the_public_reads_refuses_the_anonymous_reader() -> None:
    with keyed_app(JXKG_ANONYMOUS_ORIGINS=ORIGIN, JXKG_RATE_LIMIT=0, JXKG_ANONYMOUS_RATE_LIMIT=1000) as client:
        routes = _api_routes(client)
        ids = {operation for operation, _, _ in routes}
        assert ids >= PUBLIC_READS | OPEN  # every public read is still there, under the id the docs give
        assert ids <= set(OPERATION_IDS.values())
        refused = [(op, method, path) for op, method, path in routes if op not in PUBLIC_READS | OPEN]
        assert {"runCypher", "getCaller", "startIngest", "validateUpload", "listRuns", "runAudit"} <= {
            op for op, _, _ in refused
        }
        for operation, method, path in refused:
            response = client.request(method, path, headers=anonymous())
            assert_missing_key(response)
            assert ORIGIN in response.json()["detail"], operation  # it says what this origin may use instead
        # the manifest is open to all, its batches are not: reconciliation is no public read
        assert client.get(f"{API_PREFIX}/reconcile", headers=anonymous()).status_code == 200
        assert_missing_key(client.get(f"{API_PREFIX}/reconcile", params={"queries": "{}"}, headers=anonymous()))


@pytest.mark.parametrize("origin", [ELSEWHERE, "https://explorer.example.org:8443", "http://explorer.example.org"])
def test_an_origin_not_listed_exactly_is_refused(origin: str) -> None:
    with keyed_app(JXKG_ANONYMOUS_ORIGINS=ORIGIN) as client:
        assert_missing_key(client.get(f"{API_PREFIX}/schema", headers=anonymous(origin)))
        assert_missing_key(client.get(f"{API_PREFIX}/schema"))  # no Origin at all


def test_a_request_with_a_key_is_that_key_whatever_its_origin() -> None:
    with keyed_app(JXKG_ANONYMOUS_ORIGINS=ORIGIN) as client:
        wrong = client.get(f"{API_PREFIX}/schema", headers={**anonymous(), "X-API-Key": "not-a-key"})
        reader = client.post(
            f"{API_PREFIX}/cypher", json={"query": "RETURN 1"}, headers={**anonymous(), "X-API-Key": READER_KEY}
        )
        me = client.get(f"{API_PREFIX}/me", headers={**anonymous(), "Authorization": f"Bearer {ANALYST_KEY}"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "InvalidApiKey"
    assert reader.status_code == 403 and reader.json()["error"] == "RoleTooLow"
    assert me.status_code == 200 and me.json()["role"] == "analyst"


# --- the public reads, on the curated graph -----------------------------------------------------
@pytest.fixture(scope="module")
def curated(curated_graphs: CuratedGraphs) -> Iterator[TestClient]:
    with curated_graphs.falkordb() as store:
        settings = settings_for(
            store,
            JXKG_API_HOST="0.0.0.0",
            JXKG_API_KEYS=KEYS,
            JXKG_API_KEYS_FILE="",
            JXKG_ANONYMOUS_ORIGINS=f"{ORIGIN}, http://localhost:5173",
            JXKG_RATE_LIMIT=0,
            JXKG_ANONYMOUS_RATE_LIMIT=1000,
        )
        with TestClient(create_app(settings)) as client:
            yield client


READS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "searchEntities": ("GET", "/search", {"params": {"q": "稀金"}}),
    "getEntity": ("GET", f"/entities/{quote(CITY, safe='')}", {}),
    "getNeighbours": ("GET", f"/entities/{quote(CITY, safe='')}/neighbors", {"params": {"limit": 5}}),
    "findPaths": ("GET", "/paths", {"params": {"from": CITY, "to": INSTITUTE}}),
    "getSubgraph": ("POST", "/subgraph", {"json": {"ids": [CITY, INSTITUTE]}}),
    "listQuestions": ("GET", "/queries", {}),
    "getQuestion": ("GET", "/queries/science-city-chain-support", {}),
    "runQuestion": (
        "POST",
        "/queries/science-city-chain-support/run",
        {"json": {"params": {"scienceCity": "赣州稀金科创城"}}},
    ),
    "getSchema": ("GET", "/schema", {}),
    "getStats": ("GET", "/stats", {}),
}


def test_the_reads_tried_are_the_public_ones() -> None:
    assert set(READS) == PUBLIC_READS


@pytest.mark.parametrize("operation", sorted(READS))
def test_each_public_read_answers_a_listed_origin_without_a_key(curated: TestClient, operation: str) -> None:
    method, path, request = READS[operation]
    response = curated.request(method, API_PREFIX + path, headers=anonymous(), **request)
    assert response.status_code == 200, response.text
    assert response.json(), operation
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "origin" in response.headers["vary"].lower()  # an answer that depends on it says so
    assert response.headers["ratelimit-limit"] == "1000"
    keyed = curated.request(method, API_PREFIX + path, headers={"X-API-Key": READER_KEY}, **request)
    assert keyed.status_code == 200
    assert untimed(keyed.json()) == untimed(response.json())  # what a reader's key gets


def untimed(answer: Any) -> Any:
    """An answer without its timing (a question's run says how long it took)."""
    return {k: v for k, v in answer.items() if k != "elapsedMs"} if isinstance(answer, dict) else answer


def test_the_anonymous_reader_revalidates_as_a_reader_does(curated: TestClient) -> None:
    first = curated.get(f"{API_PREFIX}/schema", headers=anonymous())
    again = curated.get(f"{API_PREFIX}/schema", headers={**anonymous(), "If-None-Match": first.headers["etag"]})
    assert first.headers["cache-control"] == "no-cache"
    assert again.status_code == 304 and again.headers["etag"] == first.headers["etag"]


def test_the_anonymous_reader_cannot_run_cypher_on_the_graph(curated: TestClient) -> None:
    response = curated.post(f"{API_PREFIX}/cypher", json={"query": "MATCH (n) RETURN count(n)"}, headers=anonymous())
    assert_missing_key(response)
    assert response.headers["access-control-allow-origin"] == ORIGIN  # the browser can read the refusal


def test_jxkg_serve_takes_it_from_the_environment(curated_graphs: CuratedGraphs, tmp_path: Path) -> None:
    env = {"JXKG_API_KEYS": KEYS, "JXKG_ANONYMOUS_ORIGINS": ORIGIN, "JXKG_ANONYMOUS_RATE_LIMIT": "2"}
    with curated_graphs.falkordb() as store, served_api(store, tmp_path, **env) as base:
        found = httpx.get(f"{base}{API_PREFIX}/search", params={"q": "稀金"}, headers=anonymous(), timeout=30)
        cypher = httpx.post(f"{base}{API_PREFIX}/cypher", json={"query": "RETURN 1"}, headers=anonymous(), timeout=30)
        refused = httpx.get(f"{base}{API_PREFIX}/stats", headers=anonymous(), timeout=30)
        elsewhere = httpx.get(f"{base}{API_PREFIX}/stats", headers=anonymous(ELSEWHERE), timeout=30)
    assert found.status_code == 200 and found.json()["results"]
    assert found.headers["access-control-allow-origin"] == ORIGIN and found.headers["ratelimit-limit"] == "2"
    assert_missing_key(cypher)
    assert refused.status_code == 429 and refused.json()["setting"] == "JXKG_ANONYMOUS_RATE_LIMIT"
    assert_missing_key(elsewhere)


# --- its own rate limit ---------------------------------------------------------------------------
def test_its_rate_limit_is_its_own_and_counted_apart_from_keys() -> None:
    with keyed_app(JXKG_ANONYMOUS_ORIGINS=ORIGIN, JXKG_ANONYMOUS_RATE_LIMIT=2, JXKG_RATE_LIMIT=5) as client:
        answers = [client.get(f"{API_PREFIX}/schema", headers=anonymous()) for _ in range(3)]
        keyed = client.get(f"{API_PREFIX}/schema", headers={"X-API-Key": READER_KEY})  # the same address
        # a keyless request from elsewhere is counted as before, by address in the keys' limiter: 401, not 429
        elsewhere = client.get(f"{API_PREFIX}/schema", headers=anonymous(ELSEWHERE))
    ok, ok_again, refused = answers
    assert [a.status_code for a in answers] == [200, 200, 429]
    for answer in answers:
        assert all(name.lower() in answer.headers for name in RATE_LIMIT_HEADERS)
        assert answer.headers["ratelimit-limit"] == "2" and answer.headers["ratelimit-policy"] == "2;w=60"
    assert (ok.headers["ratelimit-remaining"], ok_again.headers["ratelimit-remaining"]) == ("1", "0")
    assert 1 <= int(refused.headers["retry-after"]) <= 30  # one request in 60/2 s
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["access-control-allow-origin"] == ORIGIN
    body = refused.json()
    assert (body["error"], body["limit"], body["setting"]) == ("RateLimited", 2, "JXKG_ANONYMOUS_RATE_LIMIT")
    assert "每分钟" in body["detailZh"]
    assert keyed.status_code == 200 and keyed.headers["ratelimit-limit"] == "5"
    assert keyed.headers["ratelimit-remaining"] == "4"  # the anonymous requests took nothing from it
    assert elsewhere.status_code == 401 and elsewhere.headers["ratelimit-limit"] == "5"


def test_a_key_exhausted_leaves_the_anonymous_bucket_whole() -> None:
    with keyed_app(JXKG_ANONYMOUS_ORIGINS=ORIGIN, JXKG_ANONYMOUS_RATE_LIMIT=2, JXKG_RATE_LIMIT=2) as client:
        keyed = [client.get(f"{API_PREFIX}/schema", headers={"X-API-Key": READER_KEY}).status_code for _ in range(3)]
        first = client.get(f"{API_PREFIX}/schema", headers=anonymous())
    assert keyed == [200, 200, 429]
    assert first.status_code == 200 and first.headers["ratelimit-remaining"] == "1"


def test_the_anonymous_limit_holds_with_the_keys_unlimited() -> None:
    with keyed_app(JXKG_ANONYMOUS_ORIGINS=ORIGIN, JXKG_ANONYMOUS_RATE_LIMIT=1, JXKG_RATE_LIMIT=0) as client:
        statuses = [client.get(f"{API_PREFIX}/schema", headers=anonymous()).status_code for _ in range(2)]
        keyed = client.get(f"{API_PREFIX}/schema", headers={"X-API-Key": READER_KEY})
    assert statuses == [200, 429]
    assert keyed.status_code == 200 and "ratelimit-limit" not in keyed.headers


# --- CORS -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_preflight_from_a_listed_origin_is_answered(method: str) -> None:
    with keyed_app(JXKG_ANONYMOUS_ORIGINS=ORIGIN) as client:  # JXKG_CORS_ORIGINS left empty
        preflight = client.options(
            f"{API_PREFIX}/subgraph",
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": method,
                "Access-Control-Request-Headers": "Content-Type, If-None-Match",
            },
        )
        unlisted = client.options(
            f"{API_PREFIX}/subgraph", headers={"Origin": ELSEWHERE, "Access-Control-Request-Method": method}
        )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert method in preflight.headers["access-control-allow-methods"]
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert "content-type" in allowed and "if-none-match" in allowed
    assert unlisted.status_code == 400 and "access-control-allow-origin" not in unlisted.headers


def test_the_cors_origins_keep_theirs_and_add_the_anonymous_ones() -> None:
    with keyed_app(JXKG_CORS_ORIGINS=ELSEWHERE, JXKG_ANONYMOUS_ORIGINS=ORIGIN) as client:
        keyed = client.get(f"{API_PREFIX}/schema", headers={"Origin": ELSEWHERE, "X-API-Key": READER_KEY})
        keyless = client.get(f"{API_PREFIX}/schema", headers=anonymous(ELSEWHERE))
    assert keyed.status_code == 200 and keyed.headers["access-control-allow-origin"] == ELSEWHERE
    assert_missing_key(keyless)  # a CORS origin is not an anonymous one


# --- configuration ----------------------------------------------------------------------------------
@pytest.mark.parametrize("origins", ["*", f"{ORIGIN}/", "explorer.example.org", f"{ORIGIN}/app"])
def test_anything_but_exact_origins_is_refused_naming_the_setting(origins: str) -> None:
    with pytest.raises(ConfigurationError, match="JXKG_ANONYMOUS_ORIGINS"):
        create_app(no_database(JXKG_API_KEYS=KEYS, JXKG_ANONYMOUS_ORIGINS=origins))


def test_an_anonymous_limit_above_the_keys_is_refused() -> None:
    with pytest.raises(ConfigurationError, match=r"JXKG_ANONYMOUS_RATE_LIMIT.*JXKG_RATE_LIMIT"):
        create_app(no_database(JXKG_API_KEYS=KEYS, JXKG_ANONYMOUS_ORIGINS=ORIGIN, JXKG_RATE_LIMIT=30))
    with pytest.raises(ValueError, match="JXKG_ANONYMOUS_RATE_LIMIT"):
        no_database(JXKG_ANONYMOUS_RATE_LIMIT=0)


def test_keyless_on_loopback_there_is_no_anonymous_reader_to_limit() -> None:
    """Keyless, every caller is a steward already; the listed origins are CORS origins only."""
    with TestClient(create_app(no_database(JXKG_ANONYMOUS_ORIGINS=ORIGIN, JXKG_RATE_LIMIT=0))) as client:
        response = client.get(f"{API_PREFIX}/me", headers=anonymous())
        assert client.app.state.anonymous_limiter is None  # type: ignore[attr-defined]
    assert response.status_code == 200 and response.json()["role"] == "steward"
    assert response.headers["access-control-allow-origin"] == ORIGIN
