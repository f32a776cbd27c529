"""The uvicorn factory `moderation serve` names: supervision first, then the (slow to import) app.

A worker spawned by the master spends its first seconds importing FastAPI, pydantic and the model
code; a `kill -9` of the master in that window used to leave it serving, unsupervised, on the port.
Importing this module costs next to nothing, so the worker ties its life to the master's before any
of that (`api.supervision.watch_supervisor`) and only then imports `api.main`.
"""

from __future__ import annotations

from api.supervision import watch_supervisor

watch_supervisor()

from api.main import create_app  # after the watch, on purpose

__all__ = ["create_app"]
