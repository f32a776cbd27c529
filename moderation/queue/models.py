"""The queue tables as SQLAlchemy 2 ORM models, in the feedback database (migration 0002_queue).

A pending comment is unique by (site_id, comment_id), like a verdict, so storing the same comment
again refreshes its scores instead of queueing it twice. `analysis` is the verdict's JSON (scores,
spans, sentences, reasons); `risk` and `flagged` are derived from it at store time so the queue can
be sorted and filtered in SQL on every backend. `flagged` is ",label,label," for a portable LIKE.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from moderation.feedback.models import Base


class PendingRow(Base):
    __tablename__ = "pending_comments"
    __table_args__ = (UniqueConstraint("site_id", "comment_id", name="uq_pending_comment"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    comment_id: Mapped[str] = mapped_column(String(256), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str | None] = mapped_column(String(256))
    posted_at: Mapped[str | None] = mapped_column(String(64))
    article_title: Mapped[str | None] = mapped_column(Text)
    article_url: Mapped[str | None] = mapped_column(Text)
    reply_to_text: Mapped[str | None] = mapped_column(Text)
    analysis: Mapped[str] = mapped_column(Text, nullable=False)
    model_decision: Mapped[str] = mapped_column(String(16), nullable=False)
    model_version: Mapped[str | None] = mapped_column(String(128))
    risk: Mapped[float] = mapped_column(Float, nullable=False)
    flagged: Mapped[str] = mapped_column(String(512), nullable=False, default="")
    reports: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class ActionRow(Base):
    """One approve/reject from the queue, with what it replaced, so the moderator can undo it."""

    __tablename__ = "queue_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    moderator_id: Mapped[str] = mapped_column(String(128), nullable=False)
    pending_id: Mapped[int] = mapped_column(Integer, nullable=False)
    decision: Mapped[str] = mapped_column(String(16), nullable=False)
    previous_status: Mapped[str] = mapped_column(String(16), nullable=False)
    previous_decided_by: Mapped[str | None] = mapped_column(String(128))
    previous_feedback: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
