"""`moderation queue import FILE`: score a CSV/JSONL export of comments and queue them for review.

Rows are read with the batch readers (line numbers, bad rows reported). The file is checked whole
before anything is queued: one bad row stops the import with its line number, so an import is all or
nothing and a moderator never works a queue that silently lacks some comments.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moderation.batch.reader import BadRow, FieldNames, InputRow, read_rows
from moderation.errors import InvalidInput
from moderation.queue.analysis import analysis_from_verdict
from moderation.queue.store import QueuedComment, QueueStore

COLUMNS: Mapping[str, tuple[str, ...]] = {
    "comment_id": ("comment_id", "id"),
    "site_id": ("site_id", "site"),
    "author": ("author",),
    "posted_at": ("posted_at", "time", "date"),
    "article_title": ("article_title", "title"),
    "article_url": ("article_url", "url"),
    "reply_to_text": ("reply_to_text", "quoted", "quote"),
    "reports": ("reports", "flags"),
}
BATCH = 256


@dataclass(frozen=True)
class ImportResult:
    queued: int
    path: Path


def import_file(
    path: Path, store: QueueStore, moderator: Any, policy: Any, *, site_id: str = "", text_col: str = "text"
) -> ImportResult:
    """Score every row of `path` with `moderator`, decide with `policy`, and queue them."""
    suffix = path.suffix.lower().lstrip(".")
    input_format = {"csv": "csv", "jsonl": "jsonl", "ndjson": "jsonl"}.get(suffix)
    if input_format is None:
        raise InvalidInput(f"{path} is neither .csv nor .jsonl; give a CSV with a header or JSON lines.")
    with path.open("rb") as stream:
        rows = list(read_rows(stream, input_format, text_col, FieldNames()))
    bad = [row for row in rows if isinstance(row, BadRow)]
    if bad:
        first = "; ".join(f"line {b.line}: {b.reason}" for b in bad[:3])
        raise InvalidInput(f"{len(bad)} row(s) of {path} cannot be queued ({first}); nothing was queued.")
    good = [row for row in rows if isinstance(row, InputRow)]
    comments = [_comment(row, site_id) for row in good]
    queued = 0
    for start in range(0, len(comments), BATCH):
        batch = comments[start : start + BATCH]
        queued += store.add(_scored(batch, moderator, policy))
    return ImportResult(queued, path)


def _scored(batch: Sequence[QueuedComment], moderator: Any, policy: Any) -> list[QueuedComment]:
    scores = moderator.score([c.text for c in batch], explain=True)
    out = []
    for comment, score in zip(batch, scores, strict=True):
        verdict = policy.verdict(
            score, comment.text, model_version=moderator.version, comment_id=comment.comment_id,
            site_id=comment.site_id or None,
        )
        out.append(QueuedComment(**{**comment.__dict__, "analysis": analysis_from_verdict(verdict)}))
    return out


def _comment(row: InputRow, default_site: str) -> QueuedComment:
    fields = {name: _first(row.record, keys) for name, keys in COLUMNS.items()}
    site = fields["site_id"] or default_site
    comment_id = fields["comment_id"] or "sha-" + hashlib.sha256(f"{site}\n{row.text}".encode()).hexdigest()[:16]
    try:
        reports = int(fields["reports"] or 0)
    except ValueError:
        raise InvalidInput(f"line {row.line}: reports must be a whole number, got {fields['reports']!r}.") from None
    return QueuedComment(
        comment_id=comment_id, text=row.text, analysis={}, site_id=site, author=fields["author"],
        posted_at=fields["posted_at"], article_title=fields["article_title"], article_url=fields["article_url"],
        reply_to_text=fields["reply_to_text"], reports=reports,
    )


def _first(record: Mapping[str, Any], keys: Sequence[str]) -> str | None:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return str(value)
    return None
