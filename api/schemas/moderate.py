"""`/v1/comments:moderate` and `/v1/pages:moderate`: comments in, verdicts (scores, reasons, spans) out."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.schemas.common import MAX_BATCH, CommentText, Flag, Identifier, PageText, ShortText, exactly_one_of
from moderation.types import ClaimType, Corroboration, Decision, Support

STORE_DESCRIPTION = (
    "Keep the scored comments in the moderators' queue (the page at /), retained for "
    "MODERATION_QUEUE_RETENTION_DAYS. Off by default; the Perspective route never stores."
)


class ArticleRef(BaseModel):
    """The article a comment was posted under: its text, or the url / page_id of a page sent before."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=exactly_one_of("text", "url", "page_id"))
    text: PageText | None = None
    url: Identifier | None = None
    page_id: Identifier | None = None

    @model_validator(mode="after")
    def _one_reference(self) -> Self:
        if sum(v is not None for v in (self.text, self.url, self.page_id)) != 1:
            raise ValueError("give exactly one of article.text, article.url or article.page_id")
        return self


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Identifier | None = None
    text: CommentText
    author: ShortText | None = None
    article: ArticleRef | None = None


class ModerateCommentsIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"comments": [{"id": "c1", "text": "What an idiot."}], "site_id": "daily"}]
        },
    )
    comments: list[CommentIn] = Field(min_length=1, max_length=MAX_BATCH)
    site_id: Identifier | None = None
    explain: Flag = Field(True, description="Return explanation spans (costs some speed).")
    store: Flag = Field(False, description=STORE_DESCRIPTION)


class SpanPublic(BaseModel):
    start: int
    end: int
    text: str
    weight: float


class EvidencePublic(BaseModel):
    text: str
    source: str
    similarity: float
    probability: float


class SentencePublic(BaseModel):
    start: int
    end: int
    text: str
    claim_type: ClaimType
    type_probabilities: dict[ClaimType, float]
    support: Support
    unsupported_probability: float
    corroboration: Corroboration
    evidence: EvidencePublic | None = None


class VerdictPublic(BaseModel):
    index: int = Field(description="Position of the comment in the request.")
    id: str | None
    decision: Decision
    reasons: list[str] = Field(description="Every rule that fired, strongest first; empty on approve.")
    scores: dict[str, float] = Field(description="Probability for every label and sub-label.")
    spans: dict[str, list[SpanPublic]] = Field(description="Explanation spans per label (character offsets).")
    sentences: list[SentencePublic] = Field(description="Sentence-level claim analysis.")
    model_version: str
    warnings: list[str] = []


BUDGET_NOTES = Field(
    default_factory=list,
    description="What the per-request cost budget left out (explanations, article context); empty if nothing.",
)


class VerdictsPublic(BaseModel):
    data: list[VerdictPublic]
    count: int
    model_version: str
    site_id: str | None = None
    budget_notes: list[str] = BUDGET_NOTES


class ModeratePageIn(BaseModel):
    """A raw page: its plain-text dump or its HTML (exactly one)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=exactly_one_of("text", "html"))
    text: PageText | None = None
    html: PageText | None = None
    site_id: Identifier | None = None
    page_id: Identifier | None = Field(
        None, description="Remember the article under this id for later comments."
    )
    url: Identifier | None = Field(
        None, description="Remember the article under this URL for later comments."
    )
    explain: Flag = True
    store: Flag = Field(False, description=STORE_DESCRIPTION)

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of text or html")
        return self


class ArticlePublic(BaseModel):
    title: str | None
    byline: str | None
    dateline: str | None
    date: str | None
    caption: str | None
    section: str | None
    paragraphs: list[str]
    boilerplate: list[str]
    declared_comment_count: int | None


class PageCommentPublic(BaseModel):
    id: str
    text: str
    author: str | None
    posted_at: str | None
    reply_to: str | None
    verdict: VerdictPublic


class PageCommentsPublic(BaseModel):
    data: list[PageCommentPublic]
    count: int


class PagePublic(BaseModel):
    article: ArticlePublic
    comments: PageCommentsPublic
    has_comment_section: bool
    source_format: str
    warnings: list[str]
    model_version: str
    budget_notes: list[str] = BUDGET_NOTES
