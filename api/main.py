"""The FastAPI application: settings, state, middleware, error handlers, routers.

`create_app` is the uvicorn factory (`moderation serve` runs `api.main:create_app`). The model is
loaded once per worker in the lifespan (in a background thread by default, so `/readyz` can say
503 until it is ready), never at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.config import Settings, get_settings
from api.errors import add_exception_handlers
from api.middleware import BodyGuardMiddleware, UnexpectedErrorMiddleware
from api.routes import ROUTERS
from api.state import ModelLoader, ServiceState
from api.ui import install as install_workspace
from moderation.memory import limit_arenas

DESCRIPTION = (
    "Reader-comment moderation for news publishers: incivility and unsupported-claim scores, "
    "explanations and per-site decisions. Drop-in routes for Perspective (`/v1alpha1/comments:analyze`) "
    "and Coral Talk's external moderation phase (`/v1/coral/moderate`)."
)


def create_app(settings: Settings | None = None, *, loader: ModelLoader | None = None) -> FastAPI:
    settings = settings or get_settings()
    state = ServiceState(settings, loader)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        limit_arenas()  # before the loader thread allocates its own arena
        state.start()
        yield
        state.stop()

    app = FastAPI(
        title="newsroom-moderation", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
        docs_url=None, redoc_url=None,  # served offline by api.ui (FastAPI's own load from a CDN)
    )
    app.state.service = state
    app.add_middleware(BodyGuardMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(UnexpectedErrorMiddleware)  # added last: outermost of ours, so it sees everything
    add_exception_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    install_workspace(app, settings)
    return app
