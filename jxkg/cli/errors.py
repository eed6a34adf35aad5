"""The command line's exit codes: those of errors come from the one table in `jxkg.errors`."""

from __future__ import annotations

from jxkg.errors import EXIT_FAILED, EXIT_UNAVAILABLE, JxkgError, outcome_for

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_PARTIAL", "EXIT_UNAVAILABLE", "exit_code_for"]

EXIT_OK = 0
EXIT_PARTIAL = 3  # ingest: some rows were quarantined, the rest loaded


def exit_code_for(error: JxkgError) -> int:
    return outcome_for(error).exit_code
