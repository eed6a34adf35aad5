"""After an ingest, the embedded FalkorDB's persistence is what makes a restart short: the AOF was
rewritten at the end of the load into a base RDB snapshot, and the incremental AOF after it holds
only the run's last bookkeeping statement, not the load's statements (a restart would replay every
one of them, much slower than the load itself). Not timed: docs/benchmarks.md has the figures at
generator scale 1."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jxkg.ingest.pipeline import load_sources
from jxkg.ingest.read.curated import default_curated_dir
from jxkg.ingest.read.sources import read_sources
from jxkg.ontology.schema import load_schema
from jxkg.store.falkordb_engine import FalkorDBStore
from jxkg.store.falkordb_server import EmbeddedFalkorDB
from tests.conftest import free_port


def _aof_files(server: EmbeddedFalkorDB) -> dict[str, list[Path]]:
    """The files the AOF manifest names, by type: b (the base), i (incremental)."""
    folder = server.data_dir / "appendonlydir"
    files: dict[str, list[Path]] = {}
    for line in (folder / "appendonly.aof.manifest").read_text(encoding="ascii").splitlines():
        fields = line.split()
        entry = dict(zip(fields[::2], fields[1::2], strict=True))
        files.setdefault(entry["type"], []).append(folder / entry["file"])
    return files


def _commands(path: Path) -> Counter[str]:
    """The commands an AOF file holds (RESP arrays of bulk strings), counted by name."""
    data = path.read_bytes()
    names: Counter[str] = Counter()
    at = 0
    while at < len(data):
        assert data[at : at + 1] == b"*", f"not a RESP array at byte {at} of {path}"
        end = data.index(b"\r\n", at)
        count, at = int(data[at + 1 : end]), end + 2
        for i in range(count):
            end = data.index(b"\r\n", at)
            length = int(data[at + 1 : end])
            if i == 0:
                names[data[end + 2 : end + 2 + length].decode().upper()] += 1
            at = end + 2 + length + 2
    return names


def _load(server: EmbeddedFalkorDB, tmp_path: Path) -> tuple[int, int]:
    schema = load_schema()
    with FalkorDBStore(server.host, server.port, "kg") as store:
        outcome = load_sources(store, read_sources([default_curated_dir()], schema=schema), schema, tmp_path / "out")
        assert outcome.rejected == 0
        return store.size()


def test_after_an_ingest_a_restart_loads_a_snapshot_and_replays_one_statement(tmp_path: Path) -> None:
    server = EmbeddedFalkorDB(tmp_path, port=free_port())
    server.start()
    try:
        size = _load(server, tmp_path)
        files = _aof_files(server)
        (base,) = files["b"]
        assert base.name.endswith(".rdb") and base.read_bytes().startswith(b"REDIS")  # a snapshot, not commands
        graph_commands = Counter[str]()
        for incremental in files.get("i", []):
            graph_commands += Counter({k: v for k, v in _commands(incremental).items() if k.startswith("GRAPH.")})
        assert sum(graph_commands.values()) <= 1, graph_commands  # the run's record (finish_run), nothing else
        assert sum(p.stat().st_size for p in files.get("i", [])) < base.stat().st_size

        log_lines = len(server.log_file.read_text(encoding="utf-8").splitlines())
        assert server.stop()
        server.start(timeout_s=60)
        started = "\n".join(server.log_file.read_text(encoding="utf-8").splitlines()[log_lines:])
        assert "Reading RDB base file on AOF loading" in started and f"DB loaded from base file {base.name}" in started
        with FalkorDBStore(server.host, server.port, "kg") as store:
            assert store.size() == size
    finally:
        server.stop()


def test_without_the_rewrite_every_statement_of_the_load_would_be_replayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above has teeth: the same load with the compaction left out leaves its statements
    in the incremental AOF, to be replayed one by one at the next start."""
    monkeypatch.setattr(FalkorDBStore, "compact", lambda self, **_: None)
    server = EmbeddedFalkorDB(tmp_path, port=free_port())
    server.start()
    try:
        _load(server, tmp_path)
        files = _aof_files(server)
        replayed = sum(v for p in files.get("i", []) for k, v in _commands(p).items() if k.startswith("GRAPH."))
        assert replayed > 50, replayed
    finally:
        server.stop()
