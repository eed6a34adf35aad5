"""The app factory: one store per app, opened at start-up and closed at shutdown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from jxkg import __version__
from jxkg.graph_api import errors, routes_health
from jxkg.settings import Settings, load_settings
from jxkg.store import open_store


def create_app(settings: Settings | None = None) -> FastAPI:
    effective = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(effective)
        app.state.store = store
        app.state.settings = effective
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="jxkg API",
        version=__version__,
        summary="Knowledge graph of Jiangxi province's science and technology innovation ecosystem",
        lifespan=lifespan,
    )
    errors.install(app)
    app.include_router(routes_health.router)
    return app
