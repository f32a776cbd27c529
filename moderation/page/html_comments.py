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
from moderation.page import patterns as pt
from moderation.page.lines import Kind, classify, clean_author, is_name_like
from moderation.types import Comment, Quote

_SPACES_RE = re.compile(r"\s+")
_BREAK = "\u2029"
_MAX_HEADER_LINES = 8  # time, post number, name, rank, join date, post count...
_CLOCK_RE = re.compile(r"\d{1,2}[:.h]\d{2}")
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "blockquote",
        "section",
        "article",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "dd",
        "dt",
        "figure",
        "figcaption",
    }
)


def _clean(text: str | None) -> str:
    return _SPACES_RE.sub(" ", text or "").strip()


def find_section(tree: LexborHTMLParser) -> LexborNode | None:
    """The comment section: a known container, else the largest element named like one.

    A selector can name a heading or an anchor rather than a container (`<h3 id="comments">`,
    `<a name="comments">`): such a match holds nothing and is passed over.
    """
    for selector in hp.SECTION_SELECTORS:
        for node in tree.css(selector):
            if node.tag not in hp.NOT_A_SECTION_TAGS:
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


def list_section(items: list[LexborNode]) -> LexborNode | None:
    """The element holding the comment list (heading, counter, form) when the markup names none.

    It is the comments' common parent, provided it holds little text besides them (else it is the
    page's main column and the article would go with it).
    """
    top = outermost(items)
    parent = top[0].parent if top else None
    if parent is None or any(item.parent is None or item.parent.mem_id != parent.mem_id for item in top):
        return None
    while parent.parent is not None and parent.parent.tag in ("ul", "ol", "div", "section", "aside"):
        if _other_chars(parent.parent, top) > pt.HTML_LIST_MAX_OTHER_CHARS:
            break
        parent = parent.parent
    return parent if _other_chars(parent, top) <= pt.HTML_LIST_MAX_OTHER_CHARS else None


def contains_all(scope: LexborNode, items: list[LexborNode]) -> bool:
    """Whether every item sits inside `scope` (walking up from each item: depth, not page size)."""
    for item in items:
        node = item
        while node is not None and node.mem_id != scope.mem_id:
            node = node.parent
        if node is None:
            return False
    return True


def covers_section(scope: LexborNode, items: list[LexborNode], share: float) -> bool:
    """Whether the items (outermost ones) hold at least `share` of the section's visible text."""
    total = len(_clean(scope.text(separator=" ")))
    inside = sum(len(_clean(item.text(separator=" "))) for item in outermost(items))
    return total > 0 and inside >= share * total


def _other_chars(node: LexborNode, items: list[LexborNode]) -> int:
    inside = sum(len(_clean(item.text(separator=" "))) for item in items)
    return len(_clean(node.text(separator=" "))) - inside


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


def parse_items(items: list[LexborNode], scope: LexborNode) -> tuple[Comment, ...]:
    index = _SectionIndex(items, scope)
    comments: list[Comment] = []
    last_by_author: dict[str, str] = {}
    for item in items:
        comment = _parse_item(item, index, last_by_author)
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


def _parse_item(item: LexborNode, index: _SectionIndex, last_by_author: dict[str, str]) -> Comment | None:
    key = item.mem_id
    body = index.text.get(key, item)
    quote_node = index.quote_in(key, body)
    found = _words_and_header(item, body, quote_node, index)
    if found is None and quote_node is not None:
        quote_node = None  # the comment's words are printed in a <blockquote>: its body, not a quotation
        found = _words_and_header(item, body, None, index)
    if found is None:
        return None
    paragraphs, author, shown_time = found
    if author is None or shown_time is None or not _has_clock(shown_time):
        meta_author, meta_time = _meta_lines(item, body, quote_node, index)
        author = author or meta_author
        shown_time = _with_clock(shown_time, meta_time) if shown_time else meta_time
    if author and len(paragraphs) > 1 and clean_author(paragraphs[0]) == author:
        paragraphs = paragraphs[1:]  # the name printed inside the text element
    reply_to = index.parent_id(item)
    in_reply_to = _clean(_text(index.in_reply_to.get(key)))
    if reply_to is None and in_reply_to:
        reply_to = last_by_author.get(in_reply_to.lstrip("@"))
    quote = None
    if quote_node is not None:
        cite = next(iter(quote_node.css(", ".join(hp.QUOTE_AUTHOR_SELECTORS))), None)
        quote_paragraphs = _paragraphs(quote_node, index.skip, _ids(cite))
        quote = Quote(_clean(_text(cite)) or None, "\n".join(quote_paragraphs))
    return Comment(index.ids[key], "\n".join(paragraphs), author, shown_time, quote, reply_to)


def _words_and_header(
    item: LexborNode, body: LexborNode, quote_node: LexborNode | None, index: _SectionIndex
) -> tuple[list[str], str | None, str | None] | None:
    """The comment's paragraphs (without `quote_node`) and the author and time its selectors name."""
    key = item.mem_id
    paragraphs = _paragraphs(body, index.skip, _ids(quote_node))
    if not paragraphs:
        return None
    author = _pick_author(index.author.get(key, ()))
    shown_time = _pick_time(index.time.get(key, ()))
    if key not in index.text:  # no known text element: the item's own header and buttons are lines too
        paragraphs, found_author, found_time = _without_furniture(
            body, index.item_ids, _ids(quote_node), paragraphs
        )  # header and footer elements are noise for the text, but the header names the author
        author = author or found_author
        shown_time = _with_clock(shown_time, found_time) if shown_time else found_time
    return (paragraphs, author, shown_time) if paragraphs else None


def _pick_author(nodes: list[LexborNode] | tuple[LexborNode, ...]) -> str | None:
    """The first author element whose text reads as a name: a selector such as `.comment-author`
    can hit an avatar cell whose only text is a "Profile" link, and the name sits in the next one."""
    for node in nodes:
        name = _author_text(_clean(_text(node)))
        if name:
            return name
    return None


def _author_text(text: str) -> str | None:
    if not text:
        return None
    line = classify(text, gap_before=True)
    if line.kind is Kind.HEADER:
        return clean_author(line.author) if line.author else None
    name = clean_author(text)
    if not name or len(name) > pt.MAX_AUTHOR_CHARS or line.kind is not Kind.TEXT:
        return None  # a button, a time stamp, a counter or a sentence is not a name
    return name if classify(name, gap_before=True).kind is Kind.TEXT else None


def _pick_time(nodes: list[LexborNode] | tuple[LexborNode, ...]) -> str | None:
    """The first time element that shows a time stamp, else the first machine-readable one
    (`<time datetime>`, `<abbr title>`): a permalink or a meta row can print other words."""
    fallback = None
    for node in nodes:
        shown = _clean(node.text(separator=" ")).strip("•· ")
        stamp = _time_text(shown)
        if stamp and not _has_clock(stamp) and node.parent is not None:
            # "<abbr>March 3, 2015</abbr> at 08:00": the date element sits inside the whole stamp
            around = _time_text(_clean(node.parent.text(separator=" ")).strip("•· "))
            stamp = around if around and _has_clock(around) and stamp in around else stamp
        if stamp:
            return stamp
        machine = node.attributes.get("datetime") or node.attributes.get("title")
        if fallback is None and machine and _time_text(_clean(machine)):
            fallback = _clean(machine)
        elif fallback is None and not shown and machine:
            fallback = _clean(machine)
    return fallback


def _time_text(text: str) -> str | None:
    if not text:
        return None
    line = classify(text, gap_before=True)
    if line.kind is Kind.TIME:
        return text.rstrip(":").strip()
    if line.kind is Kind.HEADER and line.posted_at:
        return line.posted_at
    return None


def _has_clock(text: str) -> bool:
    return bool(_CLOCK_RE.search(text))


def _with_clock(shown: str, found: str | None) -> str:
    """A date printed apart from its clock time ("April 6, 2018" and "2:20 AM" in two cells) is one stamp."""
    if not found or _has_clock(shown) or not _has_clock(found):
        return shown
    if pt.CLOCK_ONLY_RE.match(found):
        return f"{shown} {found}"
    return found if shown in found else shown


def _meta_lines(
    item: LexborNode, body: LexborNode, quote: LexborNode | None, index: _SectionIndex
) -> tuple[str | None, str | None]:
    """Author and time read from the container's own header and footer lines (everything but its
    words, its quotation and its replies), one line per element, when no known selector named them:
    the first line that reads as a name, the first that reads as a time (a date and a clock time in
    neighbouring elements are joined)."""
    also_skip = _ids(quote) | ({body.mem_id} if body.mem_id != item.mem_id else set())
    lines = _paragraphs(item, index.hard_skip, also_skip, every_element=True)[: 2 * _MAX_HEADER_LINES]
    author = posted_at = None
    for n, text in enumerate(lines):
        line = classify(text, gap_before=True)
        if line.kind is Kind.HEADER:
            author, posted_at = author or (clean_author(line.author) if line.author else None), posted_at or line.posted_at
        elif line.kind is Kind.TIME and posted_at is None:
            posted_at = text.rstrip(":").strip()
            following = lines[n + 1] if n + 1 < len(lines) else ""
            if not _CLOCK_RE.search(posted_at) and pt.CLOCK_ONLY_RE.match(following):
                posted_at = f"{posted_at} {following}"
        elif line.kind is Kind.TEXT and author is None and body.mem_id != item.mem_id and is_name_like(text):
            author = clean_author(text) or None
    return author, posted_at


def _without_furniture(
    item: LexborNode, skip: set[int], also_skip: set[int], paragraphs: list[str]
) -> tuple[list[str], str | None, str | None]:
    """The item's words without its header and buttons, found on one line per element.

    Inline header parts are often printed without a space ("IslandDave2h"), so the header is read
    with every element on its own line; the paragraphs it covers are then dropped from both ends.
    """
    pieces = _paragraphs(item, skip, also_skip, every_element=True)
    kept, author, posted_at = strip_item_furniture(pieces)
    start = next((n for n, piece in enumerate(pieces) if kept and piece == kept[0]), len(pieces))
    end = start + len(kept)
    lead, trail = _squash("".join(pieces[:start])), _squash("".join(pieces[end:]))
    first, last = 0, len(paragraphs)
    while first < last and lead.startswith(_squash(paragraphs[first])):
        lead = lead[len(_squash(paragraphs[first])) :]
        first += 1
    while last > first and trail.endswith(_squash(paragraphs[last - 1])):
        trail = trail[: len(trail) - len(_squash(paragraphs[last - 1]))]
        last -= 1
    while last > first and classify(paragraphs[last - 1], gap_before=True).kind is Kind.WIDGET:
        last -= 1  # a like count left between buttons that were skipped as noise
    return paragraphs[first:last], author, posted_at


def _squash(text: str) -> str:
    return "".join(text.split())


def strip_item_furniture(lines: list[str]) -> tuple[list[str], str | None, str | None]:
    """Split a container's lines into its header (author, time), its words and its button row.

    Leading lines that are a header, a time stamp, a bare name or furniture form the header; trailing
    button rows and counters are dropped; what remains is the comment.
    """
    kinds = [classify(line, gap_before=True) for line in lines]
    author: str | None = None
    posted_at: str | None = None
    guessed: int | None = None  # the line a bare name was taken from (it may be a subject line)
    start = 0
    while start < len(lines) and start < _MAX_HEADER_LINES:
        line = kinds[start]
        if line.kind in (Kind.HEADER, Kind.TIME):
            author, posted_at = author or line.author, posted_at or line.posted_at
        elif line.kind is Kind.TEXT and is_name_like(line.text) and author is None and start + 1 < len(lines):
            author, guessed = clean_author(line.text), start
        elif not (
            line.kind in (Kind.WIDGET, Kind.CHROME, Kind.MARKER)
            or (author and pt.SAYS_WORD_RE.match(line.text))
        ):
            break
        start += 1
    end = len(lines)
    while end > start and (kinds[end - 1].kind in (Kind.WIDGET, Kind.CHROME, Kind.TIME, Kind.HEADER)):
        line = kinds[end - 1]
        posted_at = posted_at or line.posted_at
        if line.kind is Kind.HEADER and line.author and guessed is not None:
            # "Posted by: Jane, 2 Mar 2025" under the words names the author; the short line
            # above them was the comment's subject
            author, start, guessed = line.author, guessed, None
        elif line.kind is Kind.HEADER:
            author = author or line.author
        end -= 1
    return lines[start:end], author, posted_at


def _ids(node: LexborNode | None) -> set[int]:
    return {node.mem_id} if node is not None else set()


def _text(node: LexborNode | None) -> str:
    return node.text(separator=" ") if node is not None else ""


class _SectionIndex:
    """Each selector is run once over the whole section and its matches filed under the comment
    container they belong to (the nearest one above them), so a page with thousands of comments
    costs a few dozen CSS queries instead of dozens per comment."""

    def __init__(self, items: list[LexborNode], scope: LexborNode) -> None:
        self.ids = {item.mem_id: f"c{n}" for n, item in enumerate(items, start=1)}
        self.item_ids = set(self.ids)  # built once: per-comment copies would make the section quadratic
        self.text = self._firsts(scope, hp.TEXT_SELECTORS)
        self.author = self._all(scope, hp.AUTHOR_SELECTORS, outside_quotes=True)
        self.time = self._all(scope, hp.TIME_SELECTORS, outside_quotes=True)
        self.in_reply_to = self._firsts(scope, hp.IN_REPLY_TO_SELECTORS)
        self.quotes: dict[int, list[LexborNode]] = {}
        for node in scope.css("blockquote"):
            owner = self.owner(node)
            if owner is not None:
                self.quotes.setdefault(owner, []).append(node)
        noise = ", ".join((*hp.ITEM_SELECTORS, ".children", *hp.NOISE_SELECTORS))
        self.skip = {node.mem_id for node in scope.css(noise)} | set(self.ids)  # replies nested in a comment
        # what a header scan leaves out: replies, scripts, forms and buttons (not the meta rows)
        self.hard_skip = {node.mem_id for node in scope.css(", ".join(hp.NEVER_TEXT_SELECTORS))} | set(self.ids)

    def owner(self, node: LexborNode) -> int | None:
        parent = node.parent
        while parent is not None and parent.mem_id not in self.ids:
            parent = parent.parent
        return parent.mem_id if parent is not None else None

    def _firsts(
        self, scope: LexborNode, selectors: tuple[str, ...], *, outside_quotes: bool = False
    ) -> dict[int, LexborNode]:
        """`outside_quotes`: a name or time inside a quotation is the quoted comment's, not this one's."""
        found: dict[int, LexborNode] = {}
        for selector in selectors:
            for node in scope.css(selector):
                owner = self.owner(node) if node.mem_id not in self.ids else None
                if owner is None or owner in found or (outside_quotes and self._in_quote(node, owner)):
                    continue
                found[owner] = node
        return found

    def _all(
        self, scope: LexborNode, selectors: tuple[str, ...], *, outside_quotes: bool = False
    ) -> dict[int, list[LexborNode]]:
        """Every match per container, in selector order (the first that reads right is taken)."""
        found: dict[int, list[LexborNode]] = {}
        seen: set[int] = set()
        for selector in selectors:
            for node in scope.css(selector):
                owner = self.owner(node) if node.mem_id not in self.ids else None
                if owner is None or node.mem_id in seen or (outside_quotes and self._in_quote(node, owner)):
                    continue
                seen.add(node.mem_id)
                found.setdefault(owner, []).append(node)
        return found

    @staticmethod
    def _in_quote(node: LexborNode, owner: int) -> bool:
        parent = node.parent
        while parent is not None and parent.mem_id != owner:
            if parent.tag == "blockquote" or "quote" in (parent.attributes.get("class") or "").lower():
                return True
            parent = parent.parent
        return False

    def quote_in(self, key: int, body: LexborNode) -> LexborNode | None:
        """The first blockquote of this comment that sits inside its text."""
        for node in self.quotes.get(key, ()):
            parent = node.parent
            while parent is not None and parent.mem_id not in (body.mem_id, key):
                parent = parent.parent
            if parent is not None and (parent.mem_id == body.mem_id or body.mem_id == key):
                return node
        return None

    def parent_id(self, item: LexborNode) -> str | None:
        owner = self.owner(item)
        return self.ids[owner] if owner is not None else None


def _paragraphs(
    body: LexborNode, skip: set[int], also_skip: set[int], *, every_element: bool = False
) -> list[str]:
    """Visible paragraphs under `body`: block elements and <br> break them; skipped subtrees are left out.

    An explicit stack (not recursion) keeps deeply nested tag soup from exhausting Python's stack.
    """
    parts: list[str] = []
    stack: list[LexborNode | None] = [body]
    while stack:
        node = stack.pop()
        if node is None:
            parts.append(_BREAK)
            continue
        if node.is_text_node:
            parts.append(node.text_content or "")
            continue
        if node is not body and (node.mem_id in skip or node.mem_id in also_skip):
            continue
        if node.tag == "br":
            parts.append(_BREAK)
            continue
        block = every_element or node.tag in _BLOCK_TAGS
        if block:
            parts.append(_BREAK)
            stack.append(None)
        stack.extend(reversed(list(node.iter(include_text=True))))
    return [line for line in (_clean(t) for t in "".join(parts).split(_BREAK)) if line]
