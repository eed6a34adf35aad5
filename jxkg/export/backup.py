"""`jxkg backup`: the live graph into an engine-neutral backup folder (format: `backup_format`).

The graph is read a page of nodes at a time, in id order, with the relationships that start at
them, through the unique index on `id` (as the RDF export does, and for the same reason: paging by
`WHERE n.id > $after` skips and repeats Chinese ids on FalkorDB, see `jxkg.export.rdf`), so only
the sorted list of ids and one page are in memory, whatever the size of the graph. The folder is
written under a temporary name and renamed when complete: a backup that stopped half way is never
taken for one that finished.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from jxkg import __version__
from jxkg.errors import BackupError
from jxkg.export.backup_format import (
    MANIFEST,
    NODES,
    RELATIONSHIPS,
    Manifest,
    encode_line,
    file_sha256,
)
from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore
from jxkg.store.base import check_identifier
from jxkg.store.values import relationship_key

PAGE = 2000  # a page of nodes and their relationships is what a backup holds in memory at once

Progress = Callable[[int, int], None]


def write_backup(store: GraphStore, schema: GraphSchema, out: Path, *, progress: Progress | None = None) -> Manifest:
    """Back the graph up into the new folder `out`; returns its manifest. `progress(done, total)` is
    told the nodes read so far. Run it while nothing writes: it is not one transaction."""
    if out.exists():
        raise BackupError(f"{out} exists; a backup goes into a new folder")
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    manifest = Manifest(
        engine=store.engine, jxkg_version=__version__, created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    )
    try:
        labels: Counter[str] = Counter()
        types: Counter[str] = Counter()
        node_count = 0
        with _gzip_text(partial / NODES) as nodes, _gzip_text(partial / RELATIONSHIPS) as relationships:
            for page_nodes, page_edges in _pages(store, schema, progress):
                for node in page_nodes:
                    labels.update(node["labels"])
                    node_count += 1
                    nodes.write(encode_line(node))
                for edge in page_edges:
                    types[edge["type"]] += 1
                    relationships.write(encode_line(edge))
        manifest.labels, manifest.relationship_types = dict(labels), dict(types)
        manifest.nodes = node_count
        manifest.relationships = sum(types.values())
        manifest.sha256 = {name: file_sha256(partial / name) for name in (NODES, RELATIONSHIPS)}
        (partial / MANIFEST).write_text(manifest.to_json() + "\n", encoding="utf-8")
        partial.rename(out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


@contextmanager
def _gzip_text(path: Path) -> Iterator[TextIO]:
    # mtime=0 and no file name in the header: the same graph gives the same bytes, so the same hash
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=6) as packed,
        io.TextIOWrapper(packed, encoding="utf-8", newline="\n") as text,
    ):
        yield text


def _pages(
    store: GraphStore, schema: GraphSchema, progress: Progress | None
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Each page's nodes, sorted by id, and the relationships that start at them, sorted by start
    and id. Every node must carry the root label and an id: that is how pages find nodes and how a
    restore finds a relationship's ends again, so a graph that breaks it is refused, not half saved."""
    root = check_identifier(schema.root)
    total, _ = store.size()
    rooted = store.read(f"MATCH (n:{root}) RETURN count(n) AS c, count(n.id) AS ids")[0]
    if int(rooted["c"]) != total or int(rooted["ids"]) != total:
        raise BackupError(
            f"{total} nodes, of which {rooted['c']} carry the :{root} label and {rooted['ids']} an id; "
            "a backup needs both on every node"
        )
    node_query = f"MATCH (n:{root}) WHERE n.id IN $ids RETURN labels(n) AS labels, properties(n) AS props"
    edge_query = (
        f"MATCH (a:{root})-[r]->(b) WHERE a.id IN $ids "
        "RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props"
    )
    ids = sorted(store.read(f"MATCH (n:{root}) RETURN n.id AS id"), key=lambda row: _sort_key(row["id"]))
    for first in range(0, len(ids), PAGE):
        page_ids = [row["id"] for row in ids[first : first + PAGE]]
        nodes = [
            {"labels": sorted(row["labels"]), "properties": row["props"]}
            for row in store.read(node_query, {"ids": page_ids})
        ]
        nodes.sort(key=lambda node: _sort_key(node["properties"]["id"]))
        edges = [
            {"type": row["type"], "start": row["start"], "end": row["end"], "properties": row["props"]}
            for row in store.read(edge_query, {"ids": page_ids})
        ]
        edges.sort(key=_edge_key)
        yield nodes, edges
        if progress is not None:
            progress(min(first + PAGE, len(ids)), len(ids))


def _sort_key(value: Any) -> tuple[str, str]:
    # ids are text as the writer makes them; the type name first keeps any other id sortable beside them
    return type(value).__name__, str(value)


def _edge_key(edge: dict[str, Any]) -> tuple[Any, ...]:
    name = edge["properties"].get("id") or relationship_key(edge["start"], edge["type"], edge["end"])
    return _sort_key(edge["start"]), str(name), _sort_key(edge["end"]), encode_line(edge["properties"])
