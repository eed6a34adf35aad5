"""`GET /health` (at the root and under /api/v1, no key needed): is the database there, which engine,
which version, how much it holds. Answers 503 with the same body while the database is away."""

from __future__ import annotations

from fastapi import APIRouter, Response

from jxkg.errors import StoreUnavailableError
from jxkg.graph_api.deps import Store
from jxkg.graph_api.models import HealthResponse

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse, responses={503: {"model": HealthResponse}})
def health(store: Store, response: Response) -> HealthResponse:
    current = store.health()
    if not current.reachable:
        response.status_code = 503
        return HealthResponse(
            status="unavailable",
            engine=current.engine,
            version=current.version,
            reachable=False,
            address=current.address,
            detail=current.detail,
        )
    try:
        nodes, relationships = store.size()
    except StoreUnavailableError as exc:  # went away between the two calls
        response.status_code = 503
        return HealthResponse(
            status="unavailable",
            engine=current.engine,
            version=current.version,
            reachable=False,
            address=current.address,
            detail=str(exc),
        )
    return HealthResponse(
        status="ok",
        engine=current.engine,
        version=current.version,
        reachable=True,
        address=current.address,
        nodes=nodes,
        relationships=relationships,
    )
