"""`store: true` on the moderation routes: what was scored goes to the moderators' queue.

The queue keeps exactly what the caller was answered (the verdict's JSON), so a moderator sees the
scores and highlights the site acted on. A comment without an id gets one from its site and text,
so sending the same comment twice refreshes one queue entry instead of adding a second.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from api.schemas.moderate import ModerateCommentsIn, ModeratePageIn, PagePublic, VerdictPublic
from api.state import Loaded, ServiceState
from moderation.queue import QueuedComment

DEFAULT_SITE = "default"  # what POST /v1/feedback assumes without a site_id


def _analysis(verdict: VerdictPublic) -> dict[str, object]:
    return verdict.model_dump(mode="json", exclude={"index", "id", "warnings"})


def _comment_id(site: str, given: str | None, text: str) -> str:
    return given or "sha-" + hashlib.sha256(f"{site}\n{text}".encode()).hexdigest()[:16]


def queue_comments(
    state: ServiceState, loaded: Loaded, body: ModerateCommentsIn, verdicts: Sequence[VerdictPublic]
) -> int:
    site = body.site_id or DEFAULT_SITE
    queued = []
    for comment, verdict in zip(body.comments, verdicts, strict=True):
        url = comment.article.url if comment.article is not None else None
        queued.append(
            QueuedComment(
                comment_id=_comment_id(site, comment.id, comment.text), text=comment.text,
                analysis=_analysis(verdict), site_id=site, author=comment.author, article_url=url,
            )
        )
    return state.queue.add(queued, loaded.moderator.thresholds)


def queue_page(state: ServiceState, loaded: Loaded, body: ModeratePageIn, page: PagePublic) -> int:
    site = body.site_id or DEFAULT_SITE
    page_key = body.page_id or body.url
    texts = {c.id: c.text for c in page.comments.data}
    queued = [
        QueuedComment(
            comment_id=_comment_id(site, f"{page_key}#{c.id}" if page_key else None, c.text),
            text=c.text, analysis=_analysis(c.verdict), site_id=site, author=c.author, posted_at=c.posted_at,
            article_title=page.article.title, article_url=body.url,
            reply_to_text=texts.get(c.reply_to) if c.reply_to else None,
        )
        for c in page.comments.data
    ]
    return state.queue.add(queued, loaded.moderator.thresholds)
