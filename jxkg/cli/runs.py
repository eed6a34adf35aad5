"""`jxkg runs list|show`: the ingest history from the graph's IngestRun records, as `GET /api/v1/runs`
serves it (the same library functions, `jxkg.ingest.runs.history`; `--format json` prints the API's JSON)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from pydantic import BaseModel

from jxkg.ingest.runs.history import MAX_ENTITIES, MAX_PAGE, RunDetail, RunSummary, list_runs, run_detail
from jxkg.ontology.schema import load_schema
from jxkg.settings import load_settings
from jxkg.store import open_store

app = typer.Typer(help="The ingest history: who loaded what, when, and what it changed.", no_args_is_help=True)


class RunsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _json(view: BaseModel) -> str:
    return view.model_dump_json(by_alias=True, indent=1) + "\n"


@app.command("list")
def list_(
    limit: Annotated[int, typer.Option(min=1, max=MAX_PAGE, help="runs to show")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="runs to skip, newest first")] = 0,
    cursor: Annotated[
        str | None, typer.Option(help="the nextCursor of the page before (--format json shows it), as the API pages")
    ] = None,
    fmt: Annotated[
        RunsFormat, typer.Option("--format", "-f", help="text (a line per run) or json (as the API)")
    ] = RunsFormat.TEXT,
) -> None:
    """List the ingest runs, newest first: when, who, which files, the counts."""
    with open_store(load_settings()) as store:
        page = list_runs(store, limit=limit, offset=offset, cursor=cursor)
    if fmt is RunsFormat.JSON:
        typer.echo(_json(page), nl=False)
        return
    for run in page.runs:
        typer.echo(_line(run))
    shown = f"{page.offset + 1}-{page.offset + len(page.runs)}" if page.runs else "none"
    typer.echo(f"runs {shown} of {page.total}")


def _line(run: RunSummary) -> str:
    """One run on one line: id, start, state, counts, who, files."""
    state = "finished" if run.finished else "unfinished"
    counts = ""
    if run.counts is not None:
        counts = "  " + ", ".join(f"{n} {name}" for name, n in run.counts.model_dump().items() if name != "deleted")
        counts += f", {run.counts.deleted} deleted" if run.counts.deleted else ""
    return f"{run.run_id}  {run.started_at or '?'}  {state}{counts}  by {run.started_by or '?'}  {_files(run)}"


def _files(run: RunSummary) -> str:
    if len(run.files) <= 2:
        return ", ".join(run.files)
    return f"{run.files[0]} and {len(run.files) - 1} more"


@app.command("show")
def show(
    run: Annotated[str, typer.Argument(help="the run's id, as `jxkg runs list` prints it")],
    limit: Annotated[int, typer.Option(min=1, max=MAX_ENTITIES, help="entities listed per class")] = 1000,
    fmt: Annotated[
        RunsFormat, typer.Option("--format", "-f", help="text (a line per run) or json (as the API)")
    ] = RunsFormat.TEXT,
) -> None:
    """Show one run and the entities it created or changed, by class."""
    with open_store(load_settings()) as store:
        detail = run_detail(store, load_schema(), run, limit=limit)
    if fmt is RunsFormat.JSON:
        typer.echo(_json(detail), nl=False)
        return
    _print_detail(detail)


def _print_detail(detail: RunDetail) -> None:
    typer.echo(_line(detail))
    if not detail.changes_recorded:
        typer.echo("which entities it created and which it updated was not recorded (it did not finish): what it wrote")
    for group in detail.changes:
        name = group.type or "(no longer in the graph)"
        written = f", {group.written} written" if group.written else ""
        typer.echo(f"{name}: {group.created} created, {group.updated} updated{written}")
        for entity in group.entities:
            typer.echo(f"  {entity.change:<8} {entity.id}  {entity.name or ''}".rstrip())
    if detail.truncated:
        typer.echo("(some classes list fewer entities than they count; raise --limit)")
