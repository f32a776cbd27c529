"""The data that crosses module boundaries: page -> comments -> scores -> verdict.

Frozen dataclasses so a value produced by one stage cannot be mutated by the next; labels are an
enum because they are part of the public contract (CLI columns, API fields, model cards).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Label(StrEnum):
    """Every probability the moderator produces; the string value is the public column/field name."""

    INCIVILITY = "incivility"
    INSULT = "insult"
    PROFANITY = "profanity"
    IDENTITY_ATTACK = "identity_attack"
    THREAT = "threat"
    MOCKERY = "mockery"
    UNSUPPORTED_CLAIM = "unsupported_claim"
    CLAIM_VALUE = "claim_value"
    CLAIM_POLICY = "claim_policy"
    CLAIM_FACT = "claim_fact"
    CLAIM_TESTIMONY = "claim_testimony"
    CLAIM_REFERENCE = "claim_reference"
    CLAIM_NONE = "claim_none"


INCIVILITY_LABELS: tuple[Label, ...] = (
    Label.INCIVILITY,
    Label.INSULT,
    Label.PROFANITY,
    Label.IDENTITY_ATTACK,
    Label.THREAT,
    Label.MOCKERY,
)
CLAIM_TYPE_LABELS: tuple[Label, ...] = (
    Label.CLAIM_VALUE,
    Label.CLAIM_POLICY,
    Label.CLAIM_FACT,
    Label.CLAIM_TESTIMONY,
    Label.CLAIM_REFERENCE,
    Label.CLAIM_NONE,
)
CLAIM_LABELS: tuple[Label, ...] = (Label.UNSUPPORTED_CLAIM, *CLAIM_TYPE_LABELS)
ALL_LABELS: tuple[Label, ...] = (*INCIVILITY_LABELS, *CLAIM_LABELS)


class ClaimType(StrEnum):
    """Proposition types of the eRulemaking argumentation model (Park, Blake & Cardie 2015)."""

    VALUE = "value"
    POLICY = "policy"
    FACT = "fact"
    TESTIMONY = "testimony"
    REFERENCE = "reference"
    NONE = "none"


class Support(StrEnum):
    """Whether a sentence's claim is backed inside the comment (reason, evidence, source, testimony)."""

    SUPPORTED = "supported"
    UNSUPPORTED = "unsupported"
    NOT_A_CLAIM = "not_a_claim"
    UNCERTAIN = "uncertain"  # a claim, more likely unsupported than not, below the precision threshold


class Corroboration(StrEnum):
    """How a claim relates to the article (or related coverage) it was posted under."""

    CORROBORATED = "corroborated"
    CONTRADICTED = "contradicted"
    RELATED = "related"  # about what the article covers; the article neither states nor denies it
    UNRELATED = "unrelated"


class Decision(StrEnum):
    APPROVE = "approve"
    REVIEW = "review"
    REJECT = "reject"


# --- page splitting -------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """The news article part of a page; boilerplate is kept apart so it is never scored as prose."""

    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    date: str | None = None
    caption: str | None = None
    section: str | None = None
    paragraphs: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    declared_comment_count: int | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Quote:
    author: str | None
    text: str


@dataclass(frozen=True)
class Comment:
    """One reader comment: its own words only (quoted text lives in `quotes`)."""

    id: str
    text: str
    author: str | None = None
    posted_at: str | None = None
    quotes: Quote | None = None
    reply_to: str | None = None
    posted_iso: str | None = None  # `posted_at` read as a date (ISO 8601) when it shows one with a year


@dataclass(frozen=True)
class Page:
    article: Article
    comments: tuple[Comment, ...] = ()
    has_comment_section: bool = False
    source_format: str = "text"
    warnings: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-1 code of the page's text (`page.language`), None when unclear


# --- scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A highlightable stretch of the original text that drove a label's score."""

    start: int
    end: int
    text: str
    weight: float


@dataclass(frozen=True)
class Evidence:
    """The article (or related-coverage) sentence a claim was matched against."""

    text: str
    source: str
    similarity: float
    probability: float


@dataclass(frozen=True)
class Sentence:
    """One sentence of a comment with its claim analysis; offsets index the comment text."""

    start: int
    end: int
    text: str
    claim_type: ClaimType
    type_probabilities: Mapping[ClaimType, float]
    support: Support
    unsupported_probability: float
    corroboration: Corroboration = Corroboration.UNRELATED
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Scores:
    """Calibrated probabilities for one text, plus (optionally) explanation spans and sentences."""

    probabilities: Mapping[Label, float]
    spans: Mapping[Label, tuple[Span, ...]] = field(default_factory=dict)
    sentences: tuple[Sentence, ...] = ()

    def __getitem__(self, label: Label | str) -> float:
        return self.probabilities[Label(label)]


@dataclass(frozen=True)
class Verdict:
    """What a newsroom acts on: the decision, the reasons that triggered it, and the evidence."""

    comment_id: str | None
    decision: Decision
    reasons: tuple[str, ...]
    scores: Scores
    model_version: str
