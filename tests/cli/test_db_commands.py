"""`jxkg db start|stop|status` against a real embedded server in a scratch folder."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.cli.test_cli import run
from tests.conftest import free_port


def _pids() -> set[int]:
    """Running redis-server processes (zombies excluded: they have exited, only not been reaped)."""
    running: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        name, state = text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")", 1)[-1].split()[0]
        if name == "redis-server" and state != "Z":
            running.add(int(stat.parent.name))
    return running


def test_start_reuse_status_stop_and_data_survives(tmp_path: Path) -> None:
    env = {"JXKG_ENGINE": "falkordb", "JXKG_DATA_DIR": str(tmp_path), "JXKG_FALKORDB_PORT": str(free_port())}
    before = _pids()
    try:
        started = run(["db", "start"], env)
        assert started.returncode == 0, started.stderr
        assert "started" in started.stdout
        again = run(["db", "start"], env)
        assert "already running" in again.stdout
        assert run(["cypher", "--write", "CREATE (:Entity {id: 'kept'})"], env).returncode == 0
        status = run(["db", "status"], env)
        assert status.returncode == 0 and "1 nodes" in status.stdout
        assert run(["db", "stop"], env).returncode == 0
        assert run(["db", "status"], env).returncode == 1
        assert _pids() == before, "stop left a redis-server behind"
        assert run(["db", "start"], env).returncode == 0
        kept = run(["cypher", "MATCH (n:Entity {id: 'kept'}) RETURN count(n) AS c", "-f", "json"], env)
        assert '"c": 1' in kept.stdout
    finally:
        run(["db", "stop"], env)
    assert _pids() == before


def test_a_port_taken_by_another_program_is_named(tmp_path: Path) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        env = {"JXKG_ENGINE": "falkordb", "JXKG_DATA_DIR": str(tmp_path), "JXKG_FALKORDB_PORT": str(port)}
        result = run(["db", "start"], env)
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is in use by another program" in result.stderr
