"""`GET /paths`: the shortest paths between two entities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jxkg.graph_api.deps import Schema, Store
from jxkg.graph_api.errors import problem_docs
from jxkg.graph_api.etags import Revalidate
from jxkg.queries import explore
from jxkg.queries.views import PathsAnswer

router = APIRouter(tags=["explore"], dependencies=[Revalidate])


@router.get("/paths", response_model=PathsAnswer, responses=problem_docs(404, 422, 504))
def paths(
    store: Store,
    schema: Schema,
    start: Annotated[str, Query(alias="from", min_length=1, description="id of one entity")],
    end: Annotated[str, Query(alias="to", min_length=1, description="id of the other")],
    max_hops: Annotated[int, Query(ge=1, le=explore.MAX_HOPS)] = 3,
    limit: Annotated[int, Query(ge=1, le=explore.MAX_PATHS)] = 10,
) -> PathsAnswer:
    """All shortest paths up to `max_hops`, following relationships in either direction."""
    return explore.paths(store, schema, start, end, max_hops=max_hops, limit=limit)
