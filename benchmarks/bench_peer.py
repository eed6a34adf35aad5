"""The peer: rdflib-neo4j (PyPI), the library a Neo4j user would pick for RDF, loading the same data.

Three phases, each in its own process like the others:
- turtle: the curated data written into a FalkorDB (`GraphWriter`, no gate) and exported as
  Turtle the way `jxkg export` does it (`export_pages` + `write_turtle`), as a user would hand the
  graph over. The file is the input of both sides (our side ingests it with `jxkg ingest
  FILE.ttl`, gate included);
- peer-parse: the Turtle parsed into an in-memory rdflib Graph, nothing else: how much of the
  peer's load is rdflib's parser (the peer parses and writes in one stream, so its load cannot be
  split from outside);
- peer: `Graph(store=Neo4jStore(config)).parse(file)` into a fresh Neo4j, configured as its README
  does (`HANDLE_VOCAB_URI_STRATEGY.IGNORE`, batching on, the `n10s_unique_uri` constraint on
  `Resource.uri` created first), then `close(True)` to flush the last batch.

How the peer's graph maps onto ours: it makes every IRI a `:Resource` node and every literal a
property, so an entity is one node either way; but each relationship carrying properties (all of
ours carry provenance) is exported as an `rdf:Statement` that reifies it, which the peer loads as
a node of its own with three relationships (subject, predicate, object), the predicate pointing
at a node for the relationship type's IRI. `peer_counts` counts those apart, so the entity and
relationship counts can be checked against ours and rows/s compared on the same rows.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

import bench_phases

PEER = "rdflib-neo4j"
N10S_CONSTRAINT = "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE"


def turtle(data: Path, out: Path) -> dict[str, Any]:
    """Write `data` into a fresh FalkorDB and export it to `out` as `jxkg export` does (Turtle,
    streamed a page at a time by `write_turtle`)."""
    from jxkg.export.rdf import export_pages, write_turtle
    from jxkg.ingest.write.writer import GraphWriter

    schema, read, _ = bench_phases.read_curated_timed(data)
    figures: dict[str, Any] = {"rows": len(read.nodes) + len(read.edges)}
    with bench_phases.on_server("falkordb", figures) as server:
        GraphWriter(server.store, schema).write(read.nodes, read.edges)
        started = time.perf_counter()
        with out.open("w", encoding="utf-8") as handle:
            figures["triples"] = write_turtle(export_pages(server.store, schema), handle)
        figures["seconds"] = time.perf_counter() - started
    figures["turtle_mb"] = round(out.stat().st_size / 2**20)
    return figures


def parse_only(source: Path) -> dict[str, Any]:
    from rdflib import Graph

    started = time.perf_counter()
    graph = Graph().parse(source, format="turtle")
    seconds = time.perf_counter() - started
    return {"triples": len(graph), "seconds": seconds, "peak_rss_mb": bench_phases.rss_mb(resource.RUSAGE_SELF)}


def peer(source: Path) -> dict[str, Any]:
    """The peer's load of `source` into a fresh Neo4j, as its README configures it."""
    from rdflib import Graph
    from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig  # type: ignore[import-untyped]  # no py.typed

    figures: dict[str, Any] = {}
    with bench_phases.on_server("neo4j", figures) as server:
        driver = server.store._driver  # the neo4j driver: the peer takes one instead of credentials
        driver.execute_query(N10S_CONSTRAINT)
        config = Neo4jStoreConfig(handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.IGNORE, batching=True)
        graph = Graph(store=Neo4jStore(config=config, neo4j_driver=driver))
        started = time.perf_counter()
        graph.open(config)
        graph.parse(source, format="turtle")
        graph.close(True)  # flushes the last batch, which batching holds until then
        figures["seconds"] = time.perf_counter() - started
        figures |= peer_counts(driver)
    return figures


def peer_counts(driver: Any) -> dict[str, int]:
    """The peer's graph, split into what maps onto ours and what its reification adds."""

    def count(query: str) -> int:
        records, _, _ = driver.execute_query(query)
        return int(records[0][0])

    return {
        "statement_nodes": count("MATCH (n:Statement) RETURN count(n)"),
        # the relationship types' IRIs, which the statements' rdf:predicate points at
        "predicate_nodes": count("MATCH (n:Resource) WHERE labels(n) = ['Resource'] RETURN count(n)"),
        "reification_relationships": count("MATCH (:Statement)-[r:subject|predicate|object]->() RETURN count(r)"),
    }


def entity_counts(result: dict[str, Any]) -> tuple[int, int]:
    """The peer's nodes and relationships less what reification adds: comparable with ours."""
    nodes = result["nodes"] - result["statement_nodes"] - result["predicate_nodes"]
    return nodes, result["relationships"] - result["reification_relationships"]
