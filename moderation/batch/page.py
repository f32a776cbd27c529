"""A page's comments, scored with the article as context: the shared step of `score` and `split-and-score`."""

from __future__ import annotations

from typing import Any

from moderation.types import Article, Page, Scores


def article_context(article: Article) -> Any | None:
    """The claims component's context for corroboration, or None while that component is absent."""
    if not article.paragraphs:
        return None
    try:
        from moderation.claims.context import ArticleContext
    except ImportError:
        return None
    return ArticleContext.from_text(article.text)


def score_page_comments(moderator: Any, raw: str | bytes, *, explain: bool = True) -> tuple[Page, list[Scores]]:
    """Split `raw` (text dump or HTML) and score every comment.

    A page without comments is a valid page (most articles have none yet): no scores, not an error."""
    from moderation.page import split_page

    page = split_page(raw)
    if not page.comments:
        return page, []
    texts = [comment.text for comment in page.comments]
    scores = moderator.score(texts, explain=explain, context=article_context(page.article))
    return page, list(scores)
