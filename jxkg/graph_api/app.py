"""The app factory: one store per app, opened at start-up and closed at shutdown.

Everything an app holds (settings, store, keys, rate limiter) hangs off `app.state`, so two apps
in one process share nothing. The routes live under `/api/v1`; `/health` also answers at the root
for probes. Adding a resource is one router module plus one line in `_ROUTERS`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware

from jxkg import __version__
from jxkg.graph_api import (
    errors,
    etags,
    examples,
    openapi_headers,
    pages,
    question_schemas,
    routes_cypher,
    routes_entities,
    routes_health,
    routes_me,
    routes_paths,
    routes_queries,
    routes_reconcile,
    routes_runs,
    routes_schema,
    routes_search,
    routes_stats,
    routes_steward,
    routes_subgraph,
)
from jxkg.graph_api.cypher_budget import CypherBudget
from jxkg.graph_api.http_cache import GZIP_LEVEL, GZIP_MINIMUM_BYTES, CachePolicyMiddleware, HeadMiddleware
from jxkg.graph_api.keys import Role
from jxkg.graph_api.limits import (
    RATE_LIMIT_HEADERS,
    AnonymousLimit,
    BodySizeLimitMiddleware,
    RateLimiter,
    RateLimitMiddleware,
    check_anonymous_limit,
)
from jxkg.graph_api.operations import operation_id
from jxkg.graph_api.origins import parse_origins
from jxkg.graph_api.security import (
    API_KEY_HEADER,
    KeyRing,
    anonymous_origins,
    check_exposure,
    keyring_from_settings,
    require_role,
)
from jxkg.graph_api.slashes import TrailingSlashMiddleware
from jxkg.graph_api.text_guard import refuse_control_characters
from jxkg.queries import load_catalog
from jxkg.settings import Settings, load_settings
from jxkg.store import open_store

API_PREFIX = "/api/v1"
PROBE_PATH = "/health"  # the root health route: no key, no rate limit, not in the OpenAPI document

# Routers every caller may use without a key (status pages and probes; the reconciliation service's
# manifest, whose batches check the key themselves).
_OPEN_ROUTERS: tuple[APIRouter, ...] = (routes_health.router, routes_reconcile.open_router)
# The public reads: a reader's key, or none for the anonymous reader (a browser from one of
# JXKG_ANONYMOUS_ORIGINS, docs/frontend.md). What is not here needs a key.
_PUBLIC_ROUTERS: tuple[APIRouter, ...] = (
    routes_search.router,
    routes_entities.router,
    routes_paths.router,
    routes_subgraph.router,
    routes_queries.router,
    routes_schema.router,
    routes_stats.router,
)
# Routers that need at least a reader's key; a route that needs more declares it with `require_role`.
# Reconciliation is not public: one batch is up to a hundred fuzzy name resolutions, a cost no
# per-request limit bounds, and its client (OpenRefine) sends a key.
_ROUTERS: tuple[APIRouter, ...] = (
    routes_cypher.router,
    routes_me.router,
    routes_steward.router,
    routes_runs.router,
    routes_reconcile.router,
)


class JxkgAPI(FastAPI):
    def openapi(self) -> dict[str, Any]:
        if not self.openapi_schema:
            schema = errors.openapi_with_problems(super().openapi())
            schema.setdefault("components", {}).setdefault("schemas", {}).update(routes_reconcile.COMPONENTS)
            # each named question's rows typed by its catalog header
            schema = question_schemas.type_question_answers(schema, load_catalog())
            self.openapi_schema = examples.with_examples(openapi_headers.declare_headers(schema, API_PREFIX))
        return self.openapi_schema


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for `settings` (default: from the environment).

    Raises `ConfigurationError` when the keys or origins cannot be read, or when no key is
    configured and `JXKG_API_HOST` is not a loopback address.
    """
    effective = settings or load_settings()
    keys = keyring_from_settings(effective)
    check_exposure(effective, keys)
    anonymous = anonymous_origins(effective)
    check_anonymous_limit(effective, anonymous)
    # a listed anonymous origin is a CORS origin too: a browser could not read its answers otherwise
    origins = parse_origins(effective.cors_origins, "JXKG_CORS_ORIGINS", wildcard=True)
    origins += sorted(anonymous - set(origins))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(effective)  # connects lazily: the API starts, and recovers, without the database
        app.state.store = store
        try:
            yield
        finally:
            store.close()

    app = JxkgAPI(
        title="jxkg API",
        version=__version__,
        summary="Knowledge graph of Jiangxi province's science and technology innovation ecosystem",
        lifespan=lifespan,
        # /docs is our own page over a local copy of Swagger UI (FastAPI's loads it from a CDN); no ReDoc
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=operation_id,
    )
    app.state.settings = effective
    app.state.keyring = keys
    app.state.anonymous_origins = anonymous
    app.state.cypher_budget = CypherBudget(
        effective.cypher_per_key, effective.cypher_total, limit_s=effective.query_timeout_s
    )
    errors.install(app)
    etags.install(app)
    _install_middleware(app, effective, keys, origins, anonymous)

    app.include_router(routes_health.router, include_in_schema=False)
    # the explorer at /, the query page, the docs; the CSP on every response
    pages.install_pages(app, source_maps=effective.serve_source_maps)
    app.include_router(_api_routes())
    return app


def _api_routes() -> APIRouter:
    """Everything under /api/v1, each router behind the role it needs."""
    api = APIRouter(prefix=API_PREFIX)
    # control characters in what a request says: 422 before any engine sees them (after the key check)
    no_controls = Depends(refuse_control_characters)
    for router in _OPEN_ROUTERS:
        api.include_router(router, dependencies=[no_controls])
    public = Depends(require_role(Role.READER, anonymous=True))
    read_problems = errors.problem_docs(*errors.READ_PROBLEMS)
    for router in _PUBLIC_ROUTERS:
        api.include_router(router, dependencies=[public, no_controls], responses=read_problems)
    reader = Depends(require_role(Role.READER))
    for router in _ROUTERS:
        api.include_router(router, dependencies=[reader, no_controls], responses=errors.problem_docs(401, 403, 429))
    return api


def _install_middleware(
    app: FastAPI, settings: Settings, keys: KeyRing, origins: list[str], listed: frozenset[str]
) -> None:
    """`origins`: CORS's; `listed`: the anonymous reader's (`JXKG_ANONYMOUS_ORIGINS`)."""
    # Starlette runs the last added outermost: CORS (so that browsers can read even a 429 or 413),
    # a trailing slash redirected, HEAD (outside gzip, so that its headers are the GET's), the rate
    # limit, the cache policy (outside gzip: one Vary), gzip, then the size limit.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(CachePolicyMiddleware, prefix=API_PREFIX)
    # one limiter per worker process, holding its share of the allowance (RateLimiter's docstring)
    limiter = (
        RateLimiter(settings.rate_limit_per_minute, shares=settings.workers) if settings.rate_limit_per_minute else None
    )
    app.state.rate_limiter = limiter
    # the anonymous reader's own limiter, one bucket per client address (keyless, there is no such reader)
    anonymous = (
        AnonymousLimit(RateLimiter(settings.anonymous_rate_limit_per_minute, shares=settings.workers), listed)
        if listed and not keys.keyless
        else None
    )
    app.state.anonymous_limiter = anonymous.limiter if anonymous else None
    if limiter is not None or anonymous is not None:
        app.add_middleware(RateLimitMiddleware, limiter=limiter, keys=keys, exempt={PROBE_PATH}, anonymous=anonymous)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(TrailingSlashMiddleware, prefix=API_PREFIX)
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "HEAD", "POST"],
            allow_headers=["Authorization", API_KEY_HEADER, "Content-Type", "If-None-Match"],
            expose_headers=["Retry-After", "WWW-Authenticate", "ETag", "Deprecation", "Link", *RATE_LIMIT_HEADERS],
        )
