"""Render a split page for people (text) and for programs (JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict

from moderation.types import Comment, Page

_ARTICLE_FIELDS = ("title", "byline", "dateline", "date", "caption", "section", "declared_comment_count")


def page_to_json(page: Page) -> str:
    return json.dumps(asdict(page), ensure_ascii=False, indent=2)


def page_to_text(page: Page) -> str:
    article = page.article
    lines = [f"format: {page.source_format}", f"language: {page.language or 'unknown'}"]
    for name in _ARTICLE_FIELDS:
        value = getattr(article, name)
        if value is not None:
            lines.append(f"{name}: {value}")
    lines.append(f"body: {len(article.paragraphs)} paragraphs")
    lines.extend(f"  | {paragraph}" for paragraph in article.paragraphs)
    if article.boilerplate:
        lines.append("boilerplate:")
        lines.extend(f"  - {item}" for item in article.boilerplate)
    section = "yes" if page.has_comment_section else "no"
    lines.append(f"comment section: {section}, {len(page.comments)} comments")
    for number, comment in enumerate(page.comments, start=1):
        lines.extend(_comment_lines(number, comment))
    lines.extend(f"warning: {warning}" for warning in page.warnings)
    return "\n".join(lines)


def _comment_lines(number: int, comment: Comment) -> list[str]:
    meta = [f"id={comment.id}", f"author={comment.author or '-'}", f"time={comment.posted_at or '-'}"]
    if comment.reply_to:
        meta.append(f"reply_to={comment.reply_to}")
    lines = [f"[{number}] " + "  ".join(meta)]
    if comment.quotes is not None:
        lines.append(f"    quote ({comment.quotes.author or 'unknown'}): {comment.quotes.text}")
    lines.extend(f"    {paragraph}" for paragraph in comment.text.split("\n"))
    return lines
