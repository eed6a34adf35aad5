"""`jxkg backup OUT` and `jxkg restore IN`: the graph into an engine-neutral backup folder and back,
on either engine (the format and its checks: `jxkg.export.backup_format`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jxkg.ontology.schema import load_schema
from jxkg.settings import load_settings
from jxkg.store import open_store


def backup(
    out: Annotated[Path, typer.Argument(help="the backup folder to write (must not exist)")],
) -> None:
    """Back the graph up: every node and relationship, sorted, gzipped, with a manifest (counts, SHA-256).

    The backup restores into either engine (`jxkg restore`). Run it while no ingest writes."""
    from jxkg.export.backup import write_backup

    with open_store(load_settings()) as store:
        manifest = write_backup(store, load_schema(), out)
    typer.echo(
        f"backed up {manifest.nodes:,} nodes and {manifest.relationships:,} relationships from "
        f"{manifest.engine} to {out}"
    )


def restore(
    source: Annotated[Path, typer.Argument(help="a folder `jxkg backup` wrote", exists=True, file_okay=False)],
    force: Annotated[
        bool, typer.Option("--force", help="clear a graph that is not empty first (else the restore is refused)")
    ] = False,
) -> None:
    """Restore a backup into the graph, after checking its manifest, hashes and counts.

    Exit 2 when the backup is damaged or of an unknown format (nothing written), 1 when the graph is not
    empty and --force is not given."""
    from jxkg.export.restore import restore_backup

    with open_store(load_settings()) as store:
        manifest = restore_backup(
            store, load_schema(), source, force=force, progress=lambda message: typer.echo(message, err=True)
        )
    typer.echo(
        f"restored {manifest.nodes:,} nodes and {manifest.relationships:,} relationships "
        f"(backed up from {manifest.engine} on {manifest.created})"
    )
