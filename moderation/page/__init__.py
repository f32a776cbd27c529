"""Splitting a news page into its article and its reader comments: `split_page(raw) -> Page`.

detect      decoding (UTF-8 only, refusing empty/binary input) and HTML-or-text detection
lines       each text line classified: prose, comment header, time stamp, widget, marker, footer, chrome
templates   header formats learned from repetition on the page (for formats no pattern describes)
head        title, byline, dateline, date, caption and section above the first paragraph
text_dump   where the comment section starts (furniture, headers, time stamps, else `register`)
comments    the section's lines into comments (headers, quotes, reply_to; `cohesion` for bare text)
html        article via trafilatura, comments from containers (`html_comments`, `html_patterns`)
patterns    every heuristic as data: regexes, word lists, weights and thresholds
"""

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
