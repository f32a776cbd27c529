"""The moderators' queue: scored comments awaiting a human verdict, in the feedback database.

Comments arrive from the API (`store: true` on the moderation routes) or `moderation queue import`;
verdicts taken on them go through `FeedbackStore`, so they are what retraining reads.
"""

from moderation.queue.analysis import analysis_from_verdict
from moderation.queue.store import QueueStore
from moderation.queue.types import QUEUES, Action, QueuedComment, QueueEntry, QueueFilter

__all__ = [
    "QUEUES", "Action", "QueueEntry", "QueueFilter", "QueueStore", "QueuedComment", "analysis_from_verdict",
]
