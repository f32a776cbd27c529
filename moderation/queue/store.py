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
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from moderation.errors import InvalidInput
from moderation.feedback.store import Feedback, FeedbackStore, StoreUnavailable
from moderation.queue.analysis import flagged_labels, risk
from moderation.queue.models import ActionRow, PendingRow
from moderation.types import Decision, Label

QUEUES: tuple[str, ...] = ("pending", "reported", "rejected", "approved")
STATUS_OF: dict[Decision, str] = {Decision.APPROVE: "approved", Decision.REJECT: "rejected"}
_PURGE_EVERY_SECONDS = 60.0


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
        conditions = _conditions(query)
        statement = (
            select(PendingRow).where(*conditions)
            .order_by(PendingRow.risk.desc(), PendingRow.id)
            .limit(query.per_page).offset((query.page - 1) * query.per_page)
        )
        total = select(func.count()).select_from(PendingRow).where(*conditions)
        with self._session() as session:
            entries = [_entry(row) for row in session.execute(statement).scalars()]
            return entries, int(session.execute(total).scalar_one())

    def get(self, entry_id: int) -> QueueEntry | None:
        with self._session() as session:
            row = session.get(PendingRow, entry_id)
            return _entry(row) if row is not None else None

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
                    previous_feedback=_feedback_json(previous), created_at=now,
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
            return Action(action.id, action.moderator_id, _entry(row), action.decision, _utc(action.created_at))

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
            self.feedback.upsert(_feedback_from_json(previous))
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


def _conditions(query: QueueFilter) -> list[Any]:
    if query.queue == "reported":
        conditions: list[Any] = [PendingRow.status == "pending", PendingRow.reports > 0]
    else:
        conditions = [PendingRow.status == query.queue]
    if query.site is not None:
        conditions.append(PendingRow.site_id == query.site)
    if query.label is not None:
        conditions.append(PendingRow.flagged.like(f"%,{query.label},%"))
    if query.decision is not None:
        conditions.append(PendingRow.model_decision == query.decision)
    if query.since is not None:
        conditions.append(PendingRow.created_at >= datetime.combine(query.since, datetime.min.time(), UTC))
    if query.until is not None:
        end = datetime.combine(query.until, datetime.min.time(), UTC) + timedelta(days=1)
        conditions.append(PendingRow.created_at < end)
    return conditions


def _entry(row: PendingRow) -> QueueEntry:
    return QueueEntry(
        id=row.id, site_id=row.site_id, comment_id=row.comment_id, text=row.text, author=row.author,
        posted_at=row.posted_at, article_title=row.article_title, article_url=row.article_url,
        reply_to_text=row.reply_to_text, analysis=json.loads(row.analysis), model_decision=row.model_decision,
        model_version=row.model_version, risk=row.risk, flagged=tuple(filter(None, row.flagged.split(","))),
        reports=row.reports, status=row.status, decided_by=row.decided_by,
        decided_at=_utc(row.decided_at) if row.decided_at else None, created_at=_utc(row.created_at),
    )


def _feedback_json(feedback: Feedback | None) -> str | None:
    if feedback is None:
        return None
    labels = {Label(k).value: float(v) for k, v in feedback.labels.items()} if feedback.labels else None
    return json.dumps({
        "comment_id": feedback.comment_id, "moderator_id": feedback.moderator_id, "text": feedback.text,
        "decision": Decision(feedback.decision).value, "site_id": feedback.site_id, "labels": labels,
        "model_version": feedback.model_version,
    })


def _feedback_from_json(payload: str) -> Feedback:
    data = json.loads(payload)
    labels = {Label(k): float(v) for k, v in data["labels"].items()} if data.get("labels") else None
    return Feedback(**{**data, "decision": Decision(data["decision"]), "labels": labels})


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
