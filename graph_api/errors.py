"""One place that maps the project's errors to HTTP statuses."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from jxkg.errors import (
    ConfigurationError,
    JxkgError,
    QueryError,
    ReadOnlyViolationError,
    StoreUnavailableError,
    ValidationError,
)
from jxkg.graph_api.models import ErrorResponse

_STATUS: list[tuple[type[JxkgError], int]] = [
    (StoreUnavailableError, 503),
    (ReadOnlyViolationError, 403),
    (QueryError, 400),
    (ValidationError, 422),
    (ConfigurationError, 500),
    (JxkgError, 500),
]


def status_for(error: JxkgError) -> int:
    return next(status for kind, status in _STATUS if isinstance(error, kind))


async def _handle(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, JxkgError)
    body = ErrorResponse(error=type(exc).__name__, message=str(exc))
    return JSONResponse(status_code=status_for(exc), content=body.model_dump())


def install(app: FastAPI) -> None:
    app.add_exception_handler(JxkgError, _handle)
