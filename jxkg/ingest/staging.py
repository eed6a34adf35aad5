"""A run's records on disk, so that what an ingest holds in memory is an index of ids, not the records.

The readers append to a `Staging` as they read (a file, or a chunk of rows, at a time); the SHACL gate
cuts its batches from it and the writer fetches what passed, batch by batch. It is an SQLite file in
the temporary folder, deleted when the run ends (a run killed with `kill -9` leaves it: the next
staging store of the same folder deletes the files of processes that no longer run).

Duplicates are settled on insert, as `pipeline.drop_duplicates` settles them in memory: the first
record of an id stands; an identical repeat states the same fact again and is dropped; a repeat with
other values is dropped with a `Problem` naming its file, row and field. The problems of reading keep
their order, and the duplicates' come after them, as `drop_duplicates` lists them.

In memory: each entity id's position (`position`), which tells the gate an entity's batch; the
problems; the files' names. SQLite connections do not survive a fork: a gate worker or the writer's
thread reads through a `StagingReader` of its own, opened where it is used.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from jxkg.ingest.records import EdgeRecord, NodeRecord, Problem, ReadResult
from jxkg.store.falkordb_server import process_alive  # a zombie counts as gone, as for the server

_PREFIX = "jxkg-staging-"
_IN_CHUNK = 500  # ids per `IN (...)` (SQLite's older builds allow 999 parameters)

_SCHEMA = """
CREATE TABLE entities (pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, class TEXT NOT NULL,
                       file TEXT NOT NULL, row INTEGER, props BLOB NOT NULL);
CREATE TABLE links (pos INTEGER PRIMARY KEY, rel_type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL,
                    file TEXT NOT NULL, row INTEGER, props BLOB NOT NULL);
-- entities already in the graph that links of the run touch (the gate's context), in the order of their ids
CREATE TABLE graph_entities (pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, class TEXT NOT NULL,
                             props BLOB NOT NULL);
"""
# made once every record is in (faster than kept up to date on each insert)
_INDEXES = "CREATE INDEX links_src ON links (src); CREATE INDEX links_dst ON links (dst);"

# a link as the gate reads it: no properties (the shapes see a link as its type and ends)
_LINK_HEAD = "l.pos, l.rel_type, l.src, l.dst, l.file, l.row"
# the links touching a range of entities, each with the position of the entity it touches
_TOUCHING = (
    "SELECT e.pos, {links} FROM {table} e JOIN links l ON l.src = e.id WHERE e.pos >= ? AND e.pos < ? "
    "UNION ALL SELECT e.pos, {links} FROM {table} e JOIN links l ON l.dst = e.id "
    "WHERE e.pos >= ? AND e.pos < ? AND l.src <> l.dst"
)
_TABLES = {False: "entities", True: "graph_entities"}


class Staging:
    """The records of one run, appended as they are read (one writer: the process that reads)."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = Path(folder or tempfile.gettempdir())
        folder.mkdir(parents=True, exist_ok=True)
        _remove_orphans(folder)
        handle, name = tempfile.mkstemp(prefix=f"{_PREFIX}{os.getpid()}-", suffix=".sqlite", dir=folder)
        os.close(handle)
        self.path = Path(name)
        self._db = _connect(self.path)
        self._db.executescript(_SCHEMA)
        self.position: dict[str, int] = {}  # entity id -> its position (the order records came in)
        # the files of the records kept and of the problems, first seen first (`ReadResult.file_names`
        # of the records once per id)
        self.files: list[str] = []
        self._files: set[str] = set()
        self._read_problems: list[Problem] = []
        self._duplicates: list[Problem] = []
        self._links = 0
        self._graph: dict[str, int] = {}
        self._sealed = False

    @classmethod
    def of(cls, read: ReadResult, folder: Path | None = None) -> Staging:
        staging = cls(folder)
        staging.add(read)
        return staging

    # --- writing ------------------------------------------------------------------------------------------------

    def add(self, read: ReadResult) -> None:
        """A reader's records and problems (of a file, or of a chunk of its rows)."""
        self.add_problems(read.problems)
        self.add_nodes(read.nodes)
        self.add_edges(read.edges)

    def add_problems(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self._read_problems.append(problem)
            self._saw(problem.file)

    def add_nodes(self, nodes: Iterable[NodeRecord]) -> None:
        rows = []
        for node in nodes:
            first = self.position.get(node.id)
            if first is None:
                self._saw(node.source_file)
                position = self.position[node.id] = len(self.position)
                props = pickle.dumps(node.properties, pickle.HIGHEST_PROTOCOL)
                rows.append((position, node.id, node.class_name, node.source_file, node.row, props))
                continue
            if rows:  # the first may be among the rows not yet inserted
                self._insert_nodes(rows)
                rows = []
            earlier = self.node_at(first)
            if (earlier.class_name, earlier.properties) != (node.class_name, node.properties):
                where = f"{earlier.source_file}, row {earlier.row}"
                message = f"duplicate id with conflicting values (first at {where})"
                self._duplicates.append(Problem(node.source_file, node.row, "id", node.id, message))
                self._saw(node.source_file)
        self._insert_nodes(rows)

    def add_edges(self, edges: Iterable[EdgeRecord]) -> None:
        rows = []
        for edge in edges:
            self._saw(edge.source_file)
            props = pickle.dumps(edge.properties, pickle.HIGHEST_PROTOCOL)
            rows.append((self._links, edge.rel_type, edge.start, edge.end, edge.source_file, edge.row, props))
            self._links += 1
        self._db.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def add_graph_entities(self, found: dict[str, tuple[str, dict[str, Any]]]) -> None:
        """Entities already in the graph (class, properties by id) that links of the run touch."""
        rows = []
        for entity_id in sorted(found):
            class_name, props = found[entity_id]
            position = self._graph[entity_id] = len(self._graph)
            rows.append((position, entity_id, class_name, pickle.dumps(props, pickle.HIGHEST_PROTOCOL)))
        self._db.executemany("INSERT INTO graph_entities VALUES (?, ?, ?, ?)", rows)
        self._db.commit()

    def seal(self) -> None:
        """Every record is in: index the links by their ends, and commit (before a gate worker forks)."""
        if not self._sealed:
            self._db.executescript(_INDEXES)
            self._sealed = True
        self._db.commit()

    def _insert_nodes(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self._db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)", rows)

    def _saw(self, file: str) -> None:
        if file not in self._files:
            self._files.add(file)
            self.files.append(file)

    # --- reading (in the process that reads; workers and threads open a StagingReader) -----------------------------

    @property
    def problems(self) -> list[Problem]:
        """The problems of reading, then the repeated ids (as `drop_duplicates` lists them)."""
        return [*self._read_problems, *self._duplicates]

    @property
    def node_count(self) -> int:
        return len(self.position)

    @property
    def edge_count(self) -> int:
        return self._links

    @property
    def graph_position(self) -> dict[str, int]:
        """Entity id -> position among the graph's entities that links of the run touch."""
        return self._graph

    def node_at(self, position: int) -> NodeRecord:
        row = self._db.execute("SELECT class, id, props, file, row FROM entities WHERE pos = ?", (position,)).fetchone()
        return _node(row)

    def link_ends_outside(self) -> set[str]:
        """The ends of links that are not entities of the run (in the graph already, or dangling)."""
        return {
            str(end)
            for (end,) in self._db.execute(
                "SELECT src FROM links WHERE src NOT IN (SELECT id FROM entities) "
                "UNION SELECT dst FROM links WHERE dst NOT IN (SELECT id FROM entities)"
            )
        }

    def classes(self) -> Iterator[tuple[str, str]]:
        """(class, id) of every entity, in the order they came in."""
        for class_name, entity_id in self._db.execute("SELECT class, id FROM entities ORDER BY pos"):
            yield str(class_name), str(entity_id)

    def repeated_link_keys(self) -> set[tuple[str, str, str]]:
        """(start, type, end) of links staged more than once: the only ones the writer must watch for
        a repeated relationship (its id is made from these, and for a documented claim, the source)."""
        query = "SELECT src, rel_type, dst FROM links GROUP BY src, rel_type, dst HAVING count(*) > 1"
        return {(str(s), str(t), str(d)) for s, t, d in self._db.execute(query)}

    def reader(self) -> StagingReader:
        self.seal()
        return StagingReader(self.path)

    def close(self) -> None:
        self._db.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class StagingReader:
    """A read connection to a sealed staging store, for one process or thread."""

    def __init__(self, path: Path) -> None:
        self._db = _connect(path)

    def entities(self, in_graph: bool, start: int, stop: int) -> list[NodeRecord]:
        """The run's entities (or the graph's, `in_graph`) from position `start` up to `stop`."""
        if in_graph:
            query = "SELECT class, id, props FROM graph_entities WHERE pos >= ? AND pos < ? ORDER BY pos"
            return [_graph_node(row) for row in self._db.execute(query, (start, stop))]
        query = "SELECT class, id, props, file, row FROM entities WHERE pos >= ? AND pos < ? ORDER BY pos"
        return [_node(row) for row in self._db.execute(query, (start, stop))]

    def entities_by_id(self, ids: Sequence[str], *, in_graph: bool = False) -> dict[str, NodeRecord]:
        found: dict[str, NodeRecord] = {}
        for i in range(0, len(ids), _IN_CHUNK):
            chunk = ids[i : i + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            if in_graph:
                rows = self._db.execute(f"SELECT class, id, props FROM graph_entities WHERE id IN ({marks})", chunk)
                found.update((str(row[1]), _graph_node(row)) for row in rows)
            else:
                query = f"SELECT class, id, props, file, row FROM entities WHERE id IN ({marks})"
                rows = self._db.execute(query, chunk)
                found.update((str(row[1]), _node(row)) for row in rows)
        return found

    def entities_at(self, positions: Sequence[int]) -> list[NodeRecord]:
        """The run's entities at `positions` (ascending; a batch's, so close together), in that order."""
        if not positions:
            return []
        query = "SELECT pos, class, id, props, file, row FROM entities WHERE pos >= ? AND pos <= ? ORDER BY pos"
        wanted = set(positions)
        return [_node(row[1:]) for row in self._db.execute(query, (positions[0], positions[-1])) if row[0] in wanted]

    def links_touching(self, in_graph: bool, start: int, stop: int) -> list[tuple[int, EdgeRecord]]:
        """The links touching the entities from `start` up to `stop`, with their positions, without
        their properties (what the gate needs of a link is its type, ends, file and row): for each
        entity in turn, those touching it in the order they came in, each link once (at its first entity)."""
        query = _TOUCHING.format(table=_TABLES[in_graph], links=_LINK_HEAD)
        rows = sorted(self._db.execute(query, (start, stop, start, stop)), key=lambda row: (row[0], row[1]))
        seen: set[int] = set()
        found: list[tuple[int, EdgeRecord]] = []
        for _, pos, rel_type, head, tail, file, number in rows:
            if pos not in seen:
                seen.add(pos)
                found.append((int(pos), EdgeRecord(str(rel_type), str(head), str(tail), {}, str(file), number)))
        return found

    def links_at(self, positions: Sequence[int]) -> list[EdgeRecord]:
        """The links at `positions` (ascending), in that order."""
        found: list[EdgeRecord] = []
        for i in range(0, len(positions), _IN_CHUNK):
            chunk = positions[i : i + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT rel_type, src, dst, file, row, props FROM links WHERE pos IN ({marks}) ORDER BY pos"
            found += [_edge(row) for row in self._db.execute(query, chunk)]
        return found

    def link_heads(self) -> Iterator[tuple[int, EdgeRecord]]:
        """Every link in order, without its properties (its type, ends, file and row)."""
        query = "SELECT pos, rel_type, src, dst, file, row FROM links ORDER BY pos"
        for pos, rel_type, start, end, file, row in self._db.execute(query):
            yield int(pos), EdgeRecord(str(rel_type), str(start), str(end), {}, str(file), row)

    def close(self) -> None:
        self._db.close()


def _connect(path: Path) -> sqlite3.Connection:
    # a scratch file of one run: no journal, no fsync (a crash loses the run, which is re-run anyway)
    db = sqlite3.connect(path, check_same_thread=True)
    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -32000;")
    return db


def _node(row: Sequence[Any]) -> NodeRecord:
    class_name, entity_id, props, file, number = row
    return NodeRecord(str(class_name), str(entity_id), pickle.loads(props), str(file), number)


def _graph_node(row: Sequence[Any]) -> NodeRecord:
    class_name, entity_id, props = row
    return NodeRecord(str(class_name), str(entity_id), pickle.loads(props), "(graph)")


def _edge(row: Sequence[Any]) -> EdgeRecord:
    rel_type, start, end, file, number, props = row
    return EdgeRecord(str(rel_type), str(start), str(end), pickle.loads(props), str(file), number)


def _remove_orphans(folder: Path) -> None:
    """Staging files of processes that no longer run (killed before they could delete theirs)."""
    for path in folder.glob(f"{_PREFIX}*.sqlite"):
        pid = path.name.removeprefix(_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            path.unlink(missing_ok=True)
