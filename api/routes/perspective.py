"""`POST /v1alpha1/comments:analyze`: Perspective's AnalyzeComment, so leaving Perspective is one URL."""

from __future__ import annotations

from fastapi import APIRouter

from api import perspective
from api.deps import LoadedDep, ReadAccess
from api.schemas.perspective import AnalyzeCommentRequest, AnalyzeCommentResponse, GoogleErrorResponse

router = APIRouter(prefix="/v1alpha1", tags=["perspective"])


@router.post(
    "/comments:analyze",
    response_model=AnalyzeCommentResponse,
    response_model_exclude_none=True,
    responses={400: {"model": GoogleErrorResponse, "description": "Perspective-style INVALID_ARGUMENT."}},
)
def analyze(body: AnalyzeCommentRequest, loaded: LoadedDep, _: ReadAccess) -> AnalyzeCommentResponse:
    """Perspective request and response shapes; `doNotStore` requests leave no trace in logs."""
    return perspective.analyze(loaded, body)
