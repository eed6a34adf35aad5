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

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ingest.to_rdf import records_to_graph
from jxkg.ontology.rdf import entity_id
from jxkg.ontology.schema import JX, GraphSchema, relationship_type_name
from jxkg.shapes.validate import ResultRecord, Severity, validate

DEFAULT_BATCH = 2000

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
) -> GateResult:
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

    bad_nodes: dict[str, list[Finding]] = {}
    bad_edges: dict[int, list[Finding]] = {}
    result = GateResult()
    for start in range(0, len(all_nodes), batch_size):
        batch = all_nodes[start : start + batch_size]
        _check_batch(batch, False, by_id, touching, known_outside, schema, bad_nodes, bad_edges, result)
    # entities already in the graph that new links touch: only what the shapes say of those links
    # counts (the rest is about data loaded before; `jxkg audit` is for that)
    linked = [NodeRecord(known_outside[i][0], i, known_outside[i][1], "(graph)") for i in sorted(known_outside)]
    for start in range(0, len(linked), batch_size):
        batch = linked[start : start + batch_size]
        _check_batch(batch, True, by_id, touching, known_outside, schema, bad_nodes, bad_edges, result)
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


def _check_batch(
    batch: list[NodeRecord],
    links_only: bool,
    by_id: Mapping[str, NodeRecord],
    touching: Mapping[str, list[EdgeRecord]],
    known_outside: Mapping[str, tuple[str, dict[str, Any]]],
    schema: GraphSchema,
    bad_nodes: dict[str, list[Finding]],
    bad_edges: dict[int, list[Finding]],
    result: GateResult,
) -> None:
    members = {n.id for n in batch}
    edges = {id(e): e for n in batch for e in touching.get(n.id, [])}
    neighbours = {end for e in edges.values() for end in (e.start, e.end)} - members
    lookup = {n.id: n for n in batch}
    context = [by_id[i] for i in sorted(neighbours) if i in by_id]
    context += [
        NodeRecord(cls, i, props, "(graph)")
        for i in sorted(neighbours)
        if i not in by_id and i in known_outside
        for cls, props in [known_outside[i]]
    ]
    graph, _ = records_to_graph([*batch, *context], edges.values(), schema)
    report = validate(graph)
    edge_index = {(e.start, e.rel_type, e.end): e for e in edges.values()}
    for record in report.results:
        focus = entity_id_of(record.focus)
        if focus is None or focus not in members:
            continue  # a neighbour, present only as context
        node = lookup[focus]
        link = _link_of(record, focus, schema, edge_index)
        if link is not None:
            finding = _edge_finding_from(link, record, schema)
            if record.severity is Severity.VIOLATION:
                findings = bad_edges.setdefault(id(link), [])
                if finding not in findings:  # both ends of a link may report it
                    findings.append(finding)
            else:
                result.note(finding)
            continue
        if links_only:
            continue
        finding = _node_finding(node, record, schema)
        if record.severity is Severity.VIOLATION:
            bad_nodes.setdefault(node.id, []).append(finding)
        else:
            result.note(finding)


def entity_id_of(iri: str) -> str | None:
    from rdflib import URIRef

    return entity_id(URIRef(iri))


def _link_of(
    record: ResultRecord, focus: str, schema: GraphSchema, edge_index: Mapping[tuple[str, str, str], EdgeRecord]
) -> EdgeRecord | None:
    if record.path is None or record.value is None:
        return None
    inverse = record.path.startswith("^")
    name = record.path.lstrip("^").removeprefix(str(JX))
    other = entity_id_of(record.value)
    if other is None:
        return None
    try:
        rel_type = schema.relationship(name).type
    except KeyError:
        return None
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


def _node_finding(node: NodeRecord, record: ResultRecord, schema: GraphSchema) -> Finding:
    field_name = _field(record.path)
    if field_name is not None and not field_name.startswith("^") and _is_relationship(field_name, schema):
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


def _is_relationship(name: str, schema: GraphSchema) -> bool:
    try:
        schema.relationship(name)
    except KeyError:
        return False
    return True


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
