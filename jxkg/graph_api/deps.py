"""Request dependencies: what a route needs, taken from the app's state (no globals)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.queries.resolve import Resolver
from jxkg.store import GraphStore


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_schema() -> GraphSchema:
    """The ontology's schema (read once; `load_schema` keeps it while the file is unchanged)."""
    return load_schema()


def get_resolver(request: Request) -> Resolver:
    """The app's name resolver over its store, made on first use and kept: it holds what is costly
    to make again (the normaliser; the pinyin index, rebuilt by itself when the graph changes)."""
    store = get_store(request)
    resolver: Resolver | None = getattr(request.app.state, "resolver", None)
    if resolver is None or resolver.store is not store:
        resolver = Resolver(store)
        request.app.state.resolver = resolver
    return resolver


Store = Annotated[GraphStore, Depends(get_store)]
Names = Annotated[Resolver, Depends(get_resolver)]
Schema = Annotated[GraphSchema, Depends(get_schema)]
