"""Splitting a news page into its article and its reader comments: `split_page(raw) -> Page`."""

from __future__ import annotations

from moderation.page.detect import decode_page, looks_like_html
from moderation.types import Page


def split_page(raw: str | bytes) -> Page:
    """Split a page (plain-text dump or HTML, str or UTF-8 bytes) into article and comments.

    Raises `InvalidInput` for empty, binary or non-UTF-8 input.
    """
    text = decode_page(raw)
    if looks_like_html(text):
        from moderation.page.html import split_html_page

        return split_html_page(text)
    from moderation.page.text_dump import split_text_page

    return split_text_page(text)


__all__ = ["split_page"]
