"""Every data stewards' endpoint needs the steward role: a reader's and an analyst's key get 403."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.graph_api.limits import UPLOAD_PATHS
from tests.api.steward_support import ANALYST_KEY, READER_KEY, STEWARD_KEY, bearer
from tests.api.support import no_database

JOB = "job-20260101T000000-abcdef"
STEWARD_ROUTES = [
    ("POST", "/api/v1/validate"),
    ("POST", "/api/v1/ingest"),
    ("GET", "/api/v1/ingest"),
    ("GET", f"/api/v1/ingest/{JOB}"),
    ("GET", f"/api/v1/ingest/{JOB}/events"),
    ("GET", f"/api/v1/ingest/{JOB}/quarantine"),
    ("GET", f"/api/v1/ingest/{JOB}/report"),
    ("POST", "/api/v1/audit"),
    ("GET", "/api/v1/runs"),
    ("GET", "/api/v1/runs/run-20260101T000000-abcdef"),
    ("GET", "/api/v1/templates"),
    ("GET", "/api/v1/templates/Enterprise.csv"),
    ("GET", "/api/v1/templates/Enterprise.mapping.yaml"),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    keys = f"reader:{READER_KEY},analyst:{ANALYST_KEY},steward:{STEWARD_KEY}"
    settings = no_database(JXKG_API_KEYS=keys, JXKG_DATA_DIR=str(tmp_path_factory.mktemp("roles")), JXKG_RATE_LIMIT=0)
    with TestClient(create_app(settings)) as client:
        yield client


def test_the_list_covers_every_steward_route(client: TestClient) -> None:
    document = client.get("/openapi.json", headers=bearer(READER_KEY)).json()
    tagged = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "stewards" in operation.get("tags", [])
    }
    listed = {
        (
            m,
            p.replace(JOB, "{job}")
            .replace("run-20260101T000000-abcdef", "{run}")
            .replace("Enterprise", "{class_name}"),
        )
        for m, p in STEWARD_ROUTES
    }
    assert tagged == listed
    multipart = {
        path
        for path, operations in document["paths"].items()
        for operation in operations.values()
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    }
    assert multipart == UPLOAD_PATHS  # the body limit knows every upload route


@pytest.mark.parametrize("key", [READER_KEY, ANALYST_KEY], ids=["reader", "analyst"])
@pytest.mark.parametrize(("method", "path"), STEWARD_ROUTES, ids=[f"{m} {p}" for m, p in STEWARD_ROUTES])
def test_a_reader_and_an_analyst_get_403(client: TestClient, key: str, method: str, path: str) -> None:
    response = client.request(method, path, headers=bearer(key))
    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["error"] == "RoleTooLow" and response.json()["required_role"] == "steward"


@pytest.mark.parametrize(("method", "path"), STEWARD_ROUTES, ids=[f"{m} {p}" for m, p in STEWARD_ROUTES])
def test_no_key_gets_401_and_the_steward_gets_past_the_role(client: TestClient, method: str, path: str) -> None:
    assert client.request(method, path).status_code == 401
    response = client.request(method, path, headers=bearer(STEWARD_KEY))
    assert response.status_code not in {401, 403}, response.text  # 404, 422 or 503: no database here
    assert response.status_code < 500 or response.status_code == 503, response.text
