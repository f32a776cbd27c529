"""`/v1/feedback`: a moderator's verdict on one comment."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Probability, StoredIdentifier, StoredText
from moderation.feedback.models import FeedbackRow
from moderation.types import Decision, Label


def _column(name: str) -> int:
    """The database column's length: longer values would be a 500 on PostgreSQL (SQLite ignores it)."""
    return int(FeedbackRow.__table__.c[name].type.length)  # type: ignore[attr-defined]


CommentId = Annotated[StoredIdentifier, Field(max_length=_column("comment_id"))]
ModeratorId = Annotated[StoredIdentifier, Field(max_length=_column("moderator_id"))]
SiteId = Annotated[StoredIdentifier, Field(max_length=_column("site_id"))]
ModelVersion = Annotated[StoredIdentifier, Field(max_length=_column("model_version"))]


class FeedbackIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "comment_id": "c-123",
                    "text": "What an idiot.",
                    "decision": "reject",
                    "labels": {"insult": 1, "incivility": 1},
                    "moderator_id": "alice",
                    "site_id": "daily",
                }
            ]
        },
    )
    comment_id: CommentId
    text: StoredText
    decision: Decision
    labels: dict[Label, Probability] | None = Field(
        None, description="Corrected labels (1 = present, 0 = absent); omit labels you did not judge."
    )
    moderator_id: ModeratorId
    site_id: SiteId = "default"
    model_version: ModelVersion | None = None


class FeedbackPublic(BaseModel):
    comment_id: str
    moderator_id: str
    site_id: str
    decision: Decision
    labels: dict[Label, float] | None
    model_version: str | None
    created_at: datetime
    updated_at: datetime
    created: bool = Field(description="True when this request stored a new verdict.")
    changed: bool = Field(description="False when the same verdict was already stored (idempotent retry).")


class FeedbackRecord(BaseModel):
    """A stored verdict as `GET /v1/feedback` lists it (the comment text included: keyed route)."""

    comment_id: str
    moderator_id: str
    site_id: str
    text: str
    decision: Decision
    labels: dict[Label, float] | None
    model_version: str | None
    created_at: datetime
    updated_at: datetime


class FeedbackListPublic(BaseModel):
    data: list[FeedbackRecord]
    count: int = Field(description="How many verdicts match the filters in all (not only this page).")
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last one.")
