"""`jxkg query list|show|run`: the analysts' catalog on the command line (a thin face over jxkg.queries)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jxkg.cli.output import OUT_HELP, OutputFormat, check_out, render, save_workbook
from jxkg.errors import ParameterError
from jxkg.queries import NamedQuery, load_catalog, run_named
from jxkg.queries.columns import Column, flattened, type_text
from jxkg.queries.tabular import rows_to_xlsx
from jxkg.settings import load_settings
from jxkg.store import open_store

app = typer.Typer(help="The catalog of named questions: list them, show one, run one.", no_args_is_help=True)


@app.command("list")
def list_queries(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
) -> None:
    """List the named questions, the headline first."""
    catalog = load_catalog()
    if as_json:
        listing = [
            {"name": q.name, "titleZh": q.title.zh, "titleEn": q.title.en, "tags": list(q.tags)} for q in catalog
        ]
        typer.echo(json.dumps(listing, ensure_ascii=False, indent=1))
        return
    width = max(len(q.name) for q in catalog)
    for query in catalog:
        typer.echo(f"{query.name:<{width}}  {query.title.en}  ({query.title.zh})")


@app.command("show")
def show(name: Annotated[str, typer.Argument(help="the question's name, as `jxkg query list` prints it")]) -> None:
    """Show a question: its titles, description, parameters, the columns of its answer, an example and its Cypher."""
    typer.echo(describe(load_catalog().get(name)))


@app.command("run")
def run(
    name: Annotated[str, typer.Argument(help="the question's name")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, repeatable")] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, json, csv or xlsx (a workbook, with --out)")
    ] = OutputFormat.TABLE,
    example: Annotated[bool, typer.Option("--example", help="use the example parameters from the header")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help=OUT_HELP, dir_okay=False)] = None,
) -> None:
    """Run a named question; parameters are typed by its header (`id=360700` stays text for a text one)."""
    check_out(fmt, out)
    query = load_catalog().get(name)
    given: dict[str, object] = dict(query.example) if example else {}
    given.update(split_param(p) for p in param or [])
    with open_store(load_settings()) as store:
        answer = run_named(store, query, given)
    for parameter, resolved in answer.resolved.items():  # on stderr: stdout stays the answer's data
        if resolved.given != resolved.id:
            typer.echo(f"{parameter}: {resolved.given} → {resolved.name} ({resolved.id}, {resolved.matched})", err=True)
    if fmt is OutputFormat.XLSX:
        workbook = rows_to_xlsx(
            answer.columns,
            answer.rows,
            name=query.name,
            parameters=answer.parameters,
            truncated=answer.truncated,
            row_limit=answer.row_limit,
        )
        save_workbook(workbook, out)
    else:
        render(answer.rows, fmt, Console(soft_wrap=True), columns=answer.columns)
    if answer.truncated:
        typer.echo(f"(stopped at the row limit of {answer.row_limit:,})", err=True)


def split_param(text: str) -> tuple[str, str]:
    """`NAME=VALUE`, the value kept as text: the catalog header says what type it is."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise ParameterError(f"expected NAME=VALUE, got {text!r}", parameter=name or text)
    return name, value


def describe(query: NamedQuery) -> str:
    lines = [
        f"{query.name}",
        f"  {query.title.en}",
        f"  {query.title.zh}",
        "",
        query.description,
        "",
        query.description_zh,
        "",
    ]
    if query.parameters:
        lines.append("parameters:")
        for p in query.parameters:
            default = "required" if p.required else f"default {json.dumps(p.default, ensure_ascii=False)}"
            allowed = f"; one of {', '.join(map(str, p.allowed))}" if p.allowed else ""
            lines += [f"  {p.name} ({p.type.value}, {default}{allowed}): {p.description}", f"    {p.description_zh}"]
        lines.append("")
    if query.columns:
        lines.append("columns:")
        lines += [
            f"  {path}{_label(shape)} ({type_text(shape)}): {shape.description}"
            for path, shape in flattened(query.columns)
        ]
        lines.append("")
    if query.example:
        args = " ".join(f"--param {k}={_shell_value(v)}" for k, v in query.example.items())
        lines += ["example:", f"  jxkg query run {query.name} {args}".rstrip(), ""]
    lines += ["cypher:", query.cypher]
    return "\n".join(lines)


def _label(column: Column) -> str:
    """` 科创城编号 / science city id`: a column's label, where it has one."""
    return f" {column.label.zh} / {column.label.en}" if column.label is not None else ""


def _shell_value(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"'{text}'" if any(c in text for c in " ,[]\"'$") else text
