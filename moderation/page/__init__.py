"""Splitting a news page into its article and its reader comments: `split_page(raw) -> Page`.

detect      decoding (UTF-8 only, refusing empty/binary input) and HTML-or-text detection
lines       each text line classified: prose, comment header, time stamp, widget, marker, footer, chrome
templates   page layout learned from repetition: header formats no pattern describes, subject lines
            above headers, headers printed under their comment
head        title, byline, dateline, date, caption and section above the first paragraph
text_dump   where the comment section starts (furniture, headers, time stamps, else `register`);
            story rails ("Most Read" teasers with times) are kept out
comments    the section's lines into comments (headers, quotes, reply_to; `cohesion` for bare text)
html        article via trafilatura, comments from containers (`html_comments`, `html_patterns`);
            markup no selector knows is read by structure (`html_structure`: repeated blocks with a
            name, a time, prose and a Reply), flat markup by the text splitter
section     where a text dump's comment section starts and ends: the best-scoring run of comment lines
vocabulary  the words of comment systems, one table per language (en, de, es, fr)
language    the page's language (stop-word vote, or its script), reported with the split
dates       a comment's shown date read by `dateparser` in that language (ISO 8601 in `posted_iso`)
depth       markup nested deeper than a fixed limit is flattened before parsing (bounded cost)
patterns    every heuristic as data: regexes, word lists, weights and thresholds
"""

from __future__ import annotations

from dataclasses import replace

from moderation.page.dates import parse_shown_times
from moderation.page.detect import decode_page, looks_like_html
from moderation.page.language import detect_language
from moderation.types import Page


def split_page(raw: str | bytes) -> Page:
    """Split a page (plain-text dump or HTML, str or UTF-8 bytes) into article and comments.

    Raises `InvalidInput` for empty, binary or non-UTF-8 input.
    """
    page = _split(decode_page(raw))
    words = "\n".join([*page.article.paragraphs, *(c.text for c in page.comments)])
    language = detect_language(words)
    dates = parse_shown_times([c.posted_at for c in page.comments], language)
    comments = tuple(replace(c, posted_iso=d) if d else c for c, d in zip(page.comments, dates, strict=True))
    return replace(page, language=language, comments=comments)


def _split(text: str) -> Page:
    if looks_like_html(text):
        from moderation.page.depth import MAX_DEPTH, flatten_deep_nesting
        from moderation.page.html import split_html_page

        text, deepest = flatten_deep_nesting(text)
        page = split_html_page(text)
        if deepest <= MAX_DEPTH:
            return page
        warning = f"The page nests elements {deepest} deep; markup below depth {MAX_DEPTH} was flattened."
        return replace(page, warnings=(*page.warnings, warning))
    from moderation.page.text_dump import split_text_page

    return split_text_page(text)


__all__ = ["split_page"]
