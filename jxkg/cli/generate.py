"""`jxkg generate`: a deterministic synthetic province for benchmarks and load tests (docs/generator.md)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from jxkg.synthetic.rows import BAD_KINDS


def generate(
    scale: Annotated[float, typer.Option("--scale", help="1 = the province's own size (≈1.3M rows); counts ∝ scale")],
    seed: Annotated[int, typer.Option("--seed", help="same seed and scale, same bytes")],
    out: Annotated[Path, typer.Option("--out", help="the folder to write (new, empty, or an earlier output)")],
    bad_fraction: Annotated[
        float, typer.Option("--bad-fraction", help="mix in about this fraction of bad rows (listed in MANIFEST.json)")
    ] = 0.0,
    bad_kinds: Annotated[
        str | None, typer.Option("--bad-kinds", help=f"comma-separated subset of: {', '.join(BAD_KINDS)}")
    ] = None,
    curated: Annotated[
        Path | None, typer.Option("--curated", help="the curated folder to link to (default: data/curated)")
    ] = None,
) -> None:
    """Write a synthetic province (nodes/ and edges/ CSVs + MANIFEST.json) that `jxkg ingest` loads as it is."""
    # imported here: the generator reads the ontology's conventions (rdflib), which other commands do not need
    from jxkg.ingest.read.curated import default_curated_dir
    from jxkg.synthetic.province import generate as generate_province

    kinds = None if bad_kinds is None else [k.strip() for k in bad_kinds.split(",") if k.strip()]
    started = time.perf_counter()
    manifest = generate_province(
        out,
        scale=scale,
        seed=seed,
        curated=curated or default_curated_dir(),
        bad_fraction=bad_fraction,
        bad_kinds=kinds,
    )
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    totals = manifest["totals"]
    typer.echo(
        f"{out}: {totals['nodes']} node rows, {totals['edges']} edge rows, {totals['bad']} bad rows; "
        f"{size / 1e6:.1f} MB in {seconds:.1f} s"
    )
