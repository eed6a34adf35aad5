"""`POST /subgraph`: the entities with the given ids and the relationships among them, to restore a
shared view or draw a set of entities together."""

from __future__ import annotations

from fastapi import APIRouter

from jxkg.graph_api.deps import Schema, Store
from jxkg.graph_api.etags import Revalidate
from jxkg.graph_api.models import SubgraphRequest
from jxkg.queries import explore
from jxkg.queries.views import Subgraph

router = APIRouter(tags=["explore"], dependencies=[Revalidate])


@router.post("/subgraph", response_model=Subgraph)
def subgraph(body: SubgraphRequest, store: Store, schema: Schema) -> Subgraph:
    """The entities with these ids, in the order given (unknown ids left out), and every relationship
    between two of them, each once, by edge id; `total` counts the entities found."""
    return explore.subgraph(store, schema, body.ids)
