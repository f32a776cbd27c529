"""Perspective API (`commentanalyzer.googleapis.com/v1alpha1/comments:analyze`) request and response.

Field names follow Perspective's camelCase JSON exactly so a client only changes its base URL.
Unknown request fields are ignored, as Google's API does.

The model takes any attribute name and language code, because refusing them is the route's job: it answers
with Google's own errors (ATTRIBUTE_NOT_SUPPORTED, LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE), or with
`dropUnsupportedAttributes` leaves them out. The OpenAPI schema says which requests are answered: English
language codes and the attribute names below, unless `dropUnsupportedAttributes` is true.
"""

from __future__ import annotations

import re
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


SUPPORTED_ATTRIBUTES = (
    "TOXICITY", "SEVERE_TOXICITY", "INSULT", "PROFANITY", "THREAT", "IDENTITY_ATTACK", "UNSUPPORTED_CLAIM",
)
SCORE_TYPES = ("PROBABILITY", "")
# English, with any BCP 47 subtags ("en", "en-GB", "EN_us"); our models score English only.
ENGLISH_PATTERN = r"^[Ee][Nn]([-_][A-Za-z0-9]{1,8})*$"
ENGLISH = re.compile(ENGLISH_PATTERN)


def _any_case(name: str) -> str:
    return "".join(f"[{c}{c.lower()}]" if c.isalpha() else c for c in name)


# Attribute names are matched without regard to ASCII case, as the route does.
ATTRIBUTE_PATTERN = "^(" + "|".join(_any_case(name) for name in SUPPORTED_ATTRIBUTES) + ")$"


def supported_attribute(name: str) -> str | None:
    """The attribute `name` spells (ASCII case ignored), or None when this server has no such attribute."""
    upper = name.upper() if name.isascii() else ""
    return upper if upper in SUPPORTED_ATTRIBUTES else None


ANSWERED_WHEN = {
    "anyOf": [
        {"required": ["dropUnsupportedAttributes"], "properties": {"dropUnsupportedAttributes": {"const": True}}},
        {
            "properties": {
                "languages": {
                    "anyOf": [{"type": "array", "items": {"pattern": ENGLISH_PATTERN}}, {"type": "null"}]
                },
                "requestedAttributes": {"propertyNames": {"pattern": ATTRIBUTE_PATTERN}},
            }
        },
    ],
    "description": (
        "Only English is scored and only the attributes named in `requestedAttributes`' pattern exist: any "
        "other language or attribute is Google's 400 (LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE, "
        "ATTRIBUTE_NOT_SUPPORTED) unless `dropUnsupportedAttributes` is true, which answers without them. "
        "An attribute the loaded model cannot score is refused the same way."
    ),
}


def _request_schema(schema: dict[str, Any]) -> None:
    schema["examples"] = [PERSPECTIVE_EXAMPLE]
    schema.update(ANSWERED_WHEN)


class TextEntry(BaseModel):
    text: CommentText
    type: ShortText | None = Field(None, description='Only "PLAIN_TEXT" is supported (as Perspective).')


class ContextEntries(BaseModel):
    entries: list[TextEntry] = Field(default_factory=list, max_length=10)


class AttributeParameters(BaseModel):
    scoreType: ShortText | None = Field(
        None,
        json_schema_extra={"enum": [*SCORE_TYPES, None]},
        description="Only PROBABILITY (or empty) is supported; any other is Google's 400.",
    )
    scoreThreshold: float | None = Field(None, strict=True, ge=0.0, le=1.0)


class AnalyzeCommentRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra=_request_schema)
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
