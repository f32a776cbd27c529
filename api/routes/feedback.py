"""`POST /v1/feedback`: a moderator's verdict, stored durably and idempotently (what retraining reads)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import FeedbackKey, StoreDep
from api.schemas.feedback import FeedbackIn, FeedbackPublic
from moderation.feedback import Feedback

router = APIRouter(prefix="/v1", tags=["feedback"])


@router.post(
    "/feedback",
    response_model=FeedbackPublic,
    status_code=201,
    responses={
        200: {"description": "This verdict was already stored (or replaced an earlier one)."},
        401: {"description": "API key missing or not valid."},
        403: {"description": "The key lacks the feedback scope."},
        503: {"description": "The feedback database is unavailable; nothing was stored."},
    },
)
def post_feedback(body: FeedbackIn, store: StoreDep, _: FeedbackKey, response: Response) -> FeedbackPublic:
    """Idempotent by (site_id, comment_id, moderator_id); committed before the response is sent."""
    result = store.upsert(
        Feedback(
            comment_id=body.comment_id,
            moderator_id=body.moderator_id,
            text=body.text,
            decision=body.decision,
            site_id=body.site_id,
            labels=body.labels,
            model_version=body.model_version,
        )
    )
    if not result.created:
        response.status_code = 200
    stored = result.feedback
    return FeedbackPublic(
        comment_id=stored.comment_id,
        moderator_id=stored.moderator_id,
        site_id=stored.site_id,
        decision=stored.decision,
        labels=dict(stored.labels) if stored.labels is not None else None,
        model_version=stored.model_version,
        created_at=stored.created_at,  # type: ignore[arg-type]
        updated_at=stored.updated_at,  # type: ignore[arg-type]
        created=result.created,
        changed=result.changed,
    )
