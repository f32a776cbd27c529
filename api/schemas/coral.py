"""Coral Talk's external moderation phase: the request Coral POSTs and the response it accepts.

Shapes from coralproject/talk `EXTERNAL_MODERATION_PHASES.md` and
`src/core/server/services/comments/pipeline/phases/external.ts`: Coral validates the response with
Joi (`actions[{actionType: "FLAG", reason, additionalDetails?}]`, `status`, `tags`, `metadata`) and
strips unknown keys.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from api.schemas.common import CommentText, Identifier, ShortText

CoralStatus = Literal["NONE", "APPROVED", "REJECTED", "PREMOD", "SYSTEM_WITHHELD"]
CoralFlagReason = Literal[
    "COMMENT_DETECTED_TOXIC",
    "COMMENT_DETECTED_SPAM",
    "COMMENT_DETECTED_BANNED_WORD",
    "COMMENT_DETECTED_SUSPECT_WORD",
    "COMMENT_DETECTED_LINKS",
    "COMMENT_REPORTED_OTHER",
]

CORAL_EXAMPLE: JsonDict = {
    "action": "NEW",
    "comment": {"body": "Here's a comment!", "parentID": None},
    "author": {"id": "baf4e943-3594-4fcc-b2ba-3e8de7a76352", "role": "COMMENTER"},
    "story": {
        "id": "245b3856-b0a0-4d2f-a6bb-58c71f18d6a6",
        "url": "http://localhost:1313/posts/a-story-url/",
    },
    "site": {"id": "a4bede88-2d2c-4424-bc18-4322a9e285a6"},
    "tenantID": "19ba5794-7eeb-4d46-a81b-c00c61672501",
    "tenantDomain": "localhost",
}


class CoralComment(BaseModel):
    body: CommentText
    parentID: ShortText | None = None


class CoralAuthor(BaseModel):
    id: ShortText
    role: ShortText | None = None


class CoralStory(BaseModel):
    id: ShortText
    url: str | None = Field(None, max_length=4096)


class CoralSite(BaseModel):
    id: Identifier


class CoralTenant(BaseModel):
    id: ShortText
    domain: ShortText | None = None


class CoralModerationRequest(BaseModel):
    """Coral sends `tenantID`/`tenantDomain` (documented) or `tenant: {id, domain}` (newer source)."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [CORAL_EXAMPLE]})
    action: Literal["NEW", "EDIT"]
    comment: CoralComment
    author: CoralAuthor
    story: CoralStory
    site: CoralSite
    tenantID: ShortText | None = None
    tenantDomain: ShortText | None = None
    tenant: CoralTenant | None = None


class CoralAction(BaseModel):
    actionType: Literal["FLAG"] = "FLAG"
    reason: CoralFlagReason
    additionalDetails: str | None = None


class CoralModerationResponse(BaseModel):
    actions: list[CoralAction] = []
    status: CoralStatus | None = None
    tags: list[str] = []
    metadata: dict[str, Any] | None = None
