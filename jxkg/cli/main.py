"""The `jxkg` command: assembles the sub-commands and turns project errors into exit codes."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from jxkg import __version__
from jxkg.cli import db, demo, export, generate, ingest, validate
from jxkg.cli.errors import exit_code_for
from jxkg.cli.output import OutputFormat, render
from jxkg.errors import JxkgError
from jxkg.settings import load_settings
from jxkg.store import open_store
from jxkg.store.readonly import check_read_only

app = typer.Typer(
    name="jxkg",
    help="Knowledge graph of Jiangxi province's science and technology innovation ecosystem.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.command("demo")(demo.demo)
app.command("serve")(demo.serve)
app.command("ingest")(ingest.ingest)
app.command("validate")(validate.validate)
app.command("export")(export.export)
app.command("audit")(export.audit)
app.command("generate")(generate.generate)


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
    """`k=v`: v is read as JSON when it is JSON (5, true, [1,2], "x"), otherwise taken as a string."""
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise typer.BadParameter(f"expected NAME=VALUE, got {text!r}", param_hint="--param")
    try:
        return name, json.loads(raw)
    except json.JSONDecodeError:
        return name, raw


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="the Cypher query")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, repeatable")] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, json (one array of row objects) or csv")
    ] = (OutputFormat.TABLE),
    write: Annotated[bool, typer.Option("--write", help="allow the query to write (default: read-only)")] = False,
) -> None:
    """Run a Cypher query. Read-only unless --write is given."""
    params = dict(parse_param(p) for p in param or [])
    with open_store(load_settings()) as store:
        if write:
            rows = store.write(query, params).rows
        else:
            check_read_only(query)
            rows = store.read(query, params)
    render(rows, fmt, Console(soft_wrap=True))


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
        Console(stderr=True).print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(exit_code_for(exc))


if __name__ == "__main__":
    main()
