"""The FastAPI application: settings, state, middleware, error handlers, routers.

`create_app` is the uvicorn factory (`moderation serve` runs it through `api.worker`). The model is
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
from api.observability import RequestLogMiddleware, configure_logging
from api.openapi import install as install_openapi
from api.routes import ROUTERS
from api.state import ModelLoader, ServiceState
from api.supervision import watch_supervisor
from api.ui import install as install_workspace
from moderation.memory import limit_arenas

DESCRIPTION = (
    "Reader-comment moderation for news publishers: incivility and unsupported-claim scores, "
    "explanations and per-site decisions. Drop-in routes for Perspective (`/v1alpha1/comments:analyze`) "
    "and Coral Talk's external moderation phase (`/v1/coral/moderate`)."
)


SCORING_PATHS = frozenset(
    {"/v1/comments:moderate", "/v1/pages:moderate", "/v1alpha1/comments:analyze", "/v1/coral/moderate"}
)


def create_app(settings: Settings | None = None, *, loader: ModelLoader | None = None) -> FastAPI:
    watch_supervisor()  # a worker under `moderation serve --workers N` exits with its master (api.worker: sooner)
    settings = settings or get_settings()
    configure_logging(settings.log_level)
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
    app.add_middleware(
        BodyGuardMiddleware, max_body_bytes=settings.max_body_bytes, body_read_seconds=settings.body_read_seconds,
        scoring_body_bytes=settings.budget_body_max_bytes, scoring_paths=SCORING_PATHS,
    )
    app.add_middleware(UnexpectedErrorMiddleware)  # outside the guards, so it sees everything they do
    app.add_middleware(RequestLogMiddleware)  # outermost: logs and times the final status, even a 500
    add_exception_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    install_openapi(app)
    install_workspace(app, settings)
    return app
