"""`POST /v1/coral/moderate`: Coral Talk's external moderation phase (signed with the phase secret)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request

from api import coral
from api.deps import LoadedDep, StateDep
from api.offload import run_scoring
from api.schemas.coral import CoralModerationRequest, CoralModerationResponse

router = APIRouter(prefix="/v1/coral", tags=["coral"])


async def verified(request: Request, state: StateDep) -> None:
    """Checks the signature over the raw body before anything else looks at it."""
    body = await request.body()
    secrets = [s.get_secret_value() for s in state.settings.coral_signing_secrets]
    try:
        coral.verify_signature(body, request.headers.get(coral.SIGNATURE_HEADER), secrets)
    except coral.SignatureError as exc:
        raise HTTPException(exc.status_code, exc.detail) from None


@router.post(
    "/moderate",
    response_model=CoralModerationResponse,
    response_model_exclude_none=True,
    responses={
        401: {"description": "No X-Coral-Signature header."},
        403: {"description": "Signature does not match, or Coral is not configured."},
        503: {"description": "The model is not loaded yet."},
    },
)
async def moderate(
    request: Request, body: CoralModerationRequest, loaded: LoadedDep, _: Annotated[None, Depends(verified)]
) -> CoralModerationResponse:
    """Answer Coral's external moderation request: REJECTED, FLAG actions, or nothing (approve)."""
    return await run_scoring(request, coral.moderate, loaded, body)
