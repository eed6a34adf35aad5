"""The gate's batches, cut and validated wherever the work is done: in a forked worker, or in the
parent when there is none (`jxkg/ingest/gate/run.py` shares the work out and keeps the ledger).

A batch is a slice of the staging store's entities by position (`Slice`); whoever validates it reads
the batch's records, the links touching them and their neighbours from the store (`_Batch`), validates
them, and sends back only the findings, tied to the records by position, and the links the batch
settles (`Outcome`). As context a neighbour brings only what the shapes read of it
(`neighbour_predicates`), made once per process (`NodeBlocks`).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from jxkg.ingest.findings import Finding
from jxkg.ingest.gate.to_rdf import NodeBlocks, records_to_graph
from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ingest.staging import StagingReader
from jxkg.ontology.conventions import JX, entity_id, entity_iri, relationship_type_name
from jxkg.ontology.schema import GraphSchema
from jxkg.ontology.terms import RelationshipType
from jxkg.settings import ShaclEngineName
from jxkg.shapes.validate import ResultRecord, prepare, validate, validate_triples

POOL_MIN = 5000  # below this many entities, a pool of processes costs more than it saves


@dataclass(frozen=True)
class Source:
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


# a batch: of the graph's entities (True) or of the ingest's own, from and to which position
Slice = tuple[bool, int, int]


@dataclass(frozen=True)
class Outcome:
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

    def task(self) -> Task:
        return (self.members, self.context, self.records, self.edges)


# what validating a batch takes: its entities; the ids of its context, and the records of those the
# process does not know yet; the links
Task = tuple[list[NodeRecord], list[str], dict[str, NodeRecord], list[EdgeRecord]]
# Each worker's share of the run, handed over when the pool forks it (a forked process inherits its
# arguments, nothing is pickled): where the run's records are, its own connection to them (opened
# after the fork: an SQLite connection does not survive one) and its own memo of the records'
# triples. A task is then only a batch's slice, and a result the batch's findings. Set once per
# worker process.
_worker_state: tuple[Source, StagingReader, NodeBlocks] | None = None
# records whose triples a process keeps at most (a few hundred bytes each), made once per run and
# reused by every batch the record is in (the member of one, context for its neighbours' batches)
BLOCK_LIMIT = 400_000


def workers_for(asked: int | None, entities: int, batches: int) -> int:
    """How many processes validate: as asked, else one per core from POOL_MIN entities on."""
    if asked is not None:
        return max(1, min(asked, batches))
    if entities < POOL_MIN or batches < 2:
        return 1
    return max(
        1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, batches)
    )


def validated(source: Source, slices: list[Slice], workers: int) -> Iterator[Outcome]:
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
            pending: deque[Future[Outcome]] = deque()
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


def _init_worker(source: Source, parent: int) -> None:
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


def _run_batch(piece: Slice) -> Outcome:
    assert _worker_state is not None, "a task ran outside a worker of the pool"
    source, reader, blocks = _worker_state
    return _run(source, reader, piece, blocks)


def _run(source: Source, reader: StagingReader, piece: Slice, blocks: NodeBlocks) -> Outcome:
    """One batch cut, validated and its results tied back to the records (in a worker, or in the
    parent when there is none)."""
    batch = _Batch(reader, *piece, known=blocks.known if source.engine is ShaclEngineName.NATIVE else _unknown)
    records = _validate_task(batch.task(), source.schema, source.engine, blocks)
    findings = _findings(batch, records, source)
    links = _settles(batch, source, piece)
    gc.collect(1)  # the batch's own garbage; what outlives two batches (the memos) is not looked at again
    return Outcome(findings, links)


def _unknown(_: str) -> bool:
    return False  # pySHACL's graph is made of whole records: each batch reads all of its context


def _settles(batch: _Batch, source: Source, piece: Slice) -> list[tuple[int, str, str]]:
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


def _validate_task(task: Task, schema: GraphSchema, engine: ShaclEngineName, blocks: NodeBlocks) -> list[ResultRecord]:
    members, context, records, edges = task
    if engine is ShaclEngineName.NATIVE:
        index, subjects = blocks.index(members, edges, context=context, records=records)
        report = validate_triples(index, focus_nodes=subjects)
    else:
        graph, _ = records_to_graph([*members, *(records[i] for i in context)], edges, schema)
        report = validate(graph, focus_nodes=[entity_iri(n.id) for n in members], inplace=True, engine=engine)
    return list(report.results)


def _findings(batch: _Batch, records: list[ResultRecord], source: Source) -> list[tuple[int, Finding]]:
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
