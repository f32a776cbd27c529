"""The moderators' queue: comments waiting for review, and verdicts taken on them (with undo).

It lives in the feedback database (same engine, same Alembic chain), and a verdict taken in the queue
is written through `FeedbackStore.upsert`, so it is exactly what `POST /v1/feedback` would have stored:
one row per (site, comment, moderator), idempotent. The queue row only remembers the latest status and
who set it; the action log remembers what each action replaced, which is what undo restores.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from moderation.errors import InvalidInput
from moderation.feedback.store import Feedback, FeedbackStore, StoreUnavailable
from moderation.queue.analysis import flagged_labels, risk
from moderation.queue.models import ActionRow, PendingRow
from moderation.queue.rows import conditions, feedback_from_json, feedback_json, to_entry, utc
from moderation.queue.types import Action, QueuedComment, QueueEntry, QueueFilter
from moderation.types import Decision, Label

STATUS_OF: dict[Decision, str] = {Decision.APPROVE: "approved", Decision.REJECT: "rejected"}
_PURGE_EVERY_SECONDS = 60.0


@dataclass
class QueueStore:
    """The queue on top of a `FeedbackStore` (whose engine, migrations and verdict rules it shares)."""

    feedback: FeedbackStore
    retention_days: float | None = 30.0
    thresholds: Mapping[Label, float] | None = None
    _last_purge: float = field(default=0.0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def add(self, comments: Sequence[QueuedComment], thresholds: Mapping[Label, float] | None = None) -> int:
        """Queue (or refresh the analysis of) these comments; a verdict already taken is kept."""
        if not comments:
            return 0
        now = datetime.now(UTC)
        thresholds = thresholds if thresholds is not None else self.thresholds
        table = cast(Table, PendingRow.__table__)
        insert = postgresql.insert if self.feedback.engine.dialect.name == "postgresql" else sqlite.insert
        rows = [self._values(c, now, thresholds) for c in comments]
        statement = insert(table).values(rows)
        refreshed = ("text", "author", "posted_at", "article_title", "article_url", "reply_to_text",
                     "analysis", "model_decision", "model_version", "risk", "flagged", "reports", "updated_at")
        statement = statement.on_conflict_do_update(
            index_elements=["site_id", "comment_id"], set_={c: statement.excluded[c] for c in refreshed}
        )
        with self._transaction() as conn:
            conn.execute(statement)
        self.purge_expired()
        return len(rows)

    def list(self, query: QueueFilter) -> tuple[list[QueueEntry], int]:
        where = conditions(query)
        statement = (
            select(PendingRow).where(*where)
            .order_by(PendingRow.risk.desc(), PendingRow.id)
            .limit(query.per_page).offset((query.page - 1) * query.per_page)
        )
        total = select(func.count()).select_from(PendingRow).where(*where)
        with self._session() as session:
            entries = [to_entry(row) for row in session.execute(statement).scalars()]
            return entries, int(session.execute(total).scalar_one())

    def get(self, entry_id: int) -> QueueEntry | None:
        with self._session() as session:
            row = session.get(PendingRow, entry_id)
            return to_entry(row) if row is not None else None

    def sites(self) -> list[str]:
        with self._session() as session:
            statement = select(PendingRow.site_id).distinct().order_by(PendingRow.site_id)
            return list(session.execute(statement).scalars())

    def decide(
        self, entry_id: int, decision: Decision, moderator_id: str, labels: Mapping[Label, float] | None = None
    ) -> QueueEntry:
        """Store the verdict as `POST /v1/feedback` does, then mark the comment and log the action."""
        decision = Decision(decision)
        if decision not in STATUS_OF:
            raise InvalidInput("A queue verdict is approve or reject.")
        entry = self.get(entry_id)
        if entry is None:
            raise InvalidInput(f"No queued comment {entry_id}; it may have expired.")
        previous = self.feedback.get(entry.site_id, entry.comment_id, moderator_id)
        self.feedback.upsert(
            Feedback(
                comment_id=entry.comment_id, moderator_id=moderator_id, text=entry.text, decision=decision,
                site_id=entry.site_id, labels=labels, model_version=entry.model_version,
            )
        )
        now = datetime.now(UTC)
        with self._transaction(orm=True) as session:
            row = session.get(PendingRow, entry_id)
            if row is None:
                raise InvalidInput(f"No queued comment {entry_id}; it may have expired.")
            session.add(
                ActionRow(
                    moderator_id=moderator_id, pending_id=entry_id, decision=decision.value,
                    previous_status=row.status, previous_decided_by=row.decided_by,
                    previous_feedback=feedback_json(previous), created_at=now,
                )
            )
            row.status, row.decided_by, row.decided_at = STATUS_OF[decision], moderator_id, now
        return self.get(entry_id)  # type: ignore[return-value]

    def last_action(self, moderator_id: str) -> Action | None:
        """This moderator's latest action that is not undone yet (what `undo` would revert)."""
        statement = (
            select(ActionRow)
            .where(ActionRow.moderator_id == moderator_id, ActionRow.undone_at.is_(None))
            .order_by(ActionRow.id.desc()).limit(1)
        )
        with self._session() as session:
            action = session.execute(statement).scalars().first()
            if action is None:
                return None
            row = session.get(PendingRow, action.pending_id)
            if row is None:
                return None
            return Action(action.id, action.moderator_id, to_entry(row), action.decision, utc(action.created_at))

    def undo(self, moderator_id: str) -> QueueEntry | None:
        """Revert this moderator's last action: the earlier verdict comes back (or none), and the status."""
        last = self.last_action(moderator_id)
        if last is None:
            return None
        entry = last.entry
        with self._session() as session:
            action = session.get(ActionRow, last.id)
            previous = action.previous_feedback if action else None
            previous_status = action.previous_status if action else "pending"
            previous_by = action.previous_decided_by if action else None
        if previous is None:
            self.feedback.delete(entry.site_id, entry.comment_id, moderator_id)
        else:
            self.feedback.upsert(feedback_from_json(previous))
        with self._transaction(orm=True) as session:
            action_row = session.get(ActionRow, last.id)
            row = session.get(PendingRow, entry.id)
            if action_row is not None:
                action_row.undone_at = datetime.now(UTC)
            if row is not None:
                row.status, row.decided_by = previous_status, previous_by
                row.decided_at = None if previous_status == "pending" else row.decided_at
        return self.get(entry.id)

    def purge_expired(self, *, force: bool = False) -> int:
        """Delete comments queued longer ago than the retention (at most once a minute unless forced)."""
        if self.retention_days is None:
            return 0
        with self._lock:
            if not force and time.monotonic() - self._last_purge < _PURGE_EVERY_SECONDS:
                return 0
            self._last_purge = time.monotonic()
        cutoff = datetime.now(UTC) - timedelta(days=self.retention_days)
        with self._transaction() as conn:
            old = select(PendingRow.id).where(PendingRow.created_at < cutoff)
            conn.execute(delete(ActionRow).where(ActionRow.pending_id.in_(old)))
            return int(conn.execute(delete(PendingRow).where(PendingRow.created_at < cutoff)).rowcount)

    def _values(
        self, comment: QueuedComment, now: datetime, thresholds: Mapping[Label, float] | None
    ) -> dict[str, Any]:
        if not comment.comment_id or not comment.text:
            raise InvalidInput("A queued comment needs a comment_id and a text.")
        flagged = flagged_labels(comment.analysis, thresholds)
        return {
            "site_id": comment.site_id or "",
            "comment_id": comment.comment_id,
            "text": comment.text,
            "author": comment.author,
            "posted_at": comment.posted_at,
            "article_title": comment.article_title,
            "article_url": comment.article_url,
            "reply_to_text": comment.reply_to_text,
            "analysis": json.dumps(dict(comment.analysis), sort_keys=True),
            "model_decision": str(comment.analysis.get("decision", "review")),
            "model_version": comment.analysis.get("model_version"),
            "risk": risk(comment.analysis, thresholds),
            "flagged": "," + ",".join(flagged) + "," if flagged else "",
            "reports": int(comment.reports),
            "status": "pending",
            "created_at": now,
            "updated_at": now,
        }

    @contextmanager
    def _session(self) -> Iterator[Session]:
        try:
            with Session(self.feedback.engine) as session:
                yield session
        except OperationalError as exc:
            raise StoreUnavailable(f"The queue database cannot be read: {exc.orig}") from exc

    @contextmanager
    def _transaction(self, *, orm: bool = False) -> Iterator[Any]:
        try:
            if orm:
                with Session(self.feedback.engine) as session, session.begin():
                    yield session
            else:
                with self.feedback.engine.begin() as conn:
                    yield conn
        except OperationalError as exc:
            raise StoreUnavailable(f"The queue database did not accept the write: {exc.orig}") from exc
