"""`jxkg serve` and `jxkg demo`: the API in the foreground, and the whole first-run experience."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from jxkg.cli.signals import stop_signals_as_ctrl_c
from jxkg.settings import EngineName, Settings, load_settings
from jxkg.store import open_store
from jxkg.store.falkordb_server import EmbeddedFalkorDB

# what each worker process of `jxkg serve --workers N` imports and calls to make its app (from the environment)
APP_FACTORY = "jxkg.graph_api.app:create_app"


def _run_api(settings: Settings) -> None:
    # the web stack is imported by the commands that serve it only: `jxkg query` starts at once
    import uvicorn

    from jxkg.cli.signals import serve_until_stopped, supervise_until_stopped
    from jxkg.graph_api.app import create_app

    app = create_app(settings)  # here, once: bad keys or an exposed keyless API stop the command before it serves
    workers = settings.workers
    shown = f"{workers} worker processes, " if workers > 1 else ""
    typer.echo(f"jxkg API on http://{settings.api_host}:{settings.api_port}  ({shown}Ctrl-C stops it)")
    if workers == 1:
        # uvicorn.Server rather than uvicorn.run: SIGHUP needs the server's handle_exit (see jxkg.cli.signals)
        config = uvicorn.Config(app, host=settings.api_host, port=settings.api_port, log_level="info")
        serve_until_stopped(uvicorn.Server(config))
        return
    # Each worker makes its own app from the environment: the count goes there, for the rate limit's shares.
    os.environ["JXKG_WORKERS"] = str(workers)
    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        host=settings.api_host,
        port=settings.api_port,
        workers=workers,
        log_level="info",
    )
    supervise_until_stopped(config)


def serve(
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="worker processes (default: JXKG_WORKERS, 1); the rate limit is shared out among them",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API in the foreground on JXKG_API_HOST:JXKG_API_PORT; Ctrl-C, SIGTERM or SIGHUP stop it."""
    settings = load_settings()
    _run_api(settings if workers is None else settings.model_copy(update={"workers": workers}))


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
