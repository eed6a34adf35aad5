"""Validators for the read answers: an `ETag` from the graph's last ingest run and the request, and
`304 Not Modified` when the caller already holds it (`If-None-Match`).

A route opts in with `dependencies=[Revalidate]` (`RevalidateCatalog` for the catalog's). The
dependency runs after the key check (the router's dependencies come first), reads the graph's
version (`graph_version`: one small query, not kept, so no API worker and no `jxkg ingest` in
another process can make it stale), and either answers 304 at once, before the route reads the
graph, or leaves the tag in the request's state for `CachePolicyMiddleware` (`http_cache`) to put
on the 200. While an ingest runs there is no tag: the answer may change from one read to the next.

The tag is weak (`W/"…"`): it names what the answer says, not its bytes, which gzip changes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from jxkg import __version__
from jxkg.errors import StoreUnavailableError
from jxkg.graph_api.deprecation import headers_for
from jxkg.graph_api.keys import Role
from jxkg.graph_api.security import check_role
from jxkg.ingest.runs.history import graph_version
from jxkg.ontology.schema import ontology_stamp
from jxkg.queries.catalog import catalog_stamp
from jxkg.store import GraphStore

# the request state's key for the tag: `http_cache` reads it; its presence marks a cacheable answer
ETAG_STATE = "jxkg_etag"


class NotModified(Exception):  # noqa: N818  (named for the status it answers, like HTTP's own)
    """The caller's `If-None-Match` holds the answer's tag: 304, no body."""

    def __init__(self, etag: str) -> None:
        super().__init__(etag)
        self.etag = etag


def answer_tag(
    version: str, *, role: Role, method: str, path: str, query: str, accept: str, body: bytes, files: object = ()
) -> str:
    """The weak ETag of an answer: the graph's and the code's version (`files`: the stamps of the
    files the answer is read from, which may be edited in place), and everything in the request the
    answer depends on (the role too, so no answer is ever validated across roles)."""
    parts = [
        __version__,
        files,
        version,
        role.value,
        "GET" if method == "HEAD" else method,  # HEAD is GET without the body: the same tag
        path,
        query,
        accept,
        hashlib.sha256(body).hexdigest(),
    ]
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether `If-None-Match` names `etag`, by the weak comparison (RFC 9110 13.1.2); `*` names any."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        description="the ETag of an answer already held: 304 with no body while it is still the answer",
    ),
]


async def revalidate(request: Request, if_none_match: IfNoneMatch = None) -> None:
    """Tag the answer, or answer 304 when the caller holds the tag (see the module's docstring); the
    ontology's file is in the tag (every answer's classes come from it). The header is declared
    here so that the OpenAPI document shows which operations take it."""
    await _revalidate(request, if_none_match, (ontology_stamp(),))


async def revalidate_catalog(request: Request, if_none_match: IfNoneMatch = None) -> None:
    """`revalidate` for the catalog's answers: its `.cypher` files are in the tag too (the cost of
    their stat calls, about 0.6 ms here, is paid by these routes only; `load_catalog` pays it anyway)."""
    await _revalidate(request, if_none_match, (ontology_stamp(), catalog_stamp()))


async def _revalidate(request: Request, if_none_match: str | None, files: tuple[object, ...]) -> None:
    setattr(request.state, ETAG_STATE, None)  # cacheable, no tag yet
    store: GraphStore = request.app.state.store
    try:  # a round trip to the database: in a thread, as the sync routes are, not on the event loop
        version = await run_in_threadpool(graph_version, store)
    except StoreUnavailableError:
        return  # no tag; the route answers what it can without the graph (the catalog, the schema) or 503
    if version is None:
        return
    # the router's key check let the request through; the anonymous reader reads as a reader, the same answers
    role = check_role(request, Role.READER, anonymous=True).role
    body = await request.body() if request.method == "POST" else b""
    etag = answer_tag(
        version,
        role=role,
        method=request.method,
        path=request.url.path,
        query=request.url.query,
        accept=request.headers.get("accept", ""),
        body=body,
        files=files,
    )
    if matches(if_none_match, etag):
        raise NotModified(etag)
    setattr(request.state, ETAG_STATE, etag)


Revalidate = Depends(revalidate)
RevalidateCatalog = Depends(revalidate_catalog)


async def _not_modified(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotModified)
    setattr(request.state, ETAG_STATE, exc.etag)
    # a 304 to a request that used a deprecated name still says so (RFC 9745 allows it on any answer)
    return Response(status_code=304, headers={"ETag": exc.etag} | headers_for(request))


def install(app: FastAPI) -> None:
    app.add_exception_handler(NotModified, _not_modified)
