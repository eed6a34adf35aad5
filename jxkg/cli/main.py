"""The `jxkg` command: assembles the sub-commands and turns project errors into exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from jxkg import __version__
from jxkg.cli import query
from jxkg.cli.errors import exit_code_for
from jxkg.cli.lazy import lazy_group
from jxkg.cli.output import OUT_HELP, OutputFormat, check_out, render, save_workbook
from jxkg.errors import JxkgError, ReadOnlyViolationError
from jxkg.ontology.schema import load_schema
from jxkg.queries import DEFAULT_ROW_LIMIT, run_read_only
from jxkg.queries.tabular import rows_to_xlsx
from jxkg.settings import load_settings
from jxkg.store import open_store
from jxkg.store.cypher_tokens import check_text

# The analysts' commands (query, cypher, stats) are here; the others are imported when they run.
LAZY_COMMANDS = {
    "db": "jxkg.cli.db:app",
    "runs": "jxkg.cli.runs:app",
    "demo": "jxkg.cli.demo:demo",
    "serve": "jxkg.cli.demo:serve",
    "ingest": "jxkg.cli.ingest:ingest",
    "validate": "jxkg.cli.validate:validate",
    "export": "jxkg.cli.export:export",
    "audit": "jxkg.cli.export:audit",
    "generate": "jxkg.cli.generate:generate",
    "api-key": "jxkg.cli.api_key:api_key",
    "backup": "jxkg.cli.backup:backup",
    "restore": "jxkg.cli.backup:restore",
}

app = typer.Typer(
    name="jxkg",
    help="Knowledge graph of Jiangxi province's science and technology innovation ecosystem.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=lazy_group(LAZY_COMMANDS),
)
app.add_typer(query.app, name="query")


@app.command()
def version() -> None:
    """Print the jxkg version."""
    typer.echo(__version__)


@app.command()
def config(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
) -> None:
    """Print the effective settings (from the environment and .env), secrets masked."""
    shown = load_settings().masked()
    if as_json:
        typer.echo(json.dumps(shown, ensure_ascii=False, indent=1))
        return
    width = max(len(k) for k in shown)
    for name, value in shown.items():
        typer.echo(f"{name:<{width}}  {value}")


def parse_param(text: str) -> tuple[str, Any]:
    """`NAME=VALUE` gives text (ids are text: `id=360700`); `NAME:=JSON` a JSON value (`n:=5`, `ids:=["a"]`)."""
    name, sep, raw = text.partition("=")
    if not sep or not name or name == ":":
        raise typer.BadParameter(f"expected NAME=VALUE or NAME:=JSON, got {text!r}", param_hint="--param")
    if not name.endswith(":"):
        return name, raw
    try:
        return name[:-1], json.loads(raw)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"{name[:-1]}: {raw!r} is not JSON ({exc.msg})", param_hint="--param") from None


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="the Cypher query")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE (text) or NAME:=JSON (a number, list, ...), repeatable"),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table, json (one array of row objects), csv or xlsx (with --out)"),
    ] = (OutputFormat.TABLE),
    write: Annotated[bool, typer.Option("--write", help="allow the query to write (default: read-only)")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="keep at most this many rows")] = DEFAULT_ROW_LIMIT,
    out: Annotated[Path | None, typer.Option("--out", "-o", help=OUT_HELP, dir_okay=False)] = None,
) -> None:
    """Run a Cypher query. Read-only unless --write is given; names are checked against the ontology."""
    check_out(fmt, out)
    params = dict(parse_param(p) for p in param or [])
    with open_store(load_settings()) as store:
        if write:
            check_text(query, store.text_limits)  # the engines' parsers need the bounds whatever the mode
            result = store.write(query, params)  # the user writes on purpose
            rows, columns, truncated = result.rows, result.columns, False
        else:
            try:
                answer = run_read_only(store, load_schema(), query, params, row_limit=limit)
            except ReadOnlyViolationError as exc:
                raise ReadOnlyViolationError(f"{exc} (to write on purpose, run it again with --write)") from exc
            rows, columns, truncated = answer.rows, answer.columns, answer.truncated
    if fmt is OutputFormat.XLSX:
        workbook = rows_to_xlsx(
            columns, rows, name="cypher", parameters=params, truncated=truncated, row_limit=None if write else limit
        )
        save_workbook(workbook, out)
    else:
        render(rows, fmt, Console(soft_wrap=True), columns=columns)
    if truncated:
        typer.echo(f"(stopped at the row limit of {limit:,}; raise it with --limit)", err=True)


@app.command()
def stats() -> None:
    """Count nodes and relationships, per label and per relationship type."""
    with open_store(load_settings()) as store:
        counts = store.stats()
    typer.echo(f"nodes          {counts.nodes}")
    typer.echo(f"relationships  {counts.relationships}")
    for label, n in counts.labels.items():
        typer.echo(f"  :{label:<40} {n}")
    for rel_type, n in counts.relationship_types.items():
        typer.echo(f"  [:{rel_type}]{'':<{max(0, 37 - len(rel_type))}} {n}")


def main() -> None:
    """Entry point: project errors print as one line, no traceback, with their exit code.

    Usage errors stay click's (exit 2 with the usage line); it raises everything else through.
    """
    try:
        app()
    except JxkgError as exc:
        console = Console(stderr=True, soft_wrap=True)
        console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        if exc.message_zh:
            console.print(f"[bold red]错误：[/]{escape(exc.message_zh)}", highlight=False)
        sys.exit(exit_code_for(exc))


if __name__ == "__main__":
    main()
