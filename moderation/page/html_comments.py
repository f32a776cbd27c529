"""Individual comments from HTML comment containers (selectolax), with author, time, quote and reply.

trafilatura returns a page's comments as one blob; the comment systems' own containers (one element
per comment, replies nested inside or marked "in reply to") keep each comment's boundaries and
metadata. Which selectors mean what is data in `html_patterns`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

from moderation.page import html_patterns as hp
from moderation.page.lines import _clean_author
from moderation.types import Comment, Quote

_SPACES_RE = re.compile(r"\s+")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BREAK = "\u2029"


def _clean(text: str | None) -> str:
    return _SPACES_RE.sub(" ", text or "").strip()


def find_section(tree: LexborHTMLParser) -> LexborNode | None:
    """The comment section: a known container, else the largest element named like one."""
    for selector in hp.SECTION_SELECTORS:
        node = tree.css_first(selector)
        if node is not None:
            return node
    return _largest_named_section(tree)


def _largest_named_section(tree: LexborHTMLParser) -> LexborNode | None:
    candidates = [
        node for node in tree.css(hp.GENERIC_SECTION_SELECTOR) if node.tag in hp.GENERIC_SECTION_TAGS
    ]
    outer = outermost(candidates)
    sized = [(len(node.text(separator=" ").strip()), node) for node in outer]
    sized = [(size, node) for size, node in sized if size >= hp.GENERIC_SECTION_MIN_CHARS]
    return max(sized, key=lambda pair: pair[0])[1] if sized else None


def find_items(scope: LexborNode) -> list[LexborNode]:
    """The comment containers under `scope`, in page order, using the first selector that matches."""
    for selector in hp.ITEM_SELECTORS:
        items = scope.css(selector)
        if items:
            return items
    return []


def outermost(items: list[LexborNode]) -> list[LexborNode]:
    """The containers not nested in another container (removing them removes the whole thread)."""
    ids = {item.mem_id for item in items}
    found = []
    for item in items:
        parent = item.parent
        while parent is not None and parent.mem_id not in ids:
            parent = parent.parent
        if parent is None:
            found.append(item)
    return found


def parse_items(items: list[LexborNode]) -> tuple[Comment, ...]:
    ids = {item.mem_id: f"c{n}" for n, item in enumerate(items, start=1)}
    comments: list[Comment] = []
    last_by_author: dict[str, str] = {}
    for item in items:
        comment = _parse_item(item, ids, last_by_author)
        if comment is not None:
            comment = _resolve_quote(comment, comments)
            comments.append(comment)
            if comment.author:
                last_by_author[comment.author] = comment.id
    return tuple(comments)


def _resolve_quote(comment: Comment, earlier: list[Comment]) -> Comment:
    """A quote names its source when the quoted words are found in an earlier comment."""
    if comment.quotes is None or (comment.quotes.author and comment.reply_to):
        return comment
    quoted = _clean(comment.quotes.text).lower()
    source = next((c for c in reversed(earlier) if quoted and quoted in _clean(c.text).lower()), None)
    if source is None:
        return comment
    quote = Quote(comment.quotes.author or source.author, comment.quotes.text)
    return replace(comment, quotes=quote, reply_to=comment.reply_to or source.id)


def _parse_item(item: LexborNode, ids: dict[int, str], last_by_author: dict[str, str]) -> Comment | None:
    own = _Scope(item, ids)
    text_node = own.first(hp.TEXT_SELECTORS)
    body = text_node if text_node is not None else item
    quote_node = own.first(("blockquote",), within=body)
    paragraphs = own.paragraphs(body, skip=quote_node)
    if not paragraphs:
        return None
    author = _clean_author(_clean(own.text_of(hp.AUTHOR_SELECTORS))) or None
    reply_to = own.parent_id()
    in_reply_to = _clean(own.text_of(hp.IN_REPLY_TO_SELECTORS))
    if reply_to is None and in_reply_to:
        reply_to = last_by_author.get(in_reply_to.lstrip("@"))
    quote = None
    if quote_node is not None:
        quote_author = _clean(own.text_of(hp.QUOTE_AUTHOR_SELECTORS, within=quote_node)) or None
        quote = Quote(quote_author, "\n".join(own.paragraphs(quote_node, skip=None)))
    return Comment(ids[item.mem_id], "\n".join(paragraphs), author, own.time(), quote, reply_to)


class _Scope:
    """The part of a comment container that belongs to it and not to the replies nested inside it."""

    def __init__(self, item: LexborNode, ids: dict[int, str]) -> None:
        self.item = item
        self.ids = ids

    def owns(self, node: LexborNode) -> bool:
        parent = node.parent
        while parent is not None and parent.mem_id != self.item.mem_id:
            if parent.mem_id in self.ids:
                return False
            parent = parent.parent
        return True

    def first(self, selectors: tuple[str, ...], within: LexborNode | None = None) -> LexborNode | None:
        scope = within if within is not None else self.item
        for selector in selectors:
            for node in scope.css(selector):
                if node.mem_id not in self.ids and self.owns(node):
                    return node
        return None

    def text_of(self, selectors: tuple[str, ...], within: LexborNode | None = None) -> str:
        node = self.first(selectors, within)
        return node.text(separator=" ") if node is not None else ""

    def time(self) -> str | None:
        node = self.first(hp.TIME_SELECTORS)
        if node is None:
            return None
        shown = _clean(node.text(separator=" ")).strip("•· ")
        return shown or node.attributes.get("datetime") or node.attributes.get("title") or None

    def parent_id(self) -> str | None:
        parent = self.item.parent
        while parent is not None:
            if parent.mem_id in self.ids:
                return self.ids[parent.mem_id]
            parent = parent.parent
        return None

    def paragraphs(self, body: LexborNode, skip: LexborNode | None) -> list[str]:
        """Visible paragraphs of `body`, leaving out the quote, nested replies and widget furniture."""
        inner = _BR_RE.sub(_BREAK, body.inner_html or "")
        clone = LexborHTMLParser(f"<div>{inner}</div>").body
        if clone is None:
            return []
        for selector in ("blockquote", *hp.ITEM_SELECTORS, ".children", *hp.NOISE_SELECTORS):
            if skip is None and selector == "blockquote":
                continue
            for node in clone.css(selector):
                node.decompose()
        blocks = clone.css("p") or [clone]
        found: list[str] = []
        for block in blocks:
            text = block.text() if block.tag == "p" else block.text(separator=" ")
            found.extend(line for line in (_clean(t) for t in text.split(_BREAK)) if line)
        return found
