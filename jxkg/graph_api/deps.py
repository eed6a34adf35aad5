"""Request dependencies: what a route needs, taken from the app's state (no globals)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.store import GraphStore


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_schema() -> GraphSchema:
    """The ontology's schema (read once; `load_schema` keeps it while the file is unchanged)."""
    return load_schema()


Store = Annotated[GraphStore, Depends(get_store)]
Schema = Annotated[GraphSchema, Depends(get_schema)]
