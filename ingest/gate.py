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
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ingest.to_rdf import records_to_graph, records_to_index
from jxkg.ontology.rdf import entity_id, entity_iri
from jxkg.ontology.schema import JX, GraphSchema, RelationshipType, relationship_type_name
from jxkg.settings import ShaclEngineName, load_settings
from jxkg.shapes.validate import ResultRecord, Severity, prepare, validate, validate_triples

DEFAULT_BATCH = 2000
POOL_MIN = 5000  # below this many entities, a pool of processes costs more than it saves

# id -> (class, properties) of entities already in the graph, for the ids asked
ContextLookup = Callable[[set[str]], Mapping[str, tuple[str, dict[str, Any]]]]


@dataclass(frozen=True)
class Finding:
    """A validation result tied back to the record it is about."""

    file: str
    row: int | None
    kind: str  # "node" or "edge"
    record_id: str
    field: str | None
    value: str | None
    rule: str
    severity: str
    message_en: str
    message_zh: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "kind": self.kind,
            "id": self.record_id,
            "field": self.field,
            "value": self.value,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message_en,
            "messageZh": self.message_zh,
        }


@dataclass
class GateResult:
    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)
    quarantined: list[Finding] = field(default_factory=list)  # Violations: these records were not written
    notes: list[Finding] = field(default_factory=list)  # Warnings and Infos on records that were written

    def note(self, finding: Finding) -> None:
        """Keep a Warning or Info once, though both ends of a link may report it."""
        if finding not in self._noted:
            self._noted.add(finding)
            self.notes.append(finding)

    _noted: set[Finding] = field(default_factory=set, repr=False)


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
    """Validate the records in batches; `workers` processes (default: one per core from
    POOL_MIN entities on, a single process below) validate the batches in parallel. `engine`
    defaults to the `JXKG_SHACL_ENGINE` setting (native: no rdflib Graph is built)."""
    engine = engine if engine is not None else load_settings().shacl_engine
    all_nodes = list(nodes)
    all_edges = list(edges)
    by_id = {n.id: n for n in all_nodes}
    touching: dict[str, list[EdgeRecord]] = defaultdict(list)
    for edge in all_edges:
        touching[edge.start].append(edge)
        if edge.end != edge.start:
            touching[edge.end].append(edge)
    outside = {end for e in all_edges for end in (e.start, e.end) if end not in by_id}
    known_outside = dict(existing(outside)) if outside else {}

    # entities already in the graph that new links touch: only what the shapes say of those links
    # counts (the rest is about data loaded before; `jxkg audit` is for that)
    linked = [NodeRecord(known_outside[i][0], i, known_outside[i][1], "(graph)") for i in sorted(known_outside)]
    batches = [
        _Batch(part[start : start + batch_size], links_only, by_id, touching, known_outside)
        for part, links_only in ((all_nodes, False), (linked, True))
        for start in range(0, len(part), batch_size)
    ]
    bad_nodes: dict[str, list[Finding]] = {}
    bad_edges: dict[int, list[Finding]] = {}
    result = GateResult()
    count = len(all_nodes) + len(linked)
    for batch, records in zip(
        batches, _validated(batches, schema, engine, _workers(workers, count, len(batches))), strict=True
    ):
        _collect(batch, records, schema, bad_nodes, bad_edges, result)
    # edges with no entity of this ingest at either end are checked here: only their ends' existence
    for edge in all_edges:
        for name, end in (("start", edge.start), ("end", edge.end)):
            if end not in by_id and end not in known_outside:
                bad_edges.setdefault(id(edge), []).append(
                    _edge_finding(edge, name, end, "dangling-link", "no entity has this id", "没有此标识符的实体")
                )
    for node in all_nodes:
        if node.id in bad_nodes:
            result.quarantined.extend(bad_nodes[node.id])
        else:
            result.nodes.append(node)
    for edge in all_edges:
        if id(edge) in bad_edges:
            result.quarantined.extend(bad_edges[id(edge)])
        elif edge.start in bad_nodes or edge.end in bad_nodes:
            end = edge.start if edge.start in bad_nodes else edge.end
            result.quarantined.append(
                _edge_finding(
                    edge,
                    "start" if end == edge.start else "end",
                    end,
                    "quarantined-end",
                    "links to an entity that was quarantined",
                    "指向已隔离的实体",
                )
            )
        else:
            result.edges.append(edge)
    return result


class _Batch:
    """The entities of one batch, with what validating them needs: every link touching them and
    the entities at the other end of those links (context, not validated themselves)."""

    def __init__(
        self,
        members: list[NodeRecord],
        links_only: bool,
        by_id: Mapping[str, NodeRecord],
        touching: Mapping[str, list[EdgeRecord]],
        known_outside: Mapping[str, tuple[str, dict[str, Any]]],
    ) -> None:
        self.members = members
        self.links_only = links_only
        edges = {id(e): e for n in members for e in touching.get(n.id, [])}
        self.edges = list(edges.values())
        ids = {n.id for n in members}
        neighbours = sorted({end for e in self.edges for end in (e.start, e.end)} - ids)
        self.context = [by_id[i] for i in neighbours if i in by_id]
        self.context += [
            NodeRecord(cls, i, props, "(graph)")
            for i in neighbours
            if i not in by_id and i in known_outside
            for cls, props in [known_outside[i]]
        ]

    def task(self) -> _Task:
        return ([*self.members, *self.context], self.edges, [n.id for n in self.members])


# what validating a batch takes: the nodes (members and context), the edges, the members' ids
_Task = tuple[list[NodeRecord], list[EdgeRecord], list[str]]
# A worker's batches and how to validate them, handed over when the pool forks it (a forked process
# inherits its arguments, nothing is pickled); each task is then only a batch's number, since pickling
# a batch's records to a worker cost the parent as much as indexing them. Set once per worker process.
_worker_batches: tuple[list[_Batch], GraphSchema, ShaclEngineName] | None = None


def _workers(asked: int | None, entities: int, batches: int) -> int:
    if asked is not None:
        return max(1, min(asked, batches))
    if entities < POOL_MIN or batches < 2:
        return 1
    return max(
        1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, batches)
    )


def _validated(
    batches: list[_Batch], schema: GraphSchema, engine: ShaclEngineName, workers: int
) -> Iterator[list[ResultRecord]]:
    """Each batch's results on its own entities, in the order of `batches`."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for batch in batches:
            yield _validate_task(batch.task(), schema, engine)
        return
    prepare()  # the shapes (compiled) and the ontology, read once and shared with the forked workers
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(batches, schema, engine, os.getpid()),
    ) as pool:
        pending: deque[Future[list[ResultRecord]]] = deque()
        for number in range(len(batches)):  # a few batches ahead of the workers, not all results at once
            pending.append(pool.submit(_run_batch, number))
            if len(pending) > 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _init_worker(batches: list[_Batch], schema: GraphSchema, engine: ShaclEngineName, parent: int) -> None:
    global _worker_batches
    _die_with(parent)
    _worker_batches = (batches, schema, engine)


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


def _run_batch(number: int) -> list[ResultRecord]:
    assert _worker_batches is not None, "a task ran outside a worker of the pool"
    batches, schema, engine = _worker_batches
    return _validate_task(batches[number].task(), schema, engine)


def _validate_task(task: _Task, schema: GraphSchema, engine: ShaclEngineName) -> list[ResultRecord]:
    nodes, edges, members = task
    focus = [entity_iri(i) for i in members]
    if engine is ShaclEngineName.NATIVE:
        report = validate_triples(records_to_index(nodes, edges, schema), focus_nodes=focus)
    else:
        graph, _ = records_to_graph(nodes, edges, schema)
        report = validate(graph, focus_nodes=focus, inplace=True, engine=engine)
    return list(report.results)


def _collect(
    batch: _Batch,
    records: list[ResultRecord],
    schema: GraphSchema,
    bad_nodes: dict[str, list[Finding]],
    bad_edges: dict[int, list[Finding]],
    result: GateResult,
) -> None:
    lookup = {n.id: n for n in batch.members}
    # by property name and by type, as schema.relationship() finds them (without its suggestions)
    rels = {r.name: r for r in schema.relationships} | {r.type: r for r in schema.relationships}
    edge_index = {(e.start, e.rel_type, e.end): e for e in batch.edges}
    for record in records:
        focus = entity_id_of(record.focus)
        if focus is None or focus not in lookup:
            continue  # a neighbour, present only as context
        node = lookup[focus]
        link = _link_of(record, focus, rels, edge_index)
        if link is not None:
            finding = _edge_finding_from(link, record, schema)
            if record.severity is Severity.VIOLATION:
                findings = bad_edges.setdefault(id(link), [])
                if finding not in findings:  # both ends of a link may report it
                    findings.append(finding)
            else:
                result.note(finding)
            continue
        if batch.links_only:
            continue
        finding = _node_finding(node, record, rels)
        if record.severity is Severity.VIOLATION:
            bad_nodes.setdefault(node.id, []).append(finding)
        else:
            result.note(finding)


def entity_id_of(iri: str) -> str | None:
    from rdflib import URIRef

    return entity_id(URIRef(iri))


def _link_of(
    record: ResultRecord,
    focus: str,
    rels: Mapping[str, RelationshipType],
    edge_index: Mapping[tuple[str, str, str], EdgeRecord],
) -> EdgeRecord | None:
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


def _rule(record: ResultRecord) -> str:
    shape = record.source_shape.rsplit("#", 1)[-1]
    component = record.component.rsplit("#", 1)[-1]
    return f"{shape} ({component})"


def _node_finding(node: NodeRecord, record: ResultRecord, rels: Mapping[str, RelationshipType]) -> Finding:
    field_name = _field(record.path)
    if field_name is not None and not field_name.startswith("^") and field_name in rels:
        field_name = relationship_type_name(field_name)  # a link is named by its type, as in the files
    return Finding(
        node.source_file,
        node.row,
        "node",
        node.id,
        field_name,
        record.value,
        _rule(record),
        record.severity.value,
        record.message_en,
        record.message_zh,
    )


def _edge_finding_from(edge: EdgeRecord, record: ResultRecord, schema: GraphSchema) -> Finding:
    return Finding(
        edge.source_file,
        edge.row,
        "edge",
        f"{edge.start}-[{edge.rel_type}]->{edge.end}",
        "end",
        edge.end,
        _rule(record),
        record.severity.value,
        record.message_en,
        record.message_zh,
    )


def _edge_finding(edge: EdgeRecord, field_name: str, value: str, rule: str, en: str, zh: str) -> Finding:
    return Finding(
        edge.source_file,
        edge.row,
        "edge",
        f"{edge.start}-[{edge.rel_type}]->{edge.end}",
        field_name,
        value,
        rule,
        Severity.VIOLATION.value,
        en,
        zh,
    )
