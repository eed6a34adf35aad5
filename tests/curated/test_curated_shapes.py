"""Every curated row passes the shapes: no Violation on the curated data as the ingest maps it."""

from __future__ import annotations

from pathlib import Path

from jxkg.ingest.gate.to_rdf import records_to_graph
from jxkg.ingest.read.curated import read_curated
from jxkg.ontology.schema import load_schema
from jxkg.shapes.validate import Severity, validate

CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"


def test_the_curated_data_has_no_violation() -> None:
    schema = load_schema()
    read = read_curated(CURATED, schema)
    assert read.problems == []
    graph, origins = records_to_graph(read.nodes, read.edges, schema)
    report = validate(graph, origins=origins)
    violations = [r for r in report.results if r.severity is Severity.VIOLATION]
    assert violations == [], "\n".join(f"{v.source_file}:{v.source_row} {v.path} {v.message_en}" for v in violations)
    assert report.entities == len(read.nodes)
