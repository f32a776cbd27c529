"""Between queue rows and values: SQL conditions for a filter, rows to entries, verdicts to JSON (undo)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from moderation.feedback.store import Feedback
from moderation.queue.models import PendingRow
from moderation.queue.types import QueueEntry, QueueFilter
from moderation.types import Decision, Label


def conditions(query: QueueFilter) -> list[Any]:
    if query.queue == "reported":
        found: list[Any] = [PendingRow.status == "pending", PendingRow.reports > 0]
    else:
        found = [PendingRow.status == query.queue]
    if query.site is not None:
        found.append(PendingRow.site_id == query.site)
    if query.label is not None:
        found.append(PendingRow.flagged.like(f"%,{query.label},%"))
    if query.decision is not None:
        found.append(PendingRow.model_decision == query.decision)
    if query.since is not None:
        found.append(PendingRow.created_at >= datetime.combine(query.since, datetime.min.time(), UTC))
    if query.until is not None:
        end = datetime.combine(query.until, datetime.min.time(), UTC) + timedelta(days=1)
        found.append(PendingRow.created_at < end)
    return found


def to_entry(row: PendingRow) -> QueueEntry:
    return QueueEntry(
        id=row.id, site_id=row.site_id, comment_id=row.comment_id, text=row.text, author=row.author,
        posted_at=row.posted_at, article_title=row.article_title, article_url=row.article_url,
        reply_to_text=row.reply_to_text, analysis=json.loads(row.analysis), model_decision=row.model_decision,
        model_version=row.model_version, risk=row.risk, flagged=tuple(filter(None, row.flagged.split(","))),
        reports=row.reports, status=row.status, decided_by=row.decided_by,
        decided_at=utc(row.decided_at) if row.decided_at else None, created_at=utc(row.created_at),
    )


def feedback_json(feedback: Feedback | None) -> str | None:
    if feedback is None:
        return None
    labels = {Label(k).value: float(v) for k, v in feedback.labels.items()} if feedback.labels else None
    return json.dumps({
        "comment_id": feedback.comment_id, "moderator_id": feedback.moderator_id, "text": feedback.text,
        "decision": Decision(feedback.decision).value, "site_id": feedback.site_id, "labels": labels,
        "model_version": feedback.model_version,
    })


def feedback_from_json(payload: str) -> Feedback:
    data = json.loads(payload)
    labels = {Label(k): float(v) for k, v in data["labels"].items()} if data.get("labels") else None
    return Feedback(**{**data, "decision": Decision(data["decision"]), "labels": labels})


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
