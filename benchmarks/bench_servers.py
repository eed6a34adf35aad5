"""The database server a benchmark phase runs on: a fresh one per phase, its version, and its own memory.

The Neo4j is the tests' (tests/neo4j: 5.26 Community in-process, Bolt on a free loopback port) with
a 2 GiB heap and a 512 MiB page cache; FalkorDB is the embedded server `jxkg db start` runs. The
server's memory is read from the server, not from the benchmark process: the peak resident size
of its process (VmHWM in /proc, so it covers the whole phase) and, for FalkorDB, what redis itself
reports (`INFO memory` used_memory_peak).
"""

from __future__ import annotations

import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # for tests.neo4j_server, the Neo4j the tests use

NEO4J_JVM = ("-Xmx2g", "-XX:+UseSerialGC")
NEO4J_PAGECACHE = "512m"
GRAPH = "bench"


@dataclass
class Server:
    """A running server, the jxkg store on it, and the process that holds its memory."""

    engine: str
    handle: Any  # EmbeddedFalkorDB or Neo4jTestServer
    store: Any  # the jxkg GraphStore
    pid: int | None


def start_neo4j(folder: Path) -> Any:
    """A Neo4j test server on `folder` (a new database when the folder is new)."""
    from tests.neo4j_server import Neo4jTestServer

    return Neo4jTestServer(data_dir=folder, jvm_options=list(NEO4J_JVM), pagecache=NEO4J_PAGECACHE).start()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(engine: str, folder: Path) -> Server:
    """A fresh server of `engine` with its data in `folder`, and a store on it."""
    if engine == "falkordb":
        from jxkg.store.falkordb_engine import FalkorDBStore
        from jxkg.store.falkordb_server import EmbeddedFalkorDB

        falkordb = EmbeddedFalkorDB(folder, port=free_port())
        status = falkordb.start()
        store = FalkorDBStore(falkordb.host, falkordb.port, GRAPH, timeout_s=3600)
        return Server(engine, falkordb, store, status.pid)
    if engine == "neo4j":
        from jxkg.store.neo4j_engine import Neo4jStore

        neo4j = start_neo4j(folder)
        return Server(engine, neo4j, Neo4jStore(neo4j.uri, timeout_s=3600), neo4j.pid)
    raise ValueError(f"unknown engine {engine!r}")


def stop(server: Server) -> None:
    server.store.close()
    server.handle.stop()


def vm_hwm_mb(pid: int | None) -> int | None:
    """Peak resident memory of a process so far, in MB, from /proc (None when it cannot be read)."""
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return None


def memory(server: Server) -> dict[str, Any]:
    """The server's own memory, read before it stops."""
    figures: dict[str, Any] = {"server_peak_rss_mb": vm_hwm_mb(server.pid)}
    if server.engine == "falkordb":
        import redis

        client = redis.Redis(host=server.handle.host, port=server.handle.port)
        try:
            info = client.info("memory")
        finally:
            client.close()
        figures["server_used_memory_peak_mb"] = round(int(info["used_memory_peak"]) / 2**20)
    return figures


def version(server: Server) -> str:
    return f"{server.engine} {server.store.health().version}"
