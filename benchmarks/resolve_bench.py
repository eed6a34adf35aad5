"""Name-resolution benchmark on the embedded FalkorDB: latency of one resolution and of a batch of 100,
recall@1 on the typed variants of tests/queries/resolve_variants.tsv, and how often nonsense is
(wrongly) confident.

    .venv/bin/python benchmarks/resolve_bench.py                 # the curated graph
    .venv/bin/python benchmarks/resolve_bench.py --scale 1 --data-dir .jxkg/bench-s1   # + the synthetic province

With `--scale`, the graph is prepared (and kept for the next run) as benchmarks/query_bench.py does.
Figures: p50/p95 in ms of a single resolution with a held `Resolver` (warm), of the one-shot
`resolve()` (a fresh resolver each call), of a batch of 100, and the pinyin index's build time.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from query_bench import percentile, timed  # noqa: E402  (the benchmarks' folder is on the path just above)

VARIANTS = REPO / "tests" / "queries" / "resolve_variants.tsv"
NONSENSE = ["火星市", "hello world", "asdfghjkl", "月球基地", "巴黎圣母院", "quantum lab", "西湖龙井茶", "9876543"]


def variants() -> list[tuple[str, str]]:
    with VARIANTS.open(encoding="utf-8", newline="") as handle:
        return [(row["typed"], row["expected"]) for row in csv.DictReader(handle, delimiter="\t")]


def measure(store: Any, runs: int) -> dict[str, Any]:
    from jxkg.queries.resolve import Resolver, resolve

    rows = variants()
    started = time.perf_counter()
    resolver = Resolver(store)
    setup_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    resolver.resolve("nanchang daxue")  # builds the pinyin index
    pinyin_ms = (time.perf_counter() - started) * 1000

    hits = confident = 0
    for typed, expected in rows:
        resolution = resolver.resolve(typed)
        hits += bool(resolution.candidates) and resolution.candidates[0].id == expected
        confident += resolution.best is not None and resolution.best.id == expected
    false_confident = sum(resolver.resolve(text).confident for text in NONSENSE)

    texts = [typed for typed, _ in rows]
    cycle = iter(texts * (runs // len(texts) + 1))
    single = timed(lambda: resolver.resolve(next(cycle)), runs)
    chinese = [t for t in texts if not t.isascii()]
    cycle_zh = iter(chinese * (runs // len(chinese) + 1))
    single_zh = timed(lambda: resolver.resolve(next(cycle_zh)), runs)
    cycle_cold = iter(texts * 2)
    one_shot = timed(lambda: resolve(store, next(cycle_cold)), min(runs, len(texts)))
    batch = (texts * 3)[:100]
    batches = timed(lambda: [resolver.resolve(text) for text in batch], max(3, runs // 50))
    # the raw engine in the same run: one indexed lookup of an entity by its id, what a resolution
    # that is handed the exact id costs at the least
    ids = iter([expected for _, expected in rows] * (runs // len(rows) + 1))
    raw = timed(lambda: store.read("MATCH (n:Entity {id: $id}) RETURN n", {"id": next(ids)}), runs)

    def pair(samples: list[float]) -> dict[str, float]:
        return {"p50": round(percentile(samples, 0.5), 2), "p95": round(percentile(samples, 0.95), 2)}

    return {
        "variants": len(rows),
        "recall_at_1": round(hits / len(rows), 3),
        "confident_and_right": round(confident / len(rows), 3),
        "nonsense_confident": f"{false_confident}/{len(NONSENSE)}",
        "resolver_setup_ms": round(setup_ms, 1),
        "pinyin_index_build_ms": round(pinyin_ms, 1),
        "single_ms": pair(single),
        "single_chinese_ms": pair(single_zh),
        "one_shot_resolve_ms": pair(one_shot),
        "batch_of_100_ms": pair(batches),
        "raw_lookup_by_id_ms": pair(raw),
        "single_vs_raw_p50": round(percentile(single, 0.5) / max(percentile(raw, 0.5), 1e-6), 1),
    }


def curated_graph(runs: int) -> dict[str, Any]:
    from jxkg.ingest.pipeline import load_curated
    from jxkg.ingest.read.curated import default_curated_dir
    from jxkg.store.falkordb_engine import FalkorDBStore
    from jxkg.store.falkordb_server import EmbeddedFalkorDB
    from tests.conftest import free_port

    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedFalkorDB(Path(tmp), port=free_port())
        server.start()
        try:
            with FalkorDBStore(server.host, server.port, "resolve_bench") as store:
                load_curated(store, default_curated_dir())
                return {"graph": "curated", "nodes": store.size()[0]} | measure(store, runs)
        finally:
            server.stop()


def synthetic_graph(data_dir: Path, scale: float, seed: int, runs: int) -> dict[str, Any]:
    from query_bench import GRAPH, prepare

    from jxkg.store.falkordb_engine import FalkorDBStore

    data_dir.mkdir(parents=True, exist_ok=True)
    server, info = prepare(data_dir, scale, seed)
    try:
        with FalkorDBStore(server.host, server.port, GRAPH) as store:
            return {"graph": f"scale {scale}", "nodes": info.get("nodes")} | measure(store, runs)
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.0, help="also measure on the synthetic province")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=REPO / ".jxkg" / "bench-resolve")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    results = [curated_graph(args.runs)]
    if args.scale:
        results.append(synthetic_graph(args.data_dir, args.scale, args.seed, args.runs))
    for result in results:
        print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
