"""Where one `GET /api/v1/entities/{id}` spends its time, layer by layer, in one process (no load generator):

    .venv/bin/python benchmarks/entity_cost.py --port 6391 --graph bench     # a running FalkorDB holding the graph

1. the engine: the entity's Cypher through the falkordb client (`explore.entity`'s reads, counted);
2. the library: `explore.entity(store, schema, id)`, what the route calls;
3. the view: that plus the response model's JSON (`model_dump_json`), what FastAPI adds to build the body;
4. the app: the whole ASGI app called in-process (routing, dependencies, key and rate-limit middleware,
   the threadpool hop for the sync route), no socket;
5. HTTP: one kept-alive connection to a `jxkg serve` (1 worker) on loopback, if `--base` is given.

Each figure is ms per request (median of `--runs` passes over the same ids), printed with its ratio to the
engine's in the same run. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import statistics
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def per_call(call: Callable[[str], Any], ids: list[str], runs: int) -> float:
    """Median over `runs` passes of the mean ms per id."""
    for entity_id in ids[:20]:
        call(entity_id)
    passes = []
    for _ in range(runs):
        started = time.perf_counter()
        for entity_id in ids:
            call(entity_id)
        passes.append((time.perf_counter() - started) * 1000 / len(ids))
    return statistics.median(passes)


def asgi_get(app: Any, path: str) -> int:
    """One GET through the ASGI app, in-process (a minimal ASGI server: scope, receive, send)."""
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": urllib.parse.unquote(path),
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(app(scope, receive, send))
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--graph", default="bench")
    parser.add_argument("--base", help="a running jxkg serve, e.g. http://127.0.0.1:8000")
    parser.add_argument("--ids", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from jxkg.graph_api.app import create_app
    from jxkg.ontology.schema import load_schema
    from jxkg.queries import explore
    from jxkg.settings import Settings
    from jxkg.store.falkordb_engine import FalkorDBStore

    schema = load_schema()
    settings = Settings(
        JXKG_FALKORDB_HOST=args.host, JXKG_FALKORDB_PORT=args.port, JXKG_GRAPH=args.graph, JXKG_API_KEYS=""
    )
    with FalkorDBStore(args.host, args.port, args.graph) as store:
        ids = [str(r["id"]) for r in store.read(f"MATCH (n:Enterprise) RETURN n.id AS id LIMIT {args.ids}")]
        reads: list[tuple[str, dict[str, Any]]] = []
        original = store.read

        def counting(query: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
            reads.append((query, dict(params or {})))
            return original(query, params, **kw)

        store.read = counting  # type: ignore[method-assign]
        explore.entity(store, schema, ids[0])
        store.read = original  # type: ignore[method-assign]
        per_request = len(reads)

        def engine(entity_id: str) -> None:
            for query, params in reads:
                store.read(query, {k: (entity_id if v == ids[0] else v) for k, v in params.items()})

        figures = {
            f"engine ({per_request} reads through the store)": per_call(engine, ids, args.runs),
            "library: explore.entity": per_call(lambda i: explore.entity(store, schema, i), ids, args.runs),
            "view: + model_dump_json": per_call(
                lambda i: explore.entity(store, schema, i).model_dump_json(by_alias=True), ids, args.runs
            ),
        }
    app = create_app(settings)

    async def lifespan() -> None:
        store_for_app = FalkorDBStore(args.host, args.port, args.graph)
        app.state.store = store_for_app

    asyncio.run(lifespan())
    paths = [f"/api/v1/entities/{urllib.parse.quote(i)}" for i in ids]
    assert asgi_get(app, paths[0]) == 200
    figures["app: the ASGI app in-process"] = per_call(lambda p: asgi_get(app, p), paths, args.runs)
    if args.base:
        host, port = args.base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port))

        def over_http(path: str) -> None:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            assert response.status == 200

        figures["HTTP: jxkg serve, one connection"] = per_call(over_http, paths, args.runs)
    base = next(iter(figures.values()))
    for name, ms in figures.items():
        print(f"{name:44} {ms:7.3f} ms  {ms / base:5.2f}x the engine")


if __name__ == "__main__":
    main()
