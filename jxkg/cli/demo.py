"""`jxkg serve` and `jxkg demo`: the API in the foreground, and the whole first-run experience."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jxkg.cli.signals import stop_signals_as_ctrl_c
from jxkg.settings import EngineName, Settings, load_settings
from jxkg.store import open_store
from jxkg.store.falkordb_server import EmbeddedFalkorDB


def _run_api(settings: Settings) -> None:
    # the web stack is imported by the commands that serve it only: `jxkg query` starts at once
    import uvicorn

    from jxkg.cli.signals import serve_until_stopped
    from jxkg.graph_api.app import create_app

    typer.echo(f"jxkg API on http://{settings.api_host}:{settings.api_port}  (Ctrl-C stops it)")
    # uvicorn.Server rather than uvicorn.run: SIGHUP needs the server's handle_exit (see jxkg.cli.signals)
    config = uvicorn.Config(create_app(settings), host=settings.api_host, port=settings.api_port, log_level="info")
    serve_until_stopped(uvicorn.Server(config))


def serve() -> None:
    """Serve the HTTP API in the foreground on JXKG_API_HOST:JXKG_API_PORT; Ctrl-C, SIGTERM or SIGHUP stop it."""
    _run_api(load_settings())


def demo(
    data: Annotated[
        Path | None, typer.Option(help="curated data folder to load (default: data/curated of this checkout)")
    ] = None,
) -> None:
    """Start the embedded database (unless JXKG_ENGINE=neo4j), load and validate the curated data, serve the API.

    Ctrl-C, SIGTERM or SIGHUP stop the API and the database this command started.
    """
    from jxkg.ingest.pipeline import run_ingest
    from jxkg.ingest.read.curated import default_curated_dir, read_curated
    from jxkg.ingest.runs.report import render_outcome_text
    from jxkg.ontology.schema import load_schema

    settings = load_settings()
    # From here SIGTERM and SIGHUP act as Ctrl-C, so the `finally:` below stops the database on them too.
    with stop_signals_as_ctrl_c():
        server: EmbeddedFalkorDB | None = None
        if settings.engine is EngineName.FALKORDB:
            server = EmbeddedFalkorDB.for_settings(settings)
            if server.status().running:
                server = None  # someone else started it: leave it running when we stop
        try:
            if server is not None:
                # inside the try: a signal while the server starts still reaches the stop below
                server.start()
                typer.echo(f"FalkorDB started on {server.address} (data {server.data_dir})")
            folder = data or default_curated_dir()
            schema = load_schema()
            with open_store(settings) as store:
                outcome = run_ingest(read_curated(folder, schema), store, schema, settings.data_dir)
            typer.echo(render_outcome_text(outcome.load, outcome.gate, outcome.quarantine_file))
            _run_api(settings)
        finally:
            if server is not None:
                server.stop()
                typer.echo(f"FalkorDB on {server.address} stopped")
