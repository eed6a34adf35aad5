"""Ingest benchmark: rows/s of the whole pipeline, of the load alone, and of the raw engine running
the very same UNWIND ... MERGE statements, with peak memory, per engine and generator scale.

    .venv/bin/python benchmarks/ingest_bench.py --scales 0.1,1 --engines falkordb,neo4j

Each measurement runs in a fresh process on a fresh database (so peak memory is that phase's
own). Figures are printed as a table and as JSON lines; ratios compare with the raw engine
measured in the same run, since this machine is shared and noisy. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # for tests.neo4j_server, the Neo4j the tests use

PHASES = ("raw", "load", "pipeline")


class StatementRecorder:
    """Stands in for the store while the writer runs: keeps each batched write and runs nothing.

    On a fresh graph every link end the writer asks about exists (the run writes it), so the
    recorder says so; the statements it keeps are those a real load of the same data sends."""

    def __init__(self) -> None:
        self.batches: list[tuple[str, list[dict[str, Any]]]] = []

    def ensure_schema(self, specs: Iterable[Any]) -> list[Any]:
        return []

    def compact(self, **_: Any) -> None:
        pass

    def read(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        # the writer's one read, before it writes: which ids exist already. The replay starts from an
        # empty graph, so none do (ends written in the same run count as existing anyway)
        return []

    def write_batch(self, query: str, rows: Iterable[Mapping[str, Any]], *, batch_size: int = 1000) -> Any:
        from jxkg.store.base import QueryResult, WriteCounters

        kept = [dict(r) for r in rows]
        self.batches.append((query, kept))
        return QueryResult(rows=[{"created": len(kept), "changed": len(kept)}], counters=WriteCounters())


def _server(engine: str, folder: Path) -> tuple[Any, Any]:
    """A fresh database server and a store on it."""
    if engine == "falkordb":
        from jxkg.store.falkordb_engine import FalkorDBStore
        from jxkg.store.falkordb_server import EmbeddedFalkorDB
        from tests.conftest import free_port

        server = EmbeddedFalkorDB(folder, port=free_port())
        server.start()
        return server, FalkorDBStore(server.host, server.port, "bench", timeout_s=3600)
    from jxkg.store.neo4j_engine import Neo4jStore
    from tests.neo4j_server import Neo4jTestServer

    neo = Neo4jTestServer(data_dir=folder, jvm_options=["-Xmx2g", "-XX:+UseSerialGC"], pagecache="512m")
    neo.start()
    return neo, Neo4jStore(neo.uri, timeout_s=3600)


def _raw_replay(engine: str, store: Any, batches: list[tuple[str, list[dict[str, Any]]]]) -> None:
    """The same statements through the engine's own client, bypassing jxkg's store."""
    if engine == "falkordb":
        graph = store._graph  # the falkordb client's Graph
        for query, rows in batches:
            for i in range(0, len(rows), 1000):
                graph.query(query, {"rows": rows[i : i + 1000]}, timeout=3_600_000)
        return
    driver = store._driver  # the neo4j driver
    with driver.session(database="neo4j") as session:
        for query, rows in batches:
            for i in range(0, len(rows), 1000):
                session.execute_write(lambda tx, q=query, b=rows[i : i + 1000]: tx.run(q, rows=b).consume())


def measure(engine: str, scale: float, phase: str, data: Path) -> dict[str, Any]:
    from jxkg.ingest.curated import read_curated
    from jxkg.ingest.pipeline import run_ingest
    from jxkg.ingest.writer import GraphWriter
    from jxkg.ontology.schema import load_schema

    schema = load_schema()
    with tempfile.TemporaryDirectory(prefix=f"bench-{engine}-") as scratch:
        server, store = _server(engine, Path(scratch))
        try:
            started = time.perf_counter()
            read = read_curated(data, schema)
            read_s = time.perf_counter() - started
            rows = len(read.nodes) + len(read.edges)
            # every phase starts from the same empty graph with the schema in place: creating indexes
            # is not loading, and the raw replay could not do without them either
            store.ensure_schema(schema.index_specs())
            if phase == "pipeline":
                started = time.perf_counter()
                outcome = run_ingest(read_curated(data, schema), store, schema, Path(scratch) / "out")
                seconds = time.perf_counter() - started
                assert outcome.rejected == 0, outcome.gate.quarantined[:3]
            elif phase == "load":
                started = time.perf_counter()
                GraphWriter(store, schema).write(read.nodes, read.edges)
                seconds = time.perf_counter() - started
            else:
                recorder = StatementRecorder()
                GraphWriter(recorder, schema).write(read.nodes, read.edges)  # type: ignore[arg-type]
                started = time.perf_counter()
                _raw_replay(engine, store, recorder.batches)
                seconds = time.perf_counter() - started
            loaded = store.stats()
        finally:
            store.close()
            server.stop()
    return {
        "engine": engine,
        "scale": scale,
        "phase": phase,
        "rows": rows,
        "nodes": loaded.nodes,
        "relationships": loaded.relationships,
        "read_s": round(read_s, 2),
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds) if seconds else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="0.1,1,3")
    parser.add_argument("--engines", default="falkordb,neo4j")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--pipeline-max-scale", type=float, default=3.0, help="skip the pipeline above this scale")
    parser.add_argument("--one", nargs=4, metavar=("ENGINE", "SCALE", "PHASE", "DATA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        engine, scale, phase, data = args.one
        print(json.dumps(measure(engine, float(scale), phase, Path(data))))
        return
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-data-") as root:
        for scale in (float(s) for s in args.scales.split(",")):
            data = Path(root) / f"scale-{scale}"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "jxkg.cli.main",
                    "generate",
                    "--scale",
                    str(scale),
                    "--seed",
                    "1",
                    "--out",
                    str(data),
                ],
                check=True,
                cwd=REPO,
                capture_output=True,
            )
            for engine in args.engines.split(","):
                for phase in args.phases.split(","):
                    if phase == "pipeline" and scale > args.pipeline_max_scale:
                        continue
                    done = subprocess.run(
                        [sys.executable, __file__, "--one", engine, str(scale), phase, str(data)],
                        capture_output=True,
                        text=True,
                        cwd=REPO,
                    )
                    if done.returncode != 0:
                        print(f"{engine} {scale} {phase} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
                        continue
                    result = json.loads(done.stdout.strip().splitlines()[-1])
                    results.append(result)
                    print(json.dumps(result), flush=True)
    _table(results)


def _table(results: list[dict[str, Any]]) -> None:
    raw = {(r["engine"], r["scale"]): r["rows_per_s"] for r in results if r["phase"] == "raw"}
    header = ("engine", "scale", "phase", "rows", "seconds", "rows/s", "vs raw", "peak MB")
    print("\n{:<9} {:>6} {:<9} {:>9} {:>8} {:>8} {:>7} {:>8}".format(*header))
    for r in results:
        base = raw.get((r["engine"], r["scale"]))
        ratio = f"{r['rows_per_s'] / base:.2f}" if base and r["rows_per_s"] else "-"
        print(
            f"{r['engine']:<9} {r['scale']:>6} {r['phase']:<9} {r['rows']:>9} {r['seconds']:>8} "
            f"{r['rows_per_s']:>8} {ratio:>7} {r['peak_rss_mb']:>8}"
        )


if __name__ == "__main__":
    main()
