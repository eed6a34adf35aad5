"""`/reconcile`: a reconciliation service (Reconciliation Service API v0.2) over the name resolver,
for OpenRefine and the data stewards; a thin face over `jxkg.queries.reconcile`.

`GET /reconcile` without `queries` is the manifest, open to all as the specification asks (it
holds the ontology's class names and this service's URLs, nothing of the graph), also as JSONP
with `callback`. Everything else needs a reader's key: a batch by `GET ?queries=` or `POST` (the
form field `queries`, as OpenRefine sends it, or the batch as a JSON body), the suggest services
and the previews. Errors are the API's problem+json (the specification leaves their body open).
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from jxkg.errors import ParameterError
from jxkg.graph_api.deps import Names, Schema, Store, get_resolver
from jxkg.graph_api.errors import ApiProblem, problem_docs
from jxkg.graph_api.keys import Role
from jxkg.graph_api.security import API_KEY_HEADER, check_role
from jxkg.ontology.schema import GraphSchema
from jxkg.queries.reconcile import (
    MAX_BATCH,
    Manifest,
    Reconciler,
    ReconQuery,
    ReconResult,
    manifest,
    parse_batch,
    suggest,
)
from jxkg.queries.reconcile import preview as previews
from jxkg.queries.reconcile.model import SuggestResponse
from jxkg.queries.resolve import MAX_TEXT_CHARS, Resolver

SERVICE_PATH = "/reconcile"
MAX_QUERIES_CHARS = 200_000  # a GET's `queries`: far more than 100 queries need
# a JavaScript name, perhaps dotted (jQuery's callbacks are jQuery123_456): nothing that could run code
_CALLBACK = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]{0,63}(?:\.[A-Za-z_$][A-Za-z0-9_$]{0,63}){0,3}")
_FORM = ("application/x-www-form-urlencoded", "multipart/form-data")

open_router = APIRouter(tags=["reconcile"])  # the one route whose manifest needs no key
router = APIRouter(prefix=SERVICE_PATH, tags=["reconcile"])

Batch = dict[str, ReconResult]


def _manifest(request: Request, schema: GraphSchema) -> Manifest:
    keyed = not request.app.state.keyring.keyless
    service = str(request.url.replace(query="", fragment="")).rstrip("/")
    return manifest(service, str(request.base_url), schema=schema, key_header=API_KEY_HEADER if keyed else None)


def _answer(resolver: Resolver, text: str) -> Batch:
    batch = parse_batch(text)
    if len(batch) > MAX_BATCH:
        # v0.2: a batch over the manifest's batchSize MAY be answered 413
        raise ApiProblem(
            413,
            f"the batch holds {len(batch)} queries; at most {MAX_BATCH} (the manifest's batchSize)",
            error="BatchTooLarge",
            extensions={"limit": MAX_BATCH},
        )
    # the app's resolver: its normaliser and pinyin index are made once, not for every batch
    return Reconciler(resolver.store, resolver.schema, resolver).reconcile(batch)


@open_router.get(
    SERVICE_PATH,
    response_model=Manifest | Batch,
    response_model_exclude_none=True,
    responses={
        200: {
            "description": "the manifest, the batch's results, or with `callback` the manifest as JSONP",
            "content": {"application/javascript": {"schema": {"type": "string"}}},
        },
        **problem_docs(400, 401, 403, 413, 422, 429, 503),
    },
)
def service(
    request: Request,
    schema: Schema,
    queries: Annotated[
        str | None,
        Query(max_length=MAX_QUERIES_CHARS, description="a query batch as JSON; without it, the manifest"),
    ] = None,
    callback: Annotated[
        str | None, Query(max_length=300, description="JSONP: the manifest wrapped in a call to this function")
    ] = None,
) -> Any:
    """The manifest (no key needed), or with `queries` the batch's results (a reader's key)."""
    if queries is None:
        document = _manifest(request, schema)
        if callback is None:
            return document
        if not _CALLBACK.fullmatch(callback):
            raise ParameterError(
                "callback must be a JavaScript function name (letters, digits, _ $ and dots)", parameter="callback"
            )
        body = json.dumps(document.model_dump(mode="json", by_alias=True, exclude_none=True), ensure_ascii=False)
        return Response(f"/**/{callback}({body});", media_type="application/javascript")
    if callback is not None:
        raise ParameterError(
            "JSONP is offered for the manifest only; send queries without callback", parameter="callback"
        )
    check_role(request, Role.READER)
    return _answer(get_resolver(request), queries)


def _query_components() -> dict[str, Any]:
    """ReconQuery and the models it holds, as OpenAPI components (their $refs point there)."""
    schema = ReconQuery.model_json_schema(ref_template="#/components/schemas/{model}")
    return {"ReconQuery": schema, **schema.pop("$defs", {})}


# what the batch's JSON body refers to: the app adds these to the document's components
COMPONENTS: dict[str, Any] = _query_components()

_BATCH_BODY = {
    "required": True,
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "properties": {"queries": {"type": "string", "description": "the query batch, as JSON"}},
                "required": ["queries"],
            }
        },
        "application/json": {
            "schema": {
                "type": "object",
                "description": "the query batch: queries by key",
                "additionalProperties": {"$ref": "#/components/schemas/ReconQuery"},
            }
        },
    },
}


@router.post(
    "",
    response_model=Batch,
    response_model_exclude_none=True,
    responses=problem_docs(400, 413, 415, 422, 503),
    openapi_extra={"requestBody": _BATCH_BODY},
)
async def batch(request: Request) -> Batch:
    """A query batch: the form field `queries` (as OpenRefine sends it), or the batch as a JSON body."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media in _FORM:
        form = await request.form()
        text = form.get("queries")
        if not isinstance(text, str):
            raise ParameterError("the form has no queries field (the batch as JSON)", parameter="queries")
    elif media == "application/json" or media.endswith("+json"):
        try:
            text = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            raise ParameterError("the body is not UTF-8", parameter="queries") from None
    else:
        raise ApiProblem(
            415,
            "send the batch as the form field queries (application/x-www-form-urlencoded) or as application/json",
            error="UnsupportedMediaType",
        )
    return await run_in_threadpool(_answer, get_resolver(request), text)


Prefix = Annotated[str, Query(max_length=MAX_TEXT_CHARS, description="what the user has typed")]
Cursor = Annotated[int, Query(ge=0, le=100, description="how many suggestions to skip")]
Limit = Annotated[int, Query(ge=1, le=suggest.MAX_SUGGESTIONS, description="how many suggestions")]


@router.get(
    "/suggest/entity",
    response_model=SuggestResponse,
    response_model_exclude_none=True,
    responses=problem_docs(400, 422, 503),
)
def suggest_entity(
    store: Store,
    schema: Schema,
    names: Names,
    prefix: Prefix,
    cursor: Cursor = 0,
    type: Annotated[str | None, Query(max_length=200, description="only entities of this type")] = None,
    limit: Limit = suggest.DEFAULT_SUGGESTIONS,
) -> SuggestResponse:
    """Entities by the start of a name (or an id), as the explorer's search finds them."""
    return suggest.entities(store, schema, prefix, type_id=type, cursor=cursor, limit=limit, resolver=names)


@router.get(
    "/suggest/type", response_model=SuggestResponse, response_model_exclude_none=True, responses=problem_docs(422)
)
def suggest_type(
    schema: Schema, prefix: Prefix = "", cursor: Cursor = 0, limit: Limit = suggest.DEFAULT_SUGGESTIONS
) -> SuggestResponse:
    """The ontology's classes whose name (class name, Chinese, English) starts with or holds the prefix."""
    return suggest.types(schema, prefix, cursor=cursor, limit=limit)


@router.get(
    "/suggest/property", response_model=SuggestResponse, response_model_exclude_none=True, responses=problem_docs(422)
)
def suggest_property(
    schema: Schema, prefix: Prefix = "", cursor: Cursor = 0, limit: Limit = suggest.DEFAULT_SUGGESTIONS
) -> SuggestResponse:
    """Relationship types and properties a query's `properties` may name (`pid`)."""
    return suggest.properties(schema, prefix, cursor=cursor, limit=limit)


@router.get(
    "/preview",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, **problem_docs(404, 422, 503)},
)
def preview(
    request: Request, store: Store, schema: Schema, id: Annotated[str, Query(min_length=1, max_length=1000)]
) -> HTMLResponse:
    """An entity as a small HTML page, for a client's iframe."""
    # framing by the browser origins the API is opened to (JXKG_CORS_ORIGINS), e.g. OpenRefine's page;
    # a frame-ancestors directive takes precedence over X-Frame-Options in current browsers
    origins = " ".join(o.strip() for o in request.app.state.settings.cors_origins.split(",") if o.strip())
    policy = f"default-src 'none'; frame-ancestors {origins or chr(39) + 'none' + chr(39)}"
    return HTMLResponse(previews.preview_html(store, schema, id), headers={"Content-Security-Policy": policy})
