"""Glue between HTTP schemas and the library: score with the Moderator, decide with the Policy.

No ML here: the Moderator scores, the Policy decides, `split_page` splits. This module only groups
comments by article (one `score` call per article, so the context is built once), and turns the
library's frozen dataclasses into response schemas.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from api.schemas.moderate import (
    ArticlePublic,
    ArticleRef,
    CommentIn,
    ModeratePageIn,
    PageCommentPublic,
    PageCommentsPublic,
    PagePublic,
    SentencePublic,
    SpanPublic,
    VerdictPublic,
)
from api.budget import RequestBudget, checkpoint
from api.lane import run_pure
from api.state import ArticleCache, Loaded
from api.observability import record_verdict
from moderation.types import Label, Page, Scores, Verdict

log = logging.getLogger("moderation.api")
# Comments per `score` call between cancel checkpoints: explanations cost ~20 µs per byte, so few at a time.
CHUNK, EXPLAIN_CHUNK = 64, 16
EXPLAIN_SKIPPED = "explanation skipped: over the request's explanation budget (see budget_notes)"


@dataclass(frozen=True)
class Moderated:
    """Verdicts in request order, and what the request's budget left out (said in the response)."""

    verdicts: list[VerdictPublic]
    notes: list[str]


def build_context(article_text: str) -> Any | None:
    """The claims component's `ArticleContext` for an article, or None when it is not installed."""
    try:
        from moderation.claims.context import ArticleContext
    except ImportError:
        return None
    return ArticleContext.from_text(article_text)


def moderate_texts(
    loaded: Loaded,
    texts: Sequence[str],
    *,
    ids: Sequence[str | None] | None = None,
    site_id: str | None = None,
    explain: bool | Sequence[bool] = True,
    context: Any | None = None,
) -> list[Verdict]:
    """Verdicts for `texts`; `explain` is one flag or one per text. Scored in chunks, with a cancel
    checkpoint before each, so an abandoned request stops within one chunk's work."""
    ids = ids if ids is not None else [None] * len(texts)
    flags = [explain] * len(texts) if isinstance(explain, bool) else list(explain)
    scores: list[Scores | None] = [None] * len(texts)
    for wanted, size in ((False, CHUNK), (True, EXPLAIN_CHUNK)):
        indices = [i for i, flag in enumerate(flags) if flag is wanted]
        for start in range(0, len(indices), size):
            checkpoint()
            chunk = indices[start : start + size]
            found = loaded.moderator.score([texts[i] for i in chunk], explain=wanted, context=context)
            for i, s in zip(chunk, found, strict=True):
                scores[i] = s
    version = loaded.moderator.version
    return [
        loaded.policy.verdict(s, text, model_version=version, comment_id=cid, site_id=site_id)
        for s, text, cid in zip(scores, texts, ids, strict=True)
        if s is not None
    ]


def moderate_comments(
    loaded: Loaded,
    comments: Sequence[CommentIn],
    *,
    site_id: str | None,
    explain: bool,
    articles: ArticleCache,
    budget: RequestBudget,
) -> Moderated:
    """Verdicts in request order; comments sharing an article are scored in one call with its context."""
    budget.check_comments([c.text for c in comments])
    groups: dict[str, list[int]] = {}
    contexts: dict[str, Any] = {}
    warnings: dict[int, list[str]] = {}
    notes: list[str] = []
    for index, comment in enumerate(comments):
        key, context, warning = _article(comment.article, articles, contexts, budget, notes)
        groups.setdefault(key, []).append(index)
        contexts[key] = context
        if warning:
            warnings[index] = [warning]
    flags = budget.explained([c.text for c in comments]) if explain else [False] * len(comments)
    if explain and not all(flags):
        notes.append(budget.explain_note(flags.count(False), len(flags)))
        for i, flag in enumerate(flags):
            if not flag:
                warnings.setdefault(i, []).append(EXPLAIN_SKIPPED)
    out: list[VerdictPublic | None] = [None] * len(comments)
    for key, indices in groups.items():
        verdicts = moderate_texts(
            loaded,
            [comments[i].text for i in indices],
            ids=[comments[i].id for i in indices],
            site_id=site_id,
            explain=[flags[i] for i in indices],
            context=contexts[key],
        )
        for i, verdict in zip(indices, verdicts, strict=True):
            out[i] = verdict_public(i, verdict, warnings.get(i, []))
    return Moderated([v for v in out if v is not None], notes)


def moderate_page(
    loaded: Loaded, page_in: ModeratePageIn, articles: ArticleCache, budget: RequestBudget
) -> PagePublic:
    from moderation import split_page

    raw = page_in.html if page_in.html is not None else page_in.text or ""
    budget.check_page(len(raw))
    page: Page = run_pure(loaded.moderator, split_page, raw)
    checkpoint()
    notes: list[str] = []
    context = None
    if page.article.paragraphs:
        article_text, note = budget.article(page.article.text)
        notes += [note] if note else []
        context = build_context(article_text)
    for key in (page_in.page_id, page_in.url):
        if key and context is not None:
            articles.put(key, context)
    texts = [c.text for c in page.comments]
    flags = budget.explained(texts) if page_in.explain else [False] * len(texts)
    if page_in.explain and not all(flags):
        notes.append(budget.explain_note(flags.count(False), len(flags)))
    verdicts = (
        moderate_texts(
            loaded, texts, ids=[c.id for c in page.comments], site_id=page_in.site_id, explain=flags,
            context=context,
        )
        if page.comments
        else []
    )
    skipped = {i: [EXPLAIN_SKIPPED] for i, flag in enumerate(flags) if page_in.explain and not flag}
    comments = [
        PageCommentPublic(
            id=c.id,
            text=c.text,
            author=c.author,
            posted_at=c.posted_at,
            reply_to=c.reply_to,
            verdict=verdict_public(i, v, skipped.get(i, [])),
        )
        for i, (c, v) in enumerate(zip(page.comments, verdicts, strict=True))
    ]
    a = page.article
    article = ArticlePublic(
        title=a.title,
        byline=a.byline,
        dateline=a.dateline,
        date=a.date,
        caption=a.caption,
        section=a.section,
        paragraphs=list(a.paragraphs),
        boilerplate=list(a.boilerplate),
        declared_comment_count=a.declared_comment_count,
    )
    return PagePublic(
        article=article,
        comments=PageCommentsPublic(data=comments, count=len(comments)),
        has_comment_section=page.has_comment_section,
        source_format=page.source_format,
        warnings=list(page.warnings),
        model_version=loaded.moderator.version,
        budget_notes=notes,
    )


def verdict_public(index: int, verdict: Verdict, warnings: list[str]) -> VerdictPublic:
    scores: Scores = verdict.scores
    record_verdict(verdict.decision.value, scores.probabilities.get(Label.INCIVILITY))
    return VerdictPublic(
        index=index,
        id=verdict.comment_id,
        decision=verdict.decision,
        reasons=list(verdict.reasons),
        scores={label.value: float(p) for label, p in scores.probabilities.items()},
        spans={
            label.value: [SpanPublic(start=s.start, end=s.end, text=s.text, weight=s.weight) for s in spans]
            for label, spans in scores.spans.items()
        },
        sentences=[SentencePublic.model_validate(s, from_attributes=True) for s in scores.sentences],
        model_version=verdict.model_version,
        warnings=warnings,
    )


def _article(
    ref: ArticleRef | None,
    articles: ArticleCache,
    built: dict[str, Any],
    budget: RequestBudget,
    notes: list[str],
) -> tuple[str, Any | None, str | None]:
    """(group key, context, warning) for a comment's article reference.

    Contexts are built once per article text and remembered (a newsroom sends many comments under one
    article); `built` holds the ones this request already resolved.
    """
    if ref is None:
        return "", None, None
    if ref.text is not None:
        key = "text:" + hashlib.sha256(ref.text.encode("utf-8")).hexdigest()
        if key in built:
            return key, built[key], None
        article_text, note = budget.article(ref.text)
        if note and note not in notes:
            notes.append(note)
        context = articles.get(key)
        if context is None:
            checkpoint()
            context = build_context(article_text)
            if context is not None:
                articles.put(key, context)
        return key, context, None
    key = ref.page_id or ref.url or ""
    context = articles.get(key)
    if context is None:
        kind = "page_id" if ref.page_id else "url"
        return (
            f"missing:{key}",
            None,
            (
                f"article {kind} {key!r} is not known to this server; send article.text, or POST the page "
                f"to /v1/pages:moderate with this {kind} first. Scored without article context."
            ),
        )
    return f"ref:{key}", context, None
