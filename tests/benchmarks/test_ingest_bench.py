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
    from jxkg.ingest.writer import WriteSession

    def steps() -> tuple[object, ...]:
        return (
            pipeline.gate_staged,
            WriteSession.write,
            WriteSession.finish,
            pipeline.write_quarantine,
            pipeline.write_report,
        )

    before = steps()
    clock = bench_phases.pipeline_clock()
    try:
        # a step renamed or moved by a rework of ingest/ would silently land in "other": say so here
        assert len(clock.hooks) == 5, clock.hooks
        assert pipeline.gate_staged is not before[0]
    finally:
        clock.restore()
    assert steps() == before


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
