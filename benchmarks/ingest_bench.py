"""Ingest benchmark: every figure of issue 16's "Measure" section from one run.

    .venv/bin/python benchmarks/ingest_bench.py --scales 0.1,1,3 --engines falkordb,neo4j --peer --json out.json

Per generator scale (`jxkg generate --seed 1`) and engine: raw (the writer's statements replayed
through the engine's own client), load (`GraphWriter.write`) and pipeline (`jxkg ingest`: read,
SHACL gate, load, quarantine, report, split by step); on Neo4j also `neo4j-admin database import`
of the same data (neo4j_admin_bench.by_import); with --peer, rdflib-neo4j loading the same data
as RDF (what `jxkg export` reads), against `jxkg ingest` of that file (bench_peer.py). Each phase runs in a fresh
process on a fresh database, one after the other, so peak memory is that phase's own; ratios
compare with the raw engine measured in the same run, since this machine is shared and noisy.
Prints one JSON line per phase as it ends, then markdown tables (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bench_report
from bench_servers import REPO

CORE_PHASES = ("raw", "load", "pipeline")
PEER_PHASES = ("turtle", "peer-parse", "peer", "pipeline-ttl")


def run_one(spec: dict[str, Any]) -> dict[str, Any]:
    """One phase, in this (fresh) process."""
    import bench_peer
    import bench_phases

    phase, engine, path = spec["phase"], spec.get("engine", "neo4j"), Path(spec["path"])
    if phase in bench_phases.PHASES:
        return bench_phases.PHASES[phase](engine, path)
    if phase == "pipeline-ttl":
        return bench_phases.pipeline(engine, path)
    if phase == "admin":
        import neo4j_admin_bench

        with tempfile.TemporaryDirectory(prefix="bench-admin-") as scratch:
            figures = neo4j_admin_bench.by_import(path, Path(scratch))
        return figures | {"seconds": figures["total_s"], "peak_rss_mb": bench_phases.rss_mb(resource.RUSAGE_SELF)}
    if phase == "turtle":
        return bench_peer.turtle(path, Path(spec["out"]))
    if phase == "peer-parse":
        return bench_peer.parse_only(path)
    if phase == "peer":
        return bench_peer.peer(path)
    raise ValueError(f"unknown phase {phase!r}")


def in_fresh_process(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one phase in a new Python process; the machine's load average around it is part of the figure."""
    started_at, load_start = datetime.now(UTC), os.getloadavg()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--one", json.dumps(spec)], capture_output=True, text=True, cwd=REPO, check=False
    )
    result: dict[str, Any] = {k: v for k, v in spec.items() if k not in ("path", "out")}
    result |= {"started": started_at.isoformat(timespec="seconds"), "process_s": time.perf_counter() - started}
    result |= {"loadavg_start": load_start[0], "loadavg_end": os.getloadavg()[0]}
    if done.returncode != 0:
        result["error"] = done.stderr[-3000:]
        print(f"{spec['phase']} {spec.get('engine', '')} {spec['scale']} failed:\n{result['error']}", file=sys.stderr)
    else:
        result |= json.loads(done.stdout.strip().splitlines()[-1])  # the peer prints its own lines before
    print(json.dumps(bench_report.rounded(result), ensure_ascii=False), flush=True)
    return result


def generate(scale: float, seed: int, root: Path) -> Path:
    data = root / f"scale-{scale}"
    if not data.exists():
        command = ["generate", "--scale", str(scale), "--seed", str(seed), "--out", str(data)]
        subprocess.run([sys.executable, "-m", "jxkg.cli.main", *command], check=True, cwd=REPO, capture_output=True)
    return data


def plan(args: argparse.Namespace, scale: float) -> list[dict[str, Any]]:
    """The phases of one scale, in order: each engine's raw, load, pipeline; then neo4j-admin."""
    specs = []
    for engine in args.engines:
        if engine == "neo4j" and scale > args.neo4j_max_scale:
            continue
        for phase in args.phases:
            if phase == "pipeline" and (engine not in args.pipeline_engines or scale > args.pipeline_max_scale):
                continue
            specs.append({"phase": phase, "engine": engine, "scale": scale})
    if "neo4j" in args.engines and scale in args.admin_scales:
        specs.append({"phase": "admin", "engine": "neo4j", "scale": scale})
    return specs


def peer_plan(scale: float, turtle: Path) -> list[dict[str, Any]]:
    return [
        {"phase": "turtle", "engine": "falkordb", "scale": scale, "out": str(turtle)},
        {"phase": "peer-parse", "engine": "-", "scale": scale, "path": str(turtle)},
        {"phase": "peer", "engine": "neo4j", "scale": scale, "path": str(turtle)},
        {"phase": "pipeline-ttl", "engine": "neo4j", "scale": scale, "path": str(turtle)},
    ]


def run(args: argparse.Namespace) -> dict[str, Any]:
    report: dict[str, Any] = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "command": sys.argv}
    report |= {"loadavg_start": os.getloadavg(), "cpus": os.cpu_count(), "versions": bench_report.versions()}
    results: list[dict[str, Any]] = []
    scales = sorted(set(args.scales) | ({args.peer_scale} if args.peer else set()))
    with tempfile.TemporaryDirectory(prefix="bench-data-") as root:
        for scale in scales:
            data = generate(scale, args.seed, Path(root))
            specs = plan(args, scale) if scale in args.scales else []
            if args.peer and scale == args.peer_scale:
                specs += peer_plan(scale, Path(root) / f"scale-{scale}.ttl")
            for spec in specs:
                spec.setdefault("path", str(data))
                results.append(in_fresh_process(spec))
    report |= {"loadavg_end": os.getloadavg(), "results": results}
    return report


def floats(text: str) -> list[float]:
    return [float(s) for s in text.split(",") if s]


def names(text: str) -> list[str]:
    return [s.strip().lower() for s in text.split(",") if s.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=floats, default=floats("0.1,1,3"))
    parser.add_argument("--engines", type=names, default=names("falkordb,neo4j"))
    parser.add_argument("--phases", type=names, default=list(CORE_PHASES), help="of raw, load, pipeline")
    parser.add_argument("--pipeline-engines", type=names, help="engines to run the pipeline on (default: --engines)")
    parser.add_argument("--pipeline-max-scale", type=float, default=3.0, help="skip the pipeline above this scale")
    parser.add_argument("--neo4j-max-scale", type=float, default=1.0, help="skip Neo4j above this scale (issue 16)")
    parser.add_argument(
        "--admin-scales", type=floats, default=floats("0.1,1"), help="neo4j-admin import at these scales ('' for none)"
    )
    parser.add_argument("--peer", action="store_true", help="rdflib-neo4j against jxkg ingest of the same Turtle")
    parser.add_argument("--peer-scale", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--markdown", type=Path, help="write the tables here too")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a phase, in the fresh process run() starts
    args = parser.parse_args(argv)
    if args.pipeline_engines is None:
        args.pipeline_engines = args.engines
    return args


def main() -> None:
    args = parse_args()
    if args.one:
        print(json.dumps(run_one(json.loads(args.one)), ensure_ascii=False))
        return
    if args.peer and bench_report.versions()[bench_report.PEER] == "not installed":
        sys.exit(f"--peer needs {bench_report.PEER}: .venv/bin/pip install -e '.[bench]' (or run `make bench`)")
    report = run(args)
    tables = bench_report.markdown(report)
    print("\n" + tables)
    if args.json:
        args.json.write_text(json.dumps(bench_report.rounded(report), ensure_ascii=False, indent=1) + "\n")
    if args.markdown:
        args.markdown.write_text(tables + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
