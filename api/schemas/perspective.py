"""Perspective API (`commentanalyzer.googleapis.com/v1alpha1/comments:analyze`) request and response.

Field names follow Perspective's camelCase JSON exactly so a client only changes its base URL.
Unknown request fields are ignored, as Google's API does.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from api.schemas.common import CommentText, Flag, ShortText

PERSPECTIVE_EXAMPLE: JsonDict = {
    "comment": {"text": "What kind of idiot name is foo? Sorry, I like your name."},
    "languages": ["en"],
    "requestedAttributes": {"TOXICITY": {}, "INSULT": {}},
    "spanAnnotations": True,
    "doNotStore": True,
    "clientToken": "comment-53922",
}


class TextEntry(BaseModel):
    text: CommentText
    type: ShortText | None = Field(None, description='Only "PLAIN_TEXT" is supported (as Perspective).')


class ContextEntries(BaseModel):
    entries: list[TextEntry] = Field(default_factory=list, max_length=10)


class AttributeParameters(BaseModel):
    scoreType: ShortText | None = None
    scoreThreshold: float | None = Field(None, strict=True, ge=0.0, le=1.0)


class AnalyzeCommentRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [PERSPECTIVE_EXAMPLE]})
    comment: TextEntry
    context: ContextEntries | None = None
    requestedAttributes: dict[ShortText, AttributeParameters] = Field(min_length=1, max_length=20)
    spanAnnotations: Flag = False
    languages: list[ShortText] | None = Field(None, max_length=10)
    doNotStore: Flag = False
    clientToken: ShortText | None = None
    sessionId: ShortText | None = None
    communityId: ShortText | None = None
    dropUnsupportedAttributes: Flag = False


class Score(BaseModel):
    value: float
    type: str = "PROBABILITY"


class SpanScore(BaseModel):
    begin: int
    end: int
    score: Score


class AttributeScore(BaseModel):
    summaryScore: Score | None = None
    spanScores: list[SpanScore] | None = None


class AnalyzeCommentResponse(BaseModel):
    attributeScores: dict[str, AttributeScore]
    languages: list[str]
    detectedLanguages: list[str] | None = None
    clientToken: str | None = None


class GoogleError(BaseModel):
    code: int
    message: str
    status: str
    details: list[dict[str, Any]] | None = Field(None, description="Absent when there are none (as Google).")


class GoogleErrorResponse(BaseModel):
    """Google's error envelope, exactly (no other keys)."""

    model_config = ConfigDict(extra="forbid")
    error: GoogleError
