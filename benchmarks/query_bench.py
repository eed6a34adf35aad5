"""Query and API benchmark: every catalog question, the explorer's reads and the HTTP API, on the synthetic
province (curated data plus `jxkg generate`) on the embedded FalkorDB.

    .venv/bin/python benchmarks/query_bench.py --scale 1 --data-dir .jxkg/bench-s1

Figures, per question: p50/p95 of the raw engine (the falkordb client's `ro_query` with the same
text and parameters), of the library (`run_named`, what the CLI runs) and of HTTP (`POST
/api/v1/queries/{name}/run` through a real `jxkg serve` on loopback); the API's overhead is the HTTP
p50 minus the raw p50 measured in the same run. Then requests/s on `GET /api/v1/entities/{id}`
from a load generator on loopback (bounded in count and time). Printed as a table and as JSON
lines. The loaded graph is kept in `--data-dir` and reused by the next run with the same scale
and seed. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

GRAPH = "bench"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def timed(call: Callable[[], Any], runs: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def prepare(data_dir: Path, scale: float, seed: int) -> tuple[Any, dict[str, Any]]:
    """The embedded server on `data_dir`, holding the curated data and the synthetic province."""
    from jxkg.ingest.curated import default_curated_dir, load_curated
    from jxkg.ingest.generate import generate
    from jxkg.store.falkordb_engine import FalkorDBStore
    from jxkg.store.falkordb_server import EmbeddedFalkorDB
    from tests.conftest import free_port

    marker = data_dir / "bench.json"
    server = EmbeddedFalkorDB(data_dir, port=free_port())
    started = time.perf_counter()
    server.start()
    info: dict[str, Any] = {"restart_s": round(time.perf_counter() - started, 1)}
    if marker.exists() and json.loads(marker.read_text()).get("key") == [scale, seed]:
        info |= json.loads(marker.read_text())
        return server, info
    with FalkorDBStore(server.host, server.port, GRAPH, timeout_s=3600) as store, tempfile.TemporaryDirectory() as tmp:
        store.clear()
        curated = default_curated_dir()
        t0 = time.perf_counter()
        generate(Path(tmp) / "province", scale=scale, seed=seed, curated=curated)
        t1 = time.perf_counter()
        report = load_curated(store, curated)
        assert not report.problems, report.problems[:5]
        report = load_curated(store, Path(tmp) / "province")
        assert not report.problems, report.problems[:5]
        t2 = time.perf_counter()
        store.compact(timeout_s=1800)
        stats = store.stats()
    info |= {
        "key": [scale, seed],
        "generate_s": round(t1 - t0, 1),
        "load_s": round(t2 - t1, 1),
        "nodes": stats.nodes,
        "relationships": stats.relationships,
    }
    marker.write_text(json.dumps(info))
    return server, info


def serve(server: Any, tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    from tests.conftest import free_port

    port = free_port()
    env = {
        **os.environ,
        "JXKG_ENGINE": "falkordb",
        "JXKG_FALKORDB_PORT": str(server.port),
        "JXKG_GRAPH": GRAPH,
        "JXKG_API_PORT": str(port),
        "JXKG_API_KEYS": "",
        "JXKG_API_KEYS_FILE": "",
        "JXKG_RATE_LIMIT": "0",
        "JXKG_DATA_DIR": str(tmp),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "jxkg.cli.main", "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2):
                return process, base
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    process.kill()
    raise SystemExit("jxkg serve did not answer within 60 s")


def bench_catalog(server: Any, base: str, runs: int) -> list[dict[str, Any]]:
    from falkordb import FalkorDB

    from jxkg.queries import bind_parameters, load_catalog, run_named
    from jxkg.store.falkordb_engine import FalkorDBStore

    raw_graph = FalkorDB(host=server.host, port=server.port).select_graph(GRAPH)
    figures = []
    with FalkorDBStore(server.host, server.port, GRAPH, timeout_s=600) as store, httpx.Client(timeout=600) as http:
        for query in load_catalog():
            params = bind_parameters(query, query.example)
            raw = timed(lambda q=query.cypher, p=params: raw_graph.ro_query(q, p, timeout=600_000), runs)
            library = timed(lambda q=query, e=query.example: run_named(store, q, e), runs)
            url = f"{base}/api/v1/queries/{query.name}/run"
            answer = http.post(url, json={"params": query.example, "limit": 10_000})
            answer.raise_for_status()
            over_http = timed(
                lambda u=url, e=query.example: http.post(u, json={"params": e, "limit": 10_000}).raise_for_status(),
                runs,
            )
            figures.append(
                {
                    "query": query.name,
                    "rows": len(answer.json()["rows"]),
                    "raw_p50": percentile(raw, 0.5),
                    "raw_p95": percentile(raw, 0.95),
                    "lib_p50": percentile(library, 0.5),
                    "lib_p95": percentile(library, 0.95),
                    "http_p50": percentile(over_http, 0.5),
                    "http_p95": percentile(over_http, 0.95),
                    "overhead_p50": percentile(over_http, 0.5) - percentile(raw, 0.5),
                }
            )
    return figures


def bench_explorer(server: Any, base: str, runs: int) -> list[dict[str, Any]]:
    """The explorer's reads over HTTP, on a hub (a city) and a leaf."""
    calls = {
        "search 科创城": ("/api/v1/search", {"q": "科创城", "limit": 20}),
        "search 合成企业0001": ("/api/v1/search", {"q": "合成企业0001", "limit": 20}),
        "entity 360700": ("/api/v1/entities/360700", {}),
        "neighbors 360700 limit 100": ("/api/v1/entities/360700/neighbors", {"limit": 100}),
        "neighbors 科创城 depth 2": (
            "/api/v1/entities/science-city:赣州稀金科创城/neighbors",
            {"depth": 2, "limit": 100},
        ),
        "paths 科创城 to 研究院": (
            "/api/v1/paths",
            {"from": "science-city:赣州稀金科创城", "to": "research-institute:中国科学院赣江创新研究院", "max_hops": 3},
        ),
    }
    figures = []
    with httpx.Client(base_url=base, timeout=600) as http:
        for name, (path, params) in calls.items():
            http.get(path, params=params).raise_for_status()
            samples = timed(lambda p=path, q=params: http.get(p, params=q).raise_for_status(), runs)
            figures.append({"read": name, "http_p50": percentile(samples, 0.5), "http_p95": percentile(samples, 0.95)})
    return figures


async def _load(base: str, ids: list[str], requests: int, concurrency: int, seconds: float) -> dict[str, Any]:
    done = 0
    failed = 0
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    counter = iter(range(requests))

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal done, failed
        for n in counter:
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            response = await client.get(f"/api/v1/entities/{ids[n % len(ids)]}")
            latencies.append((time.perf_counter() - started) * 1000)
            done += 1
            failed += response.status_code != 200

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {
        "requests": done,
        "failed": failed,
        "seconds": round(elapsed, 2),
        "requests_per_s": round(done / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
    }


def bench_load(server: Any, base: str, requests: int, concurrency: int, seconds: float) -> dict[str, Any]:
    from jxkg.store.falkordb_engine import FalkorDBStore

    with FalkorDBStore(server.host, server.port, GRAPH) as store:
        ids = [str(r["id"]) for r in store.read("MATCH (n:Enterprise) RETURN n.id AS id LIMIT 2000")]
        ids += [str(r["id"]) for r in store.read("MATCH (n:Platform) RETURN n.id AS id LIMIT 500")]
    random.Random(1).shuffle(ids)
    return asyncio.run(_load(base, ids, requests, concurrency, seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=REPO / ".jxkg" / "bench-s1")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (after 2 warm-up runs)")
    parser.add_argument("--requests", type=int, default=6000, help="at most this many requests in the load test")
    parser.add_argument("--seconds", type=float, default=20.0, help="and for at most this long")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    server, info = prepare(args.data_dir, args.scale, args.seed)
    print(json.dumps({"graph": info}, ensure_ascii=False))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            process, base = serve(server, Path(tmp))
            try:
                catalog = bench_catalog(server, base, args.runs)
                explorer = bench_explorer(server, base, args.runs)
                load = bench_load(server, base, args.requests, args.concurrency, args.seconds)
            finally:
                process.terminate()
                process.wait(timeout=30)
    finally:
        server.stop()
    print(
        f"{'query':44} {'rows':>6} {'raw p50':>8} {'raw p95':>8} {'lib p50':>8} {'http p50':>9} {'http p95':>9} "
        f"{'overhead':>8}"
    )
    for f in catalog:
        print(
            f"{f['query']:44} {f['rows']:>6} {f['raw_p50']:>8.2f} {f['raw_p95']:>8.2f} {f['lib_p50']:>8.2f} "
            f"{f['http_p50']:>9.2f} {f['http_p95']:>9.2f} {f['overhead_p50']:>8.2f}"
        )
    for f in explorer:
        print(f"{f['read']:44} {'':>6} {'':>8} {'':>8} {'':>8} {f['http_p50']:>9.2f} {f['http_p95']:>9.2f}")
    overheads = [f["overhead_p50"] for f in catalog]
    print(f"API overhead p50 over the catalog: median {statistics.median(overheads):.2f} ms")
    print(f"GET /api/v1/entities/{{id}}: {load}")
    for f in catalog:
        print(json.dumps({"catalog": f}, ensure_ascii=False))
    for f in explorer:
        print(json.dumps({"explorer": f}, ensure_ascii=False))
    print(json.dumps({"load": load}))


if __name__ == "__main__":
    main()
