"""Batched, idempotent writes of ontology records, with provenance and change detection.

Each node and relationship keeps a hash of its content: a record whose hash is unchanged is not
written again, so re-running the same input reports 0 created, 0 updated; a changed record
replaces the properties in place. A node whose class changed is moved to the new class in place
(same id, same relationships, exactly the new class's labels). What a record becomes before it is
written (screened, made a row) is `rows.py`; what a load did, `counts.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, Generic, Protocol, TypeVar

from jxkg.ingest.records import EdgeRecord, NodeRecord, Problem
from jxkg.ingest.write.counts import LoadReport, TypeCounts
from jxkg.ingest.write.derive import derive
from jxkg.ingest.write.kept import neighbours, recount, uncounted
from jxkg.ingest.write.rows import STAMPED, edge_row, node_row, run_stamp, screen_edges, screen_nodes
from jxkg.ingest.write.support import keep_support, unkept_support
from jxkg.ontology.conventions import CONTENT_HASH, new_run_id
from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore
from jxkg.store.base import check_identifier

BATCH_SIZE = 1000
_ID_LOOKUP_BATCH = 5000
_Record = TypeVar("_Record")


class Progress(Protocol):
    """Told after each batch: what is being done, how far, out of how much (for a progress bar)."""

    def __call__(self, stage: str, done: int, total: int) -> None: ...


class GraphWriter:
    """Writes records through the ontology's schema: labels from the class, types from the property.
    The work is its sessions' (`WriteSession`): `write` is a session of one batch."""

    def __init__(self, store: GraphStore, schema: GraphSchema, progress: Progress | None = None) -> None:
        self.store = store
        self.schema = schema
        self.progress = progress

    def write(
        self, nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord], *, run_id: str | None = None
    ) -> LoadReport:
        """Write the records; `run_id` names the run they are stamped with (a new one when None)."""
        session = self.session(run_id=run_id)
        session.write(list(nodes), list(edges))
        return session.finish()

    def session(
        self, *, run_id: str | None = None, repeated: AbstractSet[tuple[str, str, str]] | None = None
    ) -> WriteSession:
        """A run written batch by batch (`WriteSession`); `repeated` as its."""
        return WriteSession(self.store, self.schema, run_id=run_id, repeated=repeated, progress=self.progress)


class WriteSession:
    """One run's writes, batch by batch: what the SHACL gate has settled is written while it goes on
    validating the rest (`pipeline.run_ingest`), and nothing needs the whole input at once.

    Each batch is written as `GraphWriter.write` writes everything: one lookup of which of its ids
    are in the graph already (that tells new from re-classed nodes, and which link ends exist; an end
    written by an earlier batch of the session counts as existing), then its nodes by class, then its
    links by type. A link must come in a batch after (or with) both its ends, and an id in one batch
    only (the staging store keeps one record per id). What is kept from batch to batch is ids: those
    written, those found in the graph, and the relationship ids of links given more than once
    (`repeated`: their (start, type, end); None: any link may recur, so every relationship id is kept).
    The problems the writer finds come in the order `write` lists them: the nodes', then the links'."""

    def __init__(
        self,
        store: GraphStore,
        schema: GraphSchema,
        *,
        run_id: str | None = None,
        repeated: AbstractSet[tuple[str, str, str]] | None = None,
        progress: Progress | None = None,
    ) -> None:
        self._store = store
        self._schema = schema
        self._progress = progress
        self._class_labels = frozenset(t.name for t in schema.node_types)  # labels that say a node's class
        # stage -> rows done, rows given: a stage recurs in each batch of the session, told as one
        self._stages: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.report = LoadReport(run_id=run_id or new_run_id())
        self._stamp = run_stamp(self.report.run_id)
        store.ensure_schema(schema.index_specs())  # MERGE without the key index crawls
        self.written: set[str] = set()  # ids of the nodes this session wrote
        self.existed: set[str] = set()  # those of them that were in the graph before
        self._in_graph: set[str] = set()  # link ends found in the graph before the session wrote them
        self._repeated = repeated
        self._keys: set[str] = set()  # relationship ids written of links that may recur
        self._node_problems: list[Problem] = []
        self._edge_problems: list[Problem] = []
        self._changed = 0
        self._touched: set[str] = set()  # entities whose kept counts this session's writes changed
        self._reclassed: set[str] = set()  # nodes moved to another class: their neighbours' counts change

    def write(self, nodes: list[NodeRecord], edges: list[EdgeRecord]) -> None:
        report = self.report
        known = self.written | self._in_graph
        ids = {n.id for n in nodes} | {end for e in edges for end in (e.start, e.end) if end not in known}
        existing = self._existing_labels(ids)
        self._in_graph.update(existing)
        self.existed.update(n.id for n in nodes if n.id in existing)
        report.problems = self._node_problems
        written, changed = self._write_nodes(nodes, existing, report)
        self.written |= written
        report.problems = self._edge_problems
        known = self.written | self._in_graph
        by_type = screen_edges(edges, known, report, earlier=self._keys)
        changed += self._write_edges(by_type, report)
        keep = self._repeated
        for rel_type, records in by_type.items():
            self._keys.update(k for k, e in records.items() if keep is None or (e.start, rel_type, e.end) in keep)
        self._changed += changed

    def finish(self) -> LoadReport:
        """Facts derived by rule, the database compacted after a change; the run's report."""
        report = self.report
        report.problems = [*self._node_problems, *self._edge_problems]
        report.derived = derive(self._store, self._stamp)  # facts derived by rule follow what was written
        touched = self._touched | self._reclassed | set(report.derived.ends) | neighbours(self._store, self._reclassed)
        # the counts kept on entities; those of an entity without any (written before they were kept,
        # or around ingest) as well, so that any run mends a graph loaded by an older version
        report.recounted = recount(self._store, self._schema, touched | uncounted(self._store))
        changed = bool(self._changed or report.derived.created or report.derived.deleted)
        # what each source document supports: counted in one pass when anything changed (`support`)
        if changed or unkept_support(self._store):
            keep_support(self._store, self._schema)
        if changed:
            self._store.compact()
        return report

    def _write_nodes(
        self,
        nodes: list[NodeRecord],
        existing: Mapping[str, frozenset[str]],
        report: LoadReport,
    ) -> tuple[set[str], int]:
        """Upsert the nodes; returns the ids written and how many nodes changed. Their rows (content
        hashes and all) are made a batch at a time as the store asks for them, so that work overlaps
        the server's on the batch before (`GraphStore.write_batches`)."""
        by_class = screen_nodes(nodes, report)
        schema, stamp = self._schema, self._stamp

        def row(record: NodeRecord) -> dict[str, Any]:
            return node_row(record, schema, stamp)

        changed = 0
        for class_name, records in sorted(by_class.items()):
            labels = schema.labels_for(class_name)
            kept, reclassed = self._split_by_class(records, labels, existing)
            counts = report.nodes[class_name]
            changed += self._tally(_upsert_query(labels), _Rows(kept, row), counts, f"writing {class_name}")
            for (stale, added), moved in sorted(reclassed.items()):
                query, stage = _reclass_query(stale, added), f"re-classing to {class_name}"
                changed += self._tally(query, _Rows(moved, row), counts, stage, self._reclassed)
        return {record.id for records in by_class.values() for record in records}, changed

    def _split_by_class(
        self, records: list[NodeRecord], labels: tuple[str, ...], existing: Mapping[str, frozenset[str]]
    ) -> tuple[list[NodeRecord], dict[tuple[tuple[str, ...], tuple[str, ...]], list[NodeRecord]]]:
        """New nodes and nodes already of this class, apart from nodes stored as another class (grouped
        by the class labels they must lose and gain). Only the first can MERGE with the labels in the
        pattern: for the others it would find no node and trip the unique key, or find a node of a
        subclass and leave it there, so they are re-classed by id."""
        wanted = frozenset(labels)
        kept: list[NodeRecord] = []
        reclassed: dict[tuple[tuple[str, ...], tuple[str, ...]], list[NodeRecord]] = defaultdict(list)
        for record in records:
            stored = existing.get(record.id)
            held = wanted if stored is None else stored & self._class_labels
            if held == wanted:
                kept.append(record)
            else:
                reclassed[tuple(sorted(held - wanted)), tuple(sorted(wanted - held))].append(record)
        return kept, reclassed

    def _write_edges(self, by_type: Mapping[str, Mapping[str, EdgeRecord]], report: LoadReport) -> int:
        """Merge the relationships `screen_edges` let through, by type; their rows made as the nodes' are."""
        schema, stamp = self._schema, self._stamp

        def row(keyed: tuple[str, EdgeRecord]) -> dict[str, Any]:
            return edge_row(keyed[1], keyed[0], schema, stamp)

        changed = 0
        for rel_type, records in sorted(by_type.items()):
            check_identifier(rel_type)
            query = (
                "UNWIND $rows AS row MATCH (a:Entity {id: row.start}) MATCH (b:Entity {id: row.end}) "
                f"MERGE (a)-[r:{rel_type} {{id: row.props.id}}]->(b) "
                f"{_changed('r')}"
                "WHERE changed "
                f"{_set_written('r')}"
                "RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, count(*) AS changed, "
                # a new relationship changes the kept counts of its ends (`kept`); a changed one may change
                # its start's, whose `factKinds` hold its provenance kind
                "collect(row.start) + collect(CASE WHEN created THEN row.end END) AS touched"
            )
            rows = _Rows(list(records.items()), row)
            changed += self._tally(query, rows, report.edges[rel_type], f"writing [:{rel_type}]")
        return changed

    def _tally(
        self, query: str, rows: _Rows[Any], counts: TypeCounts, stage: str, touched: set[str] | None = None
    ) -> int:
        """Run a write statement on `rows`; count what it did in `counts`, and gather the entities whose
        kept counts it changed (its `touched` column) in `touched` (by default the session's)."""
        touched = self._touched if touched is None else touched
        if not rows:
            return 0
        created = changed = 0
        progress = self._stages[stage]
        progress[1] += len(rows)
        # all the rows in one call: the store prepares batch k+1 while the server runs batch k
        # (FalkorDB; a call per batch lost that: load at 0.59-0.63 of the raw engine at scale 0.1)
        results = self._store.write_batches(query, rows, batch_size=BATCH_SIZE)
        for start, result in zip(range(0, len(rows), BATCH_SIZE), results, strict=True):
            created += sum(int(r["created"] or 0) for r in result.rows)
            changed += sum(int(r["changed"] or 0) for r in result.rows)
            for r in result.rows:
                touched.update(str(entity_id) for entity_id in r["touched"])
            progress[0] += min(BATCH_SIZE, len(rows) - start)
            if self._progress is not None:
                self._progress(stage, progress[0], progress[1])
        counts.created += created
        counts.updated += changed - created
        counts.unchanged += len(rows) - changed
        return changed

    def _existing_labels(self, ids: set[str]) -> dict[str, frozenset[str]]:
        """The labels of each of `ids` already in the graph (one shared set per distinct label set)."""
        wanted = sorted(ids)
        shared: dict[frozenset[str], frozenset[str]] = {}
        found: dict[str, frozenset[str]] = {}
        for i in range(0, len(wanted), _ID_LOOKUP_BATCH):
            rows = self._store.read(LOOKUP_QUERY, {"ids": wanted[i : i + _ID_LOOKUP_BATCH]})
            for row in rows:
                labels = frozenset(str(label) for label in row["labels"])
                found[str(row["id"])] = shared.setdefault(labels, labels)
        return found


class _Rows(Generic[_Record]):
    """A statement's rows, made from its records one at a time as they are asked for: the store asks
    for the next batch in the thread that prepares it while the server runs this one."""

    def __init__(self, records: list[_Record], make: Callable[[_Record], dict[str, Any]]) -> None:
        self._records = records
        self._make = make

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(self._make, self._records)


LOOKUP_QUERY = "MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, labels(n) AS labels"


def _set_written(var: str) -> str:
    """`SET` a written node or relationship (`var`): the row's properties, then the writer's bookkeeping."""
    return f"SET {var} = row.props, " + ", ".join(f"{var}.{name} = row.{key}" for name, key in STAMPED.items()) + " "


def _changed(var: str) -> str:
    """Whether the row is new to `var` (no content hash yet) and whether it changes it (another hash)."""
    return (
        f"WITH {var}, row, {var}.{CONTENT_HASH} IS NULL AS created, "
        f"coalesce({var}.{CONTENT_HASH}, '') <> row.hash AS changed "
    )


_SET_NODE = _set_written("n")


def _upsert_query(labels: tuple[str, ...]) -> str:
    """Create or update nodes of one class, keyed by id. The class labels are in the MERGE pattern:
    setting them afterwards (`SET n:...`) made FalkorDB's cost per row grow with the graph
    (docs/benchmarks.md). Only for rows whose node is new or already of this class."""
    return (
        f"UNWIND $rows AS row MERGE (n:{_label_text(labels)} {{id: row.id}}) "
        f"{_changed('n')}"
        "WHERE changed "
        f"{_SET_NODE}"
        # writing a node replaces its properties, the kept counts with them (`kept`)
        "RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, count(*) AS changed, collect(row.id) AS touched"
    )


def _reclass_query(stale: tuple[str, ...], added: tuple[str, ...]) -> str:
    """Move existing nodes to another class: off with the old class's `stale` labels, on with the new
    one's `added` ones; always a change, even when the properties are the same. For the rare rows
    whose class changed: setting labels is what grows slow with the graph on FalkorDB."""
    remove = f"REMOVE n:{_label_text(stale)} " if stale else ""
    add = f"SET n:{_label_text(added)} " if added else ""
    return (
        f"UNWIND $rows AS row MATCH (n:Entity {{id: row.id}}) {remove}{add}"
        f"{_SET_NODE}"
        "RETURN 0 AS created, count(*) AS changed, collect(row.id) AS touched"
    )


def _label_text(labels: tuple[str, ...]) -> str:
    return ":".join(check_identifier(label) for label in labels)
