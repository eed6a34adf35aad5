"""Schemathesis reads the app's own OpenAPI document and sends what it describes: no answer is a 5xx.

The app serves the curated graph on FalkorDB, keyless on loopback (every role), so every route is
reached, `POST /cypher` included; hypothesis generates the parameters and bodies.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from jxkg.graph_api.app import create_app
from jxkg.store.falkordb_server import EmbeddedFalkorDB
from tests.conftest import curated_falkordb_graph, settings_for


@pytest.fixture(scope="module")
def api_schema(falkordb_server: EmbeddedFalkorDB) -> Iterator[schemathesis.BaseSchema]:
    with curated_falkordb_graph(falkordb_server) as store:
        app = create_app(
            settings_for(store, JXKG_API_KEYS="", JXKG_API_KEYS_FILE="", JXKG_API_HOST="127.0.0.1", JXKG_RATE_LIMIT=0)
        )
        with TestClient(app):  # runs the lifespan, which opens the app's store
            yield schemathesis.openapi.from_asgi("/openapi.json", app)


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

        no_server_error()
