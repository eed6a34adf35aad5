"""`GET /health` through the real app on both engines, and when the database is away."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.settings import Settings
from jxkg.store import GraphStore
from tests.conftest import free_port, settings_for


def test_health_reports_engine_version_and_counts(store: GraphStore) -> None:
    store.write("CREATE (:Entity {id: 'x'})-[:PART_OF]->(:Entity {id: 'y'})")
    with TestClient(create_app(settings_for(store))) as client:
        response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["engine"] == store.engine
    assert body["version"] == store.health().version
    assert (body["nodes"], body["relationships"]) == (2, 1)


def test_health_is_503_when_the_database_is_away() -> None:
    settings = Settings(JXKG_ENGINE="falkordb", JXKG_FALKORDB_PORT=free_port())
    with TestClient(create_app(settings)) as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["reachable"] is False
    assert response.json()["status"] == "unavailable"
