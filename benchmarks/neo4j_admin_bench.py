"""A first load of an empty Neo4j database two ways, the same data: `jxkg ingest` (SHACL gate and
Cypher MERGE) against `jxkg export --format neo4j-admin` + `neo4j-admin database import full` +
`after-import.cypher` (the gate, the CSV files, the offline import, then the indexes).

    .venv/bin/python benchmarks/neo4j_admin_bench.py --scale 0.1

The Neo4j is the tests' (tests/neo4j, 5.26 Community in-process, 2 GiB heap, 512 MiB page cache,
as benchmarks/ingest_bench.py runs it: `bench_servers.start_neo4j`); `neo4j-admin` is its
`org.neo4j.cli.AdminTool`, from the same jars. Each way starts from a new database folder. Prints
one JSON line per way and a table; figures in docs/benchmarks.md. `ingest_bench.py` calls
`by_import` for its Neo4j scales, so the issue's figures come from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_servers import REPO, start_neo4j


def _counts(uri: str) -> tuple[int, int]:
    from jxkg.store.neo4j_engine import Neo4jStore

    with Neo4jStore(uri) as store:
        return store.size()


def by_ingest(data: Path, scratch: Path) -> dict[str, Any]:
    from jxkg.ingest.pipeline import load_sources
    from jxkg.ingest.read.sources import read_sources
    from jxkg.ontology.schema import load_schema
    from jxkg.store.neo4j_engine import Neo4jStore

    server = start_neo4j(scratch / "neo4j")
    try:
        with Neo4jStore(server.uri, timeout_s=3600) as store:
            schema = load_schema()
            started = time.perf_counter()
            result = read_sources([data], schema=schema)
            read_s = time.perf_counter() - started
            outcome = load_sources(store, result, schema, scratch / "data")
            seconds = time.perf_counter() - started
        nodes, relationships = _counts(server.uri)
    finally:
        server.stop()
    return {
        "way": "jxkg ingest",
        "read_s": round(read_s, 1),
        "gate_and_write_s": round(seconds - read_s, 1),
        "total_s": round(seconds, 1),
        "rejected": outcome.rejected,
        "nodes": nodes,
        "relationships": relationships,
    }


def by_import(data: Path, scratch: Path) -> dict[str, Any]:
    from tests.neo4j_server import build_launcher

    java = build_launcher(REPO / "tests" / "neo4j")
    classpath = java[java.index("-cp") + 1]
    home = scratch / "neo4j"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    admin = scratch / "neo4j-admin"
    admin.write_text(f'#!/bin/sh\nexec {java[0]} -Xmx1g -cp "{classpath}" org.neo4j.cli.AdminTool "$@"\n')
    admin.chmod(0o755)
    env = {**os.environ, "JXKG_DATA_DIR": str(scratch / "data")}

    started = time.perf_counter()
    out = scratch / "import"
    exported = subprocess.run(
        [sys.executable, "-m", "jxkg.cli.main", "export", "--format", "neo4j-admin", str(data), "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    export_s = time.perf_counter() - started
    if exported.returncode not in (0, 3):
        raise RuntimeError(exported.stderr[-2000:])
    started = time.perf_counter()
    env |= {"NEO4J_ADMIN": str(admin), "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    imported = subprocess.run(
        [str(out / "import.sh"), "--max-off-heap-memory=2g", f"--report-file={scratch / 'import.report'}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    import_s = time.perf_counter() - started
    if imported.returncode != 0:
        raise RuntimeError(imported.stdout[-2000:] + imported.stderr[-2000:])
    from jxkg.export.neo4j_admin import read_statements
    from jxkg.store.neo4j_engine import Neo4jStore

    started = time.perf_counter()
    server = start_neo4j(home)
    start_s = time.perf_counter() - started
    try:
        started = time.perf_counter()
        with Neo4jStore(server.uri, timeout_s=3600) as store:
            for statement in read_statements(out / "after-import.cypher"):
                store.write(statement)  # type: ignore[arg-type]
        after_s = time.perf_counter() - started
        nodes, relationships = _counts(server.uri)
    finally:
        server.stop()
    return {
        "way": "export + neo4j-admin",
        "export_s": round(export_s, 1),
        "import_s": round(import_s, 1),
        "server_start_s": round(start_s, 1),
        "after_import_s": round(after_s, 1),
        "total_s": round(export_s + import_s + after_s, 1),
        "nodes": nodes,
        "relationships": relationships,
        "import_tail": [line for line in imported.stdout.splitlines() if "IMPORT DONE" in line or "Peak" in line],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--data", type=Path, help="an existing `jxkg generate` folder (default: generate one)")
    parser.add_argument("--ways", default="import,ingest", help="which ways to measure: import, ingest or both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-admin-") as root:
        data = args.data
        if data is None:
            data = Path(root) / "province"
            generate = ["generate", "--scale", str(args.scale), "--seed", "1", "--out", str(data)]
            subprocess.run([sys.executable, "-m", "jxkg.cli.main", *generate], check=True, capture_output=True)
        results = []
        ways = {"import": by_import, "ingest": by_ingest}
        for way in (ways[w] for w in args.ways.split(",")):  # one after the other, never side by side
            scratch = Path(root) / way.__name__
            scratch.mkdir()
            result = way(data, scratch)
            print(json.dumps(result, ensure_ascii=False), flush=True)
            results.append(result)
    print(f"\n{'way':<22} {'total s':>8} {'nodes':>8} {'relationships':>14}")
    for r in results:
        print(f"{r['way']:<22} {r['total_s']:>8} {r['nodes']:>8} {r['relationships']:>14}")


if __name__ == "__main__":
    main()
