"""A generated province loads into a real, empty graph on its own; the injected bad rows are the ones reported."""

from __future__ import annotations

from pathlib import Path

from jxkg.ingest.pipeline import load_curated, run_ingest
from jxkg.ingest.read.curated import read_curated
from jxkg.ontology.schema import load_schema
from jxkg.store import GraphStore
from jxkg.synthetic.rows import BAD_KINDS, INJECTION
from tests.generate.helpers import run

SCALE = 0.005
# where each kind of injected bad row must end up (unknown-column is reported once, by file)
READ_REJECTS = {"missing-id", "duplicate-id", "wrong-datatype", "huge-cell"}  # before the gate
GATE_REJECTS = {"dangling-region", "bad-credit-chars", "negative-count", "year-3021"}


def test_a_clean_province_loads_whole(store: GraphStore, tmp_path: Path) -> None:
    info = run(tmp_path, SCALE, 3)
    report = load_curated(store, tmp_path)
    assert report.problems == []
    stats = store.stats()
    assert stats.nodes == info["totals"]["nodes"] > 0
    assert stats.relationships == info["totals"]["edges"]
    (row,) = store.read(
        "MATCH (e:Enterprise)-[:LOCATED_IN]->(r:Region) WHERE e.provenanceKind = 'synthetic' RETURN count(e) AS n"
    )
    assert row["n"] == info["files"]["nodes/Enterprise.csv"]["rows"]


def test_the_pipeline_rejects_exactly_the_injected_rows(store: GraphStore, tmp_path: Path) -> None:
    """Every kind of bad row ends where it belongs: read problems, the gate's quarantine, or its notes."""
    folder = tmp_path / "province"
    info = run(folder, SCALE, 3, bad=0.02)
    bad = info["bad"]
    assert {e["kind"] for e in bad} == set(BAD_KINDS)
    schema = load_schema()
    outcome = run_ingest(read_curated(folder, schema), store, schema, tmp_path / "out")

    def at(entries: list[tuple[str, int | None]]) -> set[tuple[str, int | None]]:
        return {(Path(f).relative_to(folder).as_posix(), row) for f, row in entries if row is not None}

    read_rejects = at([(p.file, p.row) for p in outcome.load.problems])
    quarantined = at([(f.file, f.row) for f in outcome.gate.quarantined])
    warned = at([(f.file, f.row) for f in outcome.gate.notes if f.severity == "Warning"])
    expected_read = {(e["file"], e["row"]) for e in bad if e["kind"] in READ_REJECTS}
    expected_gate = {(e["file"], e["row"]) for e in bad if e["kind"] in GATE_REJECTS}
    assert read_rejects == expected_read
    assert quarantined == expected_gate
    assert {(e["file"], e["row"]) for e in bad if e["kind"] == "bad-check-digit"} <= warned - quarantined
    unknown = [p for p in outcome.load.problems if p.row is None]
    assert [(Path(p.file).name, p.field) for p in unknown] == [("Enterprise.csv", "headcount")]
    lines = outcome.quarantine_file.read_text(encoding="utf-8").splitlines() if outcome.quarantine_file else []
    assert len(lines) >= len(expected_read) + len(expected_gate)
    # an injection-shaped name is data: stored literally, and nothing was deleted
    injected = sum(e["kind"] == "cypher-injection" for e in bad)
    (row,) = store.read("MATCH (p:Person {nameZh: $name}) RETURN count(p) AS n", {"name": INJECTION})
    assert row["n"] == injected > 0
    rejected_nodes = {(e["file"], e["row"]) for e in bad if e["kind"] in READ_REJECTS | GATE_REJECTS}
    rejected_nodes = {k for k in rejected_nodes if k[0].startswith("nodes/")}
    run_records = 1  # the IngestRun node of this load
    assert store.stats().nodes == info["totals"]["nodes"] - len(rejected_nodes) + run_records
