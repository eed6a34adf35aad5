"""Fairness benchmark (issue 26, item 4): a reader's latency idle and while analysts run heavy Cypher.

    .venv/bin/python benchmarks/fairness_bench.py --scale 0.1 --data-dir .jxkg/bench-s01

On the synthetic province on the embedded FalkorDB (`query_bench.prepare`, so the graph in
`--data-dir` is reused), through a real `jxkg serve` on loopback (`query_bench.serve`): the p50/p95 of
`GET /api/v1/entities/{id}` (a hub, 360700, and a county, 360722) idle, then while `--heavy` analyst queries
(`MATCH p=(a:Entity)-[*1..8]-(b:Entity) RETURN count(p)`, each stopped by the engine at
`JXKG_QUERY_TIMEOUT` and sent again) run through `POST /api/v1/cypher`. The raw engine's read of the
same entity (the falkordb client's `ro_query`) is measured beside it in the same run, idle and
loaded, so the ratio says what the API adds. The API runs keyless on loopback, so every request is
one client, as the issue's four queries from one analyst key: the budget's settings keep their
defaults unless `--per-key` / `--total` say otherwise (`--per-key 4` lets four run as four analysts
would, up to the total), and how the heavy queries ended (504 at the limit, 429/503 past the budget,
each then waiting its Retry-After) is counted. Goal: loaded p95 <= 2x idle p95.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from query_bench import GRAPH, KeepAlive, percentile, prepare, serve, timed  # noqa: E402

HEAVY = "MATCH p=(a:Entity)-[*1..8]-(b:Entity) RETURN count(p) AS n"
READS = {"entity 360700 (hub)": "/api/v1/entities/360700", "entity 360722 (leaf)": "/api/v1/entities/360722"}
RAW = "MATCH (n:Entity {id: $id}) RETURN n"


class Analysts:
    """`count` threads, each sending the heavy query again as soon as the last one ended."""

    def __init__(self, base: str, count: int) -> None:
        self._base, self._stop = base, threading.Event()
        self.outcomes: Counter[int] = Counter()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(count)]

    def _run(self) -> None:
        body = json.dumps({"query": HEAVY}).encode()
        while not self._stop.is_set():
            request = urllib.request.Request(
                f"{self._base}/api/v1/cypher", body, {"Content-Type": "application/json"}, method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=600) as response:
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
                if status in (429, 503):
                    time.sleep(float(exc.headers.get("Retry-After", "1")))
            with self._lock:
                self.outcomes[status] += 1

    def __enter__(self) -> Analysts:
        for thread in self._threads:
            thread.start()
        time.sleep(2.0)  # the heavy queries under way before the first sample
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)


def sample(server: Any, base: str, runs: int) -> dict[str, dict[str, float]]:
    from jxkg.store.falkordb_engine import FalkorDBStore

    figures: dict[str, dict[str, float]] = {}
    http = KeepAlive(base)
    with FalkorDBStore(server.host, server.port, GRAPH) as store:
        for name, path in READS.items():
            entity = path.rsplit("/", 1)[1]
            raw = timed(lambda e=entity: store._graph.ro_query(RAW, {"id": e}), runs)
            served = timed(lambda p=path: http.get(p), runs)
            figures[name] = {
                "raw_p50": percentile(raw, 0.5),
                "raw_p95": percentile(raw, 0.95),
                "http_p50": percentile(served, 0.5),
                "http_p95": percentile(served, 0.95),
            }
    http.close()
    return figures


NESTING = {
    "( )": lambda n: "RETURN " + "(" * n + "1" + ")" * n,
    "[ ]": lambda n: "RETURN " + "[" * n + "1" + "]" * n,
    "{a: }": lambda n: "RETURN " + "{a:" * n + "1" + "}" * n,
}


def parse_times(server: Any, depths: range) -> list[dict[str, Any]]:
    """The raw engine's time for `RETURN` of one value nested `depth` deep, against `RETURN 1` in the
    same run: what JXKG_MAX_QUERY_NESTING bounds (no time limit covers FalkorDB's parsing). Stops a
    kind at the first depth over a second, so the run cannot hold the server for minutes."""
    from jxkg.store.falkordb_engine import FalkorDBStore

    figures = []
    with FalkorDBStore(server.host, server.port, GRAPH) as store:
        base = percentile(timed(lambda: store._graph.ro_query("RETURN 1"), 20), 0.5)
        for kind, text in NESTING.items():
            for depth in depths:
                started = time.perf_counter()
                store._graph.ro_query(text(depth))
                elapsed = (time.perf_counter() - started) * 1000
                figures.append({"kind": kind, "depth": depth, "ms": elapsed, "x_return_1": elapsed / base})
                if elapsed > 1000:
                    break
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=REPO / ".jxkg" / "bench-s01")
    parser.add_argument("--runs", type=int, default=200, help="timed reads per entity and phase (after 2 warm-up)")
    parser.add_argument("--heavy", type=int, default=4, help="heavy analyst queries running at once")
    parser.add_argument("--parse", action="store_true", help="also time the engine's parsing of nested brackets")
    parser.add_argument("--per-key", type=int, default=None, help="JXKG_CYPHER_PER_KEY for the run")
    parser.add_argument("--total", type=int, default=None, help="JXKG_CYPHER_TOTAL for the run")
    args = parser.parse_args()

    for name, value in (("JXKG_CYPHER_PER_KEY", args.per_key), ("JXKG_CYPHER_TOTAL", args.total)):
        if value is not None:
            os.environ[name] = str(value)  # the served API reads them (query_bench.serve passes the environment)
    server, info = prepare(args.data_dir, args.scale, args.seed)
    print(json.dumps({"graph": info}, ensure_ascii=False))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            process, base = serve(server, Path(tmp))
            try:
                idle = sample(server, base, args.runs)
                with Analysts(base, args.heavy) as analysts:
                    loaded = sample(server, base, args.runs)
            finally:
                process.terminate()
                process.wait(timeout=30)
        parsing = parse_times(server, range(8, 20, 2)) if args.parse else []
    finally:
        server.stop()
    for figure in parsing:
        print(json.dumps({"parse": figure}, ensure_ascii=False))
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(f"heavy queries' outcomes (HTTP status: count): {dict(sorted(analysts.outcomes.items()))}")
    header = f"{'read':24} {'idle p50':>9} {'idle p95':>9} {'heavy p50':>10} {'heavy p95':>10} {'p95 ratio':>9}"
    print(header + f" {'raw idle p95':>12} {'raw heavy p95':>13}")
    for name in READS:
        a, b = idle[name], loaded[name]
        ratio = b["http_p95"] / a["http_p95"]
        print(
            f"{name:24} {a['http_p50']:>9.2f} {a['http_p95']:>9.2f} {b['http_p50']:>10.2f} {b['http_p95']:>10.2f} "
            f"{ratio:>9.2f} {a['raw_p95']:>12.2f} {b['raw_p95']:>13.2f}"
        )
        budget = {"per_key": os.environ.get("JXKG_CYPHER_PER_KEY"), "total": os.environ.get("JXKG_CYPHER_TOTAL")}
        print(json.dumps({"read": name, "idle": a, "heavy": b, "p95_ratio": ratio, "analysts": args.heavy} | budget))


if __name__ == "__main__":
    main()
