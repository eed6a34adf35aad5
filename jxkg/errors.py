"""The project's exceptions, one tree.

    JxkgError                       anything jxkg raises on purpose
    ├── ConfigurationError          a setting is missing or contradicts another
    ├── OntologyError               the ontology cannot be read or is ill-formed
    ├── ValidationError             shapes cannot be read, or data cannot be validated at all
    ├── IngestError                 a run stopped (bad arguments, unreadable source, ...)
    └── StoreError                  anything from the graph store
        ├── StoreUnavailableError   the database cannot be reached
        ├── EmbeddedServerError     the embedded server cannot be started or stopped
        ├── QueryError              the engine refused a query (syntax, semantics, constraint)
        └── ReadOnlyViolationError  a query sent through a read-only door would write or escape

Engine exceptions are translated into these at the store's edge (`raise ... from exc`), so no
code above the store imports an engine's exception types. The CLI maps each class to one exit
code (`jxkg.cli.errors`), the API to one HTTP status (`jxkg.graph_api.errors`).
"""

from __future__ import annotations


class JxkgError(Exception):
    """Base of every error jxkg raises on purpose."""


class ConfigurationError(JxkgError):
    """A setting is missing, malformed or contradicts another."""


class OntologyError(JxkgError):
    """The ontology cannot be read or is ill-formed."""


class ValidationError(JxkgError):
    """Shapes cannot be read, or data cannot be validated at all (not: data that fails shapes)."""


class IngestError(JxkgError):
    """An ingest run stopped before it could finish."""


class StoreError(JxkgError):
    """Anything that went wrong in the graph store."""


class StoreUnavailableError(StoreError):
    """The database cannot be reached; the message says where and how to start it."""

    def __init__(self, message: str, *, address: str) -> None:
        super().__init__(message)
        self.address = address


class EmbeddedServerError(StoreError):
    """The embedded FalkorDB server cannot be started, found or stopped."""


class QueryError(StoreError):
    """The engine refused a query. Carries the engine's own message and the query text."""

    def __init__(self, engine_message: str, *, query: str, engine: str) -> None:
        super().__init__(f"{engine} refused the query: {engine_message}")
        self.engine_message = engine_message
        self.query = query
        self.engine = engine


class ReadOnlyViolationError(StoreError):
    """A query sent through a read-only door would write, load files or call a forbidden procedure."""
