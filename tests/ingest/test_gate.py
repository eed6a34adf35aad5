"""The SHACL gate in a real run: violating records (and only those) are quarantined, the rest loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import SH

from jxkg.ingest.findings import Finding
from jxkg.ingest.gate import batches as gate_module
from jxkg.ingest.gate.run import ContextLookup, GateResult, run_gate
from jxkg.ingest.gate.to_rdf import records_to_graph
from jxkg.ingest.pipeline import drop_duplicates, run_ingest
from jxkg.ingest.read.curated import read_curated
from jxkg.ingest.records import EdgeRecord, NodeRecord, ReadResult
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.settings import ShaclEngineName
from jxkg.shapes.validate import ResultRecord, load_shapes, validate
from jxkg.store import GraphStore
from jxkg.synthetic.province import generate

GATE = Path(__file__).parent / "fixtures" / "gate"
SMALL = Path(__file__).parent / "fixtures" / "small"
CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"


def _quarantine(path: Path | None) -> list[dict[str, object]]:
    assert path is not None
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_violations_are_quarantined_with_file_row_field_and_reason(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    outcome = run_ingest(read_curated(GATE, schema), store, schema, tmp_path)
    entries = _quarantine(outcome.quarantine_file)
    found = {(Path(str(e["file"])).name, e["row"], e["field"], e["rule"]) for e in entries}
    assert ("PrefectureCity.csv", 2, "code", "code-pattern (PatternConstraintComponent)") in found
    assert ("ScienceCity.csv", 2, "stage", "stage-in (InConstraintComponent)") in found
    assert ("Enterprise.csv", 3, "creditCode", "creditCode-pattern (PatternConstraintComponent)") in found
    assert ("Observation.csv", 2, "year", "year-plausible (MaxInclusiveConstraintComponent)") in found
    assert ("IndustryChain.csv", 2, "count", "count-nonNegative (MinInclusiveConstraintComponent)") in found
    assert ("LOCATED_IN.csv", 2, "end", "locatedIn-range (ClassConstraintComponent)") in found
    assert ("LOCATED_IN.csv", 3, "end", "quarantined-end") in found
    assert all(e["message"] and e["messageZh"] for e in entries)

    ids = {r["id"] for r in store.read("MATCH (n:Entity) WHERE NOT n:IngestRun RETURN n.id AS id")}
    # a wrong check digit is a Warning: loaded, and reported
    assert {"360700", "science-city:赣州稀金科创城", "university:南昌大学", "91360700MA35123450"} <= ids
    assert not ids & {"360800", "science-city:吉安光电科创城", "91360700MA3512345I", "industry-chain:航空"}
    assert any(n.rule.startswith("creditCode-checkDigit") for n in outcome.gate.notes)
    links = store.read("MATCH (a)-[:LOCATED_IN]->(b) RETURN a.id AS a, b.id AS b")
    assert links == [{"a": "science-city:赣州稀金科创城", "b": "360700"}]
    report = json.loads(outcome.report_files[0].read_text(encoding="utf-8"))
    assert report["nodes"]["PrefectureCity"]["rejected"] == 1
    assert report["relationships"]["LOCATED_IN"]["rejected"] == 2
    assert report["totals"]["created"] == len(ids) + 1


def test_links_to_entities_already_in_the_graph_are_checked_against_them(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    run_ingest(read_curated(SMALL, schema), store, schema, tmp_path)
    city = "science-city:赣州稀金科创城"
    links = ReadResult(
        edges=[
            EdgeRecord("LOCATED_IN", city, "360100", {"source": "t"}, "links.csv", 1),  # a city: fine
            EdgeRecord("LOCATED_IN", city, "science-city:南昌航空科创城", {"source": "t"}, "links.csv", 2),
        ]
    )
    outcome = run_ingest(links, store, schema, tmp_path)
    assert [(f.row, f.rule) for f in outcome.gate.quarantined] == [
        (2, "ScienceCity-locatedIn-class (OrConstraintComponent)")
    ]
    assert outcome.load.edges["LOCATED_IN"].created == 1


def test_a_run_with_nothing_wrong_writes_no_quarantine(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    outcome = run_ingest(read_curated(SMALL, schema), store, schema, tmp_path)
    assert outcome.quarantine_file is None
    assert outcome.rejected == 0


def test_no_shape_looks_further_than_one_hop() -> None:
    """What makes batched validation exact: each batch carries its entities' one-hop neighbours."""
    shapes = load_shapes()
    for shape, path in shapes.subject_objects(SH.path):
        if isinstance(path, rdflib.URIRef):
            continue
        inverse = shapes.value(path, SH.inversePath)
        assert isinstance(inverse, rdflib.URIRef), f"{shape}: path {path} is longer than one hop"


# --- batched validation is exact ---------------------------------------------------------------


def _findings(gate: GateResult) -> tuple[list[str], list[str], list[str], list[str]]:
    def text(findings: list[Finding]) -> list[str]:
        return sorted(json.dumps(f.as_dict(), ensure_ascii=False, sort_keys=True) for f in findings)

    written = [n.id for n in gate.nodes] + [f"{e.start}-[{e.rel_type}]->{e.end}" for e in gate.edges]
    return text(gate.quarantined), text(gate.notes), sorted(written), [f.rule for f in gate.quarantined]


def _nothing_in_the_graph(ids: set[str]) -> dict[str, tuple[str, dict[str, object]]]:
    return {}


def _whole_graph(
    read: ReadResult, monkeypatch: pytest.MonkeyPatch, existing: ContextLookup = _nothing_in_the_graph
) -> GateResult:
    """The reference: one pySHACL validate() of the whole graph, every node a focus node, nothing batched."""

    def whole(task: gate_module.Task, schema: GraphSchema, engine: object, blocks: object) -> list[ResultRecord]:
        members, context, records, edges = task
        graph, _ = records_to_graph([*members, *(records[i] for i in context)], edges, schema)
        return list(validate(graph, engine=ShaclEngineName.PYSHACL).results)

    with monkeypatch.context() as patch:
        patch.setattr(gate_module, "_validate_task", whole)
        return run_gate(read.nodes, read.edges, load_schema(), existing, batch_size=10**9, workers=1)


def _assert_batches_give_the_whole_graph_answer(
    read: ReadResult,
    monkeypatch: pytest.MonkeyPatch,
    existing: ContextLookup = _nothing_in_the_graph,
    runs: tuple[tuple[int, int], ...] = ((97, 1), (251, 2)),
) -> GateResult:
    """Batched, in one process and in two, with the native engine: pySHACL's whole-graph answer."""
    schema = load_schema()
    reference = _whole_graph(read, monkeypatch, existing)
    assert reference.quarantined or reference.notes  # something to compare
    for batch_size, workers in runs:
        batched = run_gate(
            read.nodes,
            read.edges,
            schema,
            existing,
            batch_size=batch_size,
            workers=workers,
            engine=ShaclEngineName.NATIVE,
        )
        assert _findings(batched) == _findings(reference), (batch_size, workers)
    return reference


def test_batched_validation_of_a_generated_province_equals_one_whole_graph_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path, scale=0.003, seed=3, curated=CURATED, bad_fraction=0.05)
    read = drop_duplicates(read_curated(tmp_path, load_schema()))  # as run_ingest does before the gate
    reference = _assert_batches_give_the_whole_graph_answer(read, monkeypatch)
    assert len(read.nodes) > 500
    assert reference.quarantined  # the bad rows that reach the gate


def test_batched_validation_of_the_curated_data_equals_one_whole_graph_validation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read = drop_duplicates(read_curated(CURATED, load_schema()))
    _assert_batches_give_the_whole_graph_answer(read, monkeypatch)


def test_batches_equal_one_whole_graph_validation_with_links_into_the_graph_and_a_small_memo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the gate reuses from batch to batch cannot change a finding: each record's triples made
    once (jxkg/ingest/gate/to_rdf.NodeBlocks) for the many batches it is context in, that memo emptied again and
    again (a small limit), and entities already in the graph (their links validated in batches of
    their own) — against pySHACL on the whole graph, data with bad rows, one process and two."""
    generate(tmp_path, scale=0.003, seed=7, curated=CURATED, bad_fraction=0.05)
    read = drop_duplicates(read_curated(tmp_path, load_schema()))
    in_graph = {n.id: (n.class_name, dict(n.properties)) for n in read.nodes[::9]}
    read = ReadResult(nodes=[n for n in read.nodes if n.id not in in_graph], edges=read.edges)

    def existing(ids: set[str]) -> dict[str, tuple[str, dict[str, object]]]:
        return {i: in_graph[i] for i in ids if i in in_graph}

    assert sum(e.start in in_graph or e.end in in_graph for e in read.edges) > 100
    monkeypatch.setattr(gate_module, "BLOCK_LIMIT", 50)
    reference = _assert_batches_give_the_whole_graph_answer(read, monkeypatch, existing, ((31, 1), (113, 2)))
    assert reference.quarantined
    assert {f.kind for f in reference.quarantined} == {"node", "edge"}


def test_what_a_rule_reads_of_a_neighbour_reaches_the_batch_that_links_to_it() -> None:
    """A batch holds only some of its neighbours' triples (`neighbour_predicates`): here the unit of an
    indicator in another batch, which decides whether an observation's value must lie within 0–100."""
    schema = load_schema()
    measures = schema.relationship("measures").type
    percent = NodeRecord("Indicator", "ind-share", {"nameZh": "研发投入占比", "unit": "%"}, "nodes/i.csv", 1)
    count = NodeRecord("Indicator", "ind-count", {"nameZh": "专利授权量", "unit": "件"}, "nodes/i.csv", 2)
    nodes = [
        percent,
        count,
        NodeRecord("Observation", "obs-share", {"nameZh": "占比观测", "value": 150.0}, "nodes/o.csv", 1),
        NodeRecord("Observation", "obs-count", {"nameZh": "数量观测", "value": 150.0}, "nodes/o.csv", 2),
    ]
    edges = [
        EdgeRecord(measures, "obs-share", "ind-share", {}, "edges/m.csv", 1),
        EdgeRecord(measures, "obs-count", "ind-count", {}, "edges/m.csv", 2),
    ]
    for batch_size in (1, 2, 10):  # the indicators in the observations' batch, or not
        result = run_gate(
            nodes, edges, schema, _nothing_in_the_graph, batch_size=batch_size, workers=1, engine=ShaclEngineName.NATIVE
        )
        on_value = {f.record_id for f in result.notes if f.field == "value" and f.rule.startswith("value-percent ")}
        assert on_value == {"obs-share"}, batch_size
