"""The ingest history (steward key): `GET /runs` and `GET /runs/{run}`, from the graph's `IngestRun`
records, as `jxkg runs list` and `jxkg runs show` print them (`jxkg.ingest.runs.history`: each file
by its name only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from jxkg.graph_api.deprecation import one_name
from jxkg.graph_api.deps import Schema, Store
from jxkg.graph_api.errors import problem_docs
from jxkg.graph_api.routes_steward import Steward
from jxkg.ingest.runs.history import (
    MAX_ENTITIES,
    MAX_PAGE,
    RunDetail,
    RunPage,
    list_runs,
    run_detail,
)

router = APIRouter(tags=["stewards"])


@router.get("/runs", response_model=RunPage, responses=problem_docs(503))
def runs(
    request: Request,
    response: Response,
    store: Store,
    _caller: Steward,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="runs per page")] = 50,
    cursor: Annotated[str | None, Query(description="the nextCursor of the previous page")] = None,
    offset: Annotated[
        int, Query(ge=0, le=1_000_000, deprecated=True, description="deprecated: page with cursor instead")
    ] = 0,
) -> RunPage:
    """The ingest runs, newest first: who started each (the key's name), when, which files (by name),
    the counts of records. Paged by `cursor` (`nextCursor`, `total`)."""
    one_name(request, response, "offset")
    return list_runs(store, limit=limit, offset=offset, cursor=cursor)


@router.get("/runs/{run}", response_model=RunDetail, responses=problem_docs(404, 503))
def run(
    run: str,
    store: Store,
    schema: Schema,
    _caller: Steward,
    limit: Annotated[int, Query(ge=1, le=MAX_ENTITIES, description="entities listed per class")] = 1000,
) -> RunDetail:
    """One run, and the entities it created or changed in place, by class."""
    return run_detail(store, schema, run, limit=limit)
