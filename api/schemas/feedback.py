"""`/v1/feedback`: a moderator's verdict on one comment."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import CommentText, Identifier, Probability
from moderation.types import Decision, Label


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
    comment_id: Identifier
    text: CommentText
    decision: Decision
    labels: dict[Label, Probability] | None = Field(
        None, description="Corrected labels (1 = present, 0 = absent); omit labels you did not judge."
    )
    moderator_id: Identifier
    site_id: Identifier = "default"
    model_version: Identifier | None = None


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
