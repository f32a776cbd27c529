"""The queue's values: what is queued, what a moderator sees, which slice of a queue, an action."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from moderation.errors import InvalidInput
from moderation.types import Decision, Label

QUEUES: tuple[str, ...] = ("pending", "reported", "rejected", "approved")


@dataclass(frozen=True)
class QueuedComment:
    """What is put in the queue: the comment, where it appeared, and the model's analysis of it."""

    comment_id: str
    text: str
    analysis: Mapping[str, Any]
    site_id: str = ""
    author: str | None = None
    posted_at: str | None = None
    article_title: str | None = None
    article_url: str | None = None
    reply_to_text: str | None = None
    reports: int = 0


@dataclass(frozen=True)
class QueueEntry:
    id: int
    site_id: str
    comment_id: str
    text: str
    author: str | None
    posted_at: str | None
    article_title: str | None
    article_url: str | None
    reply_to_text: str | None
    analysis: Mapping[str, Any]
    model_decision: str
    model_version: str | None
    risk: float
    flagged: tuple[str, ...]
    reports: int
    status: str
    decided_by: str | None
    decided_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class QueueFilter:
    """Which queue, narrowed by site, flagged label, model decision and the day it was queued."""

    queue: str = "pending"
    site: str | None = None
    label: str | None = None
    decision: str | None = None
    since: date | None = None
    until: date | None = None
    page: int = 1
    per_page: int = 20

    def __post_init__(self) -> None:
        if self.queue not in QUEUES:
            raise InvalidInput(f"Unknown queue {self.queue!r}; choose one of {list(QUEUES)}.")
        if self.label is not None and self.label not in {label.value for label in Label}:
            raise InvalidInput(f"Unknown label {self.label!r}.")
        if self.decision is not None and self.decision not in {d.value for d in Decision}:
            raise InvalidInput(f"Unknown decision {self.decision!r}; use approve, review or reject.")
        if self.page < 1 or not 1 <= self.per_page <= 200:
            raise InvalidInput("page must be 1 or more and per_page between 1 and 200.")


@dataclass(frozen=True)
class Action:
    id: int
    moderator_id: str
    entry: QueueEntry
    decision: str
    created_at: datetime
