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
        # the routing scheme, as a cluster or Aura is reached: the driver asks the server for its routing
        # table and sends READ transactions to readers, WRITE ones to the writer (here all one server)
        yield Neo4jEndpoint(server.uri.replace("bolt://", "neo4j://", 1), user, password)
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


@contextmanager
def neo4j_graph(request: pytest.FixtureRequest) -> Iterator[Neo4jStore]:
    """The Neo4j test database, cleared and without a schema, for a test that is Neo4j's alone."""
    with _empty_graph(request, "neo4j") as empty:
        assert isinstance(empty, Neo4jStore)
        yield empty


@pytest.fixture(params=ENGINES)
def store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """An empty graph on each engine. FalkorDB: a fresh graph per test; Neo4j: the one database, cleared."""
    with _empty_graph(request, request.param) as empty:
        yield empty


class CuratedGraphs:
    """The curated data (data/curated) loaded once per test session (and xdist worker) on each engine
    and handed out as copies, for modules that need a known graph: the pipeline's run, gate included,
    takes 6-20 s on Neo4j and a few on FalkorDB, and some thirty modules ask for it. Each copy gets the
    loaded nodes and relationships written back as they were read after the load, under the same
    schema: a new graph on FalkorDB, the one database on Neo4j. Not FalkorDB's GRAPH.COPY: it forks the
    server, and once (2026-12-08) the server deadlocked in it and the suite hung; RESTORE of a dumped
    graph crashed the server."""

    def __init__(self, server: EmbeddedFalkorDB) -> None:
        self._server = server
        self._falkordb: _Snapshot | None = None
        self._neo4j: _Snapshot | None = None

    @contextmanager
    def falkordb(self) -> Iterator[FalkorDBStore]:
        """A new FalkorDB graph holding the curated data, deleted afterwards (for a test that runs the CLI
        or a served API against a known graph, or writes to it)."""
        server = self._server
        if self._falkordb is None:
            with FalkorDBStore(server.host, server.port, f"curated_template_{uuid.uuid4().hex[:12]}") as template:
                _load_curated(template)
                self._falkordb = _Snapshot.of(template)
                template._graph.delete()
        with FalkorDBStore(server.host, server.port, f"curated_{uuid.uuid4().hex[:12]}") as store:
            self._falkordb.restore(store)
            yield store
            store._graph.delete()

    def neo4j(self, neo: Neo4jStore) -> None:
        """Fill `neo`'s database, empty and without a schema, with the curated data."""
        if self._neo4j is None:
            _load_curated(neo)
            self._neo4j = _Snapshot.of(neo)
        else:
            self._neo4j.restore(neo)


class _Snapshot:
    """Every node (labels, properties) and relationship (ends, type, properties) of a graph whose
    nodes all carry a unique `id`; on Neo4j read with the driver, so that values keep their types."""

    def __init__(self, nodes: dict[tuple[str, ...], list[dict[str, Any]]], links: dict[str, list[dict[str, Any]]]):
        self._nodes = nodes
        self._links = links

    @classmethod
    def of(cls, store: GraphStore) -> _Snapshot:
        nodes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        links: dict[str, list[dict[str, Any]]] = {}
        node_query = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
        link_query = "MATCH (a)-[r]->(b) RETURN a.id AS start, b.id AS end, type(r) AS type, properties(r) AS props"
        if isinstance(store, Neo4jStore):
            with store._driver.session(database=store._database) as session:
                node_rows: list[Any] = list(session.run(node_query))
                link_rows: list[Any] = list(session.run(link_query))
        else:
            node_rows, link_rows = store.read(node_query), store.read(link_query)
        for record in node_rows:
            assert record["props"].get("id") is not None, record
            nodes.setdefault(tuple(sorted(record["labels"])), []).append(dict(record["props"]))
        for record in link_rows:
            links.setdefault(record["type"], []).append(
                {"start": record["start"], "end": record["end"], "props": dict(record["props"])}
            )
        return cls(nodes, links)

    def restore(self, store: GraphStore) -> None:
        from jxkg.ontology.schema import load_schema

        store.ensure_schema(load_schema().index_specs())
        if isinstance(store, Neo4jStore):
            self._restore_neo4j(store)
        else:
            self._restore_by_internal_ids(store)

    def _restore_neo4j(self, neo: Neo4jStore) -> None:
        neo.write("CREATE INDEX curated_snapshot_id IF NOT EXISTS FOR (n:CuratedSnapshot) ON (n.id)")
        for labels, rows in self._nodes.items():
            label_text = ":".join([*labels, "CuratedSnapshot"])
            neo.write_batch(f"UNWIND $rows AS props CREATE (n:{label_text}) SET n = props", rows)  # type: ignore[arg-type]
        for rel_type, rows in self._links.items():
            neo.write_batch(
                "UNWIND $rows AS row MATCH (a:CuratedSnapshot {id: row.start}) MATCH (b:CuratedSnapshot {id: row.end}) "  # type: ignore[arg-type]
                f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.props",
                rows,
            )
        neo.write("MATCH (n:CuratedSnapshot) REMOVE n:CuratedSnapshot")
        neo.write("DROP INDEX curated_snapshot_id IF EXISTS")
        neo.write("CALL db.awaitIndexes(300)")

    def _restore_by_internal_ids(self, store: GraphStore) -> None:
        """FalkorDB: the relationships' ends found by the internal ids the nodes were created with (a
        seek), not through a label of the copy's own, which FalkorDB would keep in the graph's schema."""
        created: dict[str, int] = {}
        for labels, rows in self._nodes.items():
            query = (
                f"UNWIND $rows AS props CREATE (n:{':'.join(labels)}) SET n = props "
                "RETURN props.id AS key, id(n) AS nid"
            )
            for i in range(0, len(rows), 1000):
                for row in store.write(query, {"rows": rows[i : i + 1000]}).rows:  # type: ignore[arg-type]
                    created[str(row["key"])] = int(row["nid"])
        for rel_type, rows in self._links.items():
            ends = [{"a": created[str(r["start"])], "b": created[str(r["end"])], "props": r["props"]} for r in rows]
            store.write_batch(
                "UNWIND $rows AS row MATCH (a) WHERE id(a) = row.a MATCH (b) WHERE id(b) = row.b "  # type: ignore[arg-type]
                f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.props",
                ends,
            )


def _load_curated(store: GraphStore) -> None:
    from jxkg.ingest.pipeline import load_curated
    from jxkg.ingest.read.curated import default_curated_dir

    report = load_curated(store, default_curated_dir())
    assert report.problems == [], report.problems


@pytest.fixture(scope="session")
def curated_graphs(falkordb_server: EmbeddedFalkorDB) -> Iterator[CuratedGraphs]:
    # the server outlives the graphs (it is set up first); each copy is deleted as it is handed back
    yield CuratedGraphs(falkordb_server)


@pytest.fixture(scope="module", params=ENGINES)
def curated_store(request: pytest.FixtureRequest, curated_graphs: CuratedGraphs) -> Iterator[GraphStore]:
    """The curated data (data/curated) on each engine, once per test module. For tests that only
    read: on Neo4j it is the one database, which the next `store` fixture clears."""
    with curated_on(request, curated_graphs) as store:
        yield store


@pytest.fixture(params=ENGINES)
def curated_copy(request: pytest.FixtureRequest, curated_graphs: CuratedGraphs) -> Iterator[GraphStore]:
    """A graph of the test's own holding the curated data, to write to, on each engine (for a test
    whose subject is not the curated load itself: `load_curated` into `store` costs 6-20 s on Neo4j)."""
    with curated_on(request, curated_graphs) as store:
        yield store


@contextmanager
def curated_on(request: pytest.FixtureRequest, graphs: CuratedGraphs) -> Iterator[GraphStore]:
    """The curated data on the engine `request.param` names: a FalkorDB copy, or Neo4j's one database."""
    if request.param == "falkordb":
        with graphs.falkordb() as store:
            yield store
        return
    with neo4j_graph(request) as empty:
        graphs.neo4j(empty)
        yield empty


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
