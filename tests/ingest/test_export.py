"""Export and audit: the live graph back to RDF, and the shapes over the live graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from jxkg.export import rdf as rdf_export
from jxkg.export.rdf import export_graph
from jxkg.ingest.pipeline import load_sources, run_ingest
from jxkg.ingest.read.curated import read_curated
from jxkg.ingest.read.sources import read_sources
from jxkg.ontology.schema import load_schema
from jxkg.shapes.validate import Severity, validate
from jxkg.store import GraphStore

CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"
# what a load records about itself, not about the data: differs between two loads by design
RUN_SPECIFIC = load_schema().bookkeeping | {"sourceRow", "source"}


def fingerprint(store: GraphStore) -> tuple[set[Any], set[Any]]:
    def clean(props: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((k, repr(v)) for k, v in props.items() if k not in RUN_SPECIFIC))

    nodes = {  # each run's own record differs by its run id and times
        (r["id"], tuple(sorted(r["labels"])), clean(r["props"]))
        for r in store.read(
            "MATCH (n:Entity) WHERE NOT n:IngestRun RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
        )
    }
    edges = {
        (r["a"], r["t"], r["b"], clean(r["props"]))
        for r in store.read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props")
    }
    return nodes, edges


def test_export_then_ingest_into_an_empty_graph_gives_the_same_graph(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = load_schema()
    first = run_ingest(read_curated(CURATED, schema), store, schema, tmp_path)
    assert first.rejected == 0
    before = fingerprint(store)
    monkeypatch.setattr(rdf_export, "PAGE", 37)  # many pages, a page boundary between a node and its links
    exported = tmp_path / "graph.ttl"
    with exported.open("w", encoding="utf-8") as handle:  # as `jxkg export` writes Turtle: streamed
        written = rdf_export.write_turtle(rdf_export.export_pages(store, schema), handle)
    whole = export_graph(store, schema)
    streamed = Graph().parse(exported, format="turtle")
    pages = list(rdf_export.export_pages(store, schema))
    assert sum(len(page) for page in pages) == len(whole)  # no triple in two pages
    assert set(streamed) == set(whole) and written == len(whole) == len(streamed)
    store.clear()
    again = load_sources(store, read_sources([exported], schema=schema), schema, tmp_path)
    assert again.rejected == 0, again.gate.quarantined[:3]
    after = fingerprint(store)
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert len(before[0]) > 400 and len(before[1]) > 700


def test_audit_finds_a_write_that_went_around_the_gate(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    run_ingest(read_curated(CURATED, schema), store, schema, tmp_path)
    assert validate(export_graph(store, schema)).conforms
    store.write("MATCH (c:PrefectureCity {id: '360700'}) SET c.code = '3607'")  # a write that skipped the gate
    report = validate(export_graph(store, schema))
    assert not report.conforms
    bad = [r for r in report.results if r.severity is Severity.VIOLATION]
    assert {r.focus.rsplit("/", 1)[-1] for r in bad} == {"360700"}
