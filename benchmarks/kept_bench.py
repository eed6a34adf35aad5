"""Counts kept on entities (issue 26, items 1-2): what keeping them costs, and what they save.

    .venv/bin/python benchmarks/kept_bench.py --scale 1 --seed 11 --data-dir .jxkg/bench-s1

On the synthetic province on the embedded FalkorDB (`query_bench.prepare`, so the graph in
`--data-dir` is reused): the whole-graph count (`counted_everywhere`, what a first load's recount
reads), a recount kept on every entity (`recount`, what a first load adds to the pipeline), and the
audit's recount; then, in the same run, the raw engine on `best-connected-organisations` with the
kept degree against its text at `--baseline` (a live degree of every organisation), and a hub's
neighbour summary from the kept counts (a node read) against the live count, with the library's
`entity()` and first `neighbours()` page beside them. p50/p95 in ms, the load average printed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from query_bench import GRAPH, percentile, prepare, timed  # noqa: E402


def figures(call: Callable[[], Any], runs: int) -> tuple[float, float]:
    """p50 and p95 of `runs` timed calls, after two warm-up calls (`query_bench.timed`)."""
    samples = timed(call, runs)
    return percentile(samples, 0.5), percentile(samples, 0.95)


def cypher_body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("//"))


def question_at(ref: str, name: str) -> str:
    """A catalog question's file as it was at the git ref `ref`."""
    shown = subprocess.run(
        ["git", "show", f"{ref}:jxkg/queries/{name}.cypher"], cwd=REPO, check=True, capture_output=True, text=True
    )
    return shown.stdout


def kept_arguments(doc: str | None, baseline: str, baseline_help: str) -> argparse.Namespace:
    """The arguments of a bench of kept counts: the graph (scale, seed, folder), the runs, and the git
    ref of the questions' text before the counts were kept."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=REPO / ".jxkg" / "bench-s1")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--baseline", default=baseline, help=baseline_help)
    return parser.parse_args()


def main() -> None:
    args = kept_arguments(__doc__, "98072b4", "the git ref of the question before the kept degree")

    from falkordb import FalkorDB

    from jxkg.ingest.write.kept import audit_counts, counted_everywhere, recount
    from jxkg.ontology.schema import load_schema
    from jxkg.queries import bind_parameters, load_catalog
    from jxkg.queries.explore import entity, neighbours
    from jxkg.store.falkordb_engine import FalkorDBStore

    server, info = prepare(args.data_dir, args.scale, args.seed)
    schema = load_schema()
    try:
        raw = FalkorDB(host=server.host, port=server.port).select_graph(GRAPH)
        print(f"graph {info}; load average {os.getloadavg()}")
        with FalkorDBStore(server.host, server.port, GRAPH, timeout_s=3600) as store:
            started = time.perf_counter()
            counts = counted_everywhere(store, schema).counts
            counted_s = time.perf_counter() - started
            started = time.perf_counter()
            kept = recount(store, schema, counts.keys())
            print(
                f"count everywhere {counted_s:.1f} s; recount and keep on {kept}: {time.perf_counter() - started:.1f} s"
            )
            started = time.perf_counter()
            differing = audit_counts(store, schema).differing
            print(f"audit {time.perf_counter() - started:.1f} s, {differing} differing; load average {os.getloadavg()}")

            question = next(q for q in load_catalog() if q.name == "best-connected-organisations")
            before = question_at(args.baseline, "best-connected-organisations")
            for label, given in (("example", question.example), ("defaults", {})):
                params = bind_parameters(question, given)
                for name, text in (("kept", question.cypher), ("before", cypher_body(before))):
                    measured = figures(lambda t=text, p=params: raw.ro_query(t, p, timeout=600_000), args.runs)
                    print(f"best-connected-organisations {label} {name}: raw p50/p95 %.1f / %.1f ms" % measured)
            live = (
                "MATCH (n:Entity {id: $id})-[r]-(m) "
                "RETURN type(r) AS rel, startNode(r) = n AS out, labels(m) AS labels, count(*) AS c"
            )
            for hub in ("360700", "360100"):
                for name, call in (
                    ("summary live, raw", lambda h=hub: raw.ro_query(live, {"id": h})),
                    (
                        "summary kept (the node), raw",
                        lambda h=hub: raw.ro_query("MATCH (n:Entity {id: $id}) RETURN n", {"id": h}),
                    ),
                    ("entity(), lib", lambda h=hub: entity(store, schema, h)),
                    ("neighbours() first page of 100, lib", lambda h=hub: neighbours(store, schema, h, limit=100)),
                ):
                    print(f"{hub} {name}: p50/p95 %.1f / %.1f ms" % figures(call, args.runs))
        print(f"load average {os.getloadavg()}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
