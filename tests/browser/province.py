"""The synthetic province the explorer's large-neighbourhood tests and benchmarks/explorer_bench.py
draw from: the curated data plus `jxkg generate --scale 0.05 --seed 11`, loaded once without the
SHACL gate (the generator's rows are valid by construction; the gate's own tests hold that).

Why 0.05 stands for scale 1 in the browser: the explorer draws at most one page (50 neighbours) per
click whatever the hub's size, so what a click costs the page depends on what is drawn, not on the
hub. At 0.05 the prefecture city 南昌市 (`360100`) has about 1,300 neighbours (28,810 at scale 1) of
the same classes and relationships: the summary shows, and "show 50 more" has a next page for far
more than three clicks, as at scale 1. The load takes seconds where scale 1 would take many minutes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jxkg.ingest.pipeline import load_curated
from jxkg.store.falkordb_engine import FalkorDBStore
from jxkg.store.falkordb_server import EmbeddedFalkorDB
from jxkg.synthetic.province import generate

SCALE = 0.05
SEED = 11
HUB = "360100"  # 南昌市, a prefecture city: a hub of the province
CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"


@contextmanager
def province_graph(server: EmbeddedFalkorDB, folder: Path) -> Iterator[FalkorDBStore]:
    """A new graph on `server` holding the province written into `folder`; deleted afterwards."""
    generate(folder, scale=SCALE, seed=SEED, curated=CURATED)  # the curated files are copied in
    with FalkorDBStore(server.host, server.port, f"province_{uuid.uuid4().hex[:12]}") as store:
        try:
            report = load_curated(store, folder)
            assert report.problems == [], report.problems[:5]
            yield store
        finally:
            store._graph.delete()
