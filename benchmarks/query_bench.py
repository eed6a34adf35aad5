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
import http.client
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    from jxkg.ingest.pipeline import load_curated
    from jxkg.ingest.read.curated import default_curated_dir
    from jxkg.store.falkordb_engine import FalkorDBStore
    from jxkg.store.falkordb_server import EmbeddedFalkorDB
    from jxkg.synthetic.province import VERSION, generate
    from tests.conftest import free_port

    marker = data_dir / "bench.json"
    server = EmbeddedFalkorDB(data_dir, port=free_port())
    started = time.perf_counter()
    server.start()
    info: dict[str, Any] = {"restart_s": round(time.perf_counter() - started, 1)}
    if marker.exists() and json.loads(marker.read_text()).get("key") == [scale, seed, VERSION]:
        return server, json.loads(marker.read_text()) | info  # the load's figures, this start's restart time
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
        "key": [scale, seed, VERSION],
        "generate_s": round(t1 - t0, 1),
        "load_s": round(t2 - t1, 1),
        "nodes": stats.nodes,
        "relationships": stats.relationships,
    }
    marker.write_text(json.dumps(info))
    return server, info


def serve(server: Any, tmp: Path, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    """A real `jxkg serve --workers N` over the bench graph, keyless and unlimited, with uvicorn's access
    log as it is by default."""
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
        [sys.executable, "-m", "jxkg.cli.main", "serve", "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp / f"serve-{port}.log").open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=10):
                if workers > 1:
                    time.sleep(3)  # the first worker answers; let the others finish starting
                return process, base
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    # never leave the server behind: SIGTERM, so that uvicorn's supervisor stops its workers too (SIGKILL
    # would orphan them)
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log = (tmp / f"serve-{port}.log").read_text(errors="replace")[-2000:]
    raise SystemExit(f"jxkg serve --workers {workers} did not answer within 60 s:\n{log}")


class KeepAlive:
    """One kept-alive HTTP/1.1 connection from the standard library: the leanest client, so the
    measured overhead is the API's, not the client's (httpx adds about a millisecond a request)."""

    def __init__(self, base: str) -> None:
        host, port = base.removeprefix("http://").split(":")
        self._connection = http.client.HTTPConnection(host, int(port), timeout=600)

    def _send(self, method: str, path: str, payload: bytes | None, headers: dict[str, str]) -> bytes:
        for attempt in (1, 2):
            try:
                self._connection.request(method, path, payload, headers)
                response = self._connection.getresponse()
                data = response.read()
                break
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                # the server closes a connection idle past its keep-alive time: open a new one, once
                self._connection.close()
                if attempt == 2:
                    raise
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status} {data[:300]!r}")
        return data

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        data = self._send("POST", path, json.dumps(body).encode(), {"Content-Type": "application/json"})
        answer: dict[str, Any] = json.loads(data)
        return answer

    def get(self, path: str) -> bytes:
        return self._send("GET", path, None, {})

    def close(self) -> None:
        self._connection.close()


TARGET_MS = 100.0  # issue 26: every question's p95 at scale 1, with its example and with its defaults


def _runnable_cases(query: Any) -> list[tuple[str, dict[str, Any]]]:
    """The question with its documented example and with its defaults (no parameter given), the
    latter only when it has no required parameter."""
    cases: list[tuple[str, dict[str, Any]]] = [("example", dict(query.example))]
    if not any(p.required for p in query.parameters):
        cases.append(("defaults", {}))
    return cases


def _baseline(name: str, ref: str, folder: Path) -> Any | None:
    """The question as it was at git `ref` (None when it did not exist there or is unchanged since)."""
    from jxkg.queries.catalog import parse_query_file

    shown = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{ref}:jxkg/queries/{name}.cypher"], capture_output=True, text=True
    )
    current = (REPO / "jxkg" / "queries" / f"{name}.cypher").read_text(encoding="utf-8")
    if shown.returncode != 0 or shown.stdout == current:
        return None
    (folder / f"{name}.cypher").write_text(shown.stdout, encoding="utf-8")
    return parse_query_file(folder / f"{name}.cypher")


def _measure(call: Callable[[], Any], runs: int) -> tuple[float, float] | str:
    """p50 and p95 in ms, or what stopped the run (a timeout, an error status), so one slow case does
    not lose the others' figures."""
    try:
        samples = timed(call, runs)
    except Exception as exc:  # the bench reports and goes on
        return f"{type(exc).__name__}: {str(exc)[:80]}"
    return percentile(samples, 0.5), percentile(samples, 0.95)


def bench_catalog(  # long: one loop over questions and cases, timing three faces and the baseline
    server: Any, base: str, runs: int, only: list[str] | None = None, baseline_ref: str | None = None
) -> list[dict[str, Any]]:
    """Each question twice, with its example and with its defaults: raw / lib / http p50 and p95 (ms),
    the rows and bytes of the HTTP answer, and, with `baseline_ref`, the raw figures of the question's
    text at that git ref, timed in the same run (so a loaded machine slows both alike)."""
    from falkordb import FalkorDB

    from jxkg.queries import bind_parameters, load_catalog, run_named
    from jxkg.queries.entity_params import resolve_entity_parameters
    from jxkg.queries.resolve import Resolver
    from jxkg.store.falkordb_engine import FalkorDBStore

    raw_graph = FalkorDB(host=server.host, port=server.port).select_graph(GRAPH)
    figures = []
    http = KeepAlive(base)
    with (
        FalkorDBStore(server.host, server.port, GRAPH, timeout_s=600) as store,
        tempfile.TemporaryDirectory() as old_folder,
    ):
        # one resolver held, as the API holds one: a fresh one per run rebuilds the pinyin index for
        # an id such as 360000 (tens of seconds at scale 1), which is the CLI's start, not the question
        names = Resolver(store)
        for query in load_catalog():
            if only and query.name not in only:
                continue
            old = _baseline(query.name, baseline_ref, Path(old_folder)) if baseline_ref else None
            for case, given in _runnable_cases(query):
                print(f"... {query.name} ({case})", file=sys.stderr, flush=True)
                # the raw engine gets the ids the library resolves names to (resolution not timed)
                params, _ = resolve_entity_parameters(store, query, bind_parameters(query, given), names)
                figure: dict[str, Any] = {"query": query.name, "case": case}
                if old is not None:
                    known = {k: v for k, v in given.items() if k in {p.name for p in old.parameters}}
                    old_params, _ = resolve_entity_parameters(store, old, bind_parameters(old, known), names)
                    figure["before_raw"] = _measure(
                        lambda q=old.cypher, p=old_params: raw_graph.ro_query(q, p, timeout=600_000), runs
                    )
                figure["raw"] = _measure(
                    lambda q=query.cypher, p=params: raw_graph.ro_query(q, p, timeout=600_000), runs
                )
                figure["lib"] = _measure(lambda q=query, e=given: run_named(store, q, e, resolver=names), runs)
                path = f"/api/v1/queries/{query.name}/run"
                body = {"params": given, "limit": 10_000}
                try:
                    answer = http.post(path, body)
                    figure["rows"] = len(answer["rows"])
                    figure["bytes"] = len(json.dumps(answer, ensure_ascii=False).encode())
                except RuntimeError as exc:
                    figure["rows"], figure["bytes"] = None, None
                    figure["http"] = str(exc)[:120]
                if "http" not in figure:
                    figure["http"] = _measure(lambda p=path, b=body: http.post(p, b), runs)
                figures.append(figure)
                print(json.dumps({"catalog": figure}, ensure_ascii=False), flush=True)
    http.close()
    return figures


def _cell(value: Any, index: int) -> str:
    return f"{value[index]:>9.1f}" if isinstance(value, tuple | list) else f"{'-' if value is None else 'failed':>9}"


def print_catalog(catalog: list[dict[str, Any]]) -> None:
    print(
        f"{'query':36} {'case':8} {'rows':>6} {'KB':>7} {'before95':>9} {'raw p50':>9} {'raw p95':>9} "
        f"{'lib p95':>9} {'http p50':>9} {'http p95':>9}"
    )
    for f in catalog:
        size = f"{f['bytes'] / 1000:>7.1f}" if f.get("bytes") is not None else f"{'-':>7}"
        print(
            f"{f['query']:36} {f['case']:8} {f.get('rows') if f.get('rows') is not None else '-':>6} {size} "
            f"{_cell(f.get('before_raw'), 1)} {_cell(f['raw'], 0)} {_cell(f['raw'], 1)} {_cell(f['lib'], 1)} "
            f"{_cell(f['http'], 0)} {_cell(f['http'], 1)}"
        )

    def worst(f: dict[str, Any]) -> float:
        p95s = [f[k][1] for k in ("raw", "http") if isinstance(f[k], tuple | list)]
        return max(p95s) if len(p95s) == 2 else float("inf")

    missed = [f for f in catalog if worst(f) > TARGET_MS]
    print(f"over {TARGET_MS:.0f} ms at p95 (raw or http), or failed: {len(missed)} of {len(catalog)} runs")
    for f in missed:
        print(f"  {f['query']} ({f['case']}): raw {f['raw']}, http {f['http']}")


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
            {"from": "science-city:赣州稀金科创城", "to": "research-institute:中国科学院赣江创新研究院", "maxHops": 3},
        ),
    }
    figures = []
    http = KeepAlive(base)
    for name, (path, params) in calls.items():
        url = f"{urllib.parse.quote(path)}?{urllib.parse.urlencode(params)}"
        http.get(url)
        samples = timed(lambda u=url: http.get(u), runs)
        figures.append({"read": name, "http_p50": percentile(samples, 0.5), "http_p95": percentile(samples, 0.95)})
    http.close()
    return figures


def _load_worker(job: tuple[str, list[str], int, float]) -> tuple[int, int, list[float]]:
    """One load-generating process: its share of the requests, one kept-alive connection, until the deadline."""
    base, paths, count, deadline = job
    http = KeepAlive(base)
    done = failed = 0
    latencies: list[float] = []
    for n in range(count):
        if time.time() > deadline:
            break
        started = time.perf_counter()
        try:
            http.get(paths[n % len(paths)])
        except RuntimeError:
            failed += 1
        latencies.append((time.perf_counter() - started) * 1000)
        done += 1
    http.close()
    return done, failed, latencies


def load_paths(server: Any) -> list[str]:
    """The entity reads the load test asks for: 2,000 enterprises and 500 platforms, shuffled."""
    from jxkg.store.falkordb_engine import FalkorDBStore

    with FalkorDBStore(server.host, server.port, GRAPH) as store:
        ids = [str(r["id"]) for r in store.read("MATCH (n:Enterprise) RETURN n.id AS id LIMIT 2000")]
        ids += [str(r["id"]) for r in store.read("MATCH (n:Platform) RETURN n.id AS id LIMIT 500")]
    random.Random(1).shuffle(ids)
    return [f"/api/v1/entities/{urllib.parse.quote(i)}" for i in ids]


def bench_load(
    base: str, paths: list[str], requests: int, concurrency: int, seconds: float, workers: int = 1
) -> dict[str, Any]:
    """Requests/s on GET /api/v1/entities/{id} from `concurrency` processes on this machine, each on one
    kept-alive connection (bounded in count and time)."""
    deadline = time.time() + seconds
    share = max(1, requests // concurrency)
    started = time.perf_counter()
    with multiprocessing.Pool(concurrency) as pool:
        results = pool.map(_load_worker, [(base, paths[k::concurrency], share, deadline) for k in range(concurrency)])
    elapsed = time.perf_counter() - started
    done = sum(r[0] for r in results)
    latencies = [x for r in results for x in r[2]]
    return {
        "workers": workers,
        "concurrency": concurrency,
        "requests": done,
        "failed": sum(r[1] for r in results),
        "seconds": round(elapsed, 2),
        "requests_per_s": round(done / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def run_load(server: Any, tmp: Path, args: argparse.Namespace) -> list[dict[str, Any]]:
    """The load test at each concurrency level, against `jxkg serve --workers N` for each N asked."""
    paths = load_paths(server)
    figures = []
    for workers in args.workers:
        process, base = serve(server, tmp, workers)
        try:
            for concurrency in args.concurrency:
                print(f"... load: {workers} workers, concurrency {concurrency}", file=sys.stderr, flush=True)
                figures.append(bench_load(base, paths, args.requests, concurrency, args.seconds, workers))
                print(json.dumps({"load": figures[-1]}), file=sys.stderr, flush=True)  # kept should a later one fail
        finally:
            process.terminate()
            process.wait(timeout=30)
    return figures


def print_load(figures: list[dict[str, Any]]) -> None:
    head = f"{'GET /api/v1/entities/{id}':28} {'workers':>7} {'conc.':>5} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7}"
    print(f"{head} {'failed':>6}")
    for f in figures:
        print(
            f"{'':28} {f['workers']:>7} {f['concurrency']:>5} {f['requests_per_s']:>8.1f} {f['p50_ms']:>7.2f} "
            f"{f['p95_ms']:>7.2f} {f['failed']:>6}"
        )
    for f in figures:
        print(json.dumps({"load": f}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=REPO / ".jxkg" / "bench-s1")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (after 2 warm-up runs)")
    parser.add_argument("--requests", type=int, default=6000, help="at most this many requests in the load test")
    parser.add_argument("--seconds", type=float, default=20.0, help="and for at most this long")
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[1, 8, 32], help="load-generating processes, one run each"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="jxkg serve --workers, one run each")
    parser.add_argument("--load-only", action="store_true", help="run only the load test (no catalog, no explorer)")
    parser.add_argument(
        "--catalog-only", action="store_true", help="time only the catalog questions (no explorer reads, no load test)"
    )
    parser.add_argument("--questions", nargs="*", default=None, help="only these catalog questions (by name)")
    parser.add_argument(
        "--baseline", default=None, help="also time each changed question's raw text as it was at this git ref"
    )
    args = parser.parse_args()

    server, info = prepare(args.data_dir, args.scale, args.seed)
    print(json.dumps({"graph": info}, ensure_ascii=False))
    if args.load_only:
        try:
            with tempfile.TemporaryDirectory() as tmp:
                print_load(run_load(server, Path(tmp), args))
        finally:
            server.stop()
        return
    try:
        with tempfile.TemporaryDirectory() as tmp:
            process, base = serve(server, Path(tmp))
            try:
                catalog = bench_catalog(server, base, args.runs, args.questions, args.baseline)
                explorer = [] if args.catalog_only else bench_explorer(server, base, args.runs)
            finally:
                process.terminate()
                process.wait(timeout=30)
            load = [] if args.catalog_only else run_load(server, Path(tmp), args)
    finally:
        server.stop()
    print_catalog(catalog)
    for f in explorer:
        print(f"{f['read']:44} {'':>6} {'':>8} {'':>8} {'':>8} {f['http_p50']:>9.2f} {f['http_p95']:>9.2f}")
    overheads = [
        f["http"][0] - f["raw"][0] for f in catalog if isinstance(f["http"], tuple) and isinstance(f["raw"], tuple)
    ]
    if overheads:
        print(f"API overhead p50 over the catalog: median {statistics.median(overheads):.2f} ms")
    if load:
        print_load(load)
    for f in explorer:
        print(json.dumps({"explorer": f}, ensure_ascii=False))


if __name__ == "__main__":
    main()
