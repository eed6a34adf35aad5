"""`jxkg db start|stop|status`: the embedded FalkorDB server of the data folder."""

from __future__ import annotations

import typer

from jxkg.errors import ConfigurationError
from jxkg.settings import EngineName, Settings, load_settings
from jxkg.store import open_store
from jxkg.store.falkordb_server import EmbeddedFalkorDB

app = typer.Typer(help="Start, stop and inspect the embedded FalkorDB server.", no_args_is_help=True)


def embedded_server(settings: Settings) -> EmbeddedFalkorDB:
    if settings.engine is not EngineName.FALKORDB:
        raise ConfigurationError(
            f"JXKG_ENGINE is {settings.engine.value}: the embedded server is only used with falkordb "
            f"(Neo4j runs on its own, at {settings.neo4j_uri})"
        )
    return EmbeddedFalkorDB.for_settings(settings)


@app.command()
def start() -> None:
    """Start the server for the data folder, or reuse the one already running there."""
    settings = load_settings()
    server = embedded_server(settings)
    already = server.status().running
    status = server.start()
    verb = "already running" if already else "started"
    typer.echo(f"FalkorDB {verb} on {status.host}:{status.port} (pid {status.pid}, data {status.data_dir})")


@app.command()
def stop() -> None:
    """Stop the server of the data folder; no process is left behind."""
    server = embedded_server(load_settings())
    if server.stop():
        typer.echo(f"FalkorDB on {server.address} stopped")
    else:
        typer.echo(f"FalkorDB was not running for {server.data_dir}")


@app.command()
def status() -> None:
    """Say whether the server runs, and what it holds. Exit 1 when it is not running."""
    settings = load_settings()
    server = embedded_server(settings)
    current = server.status()
    if not current.running:
        typer.echo(f"FalkorDB not running for {current.data_dir} ({current.detail})")
        raise typer.Exit(1)
    with open_store(settings) as store:
        health = store.health()
        counts = store.stats()
    typer.echo(
        f"FalkorDB {health.version} running on {current.host}:{current.port} (pid {current.pid}, "
        f"data {current.data_dir}); graph {settings.graph_name!r}: {counts.nodes} nodes, "
        f"{counts.relationships} relationships"
    )
