"""The counts ingest keeps on entities (`jxkg.ingest.write.kept`): equal to a recount after a load,
a re-run, another source's load, a class change and a deletion, on both engines; a graph without them
is found by the audit and mended by the next run; both ways of counting agree."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, LiteralString, cast

import pytest

from jxkg.export.audit import KeptCountsAudit, render_kept_counts_text
from jxkg.ingest.pipeline import load_curated, run_ingest
from jxkg.ingest.read.curated import default_curated_dir, read_curated
from jxkg.ingest.records import EdgeRecord, NodeRecord
from jxkg.ingest.write.kept import audit_counts, counted_everywhere, recounted
from jxkg.ingest.write.writer import GraphWriter
from jxkg.ontology.conventions import DEGREE, NEIGHBOUR_COUNTS, decode_neighbour_counts
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.queries import load_catalog, run_named
from jxkg.store import GraphStore

SMALL = Path(__file__).parent / "fixtures" / "small"


@pytest.fixture(scope="module")
def schema() -> GraphSchema:
    return load_schema()


def _kept(store: GraphStore, entity_id: str) -> tuple[int, list[tuple[str, str, str, int]]]:
    (row,) = store.read(
        f"MATCH (n:Entity {{id: $id}}) RETURN n.{DEGREE} AS degree, n.{NEIGHBOUR_COUNTS} AS counts",
        {"id": entity_id},
    )
    return int(row["degree"]), decode_neighbour_counts(row["counts"])


def _live_degree(store: GraphStore, entity_id: str) -> int:
    (row,) = store.read(
        "MATCH (n:Entity {id: $id})-[r]-() WHERE NOT type(r) IN ['MENTIONED_IN', 'DERIVED_FROM'] RETURN count(r) AS c",
        {"id": entity_id},
    )
    return int(row["c"])


def _agree(store: GraphStore, schema: GraphSchema) -> None:
    audit = audit_counts(store, schema)
    assert (audit.differing, audit.late) == (0, 0), audit.first[:3]


def test_the_curated_load_keeps_counts_equal_to_a_recount(store: GraphStore, schema: GraphSchema) -> None:
    report = load_curated(store, default_curated_dir())
    assert report.recounted > 0
    _agree(store, schema)
    degree, counts = _kept(store, "360700")  # 赣州市, a city with many neighbours
    assert degree == _live_degree(store, "360700") > 5
    assert sum(c for rel, _, _, c in counts if rel not in ("MENTIONED_IN", "DERIVED_FROM")) == degree
    assert counts == sorted(counts, key=lambda row: (-row[3], row[0], row[1], row[2]))

    # parallel relationships count one by one: one metropolitan area plays three roles for the province
    # (FalkorDB counted them once where a pattern did not read the relationship)
    (parallel,) = store.read(
        "MATCH (:MetropolitanArea)-[r:PLAYS_ROLE_FOR]->(:Entity {id: '360000'}) RETURN count(r.id) AS c"
    )
    _, province = _kept(store, "360000")
    assert ("PLAYS_ROLE_FOR", "in", "MetropolitanArea", parallel["c"]) in province and parallel["c"] > 1

    again = load_curated(store, default_curated_dir())
    assert again.recounted == 0, "a re-run that changes nothing recounts nothing"
    _agree(store, schema)


def test_both_ways_of_counting_agree(curated_copy: GraphStore, schema: GraphSchema) -> None:
    everywhere = counted_everywhere(curated_copy, schema).counts
    ids = sorted(everywhere)
    assert recounted(curated_copy, schema, ids) == everywhere


def test_a_new_link_a_class_change_and_the_ranking_follow(curated_copy: GraphStore, schema: GraphSchema) -> None:
    before, _ = _kept(curated_copy, "360100")  # 南昌市
    writer = GraphWriter(curated_copy, schema)
    nodes = [NodeRecord("Enterprise", "org:测试企业", {"nameZh": "测试企业"}, "x.csv", 1)]
    edges = [EdgeRecord("LOCATED_IN", "org:测试企业", "360100", {"provenanceKind": "curated"}, "x.csv", 1)]
    writer.write(nodes, edges)
    after, counts = _kept(curated_copy, "360100")
    assert after == before + 1
    assert ("LOCATED_IN", "in", "Enterprise") in {(r, d, k) for r, d, k, _ in counts}
    _agree(curated_copy, schema)

    # the enterprise becomes a university: 南昌市 counts one more University neighbour, one less Enterprise
    writer.write([NodeRecord("University", "org:测试企业", {"nameZh": "测试企业"}, "x.csv", 1)], [])
    _, counts = _kept(curated_copy, "360100")
    assert ("LOCATED_IN", "in", "University") in {(r, d, k) for r, d, k, _ in counts}
    _agree(curated_copy, schema)

    ranked = run_named(curated_copy, _question("best-connected-organisations"), {"limit": 3}).rows
    assert [row["degree"] for row in ranked] == sorted(
        (_live_degree(curated_copy, row["organisationId"]) for row in ranked), reverse=True
    )
    for row in ranked:
        by_type = {t["type"]: t["count"] for t in row["byType"]}
        assert sum(by_type.values()) == row["degree"] == _live_degree(curated_copy, row["organisationId"])


def test_a_deletion_recounts_the_neighbours_left(store: GraphStore, schema: GraphSchema, tmp_path: Path) -> None:
    folder = tmp_path / "truth"
    shutil.copytree(SMALL, folder)
    run_ingest(read_curated(folder, schema), store, schema, tmp_path)
    cities = folder / "nodes" / "ScienceCity.csv"
    lines = cities.read_text(encoding="utf-8").splitlines()
    cities.write_text("\n".join(line for line in lines if "南昌航空" not in line) + "\n", encoding="utf-8")
    before, _ = _kept(store, "360100")
    outcome = run_ingest(read_curated(folder, schema), store, schema, tmp_path, delete_missing=True)
    assert outcome.load.nodes["ScienceCity"].deleted == 1
    after, _ = _kept(store, "360100")
    assert after == before - 1 == _live_degree(store, "360100")
    _agree(store, schema)


def test_a_graph_without_counts_is_found_and_mended_by_the_next_run(
    curated_copy: GraphStore, schema: GraphSchema
) -> None:
    curated_copy.write(f"MATCH (n:Entity) WHERE n.id IN ['360100', '360700'] REMOVE n.{DEGREE}, n.{NEIGHBOUR_COUNTS}")
    curated_copy.write("MATCH (a:Entity {id: '360100'}), (b:Entity {id: '360700'}) CREATE (a)-[:COOPERATES_WITH]->(b)")
    audit = audit_counts(curated_copy, schema)
    assert audit.differing == 2
    assert {m.id for m in audit.first} == {"360100", "360700"}
    assert all(m.kept is None for m in audit.first)

    load_curated(curated_copy, default_curated_dir())  # changes nothing of the data, mends the counts
    _agree(curated_copy, schema)


def _question(name: str):  # type: ignore[no-untyped-def]
    return next(q for q in load_catalog() if q.name == name)


class _WritesDuringTheCount:
    """`store`, with an ingest at work in another process: right after the count has read the
    entities, a new entity and a relationship to 360100 are written."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.written = False

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    def read(self, query: LiteralString, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        rows = self._store.read(query, params)
        if "AS nid" in query and not self.written:
            self._store.write(
                "MATCH (c:Entity {id: '360100'}) CREATE (:Entity:Organization:Enterprise "
                "{id: 'late-enterprise', name: '迟到企业'})-[:LOCATED_IN]->(c)"
            )
            self.written = True
        return rows


def test_an_audit_while_an_ingest_writes_says_so_and_does_not_fail(
    store: GraphStore, schema: GraphSchema, tmp_path: Path
) -> None:
    run_ingest(read_curated(SMALL, schema), store, schema, tmp_path)  # small: holds 360100, quick on Neo4j
    writing = _WritesDuringTheCount(store)
    audit = audit_counts(cast(GraphStore, writing), schema)
    assert writing.written
    assert audit.late == 1  # the relationship to the entity written after the entities were read
    assert audit.differing == 0  # left out of the count, as the kept counts (not yet recounted) leave it out
    lines = render_kept_counts_text(
        KeptCountsAudit(differing=audit.differing, shown=audit.first, repaired=0, late=audit.late)
    )
    assert any("changed while it was counted" in line for line in lines)
    after = audit_counts(store, schema)  # the entity is there now: counted, not late
    assert after.late == 0
    assert {m.id for m in after.first} == {"360100", "late-enterprise"}  # no writer recounted them


# curated-facts before the kinds were kept: the engine reads every node and relationship of the graph
_FACTS_LIVE = """
OPTIONAL MATCH (n:Entity) WHERE n.provenanceKind = $pk
WITH collect(CASE WHEN n IS NULL THEN NULL ELSE ['node', n.id, null, null] END) AS nodes
OPTIONAL MATCH (a:Entity)-[r]->(b:Entity) WHERE r.provenanceKind = $pk
RETURN nodes, collect(CASE WHEN r IS NULL THEN NULL ELSE ['relationship', type(r), a.id, b.id] END) AS links
"""


def _facts_live(store: GraphStore, kind: str) -> set[tuple[str, ...]]:
    (row,) = store.read(_FACTS_LIVE, {"pk": kind})
    return {tuple(fact) for fact in row["nodes"] + row["links"]}


def _facts_answered(store: GraphStore, kind: str, which: str | None = None) -> set[tuple[str, ...]]:
    rows = run_named(store, _question("curated-facts"), {"provenanceKind": kind, "kind": which}).rows
    return {
        ("node", row["id"], None, None)
        if row["kind"] == "node"
        else ("relationship", row["type"], row["startId"], row["endId"])
        for row in rows
    }


def test_the_facts_of_a_kind_are_found_through_the_kinds_kept_on_entities(
    curated_copy: GraphStore, schema: GraphSchema
) -> None:
    for kind in ("curated", "documented", "reference"):
        live = _facts_live(curated_copy, kind)
        assert _facts_answered(curated_copy, kind) == live
        assert _facts_answered(curated_copy, kind, "node") == {f for f in live if f[0] == "node"}
        assert _facts_answered(curated_copy, kind, "relationship") == {f for f in live if f[0] == "relationship"}
    assert _facts_live(curated_copy, "curated")

    # a relationship written again with another provenance kind moves from one listing to the other
    # (one that is not documented keeps its id: start, type and end)
    writer = GraphWriter(curated_copy, schema)
    link = ("relationship", "COOPERATES_WITH", "360100", "360700")
    curated = {"provenanceKind": "curated", "note": "test"}
    writer.write([], [EdgeRecord("COOPERATES_WITH", "360100", "360700", curated, "x.csv", 1)])
    assert link in _facts_answered(curated_copy, "curated")
    reference = {"provenanceKind": "reference", "source": "GB/T 2260"}
    writer.write([], [EdgeRecord("COOPERATES_WITH", "360100", "360700", reference, "x.csv", 1)])
    assert link in _facts_answered(curated_copy, "reference") == _facts_live(curated_copy, "reference")
    assert link not in _facts_answered(curated_copy, "curated")
    assert _facts_answered(curated_copy, "curated") == _facts_live(curated_copy, "curated")
    _agree(curated_copy, schema)
