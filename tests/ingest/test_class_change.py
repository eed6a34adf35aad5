"""An entity whose class changes between two runs is moved in place, on both engines: the same node
(its id, its relationships) with exactly the new class's labels, and a re-run changes nothing.

The writer MERGEs a node with its class labels in the pattern, which would not find a node stored
as another class; such rows are re-classed by id instead (jxkg/ingest/writer.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ingest.write.counts import LoadReport
from jxkg.ingest.write.derive import HOST_LOCATION
from jxkg.ingest.write.writer import GraphWriter
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.store import GraphStore

# id -> (class in the first run, class in the second run)
CLASSES = {
    "org:甲": ("Enterprise", "University"),  # a sibling in the same hierarchy (Organization)
    "org:乙": ("Enterprise", "Person"),  # an unrelated class
    "person:丙": ("Person", "Academician"),  # down to a subclass, properties unchanged
    "person:丁": ("Academician", "Person"),  # up to the superclass: loses a label, gains none
    "lab:戊": ("NationalKeyLaboratory", "NationalKeyLaboratory"),
    "360100": ("PrefectureCity", "PrefectureCity"),
}
MOVED = {key for key, (before, after) in CLASSES.items() if before != after}
# 乙, an organization hosted by 甲, is where 甲 is (derived) until it becomes a person
LINKS = [
    ("org:甲", "LOCATED_IN", "360100"),
    ("lab:戊", "HOSTED_BY", "org:甲"),
    ("org:乙", "HOSTED_BY", "org:甲"),
    ("person:丙", "AFFILIATED_WITH", "org:乙"),
    ("person:丁", "AFFILIATED_WITH", "org:甲"),
]


@pytest.fixture(scope="module")
def schema() -> GraphSchema:
    return load_schema()


def _records(run: int) -> tuple[list[NodeRecord], list[EdgeRecord]]:
    nodes = [
        # 甲 is renamed as well in the second run; the others keep their properties
        NodeRecord(classes[run], key, {"nameZh": f"{key}{'（新）' if run and key == 'org:甲' else ''}"}, "x.csv", 1)
        for key, classes in CLASSES.items()
    ]
    edges = [EdgeRecord(rel, start, end, {"provenanceKind": "curated"}, "links.csv", 1) for start, rel, end in LINKS]
    return nodes, edges


def _write(store: GraphStore, schema: GraphSchema, run: int) -> LoadReport:
    nodes, edges = _records(run)
    return GraphWriter(store, schema).write(nodes, edges)


def _labels(store: GraphStore) -> dict[str, set[str]]:
    return {r["id"]: set(r["labels"]) for r in store.read("MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels")}


def _links(store: GraphStore) -> set[tuple[str, str, str, Any]]:
    rows = store.read("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, b.id AS b, r.derivedBy AS rule")
    return {(r["a"], r["t"], r["b"], r["rule"]) for r in rows}


def _changes(report: LoadReport) -> dict[str, tuple[int, int, int]]:
    """(created, updated, unchanged) of every node class and relationship type the report counts."""
    counted = {**report.nodes, **{f"[:{k}]": v for k, v in report.edges.items()}}
    return {name: (c.created, c.updated, c.unchanged) for name, c in counted.items() if c.read}


def test_a_class_change_moves_the_node_in_place(store: GraphStore, schema: GraphSchema) -> None:
    first = _write(store, schema, 0)
    assert first.derived.created == 2  # 戊 and 乙 are where their host 甲 is
    assert _labels(store) == {key: set(schema.labels_for(before)) for key, (before, _) in CLASSES.items()}
    links = _links(store)

    second = _write(store, schema, 1)

    assert _labels(store) == {key: set(schema.labels_for(after)) for key, (_, after) in CLASSES.items()}
    assert _changes(second) == {
        "University": (0, 1, 0),
        "Person": (0, 2, 0),  # 乙 and 丁, each with its own stale labels
        "Academician": (0, 1, 0),  # moved though its properties are the same
        "NationalKeyLaboratory": (0, 0, 1),
        "PrefectureCity": (0, 0, 1),
        **{f"[:{rel}]": (0, 0, n) for rel, n in (("LOCATED_IN", 1), ("HOSTED_BY", 2), ("AFFILIATED_WITH", 2))},
    }
    # the same nodes and relationships; only 乙's derived place went, as it is no longer an organization
    assert _links(store) == links - {("org:乙", "LOCATED_IN", "360100", HOST_LOCATION)}
    assert (second.derived.created, second.derived.deleted) == (0, 1)
    stamped = store.read("MATCH (n:Entity) WHERE n.ingestRun = $run RETURN n.id AS id", {"run": second.run_id})
    assert {r["id"] for r in stamped} == MOVED, "a moved node is stamped with the run that moved it"
    (renamed,) = store.read("MATCH (n:Entity {id: 'org:甲'}) RETURN n.nameZh AS name, n.sourceRow AS row")
    assert renamed == {"name": "org:甲（新）", "row": 1}

    third = _write(store, schema, 1)
    assert all(created == updated == 0 for created, updated, _ in _changes(third).values()), _changes(third)
    assert (third.derived.created, third.derived.deleted) == (0, 0)
    assert _labels(store) == {key: set(schema.labels_for(after)) for key, (_, after) in CLASSES.items()}


def test_moving_back_restores_the_first_graph(store: GraphStore, schema: GraphSchema) -> None:
    _write(store, schema, 0)
    before = (_labels(store), _links(store))
    _write(store, schema, 1)
    again = _write(store, schema, 0)
    assert (_labels(store), _links(store)) == before
    assert sum(c.updated for c in again.nodes.values()) == len(MOVED)
