"""`GET /entities/{id}` and `GET /entities/{id}/neighbors`: one entity, and its neighbourhood as nodes and edges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jxkg.graph_api.deps import Schema, Store
from jxkg.graph_api.etags import Revalidate
from jxkg.queries import explore
from jxkg.queries.views import EntityDetail, Subgraph

router = APIRouter(tags=["explore"], dependencies=[Revalidate])


# declared before the plain entity route: ids may hold any character, so `{entity_id:path}` would
# otherwise take `.../neighbors` for part of an id
@router.get("/entities/{entity_id:path}/neighbors", response_model=Subgraph)
def neighbors(
    store: Store,
    schema: Schema,
    entity_id: str,
    depth: Annotated[int, Query(ge=1, le=explore.MAX_DEPTH, description="hops from the entity")] = 1,
    rel: Annotated[
        list[str] | None, Query(description="only these relationship types (repeat, or comma-separated)")
    ] = None,
    label: Annotated[str | None, Query(description="only neighbours of this class")] = None,
    limit: Annotated[int, Query(ge=1, le=explore.MAX_PAGE, description="neighbours per page")] = 100,
    cursor: Annotated[str | None, Query(description="the nextCursor of the previous page")] = None,
) -> Subgraph:
    """The entity and its neighbours, each with its edges towards the entity; paged. Depth 1 comes
    group by group (relationship, direction, class: `summary`'s groups), so the first page samples
    every group, each group's neighbours by provenance, degree and id; depths 2-3 nearest first, by id."""
    types = [t.strip() for value in rel or [] for t in value.split(",") if t.strip()]
    return explore.neighbours(
        store, schema, entity_id, depth=depth, relationship_types=types, label=label, limit=limit, cursor=cursor
    )


@router.get("/entities/{entity_id:path}", response_model=EntityDetail)
def entity(store: Store, schema: Schema, entity_id: str) -> EntityDetail:
    """An entity's class, properties, provenance (documented, curated, synthetic; the quote) and mentions."""
    return explore.entity(store, schema, entity_id)
