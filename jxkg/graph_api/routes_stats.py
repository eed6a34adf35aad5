"""`GET /stats`: how many nodes and relationships the graph holds, per label and per type."""

from __future__ import annotations

from fastapi import APIRouter

from jxkg.graph_api.deps import Store
from jxkg.graph_api.etags import Revalidate
from jxkg.graph_api.models import StatsResponse

router = APIRouter(tags=["graph"], dependencies=[Revalidate])


@router.get("/stats", response_model=StatsResponse)
def stats(store: Store) -> StatsResponse:
    counts = store.stats()
    return StatsResponse(
        nodes=counts.nodes,
        relationships=counts.relationships,
        labels=counts.labels,
        relationship_types=counts.relationship_types,
    )
