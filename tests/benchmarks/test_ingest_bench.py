"""The ingest benchmark's plumbing, without timing anything: the pipeline's steps it wraps still exist
(it times them from outside ingest/, by name), and the tables derive their ratios from the run's
own results. The figures themselves come from running the script (docs/benchmarks.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import bench_peer
import bench_phases
import bench_report
import ingest_bench


def test_every_pipeline_step_is_found_and_put_back() -> None:
    from jxkg.ingest import pipeline
    from jxkg.ingest.write.writer import WriteSession

    def steps() -> tuple[object, ...]:
        return (
            pipeline.gate_staged,
            WriteSession.write,
            WriteSession.finish,
            pipeline.write_quarantine,
            pipeline.write_report,
            pipeline.start_run,
            pipeline.finish_run,
            pipeline._ids_in_graph,
        )

    before = steps()
    clock = bench_phases.pipeline_clock()
    try:
        # a step renamed or moved by a rework of ingest/ would silently land in "other": say so here
        assert len(clock.hooks) == 8, clock.hooks
        assert pipeline.gate_staged is not before[0]
    finally:
        clock.restore()
    assert steps() == before


def test_every_load_step_is_found_and_put_back() -> None:
    from jxkg.ingest.write import writer
    from jxkg.store.falkordb_engine import FalkorDBStore

    before = (
        writer.screen_nodes,
        writer.screen_edges,
        writer.derive,
        writer.WriteSession._tally,
        FalkorDBStore.compact,
    )
    clock = bench_phases.load_clock(FalkorDBStore)
    try:
        # a step renamed by a rework of the writer would silently land in "other": say so here
        assert len(clock.hooks) == 6, clock.hooks
        assert writer.screen_nodes is not before[0]
    finally:
        clock.restore()
    assert (writer.screen_nodes, writer.screen_edges, writer.derive, writer.WriteSession._tally) == before[:4]
    assert FalkorDBStore.compact is before[4]


def test_a_step_is_also_timed_by_what_its_call_is_about() -> None:
    class Steps:
        def run(self, stage: str) -> None:
            pass

    clock = bench_phases.PhaseClock()
    clock.wrap(Steps, "run", "statements", detail=lambda args: str(args[1]))
    Steps().run("writing Person")
    Steps().run("writing Person")
    Steps().run("writing [:LOCATED_IN]")
    clock.restore()
    assert set(clock.detail) == {"writing Person", "writing [:LOCATED_IN]"}
    assert sum(clock.detail.values()) == pytest.approx(clock.seconds["statements"])


def test_the_clock_adds_up_the_time_of_each_step() -> None:
    class Steps:
        @staticmethod
        def work(x: int) -> int:
            return x + 1

    clock = bench_phases.PhaseClock()
    clock.wrap(Steps, "work", "gate")
    clock.wrap(Steps, "missing", "write")  # not there: left out, not an error
    assert Steps.work(1) == 2
    assert Steps.work(2) == 3
    assert clock.hooks == ["Steps.work"]
    assert set(clock.seconds) == {"gate"}
    clock.restore()


def _result(phase: str, engine: str, scale: float, seconds: float, **more: Any) -> dict[str, Any]:
    result = {"phase": phase, "engine": engine, "scale": scale, "seconds": seconds, "loadavg_start": 1.0}
    return result | {"loadavg_end": 2.0, "nodes": 3, "relationships": 7} | more


def test_ratios_come_from_the_same_run() -> None:
    results = [
        _result("raw", "falkordb", 0.1, 10.0, rows=1000),
        _result("load", "falkordb", 0.1, 20.0, rows=1000),
        _result("raw", "falkordb", 1.0, 100.0, rows=10000),
        _result("load", "falkordb", 1.0, 260.0, rows=10000),
        _result("admin", "neo4j", 0.1, 5.0),
    ]
    bench_report.derive(results)
    load_1 = results[3]
    assert load_1["vs_raw"] == pytest.approx(100 / 260)
    assert load_1["per_row_vs_base"] == pytest.approx(1.3)  # 0.026 s a row against 0.02 at scale 0.1
    assert results[4]["rows"] == 1000  # counted by the other phases of its scale


def test_the_load_steps_table_sets_each_load_beside_its_raw_phase() -> None:
    steps = {"lookup_s": 1.0, "screen_s": 2.0, "statements_s": 12.0, "derive_s": 0.5, "compact_s": 0.25}
    load = _result("load", "neo4j", 0.1, 16.0, rows=1000, other_s=0.25, **steps)
    load["slowest_statements"] = {"writing Person": 4.0}
    results = [_result("raw", "neo4j", 0.1, 11.0, rows=1000), load]
    bench_report.derive(results)
    table = "\n".join(bench_report.load_steps_table(results))
    assert "| neo4j | 0.1 | 16.0 | 11.0 | 1.0 | 2.0 | 12.0 | 0.5 | 0.2 | 0.2 | writing Person 4.0 |" in table


def test_the_peer_counts_less_its_reification_are_ours() -> None:
    peer = _result("peer", "neo4j", 0.1, 1.0, rows=10)
    peer |= {"nodes": 3 + 7 + 2, "relationships": 7 + 3 * 7}
    peer |= {"statement_nodes": 7, "predicate_nodes": 2, "reification_relationships": 21}
    assert bench_peer.entity_counts(peer) == (3, 7)
    report = {"date": "d", "command": ["x"], "cpus": 2, "loadavg_start": (1.0,), "loadavg_end": (2.0,)}
    report |= {"versions": {"python": "3"}, "results": [peer, _result("turtle", "falkordb", 0.1, 1.0, triples=50)]}
    text = bench_report.markdown(report)
    assert "| 3 / 7 |" in text


def test_the_plan_follows_the_issue() -> None:
    args = ingest_bench.parse_args(["--scales", "0.1,1,3", "--pipeline-engines", "falkordb"])
    at_3 = ingest_bench.plan(args, 3.0)
    assert {(s["engine"], s["phase"]) for s in at_3} == {("falkordb", p) for p in ("raw", "load", "pipeline")}
    at_1 = ingest_bench.plan(args, 1.0)
    assert ("neo4j", "admin") in {(s["engine"], s["phase"]) for s in at_1}
    assert ("neo4j", "pipeline") not in {(s["engine"], s["phase"]) for s in at_1}
