"""What one `GET /api/v1/entities/{id}/neighbors` page costs at a hub, layer by layer, in one process:

    .venv/bin/python benchmarks/neighbours_cost.py --port 6391 --graph bench --id 360100
    .venv/bin/python benchmarks/neighbours_cost.py --port 6391 --graph bench --id 360100 --repo /tmp/main-src

`--repo` runs another tree's jxkg (e.g. `git archive main | tar -x -C /tmp/main-src`): the same pages
measured on the code before a change, against the same graph in the same minutes. Read-only: the
graph is only read.

Three pages of `limit` neighbours at depth 1: the first, the second (its `nextCursor`), and a deep one
(the page at the first cursor past `--deep` neighbours, reached with pages of 500). For each:
1. the engine: the reads the library made for that page, replayed through the falkordb client;
2. the library: `explore.neighbours(store, schema, id, limit=, cursor=)`;
3. the app: the whole ASGI app called in-process (routing, dependencies, middleware, JSON), no socket.
Figures are ms, the median of `--runs`, with their ratio to the engine in the same run; the load
average is printed. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

# the sibling benchmarks (this folder is the script's own on sys.path): one ASGI GET, one timer
from entity_cost import asgi_get
from query_bench import timed


def median_ms(call: Callable[[], Any], runs: int) -> float:
    return statistics.median(timed(call, runs, warmup=1))


def recorded(store: Any, call: Callable[[], Any]) -> tuple[list[tuple[str, dict[str, Any]]], Any]:
    """The reads `call` makes through `store` (query, parameters), and what it answers."""
    reads: list[tuple[str, dict[str, Any]]] = []
    original = store.read

    def counting(query: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        reads.append((query, dict(params or {})))
        return original(query, params, **kw)

    store.read = counting
    try:
        return reads, call()
    finally:
        store.read = original


def main() -> None:  # long: one pass over three pages and three layers, printed as one table
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--graph", default="bench")
    parser.add_argument("--id", default="360100", help="the hub")
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--deep", type=int, default=20_000, help="the deep page starts past this many neighbours")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))

    from jxkg.graph_api.app import create_app
    from jxkg.ontology.schema import load_schema
    from jxkg.queries import explore
    from jxkg.settings import Settings
    from jxkg.store.falkordb_engine import FalkorDBStore

    print(f"jxkg from {Path(explore.__file__).resolve().parent.parent}; load average {os.getloadavg()}")
    schema = load_schema()
    store = FalkorDBStore(args.host, args.port, args.graph)
    cursors: dict[str, str | None] = {"first": None}
    cursors["second"] = explore.neighbours(store, schema, args.id, limit=args.limit).next_cursor
    given, cursor = 0, None
    while given < args.deep:
        page = explore.neighbours(store, schema, args.id, limit=500, cursor=cursor)
        given, cursor = given + len(page.nodes) - 1, page.next_cursor
    cursors["deep"] = cursor

    settings = Settings(
        JXKG_FALKORDB_HOST=args.host, JXKG_FALKORDB_PORT=args.port, JXKG_GRAPH=args.graph, JXKG_API_KEYS=""
    )
    app = create_app(settings)
    app.state.store = FalkorDBStore(args.host, args.port, args.graph)  # what the lifespan does
    loop = asyncio.new_event_loop()
    path = f"/api/v1/entities/{urllib.parse.quote(args.id)}/neighbors"
    header = ("page", "reads", "engine", "library", "ratio", "app", "ratio")
    print("{:8} {:>5} {:>9} {:>9} {:>6} {:>9} {:>6}  neighbours by class".format(*header))
    for name, at in cursors.items():
        reads, drawn = recorded(
            store, lambda cursor=at: explore.neighbours(store, schema, args.id, limit=args.limit, cursor=cursor)
        )
        classes: dict[str, int] = {}
        for node in drawn.nodes[1:]:
            classes[node.type] = classes.get(node.type, 0) + 1

        def engine(captured: list[tuple[str, dict[str, Any]]] = reads) -> None:
            for query, params in captured:
                store._graph.ro_query(query, params)

        def library(cursor: str | None = at) -> None:
            explore.neighbours(store, schema, args.id, limit=args.limit, cursor=cursor)

        query = urllib.parse.urlencode({"limit": args.limit, **({"cursor": at} if at else {})})
        assert asgi_get(app, path, loop, query) == 200
        raw, lib = median_ms(engine, args.runs), median_ms(library, args.runs)
        served = median_ms(lambda q=query: asgi_get(app, path, loop, q), args.runs)
        top = ", ".join(f"{k} {v}" for k, v in sorted(classes.items(), key=lambda kv: -kv[1])[:4])
        figures = f"{raw:7.1f}ms {lib:7.1f}ms {lib / raw:5.2f}x {served:7.1f}ms {served / raw:5.2f}x"
        print(f"{name:8} {len(reads):5} {figures}  {len(classes)} classes: {top}, ...")
    loop.close()
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
