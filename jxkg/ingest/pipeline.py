"""One ingest run: gate the records, write what passed, quarantine and report the rest.

Nothing a steward brings is lost: a record is either in the graph or in the run's quarantine file
with the reason, and the run's report says how many of each, per type.

The records are staged on disk (`staging.Staging`, once per id) and go through in batches: the gate
validates batch k+1 while what batch k settled is written (`feed`), so memory holds an index of ids,
a few batches and the gate's memo, not the input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jxkg.ingest.feed import feeding
from jxkg.ingest.gate.run import ContextLookup, GateResult, Settled, gate_staged, run_gate
from jxkg.ingest.read.curated import read_curated
from jxkg.ingest.read.link_names import NameLink
from jxkg.ingest.read.sources import SourcesResult
from jxkg.ingest.records import NodeRecord, Problem, ReadResult
from jxkg.ingest.runs.history import finish_run, start_run
from jxkg.ingest.runs.report import write_quarantine, write_report
from jxkg.ingest.staging import Staging
from jxkg.ingest.write.counts import LoadReport
from jxkg.ingest.write.kept import recount
from jxkg.ingest.write.support import keep_support
from jxkg.ingest.write.writer import GraphWriter, Progress
from jxkg.ontology.conventions import INGEST_RUN, new_run_id
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.store import GraphStore
from jxkg.store.base import check_identifier

_LOOKUP_BATCH = 5000


@dataclass(frozen=True)
class IngestOutcome:
    load: LoadReport
    gate: GateResult
    quarantine_file: Path | None
    report_files: tuple[Path, ...]

    @property
    def rejected(self) -> int:
        return len(self.gate.quarantined) + len(self.load.problems)


def store_context(store: GraphStore, schema: GraphSchema) -> ContextLookup:
    """Class and properties of entities already in the graph, for the gate's neighbour context."""

    def lookup(ids: set[str]) -> Mapping[str, tuple[str, dict[str, Any]]]:
        wanted = sorted(ids)
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        for i in range(0, len(wanted), _LOOKUP_BATCH):
            rows = store.read(
                "MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
                {"ids": wanted[i : i + _LOOKUP_BATCH]},
            )
            for row in rows:
                props = {k: v for k, v in row["props"].items() if k not in schema.bookkeeping and v is not None}
                found[str(row["id"])] = (schema.most_specific_class(row["labels"]), props)
        return found

    return lookup


def drop_duplicates(read: ReadResult) -> ReadResult:
    """One record per id: a repeat with other values is a problem (the first stands); an identical
    repeat states the same fact again and is kept once. Before the gate, which would otherwise see
    one entity with two names and quarantine the good row with the bad."""
    first: dict[str, NodeRecord] = {}
    nodes: list[NodeRecord] = []
    problems = list(read.problems)
    for node in read.nodes:
        earlier = first.setdefault(node.id, node)
        if earlier is node:
            nodes.append(node)
        elif (earlier.class_name, earlier.properties) != (node.class_name, node.properties):
            where = f"{earlier.source_file}, row {earlier.row}"
            problems.append(
                Problem(
                    node.source_file,
                    node.row,
                    "id",
                    node.id,
                    f"duplicate id with conflicting values (first at {where})",
                )
            )
    return ReadResult(nodes=nodes, edges=list(read.edges), problems=problems)


def check_records(
    read: ReadResult, store: GraphStore, schema: GraphSchema, *, workers: int | None = None
) -> tuple[ReadResult, GateResult]:
    """What the gate says of the records, writing nothing: the records once per id, and the gate's
    result (`POST /api/v1/validate` serves it; `run_ingest` goes on to write what passed)."""
    read = drop_duplicates(read)
    return read, run_gate(read.nodes, read.edges, schema, store_context(store, schema), workers=workers)


def run_ingest(
    read: ReadResult | Staging,
    store: GraphStore,
    schema: GraphSchema,
    out_dir: Path,
    *,
    rejected_on_reading: tuple[Mapping[str, int], Mapping[str, int]] = ({}, {}),
    delete_missing: bool = False,
    progress: Progress | None = None,
    run_id: str | None = None,
    started_by: str | None = None,
    files: Sequence[str] | None = None,
    gate_workers: int | None = None,
    linked_by_name: Sequence[NameLink] = (),
) -> IngestOutcome:
    """Gate, write, quarantine, report. `read`: the records in memory (staged here, once per id, as
    `drop_duplicates` keeps them) or staged already as they were read (`jxkg ingest`: the input is
    never held whole); the caller closes a Staging it gives. `rejected_on_reading` counts rows that
    never became records (by class, by relationship type), so the report's read column counts every
    row of the input.

    `run_id` names the run (a new one when None: a caller that must know it before the run starts
    makes it with `new_run_id`); `started_by` and `files` go on the run's record (the local user and
    the sources' names by default); `gate_workers` as `run_gate`'s `workers` (1 in a process that
    runs threads, such as the API: the gate's pool forks; the writes then follow the gate instead of
    overlapping it). `progress` is told the gate's stage after each batch, `writing` with 0 and the
    number of records to write once the gate has ended, and the writer's batches (with the gate's
    pool, these start while the gate still validates). `linked_by_name`: the link ends the reading
    found by the name resolver, listed in the run's report."""
    staging = read if isinstance(read, Staging) else Staging.of(read)
    try:
        # the files of the records once per id, as `drop_duplicates(read).file_names()` gives them
        names = list(files) if files is not None else sorted(staging.files)
        return _ingest(
            staging,
            store,
            schema,
            out_dir,
            rejected_on_reading=rejected_on_reading,
            delete_missing=delete_missing,
            progress=progress,
            run_id=run_id or new_run_id(),
            started_by=started_by,
            files=names,
            gate_workers=gate_workers,
            linked_by_name=linked_by_name,
        )
    finally:
        if staging is not read:
            staging.close()


def _ingest(
    staging: Staging,
    store: GraphStore,
    schema: GraphSchema,
    out_dir: Path,
    *,
    rejected_on_reading: tuple[Mapping[str, int], Mapping[str, int]],
    delete_missing: bool,
    progress: Progress | None,
    run_id: str,
    started_by: str | None,
    files: Sequence[str],
    gate_workers: int | None,
    linked_by_name: Sequence[NameLink],
) -> IngestOutcome:
    start_run(store, schema, run_id, started_by=started_by, files=files)
    entities = staging.node_count
    if progress is not None:
        progress("validating (SHACL)", 0, entities)
    session = GraphWriter(store, schema, progress).session(run_id=run_id, repeated=staging.repeated_link_keys())
    context = store_context(store, schema)
    with feeding(staging.path, session, overlap=gate_workers != 1) as feed:

        def settled(done: Settled) -> None:
            if progress is not None:
                progress("validating (SHACL)", done.validated, entities)
            feed.put(done)

        gate = gate_staged(staging, schema, context, workers=gate_workers, settled=settled)
        if progress is not None:
            progress("writing", 0, gate.passed_nodes + gate.passed_edges)
    load = session.finish()
    existed = session.existed
    # an id that was not in the graph is there now, created by this run; of the others, the run wrote
    # those whose content changed (an unchanged record is not written again)
    written = (session.written - existed) | _ids_in_graph(store, session.written & existed, run_id=run_id)
    if delete_missing:
        for class_name, deleted in _delete_missing(store, schema, staging).items():
            load.nodes[class_name].deleted += deleted
    count_rejections(load, staging, gate, rejected_on_reading)
    quarantine = write_quarantine(out_dir, load.run_id, load.problems, gate)
    reports = write_report(out_dir, load, gate, quarantine, linked_by_name)
    finish_run(store, run_id, vars(load.totals()), reports[0], created=written - existed, updated=written & existed)
    return IngestOutcome(load, gate, quarantine, reports)


def _ids_in_graph(store: GraphStore, ids: set[str], *, run_id: str | None = None) -> set[str]:
    """Which of `ids` are in the graph; with `run_id`, only those that run last wrote. Before and
    after the write, they tell the entities it created from those it changed in place."""
    query = f"MATCH (n:Entity) WHERE n.id IN $ids AND ($run IS NULL OR n.{INGEST_RUN} = $run) RETURN n.id AS id"
    wanted = sorted(ids)
    found: set[str] = set()
    for i in range(0, len(wanted), _LOOKUP_BATCH):
        found |= {str(row["id"]) for row in store.read(query, {"ids": wanted[i : i + _LOOKUP_BATCH], "run": run_id})}
    return found


def count_rejections(
    load: LoadReport,
    read: ReadResult | Staging,
    gate: GateResult,
    rejected_on_reading: tuple[Mapping[str, int], Mapping[str, int]],
) -> None:
    """Complete the report's read and rejected columns after the write: the gate's quarantined
    records and the rows that never became records (by class, by relationship type); the reading
    problems go first in its problem list. The ingest and the neo4j-admin export both call it."""
    for kind, record_type, _ in dict.fromkeys((f.kind, f.record_type, f.record_id) for f in gate.quarantined):
        counts = load.nodes if kind == "node" else load.edges
        counts[record_type or "unknown"].read += 1
        counts[record_type or "unknown"].rejected += 1
    load.problems[:0] = read.problems
    for counts, rejected in zip((load.nodes, load.edges), rejected_on_reading, strict=True):
        for name, n in rejected.items():
            counts[name].read += n
            counts[name].rejected += n


def _delete_missing(store: GraphStore, schema: GraphSchema, read: Staging) -> dict[str, int]:
    """For a source that is the whole truth for its classes: delete the entities of each class it
    holds that it no longer lists. Quarantined records still count as listed, so a bad row never
    deletes the good version loaded before; only nodes whose most specific class is that class go
    (a Person source does not delete Academicians)."""
    listed: dict[str, set[str]] = {}
    for class_name, entity_id in read.classes():
        listed.setdefault(class_name, set()).add(entity_id)
    deleted: dict[str, int] = {}
    bereft: set[str] = set()  # the neighbours of what is deleted: their kept counts change
    for class_name, ids in sorted(listed.items()):
        labels = schema.labels_for(class_name)
        missing = f"MATCH (n:{check_identifier(class_name)}) WHERE size(labels(n)) = $depth AND NOT n.id IN $ids "
        params = {"depth": len(labels), "ids": sorted(ids)}
        bereft |= {
            str(row["id"]) for row in store.read(missing + "MATCH (n)--(m:Entity) RETURN DISTINCT m.id AS id", params)
        }
        rows = store.write(missing + "DETACH DELETE n RETURN count(*) AS deleted", params).rows
        deleted[class_name] = int(rows[0]["deleted"]) if rows else 0
    recount(store, schema, bereft)
    if any(deleted.values()):
        keep_support(store, schema)
    return deleted


def load_sources(
    store: GraphStore,
    result: SourcesResult,
    schema: GraphSchema,
    out_dir: Path,
    *,
    delete_missing: bool = False,
    progress: Progress | None = None,
    staging: Staging | None = None,
) -> IngestOutcome:
    """Gate and write the records (`jxkg.ingest.pipeline`): those of `result`, or those `read_sources`
    put in `staging`; rows rejected on reading count as read and rejected, and the quarantine file
    lists them with the gate's."""
    return run_ingest(
        result if staging is None else staging,
        store,
        schema,
        out_dir,
        rejected_on_reading=(result.rejected_nodes, result.rejected_edges),
        delete_missing=delete_missing,
        progress=progress,
        linked_by_name=result.linked_by_name,
    )


def load_curated(store: GraphStore, folder: Path, schema: GraphSchema | None = None) -> LoadReport:
    """Read the folder and write it, without the SHACL gate (`jxkg.ingest.pipeline.run_ingest` has it):
    for the writer's own tests and data already validated. Problems are reported, the rest still loads."""
    schema = schema or load_schema()
    read = read_curated(folder, schema)
    writer = GraphWriter(store, schema)
    report = writer.write(read.nodes, read.edges)
    report.problems[:0] = read.problems
    return report
