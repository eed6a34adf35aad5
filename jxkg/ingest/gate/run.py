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

How the work is shared out. The records are in a staging store on disk (`jxkg/ingest/staging.py`,
once per id); a batch is a slice of its entities by position (`Slice`), and whoever validates it
reads the batch's records, the links touching them and their neighbours from the store
(`jxkg/ingest/gate/batches.py`: what a worker does). The workers are forked, open their own
connection to the store, cut their batches themselves and send back only the findings, tied to the
links by position (`Outcome`). A record is the member of one batch and the context of its
neighbours' batches (about five times each on the synthetic province): as context it brings only
what the shapes read of a neighbour (`neighbour_predicates`: mostly its type), made once per process
(`NodeBlocks`, by entity id, its record read only that first time) and added to every batch's index
with a few dict operations. Batches come back in order, one outcome each (`batches.validated`): an
entity's fate is settled by its own batch, a link's by the batches of its two ends, so after each
batch the parent knows which records passed for good (`Settled`), and the pipeline writes them
while the workers validate the next batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jxkg.ingest.findings import Finding
from jxkg.ingest.gate.batches import Slice, Source, validated, workers_for
from jxkg.ingest.gate.spill import SpillList
from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ingest.staging import Staging, StagingReader
from jxkg.ontology.schema import GraphSchema
from jxkg.settings import ShaclEngineName, load_settings
from jxkg.shapes.validate import Severity, neighbour_predicates

DEFAULT_BATCH = 2000

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
    processes (default: one per core from `batches.POOL_MIN` entities on, a single process below)
    validate the batches in parallel. `engine` defaults to the `JXKG_SHACL_ENGINE` setting (native:
    no rdflib Graph is built). `settled` is called (in this thread) after each batch with what that
    batch settled, while the workers go on with the next ones: a writer fed from it writes while the
    gate validates."""
    engine = engine if engine is not None else load_settings().shacl_engine
    batch_size = batch_size or DEFAULT_BATCH
    outside = staging.link_ends_outside()
    # entities already in the graph that new links touch: only what the shapes say of those links
    # counts (the rest is about data loaded before; `jxkg audit` is for that)
    staging.add_graph_entities(dict(existing(outside)) if outside else {})
    staging.seal()
    rels = {r.name: r for r in schema.relationships} | {r.type: r for r in schema.relationships}
    reads = neighbour_predicates() if engine is ShaclEngineName.NATIVE else None
    source = Source(staging.path, schema, engine, rels, batch_size, staging.position, staging.graph_position, reads)
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
        for index, outcome in enumerate(validated(source, slices, workers_for(workers, count, len(slices)))):
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


class _Ledger:
    """The parent's bookkeeping: the Violations found so far, by record, and what each batch settles.

    A link's batch is the later of its two ends' batches (`Source.batch_of`); a link with an end
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

    def settle(self, piece: Slice, newly_bad: set[str], links: list[tuple[int, str, str]]) -> Settled:
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
