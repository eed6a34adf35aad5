"""The embedded FalkorDB server's life cycle: persistence across restarts, fast restart after a bulk load."""

from __future__ import annotations

import time
from pathlib import Path

from jxkg.store import IndexKind, IndexSpec
from jxkg.store.falkordb_engine import FalkorDBStore
from jxkg.store.falkordb_server import EmbeddedFalkorDB
from tests.cli.test_db_commands import servers_in
from tests.conftest import free_port

KEY = [IndexSpec("Entity", ("id",), IndexKind.UNIQUE)]


def test_a_restart_after_a_10k_node_batched_load_is_ready_within_30_s(tmp_path: Path) -> None:
    server = EmbeddedFalkorDB(tmp_path, port=free_port())
    server.start()
    try:
        with FalkorDBStore(server.host, server.port, "bulk") as store:
            store.ensure_schema(KEY)
            rows = [{"id": f"e{i}", "props": {"nameZh": f"企业{i}", "rank": i}} for i in range(10_000)]
            result = store.write_batch("UNWIND $rows AS r MERGE (n:Entity {id: r.id}) SET n += r.props", rows)
            assert result.counters.nodes_created == 10_000
            store.compact()
        assert server.stop()
        assert servers_in(tmp_path) == set()
        started = time.monotonic()
        server.start(timeout_s=60)
        ready_after = time.monotonic() - started
        with FalkorDBStore(server.host, server.port, "bulk") as store:
            assert store.read("MATCH (n:Entity) RETURN count(n) AS c")[0]["c"] == 10_000
            assert store.read("MATCH (n:Entity {id: 'e9999'}) RETURN n.rank AS r")[0]["r"] == 9999
        assert ready_after < 30, f"restart took {ready_after:.1f} s"
    finally:
        server.stop()
    assert servers_in(tmp_path) == set()


def test_a_stale_pid_file_is_not_trusted(tmp_path: Path) -> None:
    server = EmbeddedFalkorDB(tmp_path, port=free_port())
    server.data_dir.mkdir(parents=True)
    server.pid_file.write_text("1\n", encoding="ascii")  # pid 1 is alive, but it is no FalkorDB of ours
    assert server.status().running is False
    assert server.stop() is False
    assert not server.pid_file.exists()
