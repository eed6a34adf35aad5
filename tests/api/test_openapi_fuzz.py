"""Schemathesis reads the app's own OpenAPI document and sends what it describes: no answer is a 5xx,
and every answer conforms to the document (status, media type, body schema, required headers).

The app serves the curated graph on FalkorDB, keyless on loopback (every role), so every route is
reached, `POST /cypher` included; hypothesis generates the parameters and bodies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jxkg.graph_api.app import create_app
from tests.conftest import CuratedGraphs, settings_for


@pytest.fixture(scope="module")
def api_schema(curated_graphs: CuratedGraphs) -> Iterator[schemathesis.BaseSchema]:
    with curated_graphs.falkordb() as store:
        app = create_app(
            settings_for(store, JXKG_API_KEYS="", JXKG_API_KEYS_FILE="", JXKG_API_HOST="127.0.0.1", JXKG_RATE_LIMIT=0)
        )
        with TestClient(app):  # runs the lifespan, which opens the app's store
            yield schemathesis.openapi.from_asgi("/openapi.json", app)


CONFORMANCE = [
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def _operations(schema: schemathesis.BaseSchema) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def test_no_request_the_document_allows_gets_a_server_error(api_schema: schemathesis.BaseSchema) -> None:
    """Every operation in turn (schemathesis' pytest plugin does not run on this pytest, so the
    operations' hypothesis strategies are driven here directly)."""
    operations = _operations(api_schema)
    assert len(operations) >= 10
    for operation in operations:
        # an operation whose only inputs are the key headers (which a keyless app ignores) answers
        # the same every time: three calls say as much as thirty (POST /audit validates the whole graph)
        takes_input = len(operation.body) + len(operation.query) + len(operation.path_parameters) > 0

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30 if takes_input else 3,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def no_server_error(case: schemathesis.Case) -> None:
            # no time limit of its own (schemathesis waits 10 s): POST /audit reads and resolves the whole
            # graph, and this test asks for no 5xx, not for speed (the figures belong to the benchmarks)
            response = case.call(timeout=120)
            where = f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}"
            assert response.status_code < 500, f"{where}: {response.status_code} {response.text}"
            if response.status_code >= 400:
                assert response.headers["content-type"][0].startswith("application/problem+json"), where
            # and the answer is what the document says: a status it declares, its media type, a body
            # that validates against the schema, the headers it marks required
            case.validate_response(response, checks=CONFORMANCE)

        no_server_error()


NUL = "a\x00b"


def _text_inputs(document: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(method, path, where, name) for every string parameter and every string (or list of strings)
    property of a JSON body."""
    schemas = document.get("components", {}).get("schemas", {})
    found: list[tuple[str, str, str, str]] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("path", "query") and _is_text(parameter.get("schema", {})):
                    found.append((method, path, parameter["in"], parameter["name"]))
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema", {})
            if "$ref" in body:
                body = schemas[body["$ref"].rsplit("/", 1)[-1]]
            for name, prop in body.get("properties", {}).items():
                if _is_text(prop):
                    found.append((method, path, "body", name))
                elif prop.get("type") == "array" and _is_text(prop.get("items", {})):
                    found.append((method, path, "body-list", name))
    return found


def _is_text(schema: dict[str, Any]) -> bool:
    options = [schema, *schema.get("anyOf", [])]
    return any(option.get("type") == "string" and "enum" not in option for option in options)


def test_a_nul_in_any_text_input_is_422_before_the_engine(api_schema: schemathesis.BaseSchema) -> None:
    """Every path and query parameter and JSON body field that takes text, walked from the OpenAPI document."""
    app = api_schema.app
    with TestClient(app) as client:
        inputs = _text_inputs(client.get("/openapi.json").json())
        assert len(inputs) >= 10
        for method, path, where, name in inputs:
            url = path
            for segment in re.findall(r"\{(\w+)(?::\w+)?\}", path):
                url = re.sub(r"\{" + segment + r"(?::\w+)?\}", quote(NUL, safe="") if segment == name else "x", url)
            query = {name: NUL} if where == "query" else None
            body = {name: NUL} if where == "body" else {name: [NUL]} if where == "body-list" else None
            response = client.request(method.upper(), url, params=query, json=body)
            label = f"{method.upper()} {path} ({where} {name})"
            assert response.status_code == 422, f"{label}: {response.status_code} {response.text}"
            problem = response.json()
            assert problem["error"] == "ControlCharacter" and "U+0000" in problem["detail"], label
            assert problem["parameter"].split("[")[0] == name, label
            assert "\x00" not in response.text and "errMsg" not in response.text, label


def test_a_nul_in_a_cypher_parameter_or_a_reconciliation_batch_is_422(api_schema: schemathesis.BaseSchema) -> None:
    with TestClient(api_schema.app) as client:
        cypher = client.post(
            "/api/v1/cypher", json={"query": "MATCH (n:Entity {id: $id}) RETURN n.id AS id", "params": {"id": NUL}}
        )
        batch = client.post("/api/v1/reconcile", data={"queries": '{"q0": {"query": "a\\u0000b"}}'})
        tab = client.post("/api/v1/cypher", json={"query": "RETURN 1 AS one\t// fine\r\n"})
    assert (cypher.status_code, cypher.json()["parameter"]) == (422, "params.id")
    assert batch.status_code == 422 and batch.json()["error"] == "ControlCharacter"
    assert tab.status_code == 200
