"""Split an HTML page: article via trafilatura, comments from the comment system's containers.

The comment section is cut out of the tree before trafilatura sees the page, so reader prose can
never leak into the article body. When a page has a comment area but no container markup we know,
its visible text goes through the same line-based splitter as plain-text dumps.
"""

from __future__ import annotations

import re
from dataclasses import replace

import trafilatura
from selectolax.lexbor import LexborHTMLParser, LexborNode

from moderation.page import html_patterns as hp
from moderation.page import patterns as pt
from moderation.page.cohesion import vocabulary
from moderation.page.comments import CommentBuilder
from moderation.page.html_comments import (
    contains_all,
    covers_section,
    find_items,
    find_section,
    list_section,
    outermost,
    parse_items,
)
from moderation.page.html_structure import find_repeated_items
from moderation.page.lines import Kind, has_action_word, read_lines
from moderation.page.plausible import plausible_comments
from moderation.page.templates import attach_header_prefixes, induce_headers
from moderation.page.text_dump import count_warnings, split_text_page
from moderation.types import Article, Comment, Page

_SPACES_RE = re.compile(r"\s+")
_COUNT_SCAN_NODES = 200  # a comment counter sits at the top of its section
# no guessing from stray years (a "© 2025" footer is not a publication date)
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_BLOCK_TAGS_RE = re.compile(
    r"</?(?:p|div|li|h[1-6]|br|article|section|blockquote|tr|header|footer)\b[^>]{0,2000}>", re.IGNORECASE
)


def split_html_page(html: str) -> Page:
    tree = LexborHTMLParser(html)
    section = find_section(tree)
    scope = section if section is not None else tree.root
    items = find_items(scope) if scope is not None else []
    if not items and section is not None:
        section, items = _templated_items(section)
        scope = section
    if not items and tree.root is not None:
        items = find_repeated_items(tree.root)
        if items and (section is None or not contains_all(section, items)):
            section = list_section(items)  # a named block that is not the list (one comment, a counter)
            scope = section if section is not None else tree.root
    comments: tuple[Comment, ...] = parse_items(items, scope) if items and scope is not None else ()
    if not plausible_comments(comments, reader_actions=any(c.author for c in comments), containers=True):
        comments = ()  # containers of headlines (a story list named like comments), not readers' words
    declared = _declared_count(section)
    if section is not None and not comments:
        comments = _comments_from_text(section)
    if section is not None:
        section.decompose()
    else:
        for item in outermost(items):
            item.decompose()
    article = _article(tree, declared)
    if article is None:
        fallback = split_text_page(visible_text(tree), source_format="html")
        if not comments:
            return fallback
        article = fallback.article
    elif section is None and not comments:
        comments, article = _comments_in_flat_markup(tree, article)
        declared = article.declared_comment_count
    return Page(
        article=article,
        comments=comments,
        has_comment_section=section is not None or bool(comments),
        source_format="html",
        warnings=count_warnings(declared, comments),
    )


def _templated_items(section: LexborNode) -> tuple[LexborNode, list[LexborNode]]:
    """Comment blocks found by structure inside the named section; when the element so named holds
    no more than a heading and a button ("Reader comments", "Add yours"), inside its parent. The
    blocks must hold most of the scope's text (else they are one template of two, or a story list)."""
    scopes = [section]
    if section.parent is not None and len(_clean(section.text(separator=" "))) <= pt.HTML_SECTION_HEADING_MAX_CHARS:
        scopes.append(section.parent)
    for scope in scopes:
        items = find_repeated_items(scope, named_section=True)
        if items and covers_section(scope, items, pt.HTML_SECTION_ITEMS_MIN_SHARE):
            return scope, items
    return section, []


def visible_text(tree: LexborHTMLParser) -> str:
    """The page's text with one line per block element, as a text dump would show it."""
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    body = tree.body if tree.body is not None else tree.root
    if body is None:
        return ""
    marked = _BLOCK_TAGS_RE.sub(lambda m: "\n" + m.group(0), body.html or "")
    text = LexborHTMLParser(marked).text(separator="")
    return "\n".join(_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))


def _comments_from_text(section: LexborNode) -> tuple[Comment, ...]:
    """Unknown markup: the section's visible text (headings and forms removed) goes through the line
    splitter; what it finds must read like reader comments (`plausible`)."""
    copy = LexborHTMLParser(section.html or "")
    for node in copy.css("h1, h2, h3, h4, h5, h6, form, button, textarea, input, select, label"):
        node.decompose()
    lines = attach_header_prefixes(induce_headers(read_lines(visible_text(copy))))
    comments = CommentBuilder(vocabulary(())).build(lines)
    # inside an element named as the comment section, a comment header or time stamp is evidence too
    actions = any(
        line.kind in (Kind.TIME, Kind.HEADER) or (line.kind is Kind.WIDGET and has_action_word(line.text))
        for line in lines
    )
    # an empty comment-system shell ("Loading comments…", a login prompt, a policy) holds no comments
    return comments if plausible_comments(comments, reader_actions=actions) else ()


def _comments_in_flat_markup(tree: LexborHTMLParser, article: Article) -> tuple[tuple[Comment, ...], Article]:
    """No comment container at all (headers, texts and buttons as sibling paragraphs): the page's
    visible text goes through the text-dump splitter when it shows a comment counter or a reader
    action. trafilatura may have taken such comments for the article, so article paragraphs that the
    text splitter placed in the comment section are dropped from the article."""
    text = visible_text(tree)
    lines = read_lines(text)
    if not any(  # a story rail (headline, time, teaser) has neither a comment counter nor a Reply
        line.kind is Kind.MARKER or (line.kind is Kind.WIDGET and has_action_word(line.text))
        for line in lines
    ):
        return (), article
    found = split_text_page(text, source_format="html", lines=lines)
    if not found.comments:
        return (), article
    outside = {_clean(p) for p in (*found.article.paragraphs, *found.article.boilerplate)}
    section = {_clean(line.text) for line in lines} - outside
    kept = tuple(p for p in article.paragraphs if _clean(p) not in section)
    declared = found.article.declared_comment_count
    if len(kept) < len(article.paragraphs) / 2:  # trafilatura took the comments for the main text
        kept = found.article.paragraphs
    if not kept:
        return (), article
    return found.comments, replace(article, paragraphs=kept, declared_comment_count=declared)


def _declared_count(section: LexborNode | None) -> int | None:
    if section is None:
        return None
    for selector in hp.COUNT_SELECTORS:
        for node in section.css(selector):
            match = pt.COUNT_RE.match(_SPACES_RE.sub(" ", node.text()).strip())
            if match:
                return pt.count_number(match)
    for n, node in enumerate(section.traverse(include_text=True)):  # a counter in unknown markup
        if n >= _COUNT_SCAN_NODES:
            break
        match = (
            pt.COUNT_RE.match(_SPACES_RE.sub(" ", node.text_content or "").strip())
            if node.is_text_node
            else None
        )
        if match:
            return pt.count_number(match)
    return None


def _article(tree: LexborHTMLParser, declared: int | None) -> Article | None:
    """The article from trafilatura (comments off); None when it finds no main text."""
    html = tree.html or ""
    try:
        document = trafilatura.bare_extraction(
            html, include_comments=False, with_metadata=True, date_extraction_params=_DATE_PARAMS
        )
    except (ValueError, TypeError, AttributeError, RecursionError):
        document = None
    if document is None or not getattr(document, "text", None):
        return None
    title = _clean(document.title)
    paragraphs, boilerplate = [], []
    for line in document.text.split("\n"):
        line = _clean(line)
        if not line or line == title:
            continue
        (boilerplate if pt.FOOTER_RE.match(line) else paragraphs).append(line)
    dateline = None
    if paragraphs and (match := pt.LEADING_DATELINE_RE.match(paragraphs[0])):
        dateline, paragraphs[0] = match.group("place"), paragraphs[0][match.end() :]
    return Article(
        title=title or None,
        byline=_byline(tree, document.author),
        dateline=dateline,
        date=_clean(document.date) or None,
        caption=_first_text(tree, hp.CAPTION_SELECTORS),
        section=_section(tree),
        paragraphs=tuple(paragraphs),
        boilerplate=tuple(boilerplate),
        declared_comment_count=declared,
    )


def _clean(text: str | None) -> str:
    return _SPACES_RE.sub(" ", text or "").strip()


def _first_text(tree: LexborHTMLParser, selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None and _clean(node.text()):
            return _clean(node.text())
    return None


def _byline(tree: LexborHTMLParser, author: str | None) -> str | None:
    shown = _first_text(tree, hp.BYLINE_SELECTORS)
    return shown or (_clean(author) or None)


def _section(tree: LexborHTMLParser) -> str | None:
    for selector in hp.SECTION_META:
        node = tree.css_first(selector)
        if node is not None and node.attributes.get("content"):
            return _clean(node.attributes["content"])
    return None
