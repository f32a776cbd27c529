"""`/v1/feedback`: a moderator's verdict, stored durably and idempotently (what retraining reads), and
the stored verdicts read back, filtered and paged."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import FeedbackKey, StoreDep
from api.schemas.feedback import (
    FeedbackIn,
    FeedbackListPublic,
    FeedbackPublic,
    FeedbackRecord,
    ModeratorId,
    SiteId,
)
from moderation.errors import InvalidInput
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


@router.get(
    "/feedback",
    response_model=FeedbackListPublic,
    responses={
        401: {"description": "API key missing or not valid."},
        403: {"description": "The key lacks the feedback scope."},
        503: {"description": "The feedback database is unavailable."},
    },
)
def list_feedback(
    store: StoreDep,
    _: FeedbackKey,
    site: Annotated[SiteId | None, Query(description="Only this site's verdicts.")] = None,
    moderator: Annotated[ModeratorId | None, Query(description="Only this moderator's verdicts.")] = None,
    since: Annotated[datetime | None, Query(description="Changed at or after (ISO 8601; UTC if naive).")] = None,
    until: Annotated[datetime | None, Query(description="Changed before (ISO 8601; UTC if naive).")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> FeedbackListPublic:
    """Stored verdicts, most recently changed first; `count` is the total matching the filters."""
    try:
        rows, total = store.page(
            site=site, moderator=moderator, since=since, until=until, limit=limit, offset=offset
        )
    except OverflowError:  # e.g. 0001-01-01T00:00+05:00 has no UTC equivalent
        raise InvalidInput("since / until is outside the dates a verdict can have; use a recent date.") from None
    data = [
        FeedbackRecord(
            comment_id=f.comment_id, moderator_id=f.moderator_id, site_id=f.site_id, text=f.text,
            decision=f.decision, labels=dict(f.labels) if f.labels is not None else None,
            model_version=f.model_version, created_at=f.created_at,  # type: ignore[arg-type]
            updated_at=f.updated_at,  # type: ignore[arg-type]
        )
        for f in rows
    ]
    following = offset + len(data)
    return FeedbackListPublic(
        data=data, count=total, limit=limit, offset=offset, next_offset=following if following < total else None
    )
