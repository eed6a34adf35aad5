"""Request dependencies: what a route needs, taken from the app's state (no globals)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from jxkg.store import GraphStore


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


Store = Annotated[GraphStore, Depends(get_store)]
