"""What paging costs a search: every page of `GET /search` now ranks one pool of candidates (the
full-text index's first `POOL` = 250 hits per form of the text, whatever the page's `limit`), where a
search of 20 used to rank the first 100. On the synthetic province, for a few texts: p50 ms of the
raw engine's full-text call for the text (250 hits), of a page of 20 ranked from the former pool
(100) and from the pool every page now ranks, the ratio of the two, and `total`.

    .venv/bin/python benchmarks/search_bench.py --scale 1 --seed 11 --data-dir .jxkg/bench-s1 [--runs 30]

The graph is prepared (and kept for the next run) as benchmarks/query_bench.py does; the load
average is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from query_bench import GRAPH, prepare, timed  # noqa: E402  (the benchmarks' folder is on the path just above)

TEXTS = ("科创城", "合成企业01900", "科技", "南昌", "Ganzhou", "稀金")
FORMER_POOL = 100  # min(limit * 5, 250) for a page of 20, before searches paged


def measure(store: Any, runs: int) -> list[dict[str, Any]]:
    from jxkg.ontology.schema import load_schema
    from jxkg.queries.resolve import Resolver
    from jxkg.queries.resolve.candidates import name_index
    from jxkg.queries.resolve.score import Query
    from jxkg.queries.search import POOL, search_page
    from jxkg.queries.search.entities import _ranked

    schema = load_schema()
    resolver = Resolver(store, schema)
    index, fields = name_index(schema)
    rows = []
    for text in TEXTS:
        query = Query.of(text, resolver.normaliser)
        raw = timed(lambda t=text: store.search_text(index, t, label=None, limit=POOL, fields=fields), runs)
        former = timed(lambda t=text, q=query: _ranked(t, resolver.scored(q, None, whole_limit=FORMER_POOL))[:20], runs)
        now = timed(lambda t=text: search_page(store, schema, t, limit=20, resolver=resolver), runs)
        page = search_page(store, schema, text, limit=20, resolver=resolver)
        p50 = {name: statistics.median(samples) for name, samples in (("raw", raw), ("former", former), ("now", now))}
        rows.append(
            {"text": text, **{k: round(v, 1) for k, v in p50.items()}}
            | {"now/former": round(p50["now"] / p50["former"], 2), "now/raw": round(p50["now"] / p50["raw"], 1)}
            | {"total": page.total}
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--data-dir", type=Path, default=REPO / ".jxkg" / "bench-s1")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    from jxkg.store.falkordb_engine import FalkorDBStore

    args.data_dir.mkdir(parents=True, exist_ok=True)
    server, info = prepare(args.data_dir, args.scale, args.seed)
    try:
        with FalkorDBStore(server.host, server.port, GRAPH) as store:
            print(json.dumps({"nodes": info.get("nodes"), "load_average": os.getloadavg()}))
            for row in measure(store, args.runs):
                print(json.dumps(row, ensure_ascii=False))
            print(json.dumps({"load_average": os.getloadavg()}))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
