"""What compression and the ETag check cost and save on the curated graph (issue 29, item 3).

    .venv/bin/python benchmarks/http_cache_bench.py [--seconds 5] [--rounds 3]

An embedded FalkorDB in a temporary folder with the curated data; the app in-process (TestClient,
sequential requests, no rate limit), so the figures are the app's and not a network's:
- the bytes of `GET /entities/360000/neighbors?depth=2&limit=500` as sent, with and without gzip,
  and of the pages' bundles when they are built, with what a GET of the biggest costs, plain and
  from the build's gzipped copy, beside compressing it per request;
- requests a second, and CPU ms of this process a request, of `GET /entities/360700`, taken
  twenty calls at a time in turn (so that the machine's drifting load falls on all alike): the engine's read alone
  (`explore.entity`, the raw baseline), the app without the ETag check (the dependency overridden
  to nothing, as before it), with it (200 and its tag), and with a held tag (304);
- the version read alone (`graph_version`), calls a second.
Each figure is printed with its ratio to the raw baseline of the same run; the load average too.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from fastapi.testclient import TestClient  # noqa: E402

from benchmarks.bench_servers import start  # noqa: E402
from jxkg.graph_api import pages  # noqa: E402
from jxkg.graph_api.app import create_app  # noqa: E402
from jxkg.graph_api.etags import revalidate  # noqa: E402
from jxkg.graph_api.http_cache import GZIP_LEVEL  # noqa: E402
from jxkg.ingest.pipeline import load_curated  # noqa: E402
from jxkg.ingest.read.curated import default_curated_dir  # noqa: E402
from jxkg.ingest.runs.history import graph_version  # noqa: E402
from jxkg.ontology.schema import load_schema  # noqa: E402
from jxkg.queries import explore  # noqa: E402
from tests.conftest import settings_for  # noqa: E402

NEIGHBOURS = "/api/v1/entities/360000/neighbors?depth=2&limit=500"
ENTITY_ID = "360700"
ENTITY = f"/api/v1/entities/{ENTITY_ID}"
BUNDLES = ("explorer.js", "queries.js", "jxkg.css")  # as the pages name them; built under content-hashed names


def interleaved(
    measures: dict[str, Callable[[], object]], seconds: float, batch: int = 20
) -> dict[str, tuple[float, float]]:
    """Requests a second and CPU ms a request (this process) of each measure, taken `batch` calls at
    a time in turn until the slowest has run about `seconds`: the machine's load, which drifts,
    falls on all of them alike."""
    wall = dict.fromkeys(measures, 0.0)
    cpu = dict.fromkeys(measures, 0.0)
    calls = dict.fromkeys(measures, 0)
    while max(wall.values()) < seconds:
        for name, call in measures.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            for _ in range(batch):
                call()
            wall[name] += time.perf_counter() - started
            cpu[name] += time.process_time() - started_cpu
            calls[name] += batch
    return {name: (calls[name] / wall[name], cpu[name] * 1000 / calls[name]) for name in measures}


async def no_check() -> None:
    """The ETag check's stand-in for "before": async like it, so that no thread hop is added or taken away."""


def wire_bytes(client: TestClient, encoding: str, path: str = NEIGHBOURS) -> int:
    with client.stream("GET", path, headers={"Accept-Encoding": encoding}) as answer:
        assert answer.status_code == 200, answer.status_code
        return len(b"".join(answer.iter_raw()))


def bundle_costs(client: TestClient, seconds: float) -> None:
    """What a GET of the biggest bundle costs plain and gzipped from the build's copy, and what
    compressing it per request would cost (the gzip middleware's level, without the copy)."""
    name = pages.asset_names().get(BUNDLES[1], BUNDLES[1])
    path, script = f"/static/{name}", (pages.STATIC_DIR / name).read_bytes()
    figures = interleaved(
        {
            f"GET {path}, identity": lambda: client.get(path, headers={"Accept-Encoding": "identity"}),
            f"GET {path}, the build's gzip copy": lambda: client.get(path, headers={"Accept-Encoding": "gzip"}),
            f"gzip level {GZIP_LEVEL} of it, per request": lambda: gzip.compress(script, GZIP_LEVEL),
        },
        seconds,
        batch=5,
    )
    print(f"load average {', '.join(f'{value:.2f}' for value in os.getloadavg())}:")
    for name, (rate, cpu_ms) in figures.items():
        print(f"  {name:48} {1000 / rate:7.2f} wall ms  {cpu_ms:7.2f} CPU ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one measurement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the five, each interleaved")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jxkg-http-cache-") as folder:
        server = start("falkordb", Path(folder))
        try:
            store = server.store
            schema = load_schema()
            load_curated(store, default_curated_dir(), schema)
            settings = settings_for(store, JXKG_API_KEYS="", JXKG_API_KEYS_FILE="", JXKG_RATE_LIMIT=0)
            checked, unchecked = create_app(settings), create_app(settings)
            unchecked.dependency_overrides[revalidate] = no_check
            with TestClient(checked) as with_check, TestClient(unchecked) as without_check:
                plain, zipped = wire_bytes(with_check, "identity"), wire_bytes(with_check, "gzip")
                print(f"{NEIGHBOURS}: {plain:,} bytes plain, {zipped:,} gzipped ({zipped / plain:.3f} of plain)")
                for bundle in BUNDLES if pages.assets_built() else ():
                    bundle = f"/static/{pages.asset_names().get(bundle, bundle)}"
                    plain, zipped = wire_bytes(with_check, "identity", bundle), wire_bytes(with_check, "gzip", bundle)
                    print(f"{bundle}: {plain:,} bytes plain, {zipped:,} gzipped ({zipped / plain:.3f} of plain)")
                if pages.assets_built():
                    bundle_costs(with_check, args.seconds)
                etag = with_check.get(ENTITY).headers["etag"]
                assert with_check.get(ENTITY, headers={"If-None-Match": etag}).status_code == 304
                assert "etag" not in without_check.get(ENTITY).headers
                measures: dict[str, Callable[[], object]] = {
                    "engine: explore.entity (raw)": lambda: explore.entity(store, schema, ENTITY_ID),
                    "version read: graph_version": lambda: graph_version(store),
                    "app, no ETag check (before)": lambda: without_check.get(ENTITY),
                    "app, ETag check, 200 (after)": lambda: with_check.get(ENTITY),
                    "app, If-None-Match, 304": lambda: with_check.get(ENTITY, headers={"If-None-Match": etag}),
                }
                for round_number in range(1, args.rounds + 1):
                    figures = interleaved(measures, args.seconds)
                    raw = figures["engine: explore.entity (raw)"][0]
                    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
                    print(f"round {round_number} (load average {load}):")
                    for name, (rate, cpu_ms) in figures.items():
                        print(f"  {name:32} {rate:8.1f} /s  {rate / raw:6.3f} of raw  {cpu_ms:6.3f} CPU ms")
        finally:
            server.store.close()
            server.handle.stop()


if __name__ == "__main__":
    main()
