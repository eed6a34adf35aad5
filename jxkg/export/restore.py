"""`jxkg restore`: a backup folder (`backup_format`) into the graph, on either engine.

Everything is checked before anything is written: the manifest's format version, each file's
SHA-256, and a full read of both files (a gzip stream cut short, a line that is not JSON) with the
counts the manifest promises. Then the graph must be empty, unless the caller forces it (it is
cleared first); the schema is ensured (the relationships find their ends through the unique index
on `id`), the nodes are created in batches by label set, the relationships by type, and the counts
of the restored graph are compared with the manifest's. Lines are streamed: only a batch per label
set or relationship type is held, whatever the size of the backup.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jxkg.errors import BackupCorruptError, BackupError, RestoreRefusedError
from jxkg.export.backup_format import (
    DATA_FILES,
    NODES,
    RELATIONSHIPS,
    Manifest,
    decode_line,
    file_sha256,
    read_manifest,
)
from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore
from jxkg.store.base import DEFAULT_BATCH_SIZE, check_identifier

Record = dict[str, Any]


def check_backup(folder: Path) -> Manifest:
    """The backup's manifest once every check passed; BackupFormatError or BackupCorruptError otherwise."""
    manifest = read_manifest(folder)
    for name in DATA_FILES:
        path = folder / name
        if not path.is_file():
            raise BackupCorruptError(f"{path}: missing from the backup")
        if file_sha256(path) != manifest.sha256.get(name):
            raise BackupCorruptError(f"{path}: its SHA-256 differs from the manifest's; the file is damaged")
    labels: Counter[str] = Counter()
    nodes = 0
    for node in read_records(folder / NODES):
        labels.update(node["labels"])
        nodes += 1
    types = Counter(str(edge["type"]) for edge in read_records(folder / RELATIONSHIPS))
    if (nodes, dict(labels)) != (manifest.nodes, manifest.labels) or dict(types) != manifest.relationship_types:
        raise BackupCorruptError(f"{folder}: the files hold other counts than the manifest says")
    return manifest


def read_records(path: Path) -> Iterator[Record]:
    """The records of one data file, a line at a time; a cut or garbled file is BackupCorruptError."""
    number = 0
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                record = decode_line(line)
                if not isinstance(record, dict) or not isinstance(record.get("properties"), dict):
                    raise BackupCorruptError(f"{path}, line {number}: not a node or relationship record")
                yield record
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:  # BadGzipFile is an OSError
        raise BackupCorruptError(f"{path}: the gzip stream is damaged or cut short after line {number}: {exc}") from exc
    except (json.JSONDecodeError, ValueError) as exc:
        raise BackupCorruptError(f"{path}, line {number}: not a record: {exc}") from exc


def restore_backup(
    store: GraphStore,
    schema: GraphSchema,
    folder: Path,
    *,
    force: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
) -> Manifest:
    """Restore the backup in `folder` into `store`'s graph; returns its manifest. Refused over a graph
    that is not empty unless `force`, which clears it first."""
    tell = progress or (lambda _message: None)
    manifest = check_backup(folder)
    nodes, relationships = store.size()
    if nodes or relationships:
        if not force:
            raise RestoreRefusedError(
                f"the graph holds {nodes:,} nodes and {relationships:,} relationships; a restore goes into an "
                "empty graph (--force clears this one first)"
            )
        tell(f"clearing {nodes:,} nodes and {relationships:,} relationships")
        store.clear()
    store.ensure_schema(schema.index_specs())
    root = check_identifier(schema.root)
    created = _write_grouped(store, read_records(folder / NODES), _node_query, batch_size)
    tell(f"{created:,} nodes restored")
    linked = _write_grouped(store, read_records(folder / RELATIONSHIPS), lambda t: _edge_query(root, t), batch_size)
    tell(f"{linked:,} relationships restored")
    store.compact()
    _check_counts(store, manifest)
    return manifest


def _node_query(labels: str) -> str:
    return f"UNWIND $rows AS row CREATE (n:{labels}) SET n += row.properties"


def _edge_query(root: str, rel_type: str) -> str:
    # CREATE, not MERGE: the graph was empty, and parallel relationships of one type (one per quoted
    # passage, or written without an id) must all come back
    return (
        f"UNWIND $rows AS row MATCH (a:{root} {{id: row.start}}) MATCH (b:{root} {{id: row.end}}) "
        f"CREATE (a)-[r:{rel_type}]->(b) SET r += row.properties"
    )


def _group(record: Record) -> str:
    if "labels" in record:
        labels = [check_identifier(str(label)) for label in record["labels"]]
        if not labels:
            raise BackupCorruptError("a node without labels")
        return ":".join(sorted(labels))
    return check_identifier(str(record["type"]))


def _write_grouped(
    store: GraphStore, records: Iterator[Record], query_for: Callable[[str], str], batch_size: int
) -> int:
    """Write records in batches of one label set or relationship type (labels and types cannot be
    parameters); returns how many nodes or relationships were created."""
    pending: dict[str, list[Record]] = {}
    created = 0

    def flush(group: str) -> int:
        rows = pending.pop(group)
        counters = store.write(query_for(group), {"rows": rows}).counters
        done = counters.nodes_created + counters.relationships_created
        if done != len(rows):
            raise BackupError(f"{len(rows)} records of {group} in a batch, {done} created: an end was not found")
        return done

    for record in records:
        group = _group(record)
        row = record if "labels" not in record else {"properties": record["properties"]}
        pending.setdefault(group, []).append(row)
        if len(pending[group]) >= batch_size:
            created += flush(group)
    for group in list(pending):
        created += flush(group)
    return created


def _check_counts(store: GraphStore, manifest: Manifest) -> None:
    stats = store.stats()
    if stats.labels != manifest.labels or stats.relationship_types != manifest.relationship_types:
        raise BackupError(
            f"the restored graph's counts differ from the backup's: {stats.nodes:,} nodes and "
            f"{stats.relationships:,} relationships against {manifest.nodes:,} and {manifest.relationships:,}"
        )
