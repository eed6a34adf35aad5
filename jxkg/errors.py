"""The project's exceptions, one tree.

    JxkgError                       anything jxkg raises on purpose
    ├── ConfigurationError          a setting is missing or contradicts another
    ├── OntologyError               the ontology cannot be read or is ill-formed
    ├── UnknownNameError            a class, label, relationship type or property the ontology lacks
    ├── NotFoundError               a named thing (entity, catalog query) does not exist
    ├── ParameterError              a query parameter is missing, of the wrong type or not allowed
    ├── ValidationError             shapes cannot be read, or data cannot be validated at all
    ├── IngestError                 a run stopped (bad arguments, unreadable source, ...)
    └── StoreError                  anything from the graph store
        ├── StoreUnavailableError   the database cannot be reached
        ├── EmbeddedServerError     the embedded server cannot be started or stopped
        ├── QueryError              the engine refused a query (syntax, semantics, constraint)
        │   ├── QueryTimeoutError   the query ran past the time limit
        │   └── EngineReplyError    the engine's reply could not be read (garbled text)
        └── ReadOnlyViolationError  a query sent through a read-only door would write or escape

Engine exceptions are translated into these at the store's edge (`raise ... from exc`), so no
code above the store imports an engine's exception types. The CLI maps each class to one exit
code (`jxkg.cli.errors`), the API to one HTTP status (`jxkg.graph_api.errors`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class JxkgError(Exception):
    """Base of every error jxkg raises on purpose."""


class ConfigurationError(JxkgError):
    """A setting is missing, malformed or contradicts another."""


class OntologyError(JxkgError):
    """The ontology cannot be read or is ill-formed."""


class UnknownNameError(JxkgError):
    """A name the ontology does not define; the message suggests the nearest known names."""

    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        self.kind, self.name = kind, name
        by_folded = {k.casefold(): k for k in known}
        close = difflib.get_close_matches(name.casefold(), list(by_folded), n=3, cutoff=0.6)
        self.suggestions = tuple(by_folded[c] for c in close)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        self.message = f"unknown {kind} {name!r}{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class NotFoundError(JxkgError):
    """A named thing (an entity by id, a catalog query by name) does not exist."""


class ParameterError(JxkgError):
    """A query parameter is missing, cannot be read as its declared type, or is not an allowed value."""

    def __init__(self, message: str, *, parameter: str) -> None:
        super().__init__(message)
        self.parameter = parameter


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


class QueryTimeoutError(QueryError):
    """The query ran past the time limit (`JXKG_QUERY_TIMEOUT`) and was stopped."""

    def __init__(self, *, limit_s: float, query: str, engine: str) -> None:
        StoreError.__init__(
            self,
            f"the query ran past the time limit of {limit_s:g} s and was stopped "
            "(raise it with JXKG_QUERY_TIMEOUT, or narrow the query: bound path lengths, add LIMIT)",
        )
        self.engine_message = "timed out"
        self.query = query
        self.engine = engine
        self.limit_s = limit_s


class EngineReplyError(QueryError):
    """The engine answered, but its reply could not be read (FalkorDB cuts multi-byte text mid-character)."""

    def __init__(self, detail: str, *, query: str, engine: str) -> None:
        StoreError.__init__(self, f"{engine} sent a reply that cannot be read: {detail}")
        self.engine_message = detail
        self.query = query
        self.engine = engine


class ReadOnlyViolationError(StoreError):
    """A query sent through a read-only door would write, load files or call a forbidden procedure."""
