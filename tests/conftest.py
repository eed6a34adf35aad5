"""Fixtures shared by the whole suite: real database servers, started once per session.

Both engines are real: an embedded FalkorDB server, and Neo4j 5 from the in-repo launcher
(tests/neo4j) unless NEO4J_URI names a server to use instead. Where Java or Maven is missing
the Neo4j half is skipped with the reason, except when JXKG_REQUIRE_NEO4J=1 (CI), which turns
that skip into a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from jxkg.settings import Settings
from jxkg.store import GraphStore
from jxkg.store.falkordb_engine import FalkorDBStore
from jxkg.store.falkordb_server import EmbeddedFalkorDB
from jxkg.store.neo4j_engine import Neo4jStore

REPO = Path(__file__).resolve().parent.parent
ENGINES = ["falkordb", "neo4j"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedFalkorDB]:
    server = EmbeddedFalkorDB(tmp_path_factory.mktemp("falkordb"), port=free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Neo4jEndpoint:
    def __init__(self, uri: str, user: str, password: str) -> None:
        self.uri, self.user, self.password = uri, user, password


@pytest.fixture(scope="session")
def neo4j_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jEndpoint]:
    if os.environ.get("NEO4J_URI"):
        yield Neo4jEndpoint(
            os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")
        )
        return
    from tests.neo4j_server import Neo4jTestServer, build_launcher

    try:
        build_launcher(REPO / "tests" / "neo4j")
    except RuntimeError as exc:
        if os.environ.get("JXKG_REQUIRE_NEO4J") == "1":
            pytest.fail(f"JXKG_REQUIRE_NEO4J=1 but the Neo4j test server cannot be built: {exc}")
        pytest.skip(f"Neo4j test server unavailable: {exc}")
    server = Neo4jTestServer(data_dir=tmp_path_factory.mktemp("neo4j"))  # it binds a free port itself
    server.start()
    try:
        user, password = server.auth if server.auth else ("neo4j", "")
        yield Neo4jEndpoint(server.uri, user, password)
    finally:
        server.stop()


@contextmanager
def _empty_graph(request: pytest.FixtureRequest, engine: str) -> Iterator[GraphStore]:
    """An empty graph: on FalkorDB a new one, deleted afterwards; on Neo4j the one database, cleared."""
    if engine == "falkordb":
        server: EmbeddedFalkorDB = request.getfixturevalue("falkordb_server")
        graph = f"test_{uuid.uuid4().hex[:12]}"
        with FalkorDBStore(server.host, server.port, graph) as falkor:
            yield falkor
            if graph in falkor._db.list_graphs():
                falkor._graph.delete()
        return
    endpoint: Neo4jEndpoint = request.getfixturevalue("neo4j_endpoint")
    with Neo4jStore(endpoint.uri, user=endpoint.user, password=endpoint.password) as neo:
        neo.clear()
        _drop_neo4j_schema(neo)
        yield neo


@pytest.fixture(params=ENGINES)
def store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """An empty graph on each engine. FalkorDB: a fresh graph per test; Neo4j: the one database, cleared."""
    with _empty_graph(request, request.param) as empty:
        yield empty


@pytest.fixture(scope="module", params=ENGINES)
def curated_store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """The curated data (data/curated) loaded once per test module on each engine. For tests that
    only read: on Neo4j it is the one database, which the next `store` fixture clears."""
    from jxkg.ingest.pipeline import load_curated
    from jxkg.ingest.read.curated import default_curated_dir

    with _empty_graph(request, request.param) as empty:
        report = load_curated(empty, default_curated_dir())
        assert report.problems == [], report.problems
        yield empty


@contextmanager
def curated_falkordb_graph(server: EmbeddedFalkorDB) -> Iterator[FalkorDBStore]:
    """A new FalkorDB graph holding the curated data, deleted afterwards: for tests that run the CLI
    or a served API against a known graph."""
    from jxkg.ingest.pipeline import load_curated
    from jxkg.ingest.read.curated import default_curated_dir

    with FalkorDBStore(server.host, server.port, f"curated_{uuid.uuid4().hex[:12]}") as store:
        report = load_curated(store, default_curated_dir())
        assert report.problems == [], report.problems
        yield store
        store._graph.delete()


@contextmanager
def served_api(store: FalkorDBStore, data_dir: Path, **env: str) -> Iterator[str]:
    """A real `jxkg serve` process over `store`'s graph on a free loopback port, its base URL yielded
    once /health answers; stopped afterwards. `env` adds settings (keys, limits). The server's output goes
    to `data_dir/serve.log` (a pipe nobody reads would block a chatty server), to read after a failure."""
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "serve.log"
    environment = {
        **os.environ,
        **env_for(store),
        "JXKG_API_PORT": str(port),
        "JXKG_API_KEYS": "",
        "JXKG_API_KEYS_FILE": "",
        "JXKG_DATA_DIR": str(data_dir),
        **env,
    }
    log = log_path.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "jxkg.cli.main", "serve"],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError) as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = log_path.read_text(encoding="utf-8", errors="replace")
                    raise RuntimeError(f"jxkg serve did not answer on {base}: {output}") from exc
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def settings_for(store: GraphStore, **overrides: Any) -> Settings:
    """Settings that point an app or a library call at the same database and graph as `store`."""
    return Settings(**(env_for(store) | overrides))


def _drop_neo4j_schema(neo: Neo4jStore) -> None:
    for row in neo.read("SHOW CONSTRAINTS YIELD name RETURN name"):
        neo.write(f"DROP CONSTRAINT {row['name']} IF EXISTS")  # type: ignore[arg-type]
    for row in neo.read("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"):
        neo.write(f"DROP INDEX {row['name']} IF EXISTS")  # type: ignore[arg-type]


def env_for(store: GraphStore) -> dict[str, str]:
    """Environment that points a `jxkg` subprocess at the same database and graph as `store`."""
    if isinstance(store, FalkorDBStore):
        host, port = store._address.rsplit(":", 1)
        return {
            "JXKG_ENGINE": "falkordb",
            "JXKG_FALKORDB_HOST": host,
            "JXKG_FALKORDB_PORT": port,
            "JXKG_GRAPH": store._graph_name,
        }
    assert isinstance(store, Neo4jStore)
    return {"JXKG_ENGINE": "neo4j", "NEO4J_URI": store._uri, "NEO4J_PASSWORD": ""}
