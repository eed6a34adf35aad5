"""Where one `GET /api/v1/entities/{id}` spends its time, layer by layer, in one process (no load generator):

    .venv/bin/python benchmarks/entity_cost.py --port 6391 --graph bench     # a running FalkorDB holding the graph

1. the engine: the entity's Cypher through the falkordb client (`explore.entity`'s reads, counted);
2. the library: `explore.entity(store, schema, id)`, what the route calls;
3. the view: that plus the response model's JSON (`model_dump_json`), what FastAPI adds to build the body;
4. the app: the whole ASGI app called in-process (routing, dependencies, key and rate-limit middleware,
   the threadpool hop for the sync route), no socket;
5. HTTP: one kept-alive connection to a `jxkg serve` (1 worker) on loopback, if `--base` is given.

Each figure is ms per request (median of `--runs` passes over the same ids): wall time, with its ratio to
the engine's in the same run, and the CPU time of this process (for HTTP: the client's only). The in-process
app runs on asyncio's own loop, not uvloop, and hops to a thread for the sync route as the server does.
See docs/benchmarks.md.
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


def per_call(call: Callable[[str], Any], ids: list[str], runs: int) -> tuple[float, float]:
    """Medians over `runs` passes of the mean ms per id: wall time, and this process's CPU time (which
    the other sessions' load on a shared machine disturbs less)."""
    for entity_id in ids[:20]:
        call(entity_id)
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        for entity_id in ids:
            call(entity_id)
        walls.append((time.perf_counter() - started) * 1000 / len(ids))
        cpus.append((time.process_time() - cpu) * 1000 / len(ids))
    return statistics.median(walls), statistics.median(cpus)


def asgi_get(app: Any, path: str, loop: asyncio.AbstractEventLoop, query: str = "") -> int:
    """One GET through the ASGI app, in-process on `loop` (a minimal ASGI server: scope, receive, send);
    `query`: the query string, as sent."""
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
        "query_string": query.encode(),
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    loop.run_until_complete(app(scope, receive, send))
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

    app.state.store = FalkorDBStore(args.host, args.port, args.graph)  # what the lifespan does
    loop = asyncio.new_event_loop()  # one loop for every request, as a server has
    paths = [f"/api/v1/entities/{urllib.parse.quote(i)}" for i in ids]
    assert asgi_get(app, paths[0], loop) == 200
    figures["app: the ASGI app in-process"] = per_call(lambda p: asgi_get(app, p, loop), paths, args.runs)
    loop.close()
    if args.base:
        host, port = args.base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port))

        def over_http(path: str) -> None:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            assert response.status == 200

        figures["HTTP: jxkg serve, one connection"] = per_call(over_http, paths, args.runs)
    base = next(iter(figures.values()))[0]
    print(f"{'':44} {'wall':>10} {'':>16} {'CPU here':>10}")
    for name, (wall, cpu) in figures.items():
        print(f"{name:44} {wall:7.3f} ms  {wall / base:5.2f}x the engine  {cpu:7.3f} ms")


if __name__ == "__main__":
    main()
