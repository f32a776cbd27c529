"""`/v1/feedback`: a moderator's verdict on one comment."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

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


# RFC 3339 date-time with the offset optional (naive means UTC): the form the schema documents and the
# only one taken, not whatever else pydantic would parse ("0.5" and "1733040000" as Unix times).
TIMESTAMP_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?$"
)
_TIMESTAMP = re.compile(TIMESTAMP_PATTERN)


def _timestamp_text(value: object) -> object:
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        raise ValueError("expected a date and time such as 2026-12-01T09:30:00Z (RFC 3339; UTC if no offset)")
    return value


Timestamp = Annotated[
    datetime,
    BeforeValidator(_timestamp_text),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": TIMESTAMP_PATTERN}),
]


def utc_bound(value: datetime | None) -> datetime | None:
    """The same instant in UTC (naive taken as UTC); one outside the years 1-9999 in UTC is clamped to them.

    `0001-01-01T00:00+05:00` lies before every instant Python (and any stored verdict) can have, so as a
    bound it means "from the beginning"; refusing it would refuse a well-formed RFC 3339 value.
    """
    if value is None or value.tzinfo is None:
        return None if value is None else value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return (datetime.min if value.year == 1 else datetime.max).replace(tzinfo=UTC)


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
