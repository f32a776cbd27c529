"""Create the moderators' queue: comments awaiting review, and the log of queue actions (for undo).

Revision ID: 0002_queue
Revises: 0001_feedback
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_queue"
down_revision = "0001_feedback"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_comments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("site_id", sa.String(128), nullable=False, server_default=""),
        sa.Column("comment_id", sa.String(256), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(256), nullable=True),
        sa.Column("posted_at", sa.String(64), nullable=True),
        sa.Column("article_title", sa.Text(), nullable=True),
        sa.Column("article_url", sa.Text(), nullable=True),
        sa.Column("reply_to_text", sa.Text(), nullable=True),
        sa.Column("analysis", sa.Text(), nullable=False),
        sa.Column("model_decision", sa.String(16), nullable=False),
        sa.Column("model_version", sa.String(128), nullable=True),
        sa.Column("risk", sa.Float(), nullable=False),
        sa.Column("flagged", sa.String(512), nullable=False, server_default=""),
        sa.Column("reports", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("decided_by", sa.String(128), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("site_id", "comment_id", name="uq_pending_comment"),
    )
    op.create_index("ix_pending_status_risk", "pending_comments", ["status", "risk"])
    op.create_index("ix_pending_created_at", "pending_comments", ["created_at"])
    op.create_table(
        "queue_actions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("moderator_id", sa.String(128), nullable=False),
        sa.Column("pending_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("previous_status", sa.String(16), nullable=False),
        sa.Column("previous_decided_by", sa.String(128), nullable=True),
        sa.Column("previous_feedback", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_queue_actions_moderator", "queue_actions", ["moderator_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_queue_actions_moderator", table_name="queue_actions")
    op.drop_table("queue_actions")
    op.drop_index("ix_pending_created_at", table_name="pending_comments")
    op.drop_index("ix_pending_status_risk", table_name="pending_comments")
    op.drop_table("pending_comments")
