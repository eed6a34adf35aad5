"""`GET /search`: entities by Chinese substring, alias or English name, ranked, through the full-text index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from jxkg.graph_api.deps import Schema, Store
from jxkg.graph_api.errors import problem_docs
from jxkg.queries import explore
from jxkg.queries.views import SearchResult

router = APIRouter(tags=["explore"])


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]


@router.get("/search", response_model=SearchResponse, responses=problem_docs(400, 422, 503))
def search(
    store: Store,
    schema: Schema,
    q: Annotated[str, Query(min_length=1, max_length=200, description="text to find, e.g. 稀金 or Ganzhou")],
    type: Annotated[str | None, Query(description="only this class, e.g. ScienceCity")] = None,
    limit: Annotated[int, Query(ge=1, le=explore.MAX_SEARCH_RESULTS)] = 20,
) -> SearchResponse:
    """Exact names first, then names starting with the text, then containing it; aliases count as names."""
    return SearchResponse(query=q, results=explore.search(store, schema, q, type_name=type, limit=limit))
