"""Backup and restore: the graph into an engine-neutral folder and back, on both engines and across them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from jxkg.errors import BackupCorruptError, BackupFormatError, RestoreRefusedError
from jxkg.export.backup import write_backup
from jxkg.export.backup_format import MANIFEST, NODES, RELATIONSHIPS, file_sha256
from jxkg.export.restore import restore_backup
from jxkg.ingest.pipeline import load_curated
from jxkg.ingest.read.curated import default_curated_dir
from jxkg.ontology.schema import load_schema
from jxkg.store import GraphStore

SCHEMA = load_schema()


def dump(store: GraphStore) -> tuple[list[str], list[str]]:
    """Every node and relationship as the store returns them (ids, labels, every property, bookkeeping
    included), as sorted lines: two graphs are the same when their dumps are equal."""

    def ordered(value: Any) -> Any:  # the order of properties is no part of a graph
        if isinstance(value, dict):
            return sorted((k, ordered(v)) for k, v in value.items())
        return [ordered(v) for v in value] if isinstance(value, list) else value

    def line(value: Any) -> str:  # repr keeps int 1 and float 1.0, a date and its text apart
        return repr(ordered(value))

    nodes = sorted(line(row["n"]) for row in store.read("MATCH (n) RETURN n"))
    relationships = sorted(line(row["r"]) for row in store.read("MATCH ()-[r]->() RETURN r"))
    return nodes, relationships


def _curated(store: GraphStore) -> tuple[list[str], list[str]]:
    report = load_curated(store, default_curated_dir())
    assert report.problems == [], report.problems
    # values the curated data lacks: a float that is whole, a list of floats, text that needs escaping,
    # and parallel relationships of one type (one per source), one written without an id
    store.write(
        "MATCH (a:Entity {id: $a}), (b:Entity {id: $b}) "
        "CREATE (a)-[:LOCATED_IN {id: 'p#1', share: 1.0, weights: [0.5, 2.0], note: $note}]->(b), "
        "(a)-[:LOCATED_IN {id: 'p#2'}]->(b), (a)-[:LOCATED_IN]->(b)",
        {"a": "360700", "b": "360000", "note": '赣州 "稀金"\\ 科创城\n第二行'},
    )
    return dump(store)


def test_backup_wipe_restore_gives_the_same_graph(store: GraphStore, tmp_path: Path) -> None:
    before = _curated(store)
    if store.engine == "neo4j":  # FalkorDB's client cannot send a date; Neo4j keeps real dates
        store.write("MATCH (n:Entity {id: '360700'}) SET n.founded = date('1949-08-14'), n.seen = [date('2024-05-01')]")
        before = dump(store)
    manifest = write_backup(store, SCHEMA, tmp_path / "b")
    assert manifest.engine == store.engine
    assert (manifest.nodes, manifest.relationships) == store.size()
    assert manifest.labels == store.stats().labels
    store.clear()
    restore_backup(store, SCHEMA, tmp_path / "b")
    assert dump(store) == before
    # the same graph gives the same bytes: a second backup has the same hashes
    assert write_backup(store, SCHEMA, tmp_path / "again").sha256 == manifest.sha256


def test_restore_over_a_graph_that_is_not_empty_needs_force(store: GraphStore, tmp_path: Path) -> None:
    store.write("CREATE (:Entity {id: 'keep', nameZh: '南昌'})-[:LOCATED_IN]->(:Entity {id: 'other'})")
    before = dump(store)
    write_backup(store, SCHEMA, tmp_path / "b")
    store.write("CREATE (:Entity {id: 'added later'})")
    with pytest.raises(RestoreRefusedError, match="--force"):
        restore_backup(store, SCHEMA, tmp_path / "b")
    assert store.size() == (3, 1)  # nothing written, nothing cleared
    restore_backup(store, SCHEMA, tmp_path / "b", force=True)
    assert dump(store) == before


def test_a_falkordb_backup_restores_into_neo4j(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    from tests.conftest import _empty_graph

    with _empty_graph(request, "falkordb") as falkor:
        before = _curated(falkor)
        write_backup(falkor, SCHEMA, tmp_path / "b")
    with _empty_graph(request, "neo4j") as neo:
        restore_backup(neo, SCHEMA, tmp_path / "b")
        assert dump(neo) == before


@pytest.fixture
def backup(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A small backup of a FalkorDB graph (the checks are the files', not the engine's)."""
    from tests.conftest import _empty_graph

    with _empty_graph(request, "falkordb") as falkor:
        falkor.write("CREATE (:Entity {id: 'a', nameZh: '南昌'})-[:LOCATED_IN]->(:Entity {id: 'b'})")
        write_backup(falkor, SCHEMA, tmp_path / "b")
    return tmp_path / "b"


def _rehash(folder: Path) -> None:
    """The manifest made to agree with damaged files, so the reading itself must find the damage."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["sha256"] = {name: file_sha256(folder / name) for name in (NODES, RELATIONSHIPS)}
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def _edit_manifest(folder: Path, **changes: Any) -> None:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    (folder / MANIFEST).write_text(json.dumps(manifest | changes), encoding="utf-8")


def test_a_damaged_or_unknown_backup_is_refused_before_anything_is_written(
    backup: Path, request: pytest.FixtureRequest
) -> None:
    from tests.conftest import _empty_graph

    nodes = backup / NODES
    good = nodes.read_bytes()
    with _empty_graph(request, "falkordb") as empty:
        nodes.write_bytes(good[:-12] + bytes(12))  # damaged: the hash no longer matches
        with pytest.raises(BackupCorruptError, match="SHA-256"):
            restore_backup(empty, SCHEMA, backup)
        nodes.write_bytes(good[: len(good) // 2])  # cut short, with a manifest that agrees
        _rehash(backup)
        with pytest.raises(BackupCorruptError, match="cut short"):
            restore_backup(empty, SCHEMA, backup)
        nodes.write_bytes(gzip.compress(b'{"labels": ["Entity"], "properties": {"id": "a"}}\nnot json\n'))
        _rehash(backup)
        with pytest.raises(BackupCorruptError, match="line 2"):
            restore_backup(empty, SCHEMA, backup)
        nodes.write_bytes(good)
        _rehash(backup)
        _edit_manifest(backup, nodes=3)
        with pytest.raises(BackupCorruptError, match="counts"):
            restore_backup(empty, SCHEMA, backup)
        _edit_manifest(backup, nodes=2, formatVersion=99)
        with pytest.raises(BackupFormatError, match="version 99"):
            restore_backup(empty, SCHEMA, backup)
        (backup / MANIFEST).unlink()
        with pytest.raises(BackupFormatError, match="not a jxkg backup"):
            restore_backup(empty, SCHEMA, backup)
        assert empty.size() == (0, 0)


def test_a_backup_goes_into_a_new_folder(backup: Path, request: pytest.FixtureRequest) -> None:
    from jxkg.errors import BackupError
    from tests.conftest import _empty_graph

    with _empty_graph(request, "falkordb") as empty, pytest.raises(BackupError, match="exists"):
        write_backup(empty, SCHEMA, backup)
