"""One place that maps the project's errors to the command line's exit codes."""

from __future__ import annotations

from jxkg.errors import (
    ConfigurationError,
    EmbeddedServerError,
    JxkgError,
    StoreUnavailableError,
    ValidationError,
)

EXIT_OK = 0
EXIT_FAILED = 1  # the command ran and failed: a refused query, a Violation, a stopped run
EXIT_UNAVAILABLE = 2  # nothing could be done: no database, bad configuration, unreadable input
EXIT_PARTIAL = 3  # ingest: some rows were quarantined, the rest loaded

_EXIT_CODES: list[tuple[type[JxkgError], int]] = [
    (StoreUnavailableError, EXIT_UNAVAILABLE),
    (EmbeddedServerError, EXIT_UNAVAILABLE),
    (ConfigurationError, EXIT_UNAVAILABLE),
    (ValidationError, EXIT_UNAVAILABLE),  # nothing could be validated (unreadable data or shapes)
    (JxkgError, EXIT_FAILED),
]


def exit_code_for(error: JxkgError) -> int:
    for kind, code in _EXIT_CODES:
        if isinstance(error, kind):
            return code
    return EXIT_FAILED
