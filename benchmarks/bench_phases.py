"""What one benchmark phase measures, run inside the fresh process `ingest_bench.py` starts for it.

- raw: the writer's statements, recorded against a store that runs nothing, replayed through the
  engine's own client (the falkordb Graph, the neo4j driver's write transactions);
- load: `GraphWriter.write` of the same records;
- pipeline: what `jxkg ingest SOURCE` does (`read_sources`, then `load_sources`: SHACL gate, load,
  quarantine, report), its time split by wrapping the functions `run_ingest` calls (the library
  has no timing hooks, and ingest/ is not ours to change).

Every phase starts on a fresh server with the schema in place (creating indexes is not loading;
the raw replay could not do without them either).
"""

from __future__ import annotations

import functools
import os
import resource
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import bench_servers

BATCH = 1000
Batches = list[tuple[str, list[dict[str, Any]]]]


class StatementRecorder:
    """Stands in for the store while the writer runs: keeps each batched write and runs nothing.

    On a fresh graph every link end the writer asks about exists (the run writes it), so the
    recorder says so; the statements it keeps are those a real load of the same data sends."""

    def __init__(self) -> None:
        self.batches: Batches = []

    def ensure_schema(self, specs: Iterable[Any]) -> list[Any]:
        return []

    def compact(self, **_: Any) -> None:
        pass

    def read(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        # the writer's one read, before it writes: which ids exist already. The replay starts from an
        # empty graph, so none do (ends written in the same run count as existing anyway)
        return []

    def write_batch(self, query: str, rows: Iterable[Mapping[str, Any]], *, batch_size: int = BATCH) -> Any:
        from jxkg.store.base import QueryResult, WriteCounters

        kept = [dict(r) for r in rows]
        self.batches.append((query, kept))
        return QueryResult(rows=[{"created": len(kept), "changed": len(kept)}], counters=WriteCounters())

    def write_batches(self, query: str, rows: Iterable[Mapping[str, Any]], *, batch_size: int = BATCH) -> Any:
        from jxkg.store.base import batches_of

        return (self.write_batch(query, batch) for batch in batches_of(rows, batch_size))


class PhaseClock:
    """Seconds spent in named steps, by wrapping the functions that do them.

    A function missing from its module (the pipeline is being reworked) is left out and not
    listed in `hooks`; its time then shows as the pipeline's `other_s`."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.detail: dict[str, float] = defaultdict(float)  # by what `detail` names each call
        self.hooks: list[str] = []
        self._originals: list[tuple[Any, str, Any]] = []

    def wrap(self, owner: Any, name: str, step: str, *, detail: Callable[[tuple[Any, ...]], str] | None = None) -> None:
        """Time `owner.name` as `step`; with `detail`, also by the name it gives the call's arguments."""
        original = getattr(owner, name, None)
        if not callable(original):
            return

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started
                self.seconds[step] += spent
                if detail is not None:
                    self.detail[detail(args)] += spent

        self._originals.append((owner, name, original))
        setattr(owner, name, timed)
        self.hooks.append(f"{getattr(owner, '__name__', owner)}.{name}")

    def restore(self) -> None:
        """Put the wrapped functions back (a phase's process just exits; a test must not leak them)."""
        for owner, name, original in reversed(self._originals):
            setattr(owner, name, original)
        self._originals.clear()


class ChildMemory:
    """The peak resident memory of this process's children other than the server (the gate's
    forked workers), sampled from /proc: `RUSAGE_CHILDREN` would also count the database server
    once it is reaped, and the Maven build the Neo4j launcher may run."""

    def __init__(self, excluded: set[int | None], every_s: float = 0.25) -> None:
        self._excluded = excluded
        self._every_s = every_s
        self._stop = threading.Event()
        self.peak_mb = 0
        self._thread = threading.Thread(target=self._run, name="child-memory", daemon=True)

    def __enter__(self) -> ChildMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(self._every_s):
            self._sample()

    def _sample(self) -> None:
        for pid in _children(os.getpid()):
            if pid not in self._excluded:
                self.peak_mb = max(self.peak_mb, bench_servers.vm_hwm_mb(pid) or 0)


def _children(parent: int) -> Iterator[int]:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:
            yield int(stat.parent.name)


def rss_mb(who: int) -> int:
    return round(resource.getrusage(who).ru_maxrss / 1024)


@contextmanager
def on_server(engine: str, figures: dict[str, Any]) -> Iterator[bench_servers.Server]:
    """A fresh server with the schema in place; on the way out, the memory and counts of the run
    are added to `figures` (the server's read before it stops)."""
    from jxkg.ontology.schema import load_schema

    with tempfile.TemporaryDirectory(prefix=f"bench-{engine}-") as scratch:
        server = bench_servers.start(engine, Path(scratch) / "db")
        try:
            server.store.ensure_schema(load_schema().index_specs())
            with ChildMemory({server.pid}) as children:
                yield server
            nodes, relationships = server.store.size()
            figures |= {"nodes": nodes, "relationships": relationships, "server": bench_servers.version(server)}
            figures |= {"workers_peak_rss_mb": children.peak_mb or None, **bench_servers.memory(server)}
        finally:
            bench_servers.stop(server)
    figures["peak_rss_mb"] = rss_mb(resource.RUSAGE_SELF)


def read_curated_timed(data: Path) -> tuple[Any, Any, float]:
    from jxkg.ingest.read.curated import read_curated
    from jxkg.ontology.schema import load_schema

    schema = load_schema()
    started = time.perf_counter()
    read = read_curated(data, schema)
    return schema, read, time.perf_counter() - started


def raw(engine: str, data: Path) -> dict[str, Any]:
    from jxkg.ingest.write.writer import GraphWriter

    schema, read, read_s = read_curated_timed(data)
    recorder = StatementRecorder()
    GraphWriter(recorder, schema).write(read.nodes, read.edges)  # type: ignore[arg-type]
    figures: dict[str, Any] = {"rows": len(read.nodes) + len(read.edges), "read_s": read_s}
    with on_server(engine, figures) as server:
        started = time.perf_counter()
        _replay(engine, server.store, recorder.batches)
        figures["seconds"] = time.perf_counter() - started
    return figures


def _replay(engine: str, store: Any, batches: Batches) -> None:
    """The same statements through the engine's own client, bypassing jxkg's store."""
    if engine == "falkordb":
        graph = store._graph  # the falkordb client's Graph
        for query, rows in batches:
            for i in range(0, len(rows), BATCH):
                graph.query(query, {"rows": rows[i : i + BATCH]}, timeout=3_600_000)
        return
    with store._driver.session(database="neo4j") as session:  # the neo4j driver
        for query, rows in batches:
            for i in range(0, len(rows), BATCH):
                session.execute_write(lambda tx, q=query, b=rows[i : i + BATCH]: tx.run(q, rows=b).consume())


LOAD_STEPS = ("lookup", "screen", "statements", "derive", "compact")


def load_clock(store_class: type) -> PhaseClock:
    """Wrap the steps `GraphWriter.write` takes (its `WriteSession` does the work), by the names it calls them
    (see jxkg/ingest/write/writer.py):
    which of the ids are in the graph already (`lookup`), the checks of the records before their rows
    are made (`screen`), the statements (`statements`, also per statement by the stage the writer
    names it with; the rows, content hashes included, are made batch by batch within them), the
    rule-derived facts and the engine's compaction at the end."""
    from jxkg.ingest.write import writer

    clock = PhaseClock()
    clock.wrap(writer.WriteSession, "_existing_labels", "lookup")
    clock.wrap(writer, "screen_nodes", "screen")
    clock.wrap(writer, "screen_edges", "screen")
    clock.wrap(writer.WriteSession, "_tally", "statements", detail=lambda args: str(args[4]))
    clock.wrap(writer, "derive", "derive")
    clock.wrap(store_class, "compact", "compact")
    return clock


def load(engine: str, data: Path) -> dict[str, Any]:
    from jxkg.ingest.write.writer import GraphWriter

    schema, read, read_s = read_curated_timed(data)
    figures: dict[str, Any] = {"rows": len(read.nodes) + len(read.edges), "read_s": read_s}
    with on_server(engine, figures) as server:
        clock = load_clock(type(server.store))
        started = time.perf_counter()
        try:
            GraphWriter(server.store, schema).write(read.nodes, read.edges)
        finally:
            clock.restore()
        seconds = time.perf_counter() - started
    steps = {f"{step}_s": clock.seconds.get(step, 0.0) for step in LOAD_STEPS}
    slowest = sorted(clock.detail.items(), key=lambda item: -item[1])[:5]
    figures |= {"seconds": seconds, **steps, "other_s": seconds - sum(steps.values()), "hooks": clock.hooks}
    figures["slowest_statements"] = {stage: round(s, 2) for stage, s in slowest}
    return figures


PIPELINE_STEPS = ("gate", "write", "finish", "report", "run", "ids")


def pipeline_clock() -> PhaseClock:
    """Wrap the steps `run_ingest` takes, by the names it calls them (see jxkg/ingest/pipeline.py). The
    gate's time is its wall time, the writes that overlap it included; `write` is the time in the
    writer's session (in its own thread, overlapping the gate), `finish` what is written after the
    gate has ended, `run` the run's record (its node, with the ids it created and updated), `ids`
    the lookup of which ids the run wrote."""
    from jxkg.ingest import pipeline
    from jxkg.ingest.write.writer import WriteSession

    clock = PhaseClock()
    clock.wrap(pipeline, "gate_staged", "gate")
    clock.wrap(WriteSession, "write", "write")
    clock.wrap(WriteSession, "finish", "finish")
    clock.wrap(pipeline, "write_quarantine", "report")
    clock.wrap(pipeline, "write_report", "report")
    clock.wrap(pipeline, "start_run", "run")
    clock.wrap(pipeline, "finish_run", "run")
    clock.wrap(pipeline, "_ids_in_graph", "ids")
    return clock


def pipeline(engine: str, source: Path) -> dict[str, Any]:
    """`jxkg ingest SOURCE` into an empty graph, as the command runs it (the records staged on disk as
    they are read): a curated folder, or a Turtle file (the peer's input)."""
    from jxkg.ingest.pipeline import load_sources
    from jxkg.ingest.read.sources import read_sources
    from jxkg.ingest.staging import Staging
    from jxkg.ontology.schema import load_schema

    schema = load_schema()
    clock = pipeline_clock()
    figures: dict[str, Any] = {}
    with (
        on_server(engine, figures) as server,
        tempfile.TemporaryDirectory(prefix="bench-out-") as out,
        Staging(Path(out) / "staging") as staging,
    ):
        started = time.perf_counter()
        read = read_sources([source], schema=schema, staging=staging)
        read_s = time.perf_counter() - started
        outcome = load_sources(server.store, read, schema, Path(out), staging=staging)
        seconds = time.perf_counter() - started
        rows = staging.node_count + staging.edge_count
    steps = {f"{step}_s": clock.seconds.get(step, 0.0) for step in PIPELINE_STEPS}
    # the writes overlapping the gate are in its time already; other: mostly the writes still queued
    # when the gate ends (the feed drains them), the rejections counted
    other = seconds - read_s - sum(v for k, v in steps.items() if k != "write_s")
    figures |= {"rows": rows, "rejected": outcome.rejected, "seconds": seconds}
    figures |= {"read_s": read_s, **steps, "other_s": other, "hooks": clock.hooks}
    return figures


PHASES: dict[str, Callable[[str, Path], dict[str, Any]]] = {"raw": raw, "load": load, "pipeline": pipeline}
