"""Moderators' verdicts, stored durably: what the service records and what retraining reads.

`FeedbackStore(url)` writes (idempotent by site, comment and moderator) and reads
(`iter_feedback(since=None, site=None)`); the schema is owned by the Alembic migrations in
`migrations/`, applied programmatically on first use.
"""

from moderation.feedback.store import Feedback, FeedbackStore, UpsertResult, iter_feedback

__all__ = ["Feedback", "FeedbackStore", "UpsertResult", "iter_feedback"]
