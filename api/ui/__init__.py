"""The moderators' workspace (queue pages) and the offline API docs, mounted on the app by `install`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.config import Settings
from api.ui.docs import install_docs
from api.ui.routes import csrf_refused, not_logged_in, router
from api.ui.session import CsrfRefused, NotLoggedIn, SessionCodec

STATIC = Path(__file__).resolve().parent / "static"


def install(app: FastAPI, settings: Settings) -> None:
    app.state.ui_sessions = SessionCodec(settings)
    app.mount("/ui-static", StaticFiles(directory=STATIC), name="ui-static")
    app.add_exception_handler(NotLoggedIn, not_logged_in)  # type: ignore[arg-type]
    app.add_exception_handler(CsrfRefused, csrf_refused)
    app.include_router(router)
    install_docs(app)
