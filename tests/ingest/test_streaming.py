"""The ingest streams (issue 16, items 2 and 3): the records are staged on disk once per id, the gate
settles its batches in order, and what each batch settles is written while the gate validates the
next; the graph, the report and the quarantine are those of one batch written after the gate."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from jxkg.ingest import feed as feed_module
from jxkg.ingest.gate import run as gate_module
from jxkg.ingest.gate.run import Settled, gate_staged, run_gate
from jxkg.ingest.pipeline import IngestOutcome, drop_duplicates, run_ingest
from jxkg.ingest.read.curated import read_curated
from jxkg.ingest.records import EdgeRecord, NodeRecord, Problem, ReadResult
from jxkg.ingest.staging import Staging
from jxkg.ontology.schema import load_schema
from jxkg.store import GraphStore
from jxkg.synthetic.province import generate
from tests.ingest.test_export import fingerprint

CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"


def _node(entity_id: str, name: str, file: str, row: int) -> NodeRecord:
    return NodeRecord("University", entity_id, {"nameZh": name}, file, row)


def test_the_staging_store_keeps_one_record_per_id_as_drop_duplicates_does(tmp_path: Path) -> None:
    first = _node("university:甲", "甲大学", "a.csv", 1)
    parts = [
        ReadResult(
            nodes=[first, _node("university:乙", "乙大学", "a.csv", 2)], problems=[Problem("a.csv", 3, "x", "", "bad")]
        ),
        # a later part (file) repeats an id: identically (dropped), then with another value (a problem)
        ReadResult(
            nodes=[_node("university:甲", "甲大学", "b.csv", 4), _node("university:甲", "甲学院", "b.csv", 7)],
            edges=[EdgeRecord("LOCATED_IN", "university:甲", "360100", {}, "b.csv", 9)],
            problems=[Problem("b.csv", 8, None, None, "worse")],
        ),
    ]
    whole = drop_duplicates(
        ReadResult(
            nodes=[n for p in parts for n in p.nodes],
            edges=[e for p in parts for e in p.edges],
            problems=[x for p in parts for x in p.problems],
        )
    )
    with Staging(tmp_path) as staging:
        for part in parts:
            staging.add(part)
        reader = staging.reader()
        assert reader.entities(False, 0, 10) == whole.nodes
        assert reader.links_at([0]) == whole.edges
        reader.close()
        assert staging.problems == whole.problems
        conflict = staging.problems[-1]
        assert (conflict.file, conflict.row, conflict.field, conflict.value) == ("b.csv", 7, "id", "university:甲")
        assert "duplicate id with conflicting values (first at a.csv, row 1)" in str(conflict)
        assert staging.files == ["a.csv", "b.csv"]
        path = staging.path
        assert path.is_file()
    assert not path.exists()


def test_a_staging_file_left_by_a_killed_run_is_removed_by_the_next(tmp_path: Path) -> None:
    gone = tmp_path / "jxkg-staging-999999999-x.sqlite"  # no such process
    gone.write_bytes(b"")
    mine = tmp_path / f"jxkg-staging-{os.getpid()}-y.sqlite"
    mine.write_bytes(b"")
    with Staging(tmp_path):
        assert not gone.exists() and mine.exists()


def _province(tmp_path: Path, seed: int) -> tuple[ReadResult, dict[str, tuple[str, dict[str, Any]]]]:
    """A generated province with bad rows, and every ninth entity taken out as if already in the graph."""
    generate(tmp_path, scale=0.003, seed=seed, curated=CURATED, bad_fraction=0.05)
    read = drop_duplicates(read_curated(tmp_path, load_schema()))
    in_graph = {n.id: (n.class_name, dict(n.properties)) for n in read.nodes[::9]}
    return ReadResult(nodes=[n for n in read.nodes if n.id not in in_graph], edges=read.edges), in_graph


def test_each_passing_record_is_settled_once_and_a_link_after_its_ends(tmp_path: Path) -> None:
    read, in_graph = _province(tmp_path, seed=7)
    schema = load_schema()

    def existing(ids: set[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        return {i: in_graph[i] for i in ids if i in in_graph}

    whole = run_gate(read.nodes, read.edges, schema, existing, batch_size=10**9, workers=1)
    size = 31
    with Staging.of(read, tmp_path) as staging:
        batches: list[Settled] = []
        gated = gate_staged(staging, schema, existing, batch_size=size, workers=2, settled=batches.append)
        nodes = [p for s in batches for p in s.nodes]
        edges = [p for s in batches for p in s.edges]
        assert len(nodes) == len(set(nodes)) == gated.passed_nodes == len(whole.nodes)
        assert len(edges) == len(set(edges)) == gated.passed_edges == len(whole.edges)
        reader = staging.reader()
        assert reader.entities_at(sorted(nodes)) == whole.nodes
        assert reader.links_at(sorted(edges)) == whole.edges
        assert sorted(json.dumps(f.as_dict()) for f in gated.quarantined) == sorted(
            json.dumps(f.as_dict()) for f in whole.quarantined
        )
        # a link is settled with or after both its ends; links across batches and into the graph are among them
        settled_in = {p: k for k, s in enumerate(batches) for p in s.nodes}
        node_batches = -(-staging.node_count // size)
        across = into_graph = 0
        for k, done in enumerate(batches):
            for link in reader.links_at(done.edges):
                ends = [staging.position.get(end) for end in (link.start, link.end)]
                for position in ends:
                    assert position is None or settled_in[position] <= k
                if None in ends:
                    into_graph += 1
                    assert k >= node_batches  # in a batch of the graph's entities, after the run's own
                elif ends[0] // size != ends[1] // size:  # type: ignore[operator]
                    across += 1
        reader.close()
    assert across > 100 and into_graph > 10
    assert [s.validated for s in batches[:node_batches]] == [
        min((k + 1) * size, staging.node_count) for k in range(node_batches)
    ]


def _outcome(store: GraphStore, outcome: IngestOutcome) -> dict[str, Any]:
    report = json.loads(outcome.report_files[0].read_text(encoding="utf-8"))
    report.pop("run")
    report.pop("quarantineFile")
    report["notes"] = sorted(json.dumps(n, sort_keys=True) for n in report["notes"])  # in the order batches end
    assert outcome.quarantine_file is not None
    quarantine = outcome.quarantine_file.read_text(encoding="utf-8").splitlines()
    return {"graph": fingerprint(store), "report": report, "quarantine": quarantine}


def test_writing_while_the_gate_validates_leaves_what_one_batch_written_after_it_leaves(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small batches, two gate workers, the writer's thread writing every few batches (links across
    batches, links to entities written by an earlier run) against one batch in one process written
    after the gate: the same graph, report and quarantine file, and a re-run changes nothing."""
    read, in_graph = _province(tmp_path / "province", seed=3)
    schema = load_schema()
    loaded = ReadResult(nodes=[NodeRecord(c, i, p, "graph.csv", None) for i, (c, p) in in_graph.items()])

    def ingest(out: Path) -> IngestOutcome:
        run_ingest(loaded, store, schema, out)
        return run_ingest(read, store, schema, out, gate_workers=workers)

    monkeypatch.setattr(gate_module, "DEFAULT_BATCH", 10**9)
    workers = 1
    whole = _outcome(store, ingest(tmp_path / "whole"))
    store.clear()
    monkeypatch.setattr(gate_module, "DEFAULT_BATCH", 37)
    monkeypatch.setattr(feed_module, "FLUSH_RECORDS", 50)
    workers = 2
    outcome = ingest(tmp_path / "streamed")
    assert _outcome(store, outcome) == whole
    totals = outcome.load.totals()
    assert totals.created == outcome.gate.passed_nodes + outcome.gate.passed_edges > 0
    assert totals.rejected > 0
    again = run_ingest(read, store, schema, tmp_path / "again", gate_workers=2).load.totals()
    assert (again.created, again.updated, again.unchanged) == (0, 0, totals.created)
