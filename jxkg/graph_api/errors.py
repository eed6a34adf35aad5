"""Every error the API answers with, as RFC 9457 problem details (`application/problem+json`).

The one table of error outcomes (`jxkg.errors.FACE_OUTCOMES`, which the CLI reads too) gives each
project error its HTTP status and title; FastAPI's own errors (an invalid request, an unknown
route, a wrong method) and the API's guards (key, role, size, rate) answer in the same form.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from jxkg.errors import (
    FACE_OUTCOMES,
    IngestBusyError,
    JobNotFinishedError,
    JxkgError,
    NotFoundError,
    ParameterError,
    QueryError,
    QueryTextLimitError,
    StoreUnavailableError,
    UnknownNameError,
    UnresolvedNameError,
    UploadError,
    UploadTooLargeError,
    outcome_for,
)
from jxkg.graph_api.models import Problem

PROBLEM_MEDIA_TYPE = "application/problem+json"
# Problem type URIs live beside the ontology's namespace; they identify, clients need not fetch them.
PROBLEM_TYPE_BASE = "https://w3id.org/jxkg/problems/"
# How long a client should wait before trying again while the database is away.
STORE_RETRY_AFTER_S = 5

log = logging.getLogger("jxkg.api")


@dataclass(frozen=True)
class ProblemKind:
    status: int
    title: str


# The API's view of the one table of error outcomes (jxkg.errors.FACE_OUTCOMES): status and title.
PROBLEM_KINDS: Mapping[type[JxkgError], ProblemKind] = {
    cls: ProblemKind(outcome.http_status, outcome.title) for cls, outcome in FACE_OUTCOMES.items()
}

# RFC 9110's names, where Python 3.11's http module still has the older ones.
_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}


class ApiProblem(HTTPException):
    """An HTTP error raised by the API's own guards, with a machine-readable name and extension members."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        error: str,
        headers: Mapping[str, str] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(status, detail, dict(headers) if headers else None)
        self.error = error
        self.extensions = dict(extensions or {})


def kind_for(error: JxkgError) -> ProblemKind:
    outcome = outcome_for(error)
    return ProblemKind(outcome.http_status, outcome.title)


def status_for(error: JxkgError) -> int:
    return kind_for(error).status


def http_title(status: int) -> str:
    return _TITLES.get(status) or HTTPStatus(status).phrase


def http_error_name(status: int) -> str:
    """`Not Found` -> `NotFound`: the `error` member of problems that only HTTP semantics explain."""
    return re.sub(r"[^A-Za-z]", "", http_title(status).title())


def problem_response(
    status: int,
    *,
    instance: str,
    error: str,
    detail: str = "",
    title: str | None = None,
    type_: str = "about:blank",
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    problem = Problem(
        type=type_,
        title=title or http_title(status),
        status=status,
        detail=detail,
        instance=instance,
        error=error,
        **extensions,
    )
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=status,
        headers=dict(headers) if headers else None,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def _slug(error_class: type[JxkgError]) -> str:
    """`StoreUnavailableError` -> `store-unavailable`."""
    stem = error_class.__name__.removesuffix("Error") or "jxkg"
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", stem).lower()


def _extensions(error: JxkgError) -> tuple[dict[str, Any], dict[str, str]]:
    """Extension members and headers particular to some errors."""
    if isinstance(error, UnknownNameError):
        return {"suggestions": list(error.suggestions)}, {}
    if isinstance(error, NotFoundError) and error.suggestions:
        return {"suggestions": list(error.suggestions)}, {}
    if isinstance(error, UnresolvedNameError):
        candidates = [{"id": i, "name": n, "class": c, "score": s} for i, n, c, s in error.candidates]
        return {"parameter": error.parameter, "given": error.given, "candidates": candidates}, {}
    if isinstance(error, ParameterError):
        return {"parameter": error.parameter}, {}
    if isinstance(error, QueryTextLimitError):
        return {"limit": error.limit, "setting": error.setting}, {}
    if isinstance(error, UploadTooLargeError):
        return {"file": error.file, "limit": error.limit, "setting": error.setting}, {}
    if isinstance(error, UploadError):
        return {"file": error.file, **({"see": error.see} if error.see else {})}, {}
    if isinstance(error, IngestBusyError | JobNotFinishedError):
        return {"job": error.job}, {}
    if isinstance(error, StoreUnavailableError):
        hint = f"the API reconnects by itself once the database is back; retry in {STORE_RETRY_AFTER_S} s"
        return {"hint": hint}, {"Retry-After": str(STORE_RETRY_AFTER_S)}
    return {}, {}


async def _jxkg_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, JxkgError)
    kind = kind_for(exc)
    if kind.status >= 500:
        log.warning("%s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
    extensions, headers = _extensions(exc)
    if isinstance(exc, ParameterError):  # the one 422 shape: `parameter`, and `errors` as a validation gives them
        extensions["errors"] = [
            {"loc": [exc.parameter], "parameter": exc.parameter, "msg": str(exc), "type": _slug(type(exc))}
        ]
    if exc.message_zh:
        extensions["detailZh"] = exc.message_zh
    return problem_response(
        kind.status,
        instance=request.url.path,
        error=type(exc).__name__,
        detail=_detail(request, exc),
        title=kind.title,
        type_=PROBLEM_TYPE_BASE + _slug(type(exc)),
        headers=headers,
        **extensions,
    )


def _detail(request: Request, exc: JxkgError) -> str:
    """What the client is told. An engine's own message about a refused query is not echoed (it
    names the engine's internals, and what it parsed of the request); the log keeps it."""
    if type(exc) is QueryError:
        log.info("%s %s: %s refused the query: %s", request.method, request.url.path, exc.engine, exc.engine_message)
        return (
            f"the database ({exc.engine}) refused the query: check its syntax, the functions it calls and the types "
            "of its values; the engine's message is in the server's log"
        )
    return str(exc)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    type_, detail = "about:blank", str(exc.detail)
    if isinstance(exc, ApiProblem):
        error, extensions = exc.error, exc.extensions
    elif exc.status_code == 404:  # no such route: spelled as every other not-found is
        error, extensions, type_ = "NotFoundError", {}, PROBLEM_TYPE_BASE + _slug(NotFoundError)
        detail = f"no such path: {request.url.path}"
    else:
        error, extensions = http_error_name(exc.status_code), {}
    return problem_response(
        exc.status_code,
        instance=request.url.path,
        error=error,
        detail=detail,
        type_=type_,
        headers=exc.headers,
        **extensions,
    )


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # where and what, without echoing what was sent (it may be large, or hold what should not be logged)
    problems = [
        {"loc": list(e["loc"]), "parameter": _parameter(e["loc"]), "msg": str(e["msg"]), "type": str(e["type"])}
        for e in exc.errors()
    ]
    return problem_response(
        422,
        instance=request.url.path,
        error="RequestValidationError",
        detail="the request does not match what this endpoint takes; see errors",
        title="Invalid request",
        type_=PROBLEM_TYPE_BASE + "request-validation",
        parameter=problems[0]["parameter"] if problems else None,  # the first at fault, as a ParameterError names it
        errors=problems,
    )


def _parameter(loc: Sequence[Any]) -> str:
    """A validation error's place as a parameter's name: `("query", "limit")` -> `limit`,
    `("body", "params", "id")` -> `params.id` (where it came from is in `loc`)."""
    parts = (
        [str(part) for part in loc[1:]]
        if loc and loc[0] in ("query", "path", "body", "header")
        else [str(p) for p in loc]
    )
    return ".".join(parts) or "body"


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return problem_response(
        500, instance=request.url.path, error="InternalError", detail="an unexpected error occurred; it is logged"
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(JxkgError, _jxkg_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _unexpected)


# every read of the graph (search, entities, paths, subgraphs, questions, schema, stats) declares this one
# set, so a generated client handles one set; not each can happen everywhere (GET /schema names nothing)
READ_PROBLEMS: tuple[int, ...] = (400, 401, 403, 404, 422, 429, 502, 503, 504)


def problem_docs(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries for a route's possible problems; `openapi_with_problems` gives them their schema."""
    return {status: {"description": http_title(status)} for status in statuses}


def openapi_with_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Every 4xx/5xx response in the OpenAPI document as `application/problem+json` with the Problem schema,
    except those a route documents with a body of its own (the health check's 503)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                own_body = "content" in response and "HTTPValidationError" not in json.dumps(response["content"])
                if str(status)[0] in "45" and not own_body:
                    response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    # FastAPI's own 422 body is referenced by nothing now: drop it (and what only it used)
    for unused in ("HTTPValidationError", "ValidationError"):
        rest = {name: body for name, body in components.items() if name != unused}
        if f'"#/components/schemas/{unused}"' not in json.dumps([schema["paths"], rest]):
            components.pop(unused, None)
    return schema
