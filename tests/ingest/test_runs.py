"""Each ingest run leaves a record in the graph: an IngestRun node with its times and counts."""

from __future__ import annotations

import json
from pathlib import Path

from jxkg.export.rdf import export_graph
from jxkg.ingest.pipeline import run_ingest
from jxkg.ingest.read.curated import read_curated
from jxkg.ontology.schema import load_schema
from jxkg.shapes.validate import Severity, validate
from jxkg.store import GraphStore

CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"


def _run_node(store: GraphStore, run_id: str) -> dict[str, object]:
    rows = store.read("MATCH (r:IngestRun {runId: $run}) RETURN properties(r) AS p, labels(r) AS l", {"run": run_id})
    assert len(rows) == 1, f"one record of run {run_id}"
    assert "Entity" in rows[0]["l"]
    return dict(rows[0]["p"])


def test_a_run_records_its_times_counts_and_report(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    first = run_ingest(read_curated(CURATED, schema), store, schema, tmp_path)
    totals = first.load.totals()
    record = _run_node(store, first.load.run_id)
    assert str(record["startedAt"]) <= str(record["finishedAt"])
    assert (record["recordsRead"], record["recordsCreated"], record["recordsRejected"]) == (
        totals.read,
        totals.created,
        totals.rejected,
    )
    assert record["recordsCreated"] > 1000  # curated nodes and relationships
    report = json.loads(Path(str(record["reportFile"])).read_text(encoding="utf-8"))
    assert report["run"] == first.load.run_id
    others = "MATCH (n:Entity) WHERE NOT n:IngestRun AND n.ingestRun <> $run RETURN count(n) AS c"
    stamped = store.read(others, {"run": first.load.run_id})
    assert stamped[0]["c"] == 0  # every entity names the run that wrote it

    second = run_ingest(read_curated(CURATED, schema), store, schema, tmp_path)
    again = _run_node(store, second.load.run_id)
    assert (again["recordsCreated"], again["recordsUpdated"], again["recordsUnchanged"]) == (0, 0, totals.created)
    assert store.read("MATCH (r:IngestRun) RETURN count(r) AS c")[0]["c"] == 2


def test_run_records_pass_the_shapes_and_stay_out_of_exports(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    outcome = run_ingest(read_curated(CURATED, schema), store, schema, tmp_path)
    audited = validate(export_graph(store, schema, bookkeeping=True))
    about_runs = [r for r in audited.results if "ingest-run" in r.focus and r.severity is not Severity.INFO]
    assert about_runs == []
    plain = export_graph(store, schema).serialize(format="turtle")
    assert outcome.load.run_id not in plain
