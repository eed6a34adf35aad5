"""Engines by name: `open_store` builds the one the settings name. Engine modules load only when chosen."""

from __future__ import annotations

from collections.abc import Callable

from jxkg.errors import ConfigurationError
from jxkg.settings import Settings
from jxkg.store.base import GraphStore
from jxkg.store.cypher_tokens import TextLimits


def text_limits(settings: Settings) -> TextLimits:
    """The bounds on outside query text the settings give (`JXKG_MAX_QUERY_CHARS`, `JXKG_MAX_QUERY_NESTING`)."""
    return TextLimits(max_chars=settings.max_query_chars, max_nesting=settings.max_query_nesting)


def _falkordb(settings: Settings) -> GraphStore:
    from jxkg.store.falkordb_engine import FalkorDBStore

    return FalkorDBStore(
        settings.falkordb_host,
        settings.falkordb_port,
        settings.graph_name,
        timeout_s=settings.query_timeout_s,
        write_timeout_s=settings.write_timeout_s,
        text_limits=text_limits(settings),
    )


def _neo4j(settings: Settings) -> GraphStore:
    from jxkg.store.neo4j_engine import Neo4jStore

    return Neo4jStore(
        settings.neo4j_uri,
        user=settings.neo4j_user,
        password=settings.neo4j_password.get_secret_value(),
        database=settings.neo4j_database,
        timeout_s=settings.query_timeout_s,
        write_timeout_s=settings.write_timeout_s,
        text_limits=text_limits(settings),
    )


ENGINES: dict[str, Callable[[Settings], GraphStore]] = {"falkordb": _falkordb, "neo4j": _neo4j}


def open_store(settings: Settings) -> GraphStore:
    """A store for the configured engine. It connects lazily; `health()` tells whether it is reachable."""
    name = str(settings.engine).lower()
    try:
        factory = ENGINES[name]
    except KeyError:
        raise ConfigurationError(f"unknown engine {name!r}; choose one of {', '.join(sorted(ENGINES))}") from None
    return factory(settings)
