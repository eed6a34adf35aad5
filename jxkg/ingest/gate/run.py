"""The SHACL gate: validate records before they are written; what violates goes to quarantine.

Validation runs in batches of entities, so memory and time grow linearly. A batch is exact when
it holds, for each of its entities, every property, every relationship touching it (either way:
some shapes look at incoming links), and the type and properties of every entity one hop away —
the shapes never look further than one hop (tests/ingest/test_gate.py checks their paths). The
neighbours come from the same ingest or, for entities already in the graph, from the store.
Results are kept only for the batch's own entities; its neighbours are there as context.

A Violation on a link (a value that is an entity) quarantines that relationship; any other
Violation quarantines the entity, and with it the relationships that touch it. Warnings and Infos
are reported; they do not stop a record.

How the work is shared out. The records are in a staging store on disk (`jxkg/ingest/staging.py`, once
per id); a batch is a slice of its entities by position (`_Slice`), and whoever validates it reads
the batch's records, the links touching them and their neighbours from the store (`_Batch`). The
workers are forked, open their own connection to the store, cut their batches themselves and send
back only the findings, tied to the links by position (`_Outcome`). A record is the member of one
batch and the context of its neighbours' batches (about five times each on the synthetic province):
as context it brings only what the shapes read of a neighbour (`neighbour_predicates`: mostly its
type), made once per process (`NodeBlocks`, by entity id, its record read only that first time)
and added to every batch's index with a few dict operations. Batches come back in order, one
outcome each (`_validated`): an entity's fate is settled by its own batch, a link's by the batches
of its two ends, so after each batch the parent knows which records passed for good (`Settled`),
and the pipeline writes them while the workers validate the next batches.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from jxkg.ingest.findings import Finding
from jxkg.ingest.gate.spill import SpillList
from jxkg.ingest.gate.to_rdf import NodeBlocks, records_to_graph
from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ingest.staging import Staging, StagingReader
from jxkg.ontology.conventions import entity_id, entity_iri, relationship_type_name
from jxkg.ontology.schema import JX, GraphSchema, RelationshipType
from jxkg.settings import ShaclEngineName, load_settings
from jxkg.shapes.validate import ResultRecord, Severity, neighbour_predicates, prepare, validate, validate_triples

DEFAULT_BATCH = 2000
POOL_MIN = 5000  # below this many entities, a pool of processes costs more than it saves

# id -> (class, properties) of entities already in the graph, for the ids asked
ContextLookup = Callable[[set[str]], Mapping[str, tuple[str, dict[str, Any]]]]


@dataclass
class GateResult:
    # the records that passed, only from `run_gate` (given records in memory, it gives them back);
    # `gate_staged` hands them over batch by batch (`Settled`) and keeps only their numbers
    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)
    quarantined: list[Finding] = field(default_factory=list)  # Violations: these records were not written
    # Warnings and Infos on records that were written: one per entity or more on some data, so most
    # of them wait on disk for the report (`SpillList`)
    notes: SpillList[Finding] = field(default_factory=SpillList)
    passed_nodes: int = 0
    passed_edges: int = 0

    def note(self, finding: Finding) -> None:
        """Keep a Warning or Info once, though both ends of a link may report it (an entity's come from
        its own batch only, where each is reported once: they need no memory of what was noted)."""
        if finding.kind == "edge":
            if finding in self._noted:
                return
            self._noted.add(finding)
        self.notes.append(finding)

    _noted: set[Finding] = field(default_factory=set, repr=False)


@dataclass(frozen=True)
class Settled:
    """What one batch settles, by position in the staging store: its entities that passed, and the
    links that passed whose later end is in this batch (an end in the graph is settled by the batch
    of the graph's entities it is in). Each passing record is in exactly one Settled of a run."""

    nodes: list[int]  # ascending
    edges: list[int]  # ascending
    validated: int  # the run's entities validated so far (for a progress bar)


def run_gate(
    nodes: Iterable[NodeRecord],
    edges: Iterable[EdgeRecord],
    schema: GraphSchema,
    existing: ContextLookup,
    *,
    batch_size: int = DEFAULT_BATCH,
    workers: int | None = None,
    engine: ShaclEngineName | None = None,
) -> GateResult:
    """`gate_staged` of records held in memory (once per id: `pipeline.drop_duplicates` first), with
    the records that passed in `nodes` and `edges`, in the order given. For callers that hold the
    records anyway: an upload's check, the neo4j-admin export, tests."""
    passed_nodes: list[int] = []
    passed_edges: list[int] = []

    def keep(settled: Settled) -> None:
        passed_nodes.extend(settled.nodes)
        passed_edges.extend(settled.edges)

    with Staging() as staging:
        staging.add_nodes(nodes)
        staging.add_edges(edges)
        result = gate_staged(
            staging, schema, existing, batch_size=batch_size, workers=workers, engine=engine, settled=keep
        )
        reader = staging.reader()
        try:
            result.nodes = reader.entities_at(sorted(passed_nodes))
            result.edges = reader.links_at(sorted(passed_edges))
        finally:
            reader.close()
    return result


def gate_staged(
    staging: Staging,
    schema: GraphSchema,
    existing: ContextLookup,
    *,
    batch_size: int | None = None,
    workers: int | None = None,
    engine: ShaclEngineName | None = None,
    settled: Callable[[Settled], None] | None = None,
) -> GateResult:
    """Validate the staged records in batches of `batch_size` entities (DEFAULT_BATCH); `workers`
    processes (default: one per core from POOL_MIN entities on, a single process below) validate the
    batches in parallel. `engine` defaults to the `JXKG_SHACL_ENGINE` setting (native: no rdflib
    Graph is built). `settled` is
    called (in this thread) after each batch with what that batch settled, while the workers go on
    with the next ones: a writer fed from it writes while the gate validates."""
    engine = engine if engine is not None else load_settings().shacl_engine
    batch_size = batch_size or DEFAULT_BATCH
    outside = staging.link_ends_outside()
    # entities already in the graph that new links touch: only what the shapes say of those links
    # counts (the rest is about data loaded before; `jxkg audit` is for that)
    staging.add_graph_entities(dict(existing(outside)) if outside else {})
    staging.seal()
    rels = {r.name: r for r in schema.relationships} | {r.type: r for r in schema.relationships}
    reads = neighbour_predicates() if engine is ShaclEngineName.NATIVE else None
    source = _Source(staging.path, schema, engine, rels, batch_size, staging.position, staging.graph_position, reads)
    sizes = ((staging.node_count, False), (len(staging.graph_position), True))
    slices = [
        (links_only, start, min(start + batch_size, count))
        for count, links_only in sizes
        for start in range(0, count, batch_size)
    ]
    ledger = _Ledger(staging)
    result = GateResult()
    reader = staging.reader()  # this process's: the workers open their own
    try:
        count = staging.node_count + len(staging.graph_position)
        for index, outcome in enumerate(_validated(source, slices, _workers(workers, count, len(slices)))):
            newly_bad = ledger.collect(outcome.findings, result)
            done = ledger.settle(slices[index], newly_bad, outcome.links)
            result.passed_nodes += len(done.nodes)
            result.passed_edges += len(done.edges)
            if settled is not None:
                settled(done)
        ledger.quarantine(reader, result)
    finally:
        reader.close()
    return result


@dataclass(frozen=True)
class _Source:
    """What every batch is cut from: the staging store (each process reads it through a connection
    of its own) and what the batches share, made once per run."""

    path: Path
    schema: GraphSchema
    engine: ShaclEngineName
    # relationships by property name and by type, as schema.relationship() finds them (without its suggestions)
    rels: Mapping[str, RelationshipType]
    batch_size: int
    position: Mapping[str, int]  # the run's entities by id -> position (the staging store's index)
    graph_position: Mapping[str, int]  # the graph's entities that links of the run touch -> position
    # what the native engine reads of a batch's context (None: whole records; and with pySHACL)
    neighbour_reads: frozenset[URIRef] | None = None

    def blocks(self) -> NodeBlocks:
        """A process's memo of the records' triples for this run."""
        return NodeBlocks(self.schema, BLOCK_LIMIT, self.neighbour_reads)

    def batch_of(self, entity_id: str) -> int | None:
        """The batch an entity is validated in: the run's entities first, the graph's after them;
        None for an id that is neither (a dangling link's end)."""
        position = self.position.get(entity_id)
        if position is not None:
            return position // self.batch_size
        position = self.graph_position.get(entity_id)
        if position is not None:
            return -(-len(self.position) // self.batch_size) + position // self.batch_size
        return None


class _Ledger:
    """The parent's bookkeeping: the Violations found so far, by record, and what each batch settles.

    A link's batch is the later of its two ends' batches (`_Source.batch_of`); a link with an end
    that is neither the run's nor the graph's is dangling and never passes. Batches come back in
    order, so when batch k is in, every batch of a link settled by k is."""

    def __init__(self, staging: Staging) -> None:
        self.position = staging.position
        self.graph_position = staging.graph_position
        self.bad_nodes: dict[str, list[Finding]] = {}
        self.bad_edges: dict[int, list[Finding]] = {}  # by the link's position

    def collect(self, outcome: list[tuple[int, Finding]], result: GateResult) -> set[str]:
        """A batch's findings into the ledger (Violations) or the result (the rest); returns the ids
        of the entities this batch quarantined."""
        newly_bad: set[str] = set()
        noted: set[Finding] = set()  # an entity's notes all come from this batch: kept once here is once
        for link, finding in outcome:
            violation = finding.severity == Severity.VIOLATION
            if link >= 0:
                if violation:
                    findings = self.bad_edges.setdefault(link, [])
                    if finding not in findings:  # both ends of a link may report it
                        findings.append(finding)
                else:
                    result.note(finding)
            elif violation:
                entity = finding.record_id
                assert entity is not None  # a finding on an entity names it (only input's do not)
                self.bad_nodes.setdefault(entity, []).append(finding)
                newly_bad.add(entity)
            elif finding not in noted:
                noted.add(finding)
                result.note(finding)
        return newly_bad

    def settle(self, piece: _Slice, newly_bad: set[str], links: list[tuple[int, str, str]]) -> Settled:
        """What a batch settles: its entities that passed, and of the links it settles (`links`:
        position, start, end) those that passed."""
        links_only, start, stop = piece
        nodes: list[int] = []
        if not links_only:
            bad = {self.position[i] for i in newly_bad}
            nodes = [p for p in range(start, stop) if p not in bad]
        bad_nodes, bad_edges = self.bad_nodes, self.bad_edges
        edges = [p for p, head, tail in links if p not in bad_edges and head not in bad_nodes and tail not in bad_nodes]
        return Settled(nodes, edges, stop if not links_only else len(self.position))

    def quarantine(self, reader: StagingReader, result: GateResult) -> None:
        """Every Violation into `result`, in the order of the records: the entities', then the links'
        (a link with a dangling end, or an end quarantined, included)."""
        for bad in sorted(self.bad_nodes, key=self.position.__getitem__):
            result.quarantined.extend(self.bad_nodes[bad])
        for position, edge in reader.link_heads():
            findings = list(self.bad_edges.get(position, ()))
            # a link with no entity of this ingest at either end is checked here: only its ends' existence
            for name, end in (("start", edge.start), ("end", edge.end)):
                if end not in self.position and end not in self.graph_position:
                    findings.append(
                        Finding.on_edge(edge, name, end, "dangling-link", "no entity has this id", "没有此标识符的实体")
                    )
            if findings:
                result.quarantined.extend(findings)
            elif edge.start in self.bad_nodes or edge.end in self.bad_nodes:
                end = edge.start if edge.start in self.bad_nodes else edge.end
                result.quarantined.append(
                    Finding.on_edge(
                        edge,
                        "start" if end == edge.start else "end",
                        end,
                        "quarantined-end",
                        "links to an entity that was quarantined",
                        "指向已隔离的实体",
                    )
                )


# a batch: of the graph's entities (True) or of the ingest's own, from and to which position
_Slice = tuple[bool, int, int]


@dataclass(frozen=True)
class _Outcome:
    """What a batch gives back: per result on one of its entities, in the order of the results, (the
    link's position in the staging store, -1 for an entity's; the finding); and the links whose later
    end is in this batch, which it settles (position, start, end; dangling ones left out)."""

    findings: list[tuple[int, Finding]]
    links: list[tuple[int, str, str]]


class _Batch:
    """The entities of one batch, with what validating them needs: every link touching them and
    the entities at the other end of those links (context, not validated themselves). Of the context,
    the records are read only for ids not `known` (whose triples the process has made already)."""

    def __init__(
        self,
        reader: StagingReader,
        links_only: bool,
        start: int,
        stop: int,
        known: Callable[[str], bool],
    ) -> None:
        self.links_only = links_only
        self.members = reader.entities(links_only, start, stop)
        touching = reader.links_touching(links_only, start, stop)
        self.edge_positions = [p for p, _ in touching]
        self.edges = [e for _, e in touching]
        ids = {n.id for n in self.members}
        neighbours = sorted({end for e in self.edges for end in (e.start, e.end)} - ids)
        wanted = [i for i in neighbours if not known(i)]
        staged = reader.entities_by_id(wanted)
        rest = [i for i in wanted if i not in staged]
        self.records = staged | (reader.entities_by_id(rest, in_graph=True) if rest else {})
        # the neighbours that are entities (a dangling link's end is not), by id
        self.context = [i for i in neighbours if i in self.records or known(i)]

    def task(self) -> _Task:
        return (self.members, self.context, self.records, self.edges)


# what validating a batch takes: its entities; the ids of its context, and the records of those the
# process does not know yet; the links
_Task = tuple[list[NodeRecord], list[str], dict[str, NodeRecord], list[EdgeRecord]]
# Each worker's share of the run, handed over when the pool forks it (a forked process inherits its
# arguments, nothing is pickled): where the run's records are, its own connection to them (opened
# after the fork: an SQLite connection does not survive one) and its own memo of the records'
# triples. A task is then only a batch's slice, and a result the batch's findings. Set once per
# worker process.
_worker_state: tuple[_Source, StagingReader, NodeBlocks] | None = None
# records whose triples a process keeps at most (a few hundred bytes each), made once per run and
# reused by every batch the record is in (the member of one, context for its neighbours' batches)
BLOCK_LIMIT = 400_000


def _workers(asked: int | None, entities: int, batches: int) -> int:
    if asked is not None:
        return max(1, min(asked, batches))
    if entities < POOL_MIN or batches < 2:
        return 1
    return max(
        1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, batches)
    )


def _validated(source: _Source, slices: list[_Slice], workers: int) -> Iterator[_Outcome]:
    """Each batch's findings on its own entities, in the order of `slices`."""
    with _frozen(source.engine):
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            blocks = source.blocks()
            reader = StagingReader(source.path)
            try:
                for piece in slices:
                    yield _run(source, reader, piece, blocks)
            finally:
                reader.close()
            return
        prepare()  # the shapes (compiled) and the ontology, read once and shared with the forked workers
        gc.collect(1)  # what reading them left (the collector may be off): not for every worker to go through
        with ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_init_worker,
            initargs=(source, os.getpid()),
        ) as pool:
            pending: deque[Future[_Outcome]] = deque()
            for piece in slices:  # a few batches ahead of the workers, not all results at once
                pending.append(pool.submit(_run_batch, piece))
                if len(pending) > 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()


@contextmanager
def _frozen(engine: ShaclEngineName) -> Iterator[None]:
    """The garbage collector kept off what the gate holds until it ends. Its full passes went through
    the input (millions of objects at scale 1, when the records were in memory) and the growing memo of
    the records' triples again and again, a fifth of the gate's time in one process, and in a forked
    worker they wrote to the parent's shared pages, copying them. So the objects that exist now are
    frozen (`gc.freeze`; not when the process has frozen some already: their owner unfreezes them), and
    with the native engine the automatic passes are off, each batch ending with a pass over the young
    generations (`_run`): that collects the batch's own garbage (a few rdflib graphs), while what
    outlives two batches (the memos, kept to the end of the run) is not looked at again. pySHACL leaves
    much more garbage: with it the collector stays on. Process-wide for the duration: objects of other
    threads that become garbage after two batches wait for the gate to end."""
    freeze = gc.get_freeze_count() == 0
    enabled = gc.isenabled()
    if engine is ShaclEngineName.NATIVE:
        gc.disable()
    if freeze:
        gc.freeze()
    try:
        yield
    finally:
        if freeze:
            gc.unfreeze()
        if enabled:
            gc.enable()


def _init_worker(source: _Source, parent: int) -> None:
    global _worker_state
    _die_with(parent)
    _worker_state = (source, StagingReader(source.path), source.blocks())


_PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent dies


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when the ingest that forked it dies. Without it a `kill -9`
    of `jxkg ingest` in the gate left both workers alive indefinitely, one blocked writing to a pipe
    no one reads, each holding its share of the input. Linux only; elsewhere nothing changes."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return
    if prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _run_batch(piece: _Slice) -> _Outcome:
    assert _worker_state is not None, "a task ran outside a worker of the pool"
    source, reader, blocks = _worker_state
    return _run(source, reader, piece, blocks)


def _run(source: _Source, reader: StagingReader, piece: _Slice, blocks: NodeBlocks) -> _Outcome:
    """One batch cut, validated and its results tied back to the records (in a worker, or in the
    parent when there is none)."""
    batch = _Batch(reader, *piece, known=blocks.known if source.engine is ShaclEngineName.NATIVE else _unknown)
    records = _validate_task(batch.task(), source.schema, source.engine, blocks)
    findings = _findings(batch, records, source)
    links = _settles(batch, source, piece)
    gc.collect(1)  # the batch's own garbage; what outlives two batches (the memos) is not looked at again
    return _Outcome(findings, links)


def _unknown(_: str) -> bool:
    return False  # pySHACL's graph is made of whole records: each batch reads all of its context


def _settles(batch: _Batch, source: _Source, piece: _Slice) -> list[tuple[int, str, str]]:
    """The links of the batch whose later end is in it (worked out here, in the worker, from the id
    indexes it inherited: the parent only drops those found bad)."""
    links_only, start, _ = piece
    index = start // source.batch_size + (-(-len(source.position) // source.batch_size) if links_only else 0)
    settled = []
    for position, edge in zip(batch.edge_positions, batch.edges, strict=True):
        head, tail = source.batch_of(edge.start), source.batch_of(edge.end)
        if head is not None and tail is not None and max(head, tail) == index:
            settled.append((position, edge.start, edge.end))
    return settled


def _validate_task(task: _Task, schema: GraphSchema, engine: ShaclEngineName, blocks: NodeBlocks) -> list[ResultRecord]:
    members, context, records, edges = task
    if engine is ShaclEngineName.NATIVE:
        index, subjects = blocks.index(members, edges, context=context, records=records)
        report = validate_triples(index, focus_nodes=subjects)
    else:
        graph, _ = records_to_graph([*members, *(records[i] for i in context)], edges, schema)
        report = validate(graph, focus_nodes=[entity_iri(n.id) for n in members], inplace=True, engine=engine)
    return list(report.results)


def _findings(batch: _Batch, records: list[ResultRecord], source: _Source) -> list[tuple[int, Finding]]:
    """The results on the batch's own entities as findings on the records (a link's when the result
    is about a value that is an entity its link leads to), in the order of `records`."""
    lookup = {n.id: position for position, n in enumerate(batch.members)}
    links: dict[tuple[str, str, str], int] = {}  # (start, type, end) -> position, made when first needed
    by_position: dict[int, EdgeRecord] = {}
    outcome: list[tuple[int, Finding]] = []
    for record in records:
        focus = entity_id_of(record.focus)
        if focus is None or focus not in lookup:
            continue  # a neighbour, present only as context
        if not links and record.path is not None and record.value is not None:
            links = {(e.start, e.rel_type, e.end): p for p, e in zip(batch.edge_positions, batch.edges, strict=True)}
            by_position = dict(zip(batch.edge_positions, batch.edges, strict=True))
        link = _link_of(record, focus, source.rels, links)
        if link is not None:
            outcome.append((link, Finding.on_edge_end(by_position[link], record)))
            continue
        if batch.links_only:
            continue
        outcome.append((-1, _node_finding(batch.members[lookup[focus]], record, source.rels)))
    return outcome


def entity_id_of(iri: str) -> str | None:
    from rdflib import URIRef

    return entity_id(URIRef(iri))


def _link_of(
    record: ResultRecord,
    focus: str,
    rels: Mapping[str, RelationshipType],
    edge_index: Mapping[tuple[str, str, str], int],
) -> int | None:
    if record.path is None or record.value is None:
        return None
    inverse = record.path.startswith("^")
    name = record.path.lstrip("^").removeprefix(str(JX))
    other = entity_id_of(record.value)
    if other is None:
        return None
    if name not in rels:
        return None
    rel_type = rels[name].type
    key = (other, rel_type, focus) if inverse else (focus, rel_type, other)
    return edge_index.get(key)


def _field(path: str | None) -> str | None:
    if path is None:
        return None
    name = path.lstrip("^").removeprefix(str(JX))
    return f"^{name}" if path.startswith("^") else name


def _node_finding(node: NodeRecord, record: ResultRecord, rels: Mapping[str, RelationshipType]) -> Finding:
    field_name = _field(record.path)
    if field_name is not None and not field_name.startswith("^") and field_name in rels:
        field_name = relationship_type_name(field_name)  # a link is named by its type, as in the files
    return Finding.on_node(node, record, field_name)
