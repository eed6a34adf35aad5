"""`jxkg export`: the live graph as RDF (Turtle or JSON-LD), through the ontology; or, with
`--format neo4j-admin`, SOURCEs (as `jxkg ingest` takes them) through the SHACL gate into the files
`neo4j-admin database import full` loads into an empty Neo4j database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from jxkg.ontology.schema import load_schema
from jxkg.settings import load_settings
from jxkg.store import open_store


class RdfFormat(StrEnum):
    TURTLE = "turtle"
    JSONLD = "jsonld"
    NEO4J_ADMIN = "neo4j-admin"


def export(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(
            help="with --format neo4j-admin only: the files, folders or curated folders to export, as `jxkg ingest` "
            "takes them",
            exists=True,
        ),
    ] = None,
    fmt: Annotated[
        RdfFormat,
        typer.Option(
            "--format", "-f", help="turtle or jsonld (the live graph), or neo4j-admin (SOURCEs, for a first import)"
        ),
    ] = RdfFormat.TURTLE,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="file to write (default: standard output); for neo4j-admin a new folder"),
    ] = None,
    bookkeeping: Annotated[
        bool,
        typer.Option(
            "--bookkeeping", help="also export ingest bookkeeping (content hash, run stamps, bigrams, IngestRun nodes)"
        ),
    ] = False,
    mapping: Annotated[
        Path | None,
        typer.Option(help="neo4j-admin: the mapping YAML for every SOURCE file, as for `jxkg ingest`", exists=True),
    ] = None,
    database: Annotated[
        str, typer.Option("--database", help="neo4j-admin: the database name in the import command")
    ] = "neo4j",
) -> None:
    """Write the live graph as RDF; `jxkg ingest` of the file into an empty graph gives the same graph.

    With `--format neo4j-admin SOURCE... --out DIR`: gate the SOURCEs as `jxkg ingest` does and write
    what passes as CSV files, `import.sh` (the `neo4j-admin database import full` command) and
    `after-import.cypher` (indexes and constraints) into DIR; no database is used. Exit 3 when some
    records were rejected (in the run's quarantine file, as for an ingest)."""
    if fmt is RdfFormat.NEO4J_ADMIN:
        _export_for_neo4j_admin(sources or [], out, mapping, database)
        return
    if sources:
        raise typer.BadParameter("SOURCEs are exported with --format neo4j-admin only", param_hint="SOURCES")
    from jxkg.export.rdf import export_graph, export_pages, write_turtle

    with open_store(load_settings()) as store, _output(out) as handle:
        if fmt is RdfFormat.TURTLE:  # streamed, a page at a time
            triples = write_turtle(export_pages(store, load_schema(), bookkeeping=bookkeeping), handle)
        else:  # JSON-LD is written whole: rdflib's serializer needs the graph in memory
            graph = export_graph(store, load_schema(), bookkeeping=bookkeeping)
            handle.write(graph.serialize(format="json-ld"))
            triples = len(graph)
    if out is not None:
        typer.echo(f"wrote {triples} triples to {out}", err=True)


@contextmanager
def _output(out: Path | None) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
        return
    with out.open("w", encoding="utf-8") as handle:
        yield handle


def _export_for_neo4j_admin(sources: list[Path], out: Path | None, mapping: Path | None, database: str) -> None:
    from jxkg.cli.errors import EXIT_PARTIAL
    from jxkg.export.neo4j_admin import export_for_neo4j_admin
    from jxkg.ingest.read.sources import read_sources
    from jxkg.ingest.runs.report import render_outcome_text

    if not sources:
        raise typer.BadParameter("name the SOURCEs to export", param_hint="SOURCES")
    if out is None:
        raise typer.BadParameter("--format neo4j-admin writes a folder: give it with --out", param_hint="--out")
    schema = load_schema()
    result = read_sources(sources, mapping, schema)
    export = export_for_neo4j_admin(
        result,
        schema,
        out,
        load_settings().data_dir,
        rejected_on_reading=(result.rejected_nodes, result.rejected_edges),
        database=database,
    )
    outcome = export.outcome
    typer.echo(render_outcome_text(outcome.load, outcome.gate, outcome.quarantine_file))
    for notice in result.notices:
        typer.echo(f"notice: {notice}")
    typer.echo(f"report: {outcome.report_files[1]}")
    typer.echo(
        f"wrote {export.nodes} nodes and {export.relationships} relationships in {len(export.groups)} file groups "
        f"to {out}. Next, with Neo4j stopped: {export.script} (neo4j-admin database import full); then start "
        f"Neo4j and run {export.after_import} (indexes and constraints), e.g. with cypher-shell -f"
    )
    if outcome.rejected > 0:
        raise typer.Exit(EXIT_PARTIAL)


def audit(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text (a table per rule) or json")] = "text",
    duplicates_limit: Annotated[
        int,
        typer.Option(
            "--duplicates-limit",
            min=0,
            help="likely duplicates: resolve the names of at most this many entities (by id; the report says "
            "when it was cut); 0 leaves the duplicates out",
        ),
    ] = 2000,
    repair_counts: Annotated[
        bool,
        typer.Option(
            "--repair-counts",
            help="keep a recount on the entities and documents whose kept counts (degree, neighbour counts,"
            " support counts) differ from it",
        ),
    ] = False,
) -> None:
    """Run the shapes over the live graph, so data loaded before a shape was tightened is found too, and
    list likely duplicates: pairs of entities of one class whose names resolve to each other (the name
    resolver: traditional, full-width, dropped 国家/市, abbreviations, typos), with how they matched.

    Then recount every entity's relationships against the counts ingest keeps on it (degree,
    neighbour counts), listing those that differ; --repair-counts keeps the recount on them.

    Exit 1 when there is a Violation or a kept count differs (and was not repaired), 0 otherwise (likely
    duplicates do not change it).
    """
    import json

    from rich.console import Console

    from jxkg.cli.errors import EXIT_FAILED
    from jxkg.export.audit import audit_dict, audit_graph, audit_kept_counts, render_kept_counts_text
    from jxkg.export.duplicates import likely_duplicates, render_duplicates_text
    from jxkg.shapes.render import render_text

    schema = load_schema()
    with open_store(load_settings()) as store:  # as POST /api/v1/audit does
        report = audit_graph(store, schema)
        duplicates = likely_duplicates(store, schema, max_entities=duplicates_limit)
        kept = audit_kept_counts(store, schema, repair=repair_counts)
    if fmt == "json":
        sys.stdout.write(json.dumps(audit_dict(report, duplicates, kept), ensure_ascii=False, indent=1) + "\n")
    else:
        console = Console(soft_wrap=True)
        render_text(report, console)
        for line in [*render_duplicates_text(duplicates), *render_kept_counts_text(kept)]:
            console.print(line, highlight=False, markup=False)
    if not report.conforms or (kept.differing and not kept.repaired):
        raise typer.Exit(EXIT_FAILED)
