"""`GET /paths`: the shortest paths between two entities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from jxkg.graph_api.deprecation import one_name
from jxkg.graph_api.deps import Schema, Store
from jxkg.graph_api.etags import Revalidate
from jxkg.queries import explore
from jxkg.queries.views import PathsAnswer

router = APIRouter(tags=["explore"], dependencies=[Revalidate])

_HOPS = "the longest path to look for, in relationships"


@router.get("/paths", response_model=PathsAnswer)
def paths(
    request: Request,
    response: Response,
    store: Store,
    schema: Schema,
    start: Annotated[str, Query(alias="from", min_length=1, description="id of one entity")],
    end: Annotated[str, Query(alias="to", min_length=1, description="id of the other")],
    max_hops: Annotated[int, Query(alias="maxHops", ge=1, le=explore.MAX_HOPS, description=_HOPS)] = 3,
    old_max_hops: Annotated[
        int | None,
        Query(alias="max_hops", ge=1, le=explore.MAX_HOPS, deprecated=True, description="deprecated: use maxHops"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=explore.MAX_PATHS)] = 10,
) -> PathsAnswer:
    """All shortest paths up to `maxHops`, following relationships in either direction."""
    if one_name(request, response, "max_hops") and old_max_hops is not None:
        max_hops = old_max_hops
    return explore.paths(store, schema, start, end, max_hops=max_hops, limit=limit)
