"""Issue 29: every operation's required inputs have examples in the OpenAPI document
(`jxkg/graph_api/examples.py`); each example fits its schema; and the examples work: each read of
the curated graph, and a validation, answers its examples with a 2xx (what "Try it out" sends)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.graph_api.examples import OPERATION_EXAMPLES
from tests.api.support import no_database
from tests.conftest import CuratedGraphs, settings_for

# operations whose examples name what only a running server gives out (a job, a run), or that write
NOT_CALLED = {
    "startIngest",
    "getIngestJob",
    "getIngestJobEvents",
    "getIngestJobQuarantine",
    "getIngestJobReport",
    "getRun",
}


def _document() -> dict[str, Any]:
    with TestClient(create_app(no_database())) as client:
        document: dict[str, Any] = client.get("/openapi.json").json()
    return document


DOCUMENT = _document()
OPERATIONS = {
    op["operationId"]: (method, path, op)
    for path, ops in DOCUMENT["paths"].items()
    for method, op in ops.items()
    if isinstance(op, dict) and "operationId" in op
}


def _validator(schema: dict[str, Any]) -> Any:
    return jsonschema_rs.validator_for({**schema, "components": DOCUMENT["components"]})


def test_every_required_input_has_an_example_that_fits_its_schema() -> None:
    assert set(OPERATION_EXAMPLES) <= set(OPERATIONS), sorted(set(OPERATION_EXAMPLES) - set(OPERATIONS))
    missing = []
    for name, (_, _, operation) in OPERATIONS.items():
        for parameter in operation.get("parameters", []):
            if parameter["in"] not in ("path", "query"):
                continue
            if "example" not in parameter:
                if parameter.get("required"):
                    missing.append(f"{name}: {parameter['name']}")
                continue
            assert not parameter.get("deprecated"), f"{name}: a deprecated name has no example"
            _validator(parameter["schema"]).validate(parameter["example"])
        for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
            if "example" not in content:
                missing.append(f"{name}: {media_type} body")
            elif media_type == "application/json":
                _validator(content["schema"]).validate(content["example"])
    assert missing == []


def test_a_planted_wrong_example_does_not_fit() -> None:
    (_, _, search) = OPERATIONS["searchEntities"]
    limit = next(p for p in search["parameters"] if p["name"] == "limit")
    with pytest.raises(jsonschema_rs.ValidationError):
        _validator(limit["schema"]).validate(10_000)


@pytest.fixture(scope="module")
def client(curated_graphs: CuratedGraphs) -> Iterator[TestClient]:
    with curated_graphs.falkordb() as store:
        settings = settings_for(store, JXKG_API_KEYS="", JXKG_API_KEYS_FILE="", JXKG_API_HOST="127.0.0.1")
        with TestClient(create_app(settings)) as test_client:
            yield test_client


@pytest.mark.parametrize("name", sorted(set(OPERATIONS) - NOT_CALLED))
def test_each_operation_answers_its_examples(client: TestClient, name: str) -> None:
    method, path, operation = OPERATIONS[name]
    query: dict[str, Any] = {}
    for parameter in operation.get("parameters", []):
        if "example" not in parameter:
            continue
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", quote(str(parameter["example"]), safe=""))
        elif parameter["in"] == "query":
            query[parameter["name"]] = parameter["example"]
    content = operation.get("requestBody", {}).get("content", {})
    kwargs: dict[str, Any] = {"params": query}
    if "application/json" in content:
        kwargs["json"] = content["application/json"]["example"]
    elif "multipart/form-data" in content:
        kwargs["files"] = {
            "file": ("示例.ttl", content["multipart/form-data"]["example"]["file"].encode(), "text/turtle")
        }
    response = client.request(method.upper(), path, **kwargs)
    assert 200 <= response.status_code < 300, f"{name}: {response.status_code} {response.text[:300]}"
    if response.headers.get("content-type", "").startswith("application/json"):
        json.loads(response.text)
