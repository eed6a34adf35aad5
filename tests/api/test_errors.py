"""Errors as RFC 9457 problem details: one status per project error, FastAPI's own errors in the
same form, the OpenAPI document saying so, and 503 while the database is away, 200 once it is back."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jxkg import errors as project_errors
from jxkg.errors import (
    ConfigurationError,
    EmbeddedServerError,
    EngineReplyError,
    IngestError,
    JxkgError,
    NotFoundError,
    OntologyError,
    ParameterError,
    QueryError,
    QueryTimeoutError,
    ReadOnlyViolationError,
    StoreError,
    StoreUnavailableError,
    UnknownNameError,
    ValidationError,
)
from jxkg.graph_api.app import create_app
from jxkg.graph_api.errors import PROBLEM_KINDS, PROBLEM_MEDIA_TYPE, STORE_RETRY_AFTER_S, status_for
from jxkg.settings import Settings
from jxkg.store.falkordb_engine import FalkorDBStore
from jxkg.store.falkordb_server import EmbeddedFalkorDB
from tests.api.support import PUBLIC_READS, no_database
from tests.conftest import free_port

PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance", "error"}

ERRORS: list[tuple[Callable[[], JxkgError], int]] = [
    (lambda: UnknownNameError("class", "NationalKeyLab", ["NationalKeyLaboratory", "Enterprise"]), 400),
    (lambda: NotFoundError("no entity with id 'x'"), 404),
    (lambda: ParameterError("limit must be a whole number", parameter="limit"), 422),
    (lambda: QueryTimeoutError(limit_s=30, query="MATCH (n) RETURN n", engine="falkordb"), 504),
    (lambda: EngineReplyError("cut mid-character", query="RETURN 1", engine="falkordb"), 502),
    (lambda: QueryError("Invalid input", query="MATCH", engine="neo4j"), 400),
    (lambda: ReadOnlyViolationError("a read-only query may not write"), 403),
    (lambda: StoreUnavailableError("database not reachable at 127.0.0.1:1", address="127.0.0.1:1"), 503),
    (lambda: ValidationError("shapes cannot be read"), 422),
    (lambda: IngestError("no such file"), 422),
    (lambda: ConfigurationError("bad setting"), 500),
    (lambda: OntologyError("ill-formed"), 500),
    (lambda: EmbeddedServerError("cannot start"), 500),
    (lambda: StoreError("something in the store"), 500),
    (lambda: JxkgError("something"), 500),
]


def raising_app(error: Callable[[], JxkgError]) -> FastAPI:
    """The real app plus a test-only route that raises `error`, as a query-library call would."""
    app = create_app(no_database())

    @app.get("/api/v1/test/raise")
    def raise_it() -> None:
        raise error()

    @app.get("/api/v1/test/typed")
    def typed(limit: int, name: str) -> dict[str, int]:
        return {"limit": limit}

    @app.get("/api/v1/test/crash")
    def crash() -> None:
        raise RuntimeError("a bug, with internals: /secret/path")

    return app


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, Any] = response.json()
    assert set(body) >= PROBLEM_MEMBERS
    assert body["status"] == status
    return body


def test_every_project_error_has_its_own_row() -> None:
    classes = {
        cls
        for _, cls in inspect.getmembers(project_errors, inspect.isclass)
        if issubclass(cls, JxkgError) and cls.__module__ == project_errors.__name__
    }
    assert classes == set(PROBLEM_KINDS)


@pytest.mark.parametrize(("error", "status"), ERRORS, ids=[type(make()).__name__ for make, _ in ERRORS])
def test_each_error_maps_to_its_status_as_problem_json(error: Callable[[], JxkgError], status: int) -> None:
    raised = error()
    assert status_for(raised) == status
    with TestClient(raising_app(error), raise_server_exceptions=False) as client:
        body = assert_problem(client.get("/api/v1/test/raise"), status)
    assert body["error"] == type(raised).__name__
    if type(raised) is QueryError:  # the engine's own message stays in the log
        assert "Invalid input" not in body["detail"] and "refused the query" in body["detail"]
    else:
        assert body["detail"] == str(raised)
    assert body["instance"] == "/api/v1/test/raise"
    assert str(body["type"]).startswith("https://w3id.org/jxkg/problems/")
    assert body["title"] == PROBLEM_KINDS[type(raised)].title


def test_an_engine_message_is_logged_not_echoed(caplog: pytest.LogCaptureFixture) -> None:
    message = "errMsg: Invalid input at end of input errCtx: CYPHER `id"
    with (
        caplog.at_level(logging.INFO, logger="jxkg.api"),
        TestClient(raising_app(lambda: QueryError(message, query="RETURN 1", engine="falkordb"))) as client,
    ):
        body = assert_problem(client.get("/api/v1/test/raise"), 400)
    assert "errMsg" not in str(body) and "CYPHER" not in str(body)
    assert "falkordb" in body["detail"]
    assert message in caplog.text


def test_unknown_name_carries_suggestions() -> None:
    with TestClient(raising_app(ERRORS[0][0])) as client:
        body = assert_problem(client.get("/api/v1/test/raise"), 400)
    assert body["suggestions"] == ["NationalKeyLaboratory"]
    assert body["type"] == "https://w3id.org/jxkg/problems/unknown-name"


def test_parameter_error_names_the_parameter() -> None:
    with TestClient(raising_app(ERRORS[2][0])) as client:
        body = assert_problem(client.get("/api/v1/test/raise"), 422)
    assert body["parameter"] == "limit"
    # the one 422 shape: `errors` too, as a request validation gives them
    assert [(e["parameter"], e["loc"]) for e in body["errors"]] == [("limit", ["limit"])]


def test_store_unavailable_says_when_to_retry() -> None:
    with TestClient(raising_app(ERRORS[7][0])) as client:
        response = client.get("/api/v1/test/raise")
    body = assert_problem(response, 503)
    assert response.headers["retry-after"] == str(STORE_RETRY_AFTER_S)
    assert "retry" in str(body["hint"])


def test_request_validation_is_422_problem_with_each_error() -> None:
    with TestClient(raising_app(ERRORS[0][0])) as client:
        body = assert_problem(client.get("/api/v1/test/typed", params={"limit": "many"}), 422)
    assert body["error"] == "RequestValidationError"
    problems = body["errors"]
    assert isinstance(problems, list)
    assert {tuple(p["loc"]) for p in problems} == {("query", "limit"), ("query", "name")}
    assert {p["parameter"] for p in problems} == {"limit", "name"}
    assert body["parameter"] in {"limit", "name"}  # the one 422 shape: a ParameterError names it so too
    assert all(set(p) == {"loc", "parameter", "msg", "type"} for p in problems)  # what was sent is not echoed


def test_unknown_route_and_wrong_method() -> None:
    with TestClient(create_app(no_database())) as client:
        missing = assert_problem(client.get("/api/v1/no-such-thing"), 404)
        wrong = client.delete("/api/v1/schema")
    # spelled as every other not-found (an unknown entity, an unknown question)
    assert (missing["error"], missing["type"], missing["title"]) == (
        "NotFoundError",
        "https://w3id.org/jxkg/problems/not-found",
        "Not Found",
    )
    assert assert_problem(wrong, 405)["error"] == "MethodNotAllowed"
    assert wrong.headers["allow"] == "GET"


def test_an_unexpected_exception_is_500_without_internals() -> None:
    with TestClient(raising_app(ERRORS[0][0]), raise_server_exceptions=False) as client:
        body = assert_problem(client.get("/api/v1/test/crash"), 500)
    assert body["error"] == "InternalError"
    assert "/secret/path" not in str(body)


def test_the_openapi_document_describes_problems() -> None:
    with TestClient(create_app(no_database())) as client:
        document = client.get("/openapi.json").json()
        assert client.get("/docs").status_code == 200
    schemas = document["components"]["schemas"]
    assert "Problem" in schemas and "HTTPValidationError" not in schemas
    stats = document["paths"]["/api/v1/stats"]["get"]["responses"]
    for status in ("401", "403", "503"):
        assert stats[status]["content"] == {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    health = document["paths"]["/api/v1/health"]["get"]["responses"]["503"]
    assert health["content"]["application/json"]["schema"]["$ref"].endswith("/HealthResponse")
    assert "/health" not in document["paths"]  # the probe is kept out of the document


def test_stats_is_503_while_the_database_is_down_and_200_once_it_is_back(tmp_path: Path) -> None:
    server = EmbeddedFalkorDB(tmp_path, port=free_port())
    server.start()
    try:
        settings = Settings(
            JXKG_ENGINE="falkordb",
            JXKG_FALKORDB_HOST=server.host,
            JXKG_FALKORDB_PORT=server.port,
            JXKG_GRAPH="recovery",
            JXKG_API_HOST="127.0.0.1",
            JXKG_API_KEYS="",
            JXKG_API_KEYS_FILE="",
        )
        with FalkorDBStore(server.host, server.port, "recovery") as store:
            store.write("CREATE (:Entity {id: 'kept'})")
        with TestClient(create_app(settings)) as client:
            assert client.get("/api/v1/stats").json()["nodes"] == 1
            server.stop()
            down = client.get("/api/v1/stats")
            body = assert_problem(down, 503)
            assert body["error"] == "StoreUnavailableError"
            assert down.headers["retry-after"] == str(STORE_RETRY_AFTER_S)
            assert client.get("/health").status_code == 503
            server.start()
            back = client.get("/api/v1/stats")
            assert back.status_code == 200, back.text
            assert back.json()["nodes"] == 1  # the same graph, reloaded from its AOF
            assert client.get("/health").json()["status"] == "ok"
    finally:
        server.stop()


def test_every_read_declares_one_set_of_problems_each_a_problem() -> None:
    """Issue 29: a client generated from the document handles one set of errors on every read."""
    with TestClient(create_app(no_database())) as client:
        document = client.get("/openapi.json").json()
    declared = {}
    for operations in document["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict) and operation.get("operationId") in PUBLIC_READS:
                responses = operation["responses"]
                declared[operation["operationId"]] = sorted(int(s) for s in responses if int(s) >= 400)
                for status in declared[operation["operationId"]]:
                    problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
                    assert responses[str(status)]["content"] == {PROBLEM_MEDIA_TYPE: problem}
    assert set(declared) == PUBLIC_READS
    assert {tuple(statuses) for statuses in declared.values()} == {(400, 401, 403, 404, 422, 429, 502, 503, 504)}
