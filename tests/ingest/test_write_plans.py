"""Every statement the writer sends finds its nodes through the unique index on Entity.id, on both
engines, so its cost per row does not grow with the graph; and a node upsert carries its class
labels in the MERGE pattern instead of setting them afterwards, which made FalkorDB's cost per row
grow with the graph (docs/benchmarks.md, "Ingest: node upserts with the labels in the MERGE pattern").

The statements are recorded from a real write (new nodes, unchanged ones, re-classed ones, links)
and each is planned by the engine itself: `GRAPH.EXPLAIN` on FalkorDB, `EXPLAIN` on Neo4j.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, LiteralString

import pytest

import jxkg.ingest.write.writer as writer_module
from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ingest.write.derive import Derived
from jxkg.ingest.write.writer import LOOKUP_QUERY, GraphWriter
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.store import GraphStore, IndexSpec, QueryResult
from jxkg.store.falkordb_engine import FalkorDBStore
from jxkg.store.neo4j_engine import Neo4jStore

# how each engine names a seek of one node by an indexed value, and the scans that must not appear
SEEKS = {"falkordb": ("Node By Index Scan",), "neo4j": ("NodeUniqueIndexSeek", "NodeIndexSeek")}
SCANS = {
    "falkordb": ("All Node Scan", "Label Scan"),
    "neo4j": ("AllNodesScan", "LabelScan", "LabelsScan", "NodeIndexScan"),
}
# a node looked up by its id in a statement: `(n:Entity {id: row.id})`, `(a:Entity {id: row.start})`
_NODE_BY_ID = re.compile(r"\(\w+:[\w:]+ \{id: row\.")


@dataclass(frozen=True)
class Step:
    """One operator of a plan: its name and what it works on (the engine's own text)."""

    operator: str
    details: str


@dataclass(frozen=True)
class Statement:
    query: str
    params: dict[str, Any]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return list(self.params.get("rows", []))


def _explain(store: GraphStore, statement: Statement) -> list[Step]:
    if isinstance(store, FalkorDBStore):
        plan = store._graph.explain(statement.query, statement.params)
        return [_falkordb_step(line) for line in plan.plan]
    assert isinstance(store, Neo4jStore)
    with store._driver.session() as session:
        summary = session.run(f"EXPLAIN {statement.query}", statement.params).consume()
    assert summary.plan is not None
    return list(_neo4j_steps(summary.plan))


def _falkordb_step(line: str) -> Step:
    operator, _, details = line.strip().partition(" | ")  # "Node By Index Scan | (n:Entity)"
    return Step(operator, details)


def _neo4j_steps(plan: Mapping[str, Any]) -> Iterator[Step]:
    yield Step(str(plan["operatorType"]).split("@", 1)[0], str(plan.get("args", {}).get("Details", "")))
    for child in plan.get("children", []):
        yield from _neo4j_steps(child)


class Recorder:
    """Keeps each statement the writer sends to the store (with all its rows), then runs it; not the
    engine's catalog reads while the schema is ensured."""

    def __init__(self, store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.statements: list[Statement] = []
        self._ensuring = False
        read, write_batches, ensure_schema = store.read, store.write_batches, store.ensure_schema

        def recorded_read(query: LiteralString, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
            if not self._ensuring:
                self.statements.append(Statement(query, dict(params or {})))
            return read(query, params)

        def recorded_write(
            query: LiteralString, rows: Iterable[Mapping[str, Any]], **kw: Any
        ) -> Iterator[QueryResult]:  # `write_batch` goes through it too
            batch = [dict(r) for r in rows]
            self.statements.append(Statement(query, {"rows": batch}))
            return write_batches(query, batch, **kw)

        def unrecorded_ensure(specs: Iterable[IndexSpec]) -> list[IndexSpec]:
            self._ensuring = True
            try:
                return ensure_schema(specs)
            finally:
                self._ensuring = False

        monkeypatch.setattr(store, "read", recorded_read)
        monkeypatch.setattr(store, "write_batches", recorded_write)
        monkeypatch.setattr(store, "ensure_schema", unrecorded_ensure)


# id -> class, first run and second run: new nodes, unchanged ones, and re-classed ones that gain a
# label, lose one, or both
FIRST = {
    "org:甲": "Enterprise",
    "org:乙": "Enterprise",
    "person:丙": "Person",
    "person:己": "Academician",
    "360100": "PrefectureCity",
}
SECOND = FIRST | {
    "org:乙": "University",
    "person:丙": "Academician",
    "person:己": "Person",
    "org:丁": "Enterprise",
    "person:戊": "Person",
}
LINKS = [
    ("org:甲", "LOCATED_IN", "360100"),
    ("person:丙", "AFFILIATED_WITH", "org:乙"),
    ("org:丁", "HOSTED_BY", "org:甲"),
]


def _write(store: GraphStore, schema: GraphSchema, classes: Mapping[str, str]) -> None:
    nodes = [NodeRecord(cls, key, {"nameZh": key}, "x.csv", 1) for key, cls in classes.items()]
    edges = [EdgeRecord(rel, a, b, {}, "links.csv", 1) for a, rel, b in LINKS if a in classes and b in classes]
    GraphWriter(store, schema).write(nodes, edges)


@pytest.fixture
def statements(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> list[Statement]:
    """The writer's own statements in a second run (derived rules are derive's business, kept counts kept's
    and support's)."""
    schema = load_schema()
    _write(store, schema, FIRST)
    monkeypatch.setattr(writer_module, "derive", lambda *_: Derived(created=0, deleted=0))
    # and the counts kept on entities are kept's (tests/ingest/test_kept_counts.py): one of its reads
    # looks for the entities keeping none, a scan by design
    monkeypatch.setattr(writer_module, "recount", lambda *_: 0)
    monkeypatch.setattr(writer_module, "uncounted", lambda *_: set())
    monkeypatch.setattr(writer_module, "neighbours", lambda *_: set())
    # what each document supports is support's (tests/ingest/test_support_counts.py): a pass over the
    # whole graph by design, once per run
    monkeypatch.setattr(writer_module, "keep_support", lambda *_: 0)
    monkeypatch.setattr(writer_module, "unkept_support", lambda *_: False)
    recorder = Recorder(store, monkeypatch)
    _write(store, schema, SECOND)
    return recorder.statements


def test_every_statement_seeks_its_nodes_by_the_id_index(store: GraphStore, statements: list[Statement]) -> None:
    kinds = {_kind(s) for s in statements}
    assert kinds == {"lookup", "upsert", "reclass", "reclass+remove", "relationship"}, "the run covers every kind"
    for statement in statements:
        plan = _explain(store, statement)
        names = [step.operator for step in plan]
        scans = [name for name in names if any(scan in name for scan in SCANS[store.engine])]
        assert not scans, f"{statement.query}\nplans a scan: {plan}"
        seeks = [name for name in names if name.startswith(SEEKS[store.engine])]
        wanted = 1 if statement.query == LOOKUP_QUERY else len(_NODE_BY_ID.findall(statement.query))
        assert len(seeks) == wanted, f"{statement.query}\nwants {wanted} index seeks: {plan}"


def test_a_node_upsert_merges_with_its_class_labels(store: GraphStore, statements: list[Statement]) -> None:
    schema = load_schema()
    upserts = [s for s in statements if _kind(s) == "upsert"]
    assert {SECOND[row["id"]] for s in upserts for row in s.rows} == {"Enterprise", "Person", "PrefectureCity"}
    for statement in upserts:
        (class_name,) = {SECOND[row["id"]] for row in statement.rows}
        labels = schema.labels_for(class_name)
        plan = _explain(store, statement)
        if store.engine == "falkordb":
            # the MERGE checks the labels besides Entity on the node it found by the index
            checked = f"(n:{':'.join(labels[1:])})"
            assert any(checked in step.details for step in plan), f"{statement.query}\nno {checked}: {plan}"
        else:
            merges = [step.details for step in plan if step.operator == "Merge"]
            assert merges and f"(n:{':'.join(labels)} {{" in merges[0], f"{statement.query}\n{plan}"
            assert "SetLabels" not in [step.operator for step in plan], f"{statement.query}\nsets labels: {plan}"


def _kind(statement: Statement) -> str:
    if statement.query == LOOKUP_QUERY:
        return "lookup"
    if statement.rows and "start" in statement.rows[0]:
        return "relationship"
    if "MERGE" in statement.query:
        return "upsert"
    return "reclass+remove" if "REMOVE" in statement.query else "reclass"
