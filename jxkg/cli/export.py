"""`jxkg export`: the live graph as RDF (Turtle or JSON-LD), through the ontology."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from jxkg.ingest.export import export_graph
from jxkg.ontology.schema import load_schema
from jxkg.settings import load_settings
from jxkg.store import open_store


class RdfFormat(StrEnum):
    TURTLE = "turtle"
    JSONLD = "jsonld"


def export(
    fmt: Annotated[RdfFormat, typer.Option("--format", "-f", help="turtle or jsonld")] = RdfFormat.TURTLE,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write (default: standard output)")] = None,
    bookkeeping: Annotated[
        bool,
        typer.Option(
            "--bookkeeping", help="also export ingest bookkeeping (content hash, run stamps, bigrams, IngestRun nodes)"
        ),
    ] = False,
) -> None:
    """Write the live graph as RDF; `jxkg ingest` of the file into an empty graph gives the same graph."""
    with open_store(load_settings()) as store:
        graph = export_graph(store, load_schema(), bookkeeping=bookkeeping)
    text = graph.serialize(format="json-ld" if fmt is RdfFormat.JSONLD else "turtle")
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {len(graph)} triples to {out}", err=True)


def audit(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text (a table per rule) or json")] = "text",
) -> None:
    """Run the shapes over the live graph, so data loaded before a shape was tightened is found too.

    Exit 1 when there is a Violation, 0 otherwise.
    """
    from rich.console import Console

    from jxkg.cli.errors import EXIT_FAILED
    from jxkg.shapes.render import render_json, render_text
    from jxkg.shapes.validate import validate

    with open_store(load_settings()) as store:
        graph = export_graph(store, load_schema())
    report = validate(graph)
    if fmt == "json":
        sys.stdout.write(render_json(report))
    else:
        render_text(report, Console(soft_wrap=True))
    if not report.conforms:
        raise typer.Exit(EXIT_FAILED)
