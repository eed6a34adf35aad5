"""`jxkg ingest FOLDER`: load a folder of curated data (nodes/ and edges/ CSVs, docs/conventions.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jxkg.cli.errors import EXIT_PARTIAL
from jxkg.ingest.curated import load_curated
from jxkg.settings import load_settings
from jxkg.store import open_store


def ingest(
    folder: Annotated[Path, typer.Argument(help="a folder with nodes/<Class>.csv and edges/<TYPE>.csv")],
) -> None:
    """Load curated data into the graph. Exit 0 when everything loaded, 3 when some rows were rejected."""
    with open_store(load_settings()) as store:
        report = load_curated(store, folder)
    typer.echo(report.summary())
    if report.problems:
        raise typer.Exit(EXIT_PARTIAL)
