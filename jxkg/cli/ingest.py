"""`jxkg ingest SOURCE...`: read, map and load data files and curated folders (docs/ingest.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.progress import TaskID

from jxkg.cli.errors import EXIT_PARTIAL
from jxkg.ontology.schema import load_schema
from jxkg.settings import load_settings
from jxkg.store import open_store

if TYPE_CHECKING:  # the pipeline (and the SHACL engines under it) is imported when a command runs it
    from jxkg.ingest.write.writer import Progress


@contextmanager
def progress_bar() -> Iterator[Progress | None]:
    """A bar per stage on the terminal (stderr); nothing when output goes to a file or a pipe."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    with RichProgress(*RichProgress.get_default_columns(), console=console, transient=True) as bars:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update


def ingest(
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="files (CSV, XLSX, JSON, JSON Lines with a mapping; Turtle, JSON-LD), folders of them, "
            "or curated folders (nodes/<Class>.csv, edges/<TYPE>.csv)",
            exists=True,
        ),
    ],
    mapping: Annotated[
        Path | None,
        typer.Option(
            help="the mapping YAML for every SOURCE file (default: X.mapping.yaml or mapping.yaml)", exists=True
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="read, map and report; write nothing")] = False,
    delete_missing: Annotated[
        bool,
        typer.Option(
            "--delete-missing",
            help="the SOURCEs are the whole truth for the classes they hold: delete entities of those classes "
            "they no longer list",
        ),
    ] = False,
) -> None:
    """Load data into the graph through the SHACL gate. Exit 0 when everything loaded, 3 when some rows or
    fields were rejected (listed in the run's quarantine file under JXKG_DATA_DIR/quarantine)."""
    from jxkg.ingest.pipeline import load_sources
    from jxkg.ingest.read.sources import read_sources, summary
    from jxkg.ingest.runs.report import render_outcome_text
    from jxkg.ingest.staging import Staging
    from jxkg.queries.resolve import RunNames

    schema = load_schema()
    if dry_run:
        result = read_sources(sources, mapping, schema)
        typer.echo(summary(result))
        problems = bool(result.problems)
    else:
        settings = load_settings()
        # records staged on disk as read (ids held, not records); inexact link ends resolved over the graph
        with Staging(settings.data_dir / "staging") as staging, open_store(settings) as store:
            result = read_sources(sources, mapping, schema, staging=staging, names=RunNames(store, schema))
            with progress_bar() as progress:
                outcome = load_sources(
                    store,
                    result,
                    schema,
                    settings.data_dir,
                    delete_missing=delete_missing,
                    progress=progress,
                    staging=staging,
                )
        typer.echo(render_outcome_text(outcome.load, outcome.gate, outcome.quarantine_file, result.linked_by_name))
        for notice in result.notices:
            typer.echo(f"notice: {notice}")
        typer.echo(f"report: {outcome.report_files[1]}")
        problems = outcome.rejected > 0
    if problems:
        raise typer.Exit(EXIT_PARTIAL)
