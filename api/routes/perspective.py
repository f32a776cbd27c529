"""`POST /v1alpha1/comments:analyze`: Perspective's AnalyzeComment, so leaving Perspective is one URL."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api import perspective
from api.deps import LoadedDep, ReadAccess
from api.offload import run_scoring
from api.schemas.perspective import AnalyzeCommentRequest, AnalyzeCommentResponse, GoogleErrorResponse

router = APIRouter(prefix="/v1alpha1", tags=["perspective"])


@router.post(
    "/comments:analyze",
    response_model=AnalyzeCommentResponse,
    response_model_exclude_none=True,
    responses={
        400: {"model": GoogleErrorResponse, "description": "Perspective-style INVALID_ARGUMENT."},
        503: {"model": GoogleErrorResponse, "description": "The model is not loaded yet (UNAVAILABLE)."},
    },
)
async def analyze(
    request: Request, body: AnalyzeCommentRequest, loaded: LoadedDep, _: ReadAccess
) -> AnalyzeCommentResponse:
    """Perspective request and response shapes; `doNotStore` requests leave no trace in logs."""
    return await run_scoring(request, perspective.analyze, loaded, body)
