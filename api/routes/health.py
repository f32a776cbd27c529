"""Liveness and readiness: `/healthz` while the process runs, `/readyz` once a model is loaded (and which);
`/metrics` for Prometheus (not in the OpenAPI document: its body is Prometheus' text format)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response

from api.deps import StateDep
from api.observability import metrics_response
from api.schemas.model import StatusPublic

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=StatusPublic)
def healthz() -> StatusPublic:
    return StatusPublic(status="ok")


@router.get(
    "/readyz",
    response_model=StatusPublic,
    responses={503: {"description": "The model is not loaded yet."}},
)
def readyz(state: StateDep) -> StatusPublic:
    loaded = state.loaded
    if loaded is None:
        why = " (the last attempt failed; the server log says why)" if state.load_error else ""
        raise HTTPException(503, f"The model is not loaded yet{why}.", {"Retry-After": "5"})
    return StatusPublic(status="ready", model_version=loaded.moderator.version)


@router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    return metrics_response()
