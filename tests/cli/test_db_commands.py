"""`jxkg db start|stop|status` against a real embedded server in a scratch folder."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.cli.test_cli import run
from tests.conftest import free_port


def servers_in(folder: Path) -> set[int]:
    """Running redis-server processes working in `folder` (other tests' and users' servers are not ours
    to count; zombies have exited, only not been reaped yet)."""
    running: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text(encoding="ascii", errors="replace")
            cwd = (stat.parent / "cwd").resolve()
        except OSError:
            continue
        name, state = text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")", 1)[-1].split()[0]
        if name == "redis-server" and state != "Z" and cwd.is_relative_to(folder.resolve()):
            running.add(int(stat.parent.name))
    return running


def test_start_reuse_status_stop_and_data_survives(tmp_path: Path) -> None:
    env = {"JXKG_ENGINE": "falkordb", "JXKG_DATA_DIR": str(tmp_path), "JXKG_FALKORDB_PORT": str(free_port())}
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
        assert servers_in(tmp_path) == set(), "stop left a redis-server behind"
        assert run(["db", "start"], env).returncode == 0
        kept = run(["cypher", "MATCH (n:Entity {id: 'kept'}) RETURN count(n) AS c", "-f", "json"], env)
        assert '"c": 1' in kept.stdout
    finally:
        run(["db", "stop"], env)
    assert servers_in(tmp_path) == set()


def test_a_port_taken_by_another_program_is_named(tmp_path: Path) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        env = {"JXKG_ENGINE": "falkordb", "JXKG_DATA_DIR": str(tmp_path), "JXKG_FALKORDB_PORT": str(port)}
        result = run(["db", "start"], env)
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is in use by another program" in result.stderr
