"""The feedback table as SQLAlchemy 2 ORM models (typed `Mapped` columns).

The unique key (site_id, comment_id, moderator_id) is what makes a re-sent verdict an update instead
of a second row. `site_id` is never NULL ("" means no site) because NULLs never collide in a unique
index on PostgreSQL, which would silently break idempotency there. Corrected labels are stored as
canonical JSON text (sorted keys) so "same verdict again" is a plain string comparison on every
backend (PostgreSQL's `json` type has no equality operator).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class FeedbackRow(Base):
    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("site_id", "comment_id", "moderator_id", name="uq_feedback_verdict"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    comment_id: Mapped[str] = mapped_column(String(256), nullable=False)
    moderator_id: Mapped[str] = mapped_column(String(128), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    decision: Mapped[str] = mapped_column(String(16), nullable=False)
    labels_json: Mapped[str | None] = mapped_column("labels", Text, nullable=True)
    model_version: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)
