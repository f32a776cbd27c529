"""`/v1/feedback`: a moderator's verdict, stored durably and idempotently (what retraining reads), and
the stored verdicts read back, filtered and paged."""

from __future__ import annotations

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
    Timestamp,
    utc_bound,
)
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
        422: {"description": "A filter is malformed: `since` / `until` not an RFC 3339 date-time, or out of range."},
        503: {"description": "The feedback database is unavailable."},
    },
)
def list_feedback(
    store: StoreDep,
    _: FeedbackKey,
    site: Annotated[SiteId | None, Query(description="Only this site's verdicts.")] = None,
    moderator: Annotated[ModeratorId | None, Query(description="Only this moderator's verdicts.")] = None,
    since: Annotated[Timestamp | None, Query(description="Changed at or after (RFC 3339; UTC if no offset).")] = None,
    until: Annotated[Timestamp | None, Query(description="Changed before (RFC 3339; UTC if no offset).")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> FeedbackListPublic:
    """Stored verdicts, most recently changed first; `count` is the total matching the filters."""
    rows, total = store.page(
        site=site, moderator=moderator, since=utc_bound(since), until=utc_bound(until), limit=limit, offset=offset
    )
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
