"""Ready for a Neo4j cluster (or Aura), where the driver routes a READ transaction to a secondary and a
WRITE one to the leader: every statement the product's faces send runs in the transaction its work
needs (reads in READ, writes in WRITE, only schema statements on their own), recorded at the driver
while the API serves each kind of request, the catalog runs and a steward's job writes; and the
reads that follow a job's writes carry its bookmarks (read-your-writes)."""

from __future__ import annotations

import contextvars
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from jxkg.errors import ReadOnlyViolationError
from jxkg.queries import load_catalog
from jxkg.store.neo4j_engine import Neo4jStore
from jxkg.store.readonly import check_read_only
from tests.api.steward_support import ANALYST_KEY, MIXED_ROWS, READER_KEY, bearer, csv_bytes, steward_client, upload
from tests.conftest import CuratedGraphs, Neo4jEndpoint, neo4j_graph

SCHEMA_STATEMENT = re.compile(
    r"^\s*(CREATE|DROP)\s+(FULLTEXT\s+)?(INDEX|CONSTRAINT)\b|^\s*CALL\s+db\.awaitIndexes\(", re.I
)
_MODE: contextvars.ContextVar[str] = contextvars.ContextVar("neo4j_access_mode", default="auto-commit")


@dataclass
class Recorded:
    """The statements sent through the driver, each with the access mode of its transaction."""

    statements: list[tuple[str, str]] = field(default_factory=list)

    def of(self, mode: str) -> list[str]:
        return [query for seen, query in self.statements if seen == mode]


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Recorded:
    record = Recorded()

    def in_mode(mode: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def execute(session: neo4j.Session, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            token = _MODE.set(mode)
            try:
                return original(session, work, *args, **kwargs)
            finally:
                _MODE.reset(token)

        return execute

    tx_run = neo4j.ManagedTransaction.run
    session_run = neo4j.Session.run

    def run_in_tx(tx: neo4j.ManagedTransaction, query: Any, *args: Any, **kwargs: Any) -> Any:
        record.statements.append((_MODE.get(), str(query)))
        return tx_run(tx, query, *args, **kwargs)

    def run_alone(session: neo4j.Session, query: Any, *args: Any, **kwargs: Any) -> Any:
        record.statements.append(("auto-commit", str(query)))
        return session_run(session, query, *args, **kwargs)

    monkeypatch.setattr(neo4j.Session, "execute_read", in_mode("READ", neo4j.Session.execute_read))
    monkeypatch.setattr(neo4j.Session, "execute_write", in_mode("WRITE", neo4j.Session.execute_write))
    monkeypatch.setattr(neo4j.ManagedTransaction, "run", run_in_tx)
    monkeypatch.setattr(neo4j.Session, "run", run_alone)
    return record


@pytest.fixture
def neo(request: pytest.FixtureRequest, curated_graphs: CuratedGraphs) -> Iterator[Neo4jStore]:
    """The curated data on Neo4j (a steward's job below writes through the ingest's own path)."""
    with neo4j_graph(request) as empty:
        curated_graphs.neo4j(empty)
        yield empty


def _writes(query: str) -> bool:
    try:
        check_read_only(query)
    except ReadOnlyViolationError:
        return True
    return False


def _wait(client: TestClient, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/ingest/{job_id}").json()
        if job["state"] not in ("queued", "running"):
            return dict(job)
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not end")


def _a_job_then_its_reads(client: TestClient) -> None:
    """A steward's job writes with a store of its own; the API's next read follows its bookmarks."""
    api_store = client.app.state.store  # type: ignore[attr-defined]
    assert isinstance(api_store, Neo4jStore)
    before = api_store.bookmarks
    job = upload(client, "/api/v1/ingest", "平台名录.csv", csv_bytes(MIXED_ROWS)).json()
    assert _wait(client, job["id"])["state"] == "succeeded"
    after = api_store.bookmarks
    assert after and after != before  # the job's transactions moved the API's reads on
    found = client.get("/api/v1/search?q=测试平台甲", headers=bearer(READER_KEY)).json()
    assert found["results"] and found["results"][0]["node"]["captionZh"] == "测试平台甲"


def _every_face(client: TestClient) -> None:
    """A request of each kind the API serves, named questions, ad-hoc Cypher, a steward's job."""
    reader, analyst = bearer(READER_KEY), bearer(ANALYST_KEY)
    city = "science-city:赣州稀金科创城"
    gets = [
        "/api/v1/search?q=稀金",
        f"/api/v1/entities/{city}",
        "/api/v1/entities/360700/neighbors?limit=20",
        "/api/v1/entities/360700/neighbors?depth=2&limit=50",
        f"/api/v1/paths?from={city}&to=360000",
        "/api/v1/schema",
        "/api/v1/stats",
        "/api/v1/queries",
        "/api/v1/reconcile/suggest/entity?prefix=赣州",
    ]
    for path in gets:
        assert client.get(path, headers=reader).status_code == 200, path
    assert client.post("/api/v1/subgraph", json={"ids": [city, "360700"]}, headers=reader).status_code == 200
    catalog = load_catalog()  # the questions run through one path (run_named): a few of them show it
    for query in [catalog.get(name) for name in ("science-city-chain-support", "entity-profile", "curated-facts")]:
        response = client.post(f"/api/v1/queries/{query.name}/run", json={"params": query.example}, headers=reader)
        assert response.status_code == 200, (query.name, response.text)
    cypher = client.post("/api/v1/cypher", json={"query": "MATCH (n:ScienceCity) RETURN n.id AS id"}, headers=analyst)
    assert cypher.status_code == 200, cypher.text
    reconcile = client.post(
        "/api/v1/reconcile", data={"queries": '{"q0": {"query": "赣州稀金科创城"}}'}, headers=reader
    )
    assert reconcile.status_code == 200, reconcile.text
    _a_job_then_its_reads(client)
    for path in ("/api/v1/runs?limit=5", "/api/v1/ingest?limit=5"):
        assert client.get(path).status_code == 200, path
    assert client.post("/api/v1/audit").status_code == 200


def test_every_statement_runs_in_the_transaction_its_work_needs_and_reads_follow_a_job(
    neo: Neo4jStore, recorded: Recorded, tmp_path: Path
) -> None:
    with steward_client(neo, tmp_path / "data") as client:
        _every_face(client)
    reads, writes, alone = recorded.of("READ"), recorded.of("WRITE"), recorded.of("auto-commit")
    assert len(reads) > 100 and len(writes) >= 3  # the recorder saw the faces at work (the job writes)
    sent_to_the_leader = sorted({q for q in writes if not _writes(q)})
    assert sent_to_the_leader == [], "reads in WRITE transactions (a cluster sends them to the leader)"
    # a write in a READ transaction fails on the server itself (Neo.ClientError.Statement.AccessMode)
    assert [q for q in alone if not SCHEMA_STATEMENT.search(q)] == [], "only schema statements run on their own"


def test_a_store_reads_after_its_own_writes_and_after_a_store_it_shares_bookmarks_with(
    neo4j_endpoint: Neo4jEndpoint,
) -> None:
    def open_one() -> Neo4jStore:
        return Neo4jStore(neo4j_endpoint.uri, user=neo4j_endpoint.user, password=neo4j_endpoint.password)

    with open_one() as writer, open_one() as reader, open_one() as apart:
        writer.clear()
        reader.share_bookmarks(writer)
        writer.write("CREATE (:Entity {id: 'bookmarked'})")
        assert writer.bookmarks and reader.bookmarks == writer.bookmarks
        assert apart.bookmarks != writer.bookmarks  # a store that shares nothing starts from its own
        assert reader.read("MATCH (n:Entity {id: 'bookmarked'}) RETURN count(n) AS c") == [{"c": 1}]


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_either_scheme_reaches_the_test_server(neo4j_endpoint: Neo4jEndpoint, scheme: str) -> None:
    """`neo4j://` (routing: what a cluster or Aura is reached by, the suite's scheme) and `bolt://` (one
    server, direct: docker-compose's)."""
    uri = re.sub(r"^[a-z0-9+]+://", f"{scheme}://", neo4j_endpoint.uri)
    with Neo4jStore(uri, user=neo4j_endpoint.user, password=neo4j_endpoint.password) as direct:
        assert direct.read("RETURN 1 AS one") == [{"one": 1}]
        direct.write("CREATE (:Entity {id: 'reached'})")
        assert direct.read("MATCH (n:Entity {id: 'reached'}) RETURN count(n) AS c") == [{"c": 1}]
        direct.write("MATCH (n:Entity {id: 'reached'}) DELETE n")
