"""Split a plain-text page dump into its article and its comment section.

The comment section starts at the first piece of page furniture after the article body that is
followed by more content: an end-of-article footer (copyright, "Reporting by"), a comment-section
marker ("5 Comments", "Leave a Reply") or a comment header (author and time). Without any of these,
a clear change of register from news prose to reader prose marks it (`register`); pages with no
signal at all have no comment section: the whole text is the article.
"""

from __future__ import annotations

from moderation.page import patterns as pt
from moderation.page.cohesion import vocabulary
from moderation.page.columns import split_columns
from moderation.page.comments import CommentBuilder
from moderation.page.head import Head, parse_head
from moderation.page.header_blocks import merge_header_blocks
from moderation.page.lines import Kind, Line, has_action_word, is_name_like, read_lines
from moderation.page.plausible import is_live_ticker, plausible_comments
from moderation.page.register import register_change
from moderation.page.section import bound_section
from moderation.page.templates import (
    attach_header_prefixes,
    headers_below,
    induce_headers,
    induce_name_headers,
)
from moderation.types import Article, Comment, Page

_FURNITURE = (Kind.FOOTER, Kind.MARKER, Kind.WIDGET, Kind.TIME, Kind.CHROME, Kind.CLOSER)
_TOOL_KINDS = (Kind.CHROME, Kind.TEXT, Kind.WIDGET)  # "E-mail", "Print", "Share": links of a tool row


def split_text_page(text: str, *, source_format: str = "text", lines: list[Line] | None = None) -> Page:
    """`lines`: the text's `read_lines`, when the caller has classified them already."""
    sidebars: list[str] = []
    if lines is None and source_format == "text":
        text, sidebars = split_columns(text)  # a dump of a layout table: the main column alone
    lines = mark_dated_teasers(mark_story_rails(
        induce_name_headers(
            attach_header_prefixes(
                merge_header_blocks(induce_headers(lines if lines is not None else read_lines(text)))
            )
        )
    ))
    head = parse_head(lines)
    start = find_comment_section(lines, head.body_start)
    section = (
        bound_section(lines, start, opener=lines[start].kind)
        if start is not None
        else None
    )
    body_lines = lines[head.body_start : section.start if section is not None else None]
    paragraphs, boilerplate = _body(body_lines, head)
    builder = CommentBuilder(vocabulary(paragraphs))
    comments = builder.build(lines[section.start : section.end]) if section is not None else ()
    wrapped = source_format == "text"  # a dump wraps table cells at their width; markup text does not
    headed = start is not None and lines[start].kind is Kind.MARKER
    if section is not None and not _plausible(
        comments, lines[section.start : section.end], wrapped=wrapped, headed=headed
    ):
        if start is not None and lines[start].kind is Kind.TEXT:  # a change of register inside the prose
            body_lines, section = lines[head.body_start :], None
            paragraphs, boilerplate = _body(body_lines, head)
        else:  # a rail, ticker or footer after the article: page furniture
            boilerplate.extend(line.text for line in lines[section.start :])
            section = None
        builder, comments = CommentBuilder(vocabulary(paragraphs)), ()
    if section is not None:
        boilerplate.extend(line.text for line in lines[section.end :])
    markers = [line for line in body_lines if line.kind is Kind.MARKER]
    counts = [line.declared_count for line in markers if line.declared_count is not None]
    declared = next(
        (n for n in (head.declared_count, builder.declared_count, *counts) if n is not None), None
    )
    article = Article(
        title=head.title,
        byline=head.byline,
        dateline=head.dateline,
        date=head.date,
        caption=head.caption,
        section=head.section,
        paragraphs=tuple(paragraphs),
        boilerplate=tuple(head.boilerplate + boilerplate + builder.boilerplate + _sidebar_lines(sidebars)),
        declared_comment_count=declared,
    )
    return Page(
        article=article,
        comments=comments,
        has_comment_section=section is not None or bool(markers),  # e.g. "0 Comments" and nothing after it
        source_format=source_format,
        warnings=count_warnings(declared, comments),
    )


def _sidebar_lines(sidebars: list[str]) -> list[str]:
    return [line.strip() for block in sidebars for line in block.split("\n") if line.strip()]


def _plausible(comments: tuple[Comment, ...], section: list[Line], *, wrapped: bool, headed: bool) -> bool:
    """`headed`: the section opened at a comment heading ("Comments", "Have your say"). Under one,
    comments signed with a name and a time each are as telling as Reply buttons: short readers'
    lines ("Does it work with wordpress") need not read as prose."""
    actions = any(
        line.kind in (Kind.WIDGET, Kind.TIME, Kind.HEADER) and has_action_word(line.text) for line in section
    )
    signed = sum(1 for c in comments if c.author and c.posted_at)
    if headed and signed >= pt.SIGNED_THREAD_MIN_COMMENTS and signed >= pt.SIGNED_THREAD_SHARE * len(comments):
        actions = True
    if is_live_ticker(comments):
        return False
    return plausible_comments(comments, reader_actions=actions, wrapped=wrapped)


def find_comment_section(lines: list[Line], body_start: int) -> int | None:
    """Index of the first line of the comment section, or None when the page has none."""
    times = sum(1 for line in lines[body_start + 1 :] if line.kind is Kind.TIME)
    i = body_start + 1
    headers_only = False
    while i < len(lines):
        kind = lines[i].kind
        if kind is Kind.HEADER:
            return (
                _block_start(lines, i - 1, body_start) if i - 1 > body_start and headers_below(lines) else i
            )
        if headers_only or (kind is Kind.MARKER and _is_link_marker(lines, body_start, i)):
            headers_only = True  # past a "Comments" link only a comment header can open the section
            i += 1
            continue
        if kind is Kind.TIME and times >= pt.MIN_TIME_LINES_FOR_SECTION:
            heading = _heading_over_headers(lines, i)
            return heading if heading is not None else _start_of_block(lines, i, body_start)
        if kind is Kind.FOOTER and not _article_before(lines, body_start, i):
            i += 1  # "© PR" under the lead photo: a picture credit, the article is still to come
            continue
        if kind in (Kind.FOOTER, Kind.MARKER):
            j = i
            while j < len(lines) and lines[j].kind in _FURNITURE:
                j += 1
            if j < len(lines) and (kind is Kind.MARKER or _has_reader_content(lines, j)):
                return i
            return None
        i += 1
    if headers_only:
        return None
    prose = [i for i in range(body_start, len(lines)) if lines[i].kind is Kind.TEXT]
    change = register_change([lines[i].text for i in prose])
    return _block_start(lines, prose[change], body_start) if change is not None else None


def _heading_over_headers(lines: list[Line], i: int) -> int | None:
    """A "Comments" heading after dated lines and before the first comment header, if any.

    A related-posts rail or a promo box prints dates too ("March 17, 2016" over a headline); when
    the page's own comment heading and signed comments come after it, the section starts there.
    """
    for j in range(i + 1, len(lines)):
        kind = lines[j].kind
        if kind is Kind.HEADER:
            return None
        if kind is Kind.MARKER and lines[j].declared_count != 0:
            following = lines[j + 1 : j + 1 + pt.HEADING_TO_HEADER_MAX_LINES]
            return j if any(line.kind is Kind.HEADER for line in following) else None
    return None


def _is_link_marker(lines: list[Line], body_start: int, i: int) -> bool:
    """A "Comments" link, not a heading: above the article body, or inside a row of story tools.

    Sites print a "Comments" (or "Comment") link in the tools under the headline ("E-mail" /
    "Print" / "Comment") and above the body; the prose after it is the article. A counted link
    ("12 Comments") still says the page has comments, so only uncounted ones are passed over.
    """
    if lines[i].declared_count is not None:
        return False
    if not _article_before(lines, body_start, i):
        return True
    block = 0
    j = i
    while j > body_start and not lines[j].gap_before and block < pt.TOOL_ROW_MIN_LINES:
        j -= 1
        if lines[j].kind not in _TOOL_KINDS or len(lines[j].text.split()) > pt.TOOL_ROW_MAX_WORDS:
            return False
        block += 1
    return block >= pt.TOOL_ROW_MIN_LINES


def _article_before(lines: list[Line], body_start: int, i: int) -> bool:
    """Whether an article body (a paragraph of prose) stands between the head and line `i`."""
    return any(
        line.kind is Kind.TEXT and len(line.text.split()) >= pt.BODY_MIN_WORDS for line in lines[body_start:i]
    )


def _block_start(lines: list[Line], i: int, body_start: int) -> int:
    """A comment starts a block: a register change inside a block moves to the block's first line.

    Readers' first sentences are often neutral ("New ideas everywhere else."), so the first reader
    sentence may be the second line of its comment. When the block reaches back to the body start,
    the article itself is one block and the change is kept where it was found.
    """
    j = i
    while j > body_start and not lines[j].gap_before and lines[j - 1].kind is Kind.TEXT:
        j -= 1
    return j if j > body_start else i


def mark_story_rails(lines: list[Line]) -> list[Line]:
    """Lists of story teasers under a "Most read" / "Related" heading are page chrome, not comments.

    A teaser shows a title-case headline (it looks like a name), a time and a line of summary, like
    a comment header and its text; what it never has is a comment counter or a reader action. From
    the heading, short lines are the rail's until a counter, a footer or a Reply/Like/Report row.
    """
    result = list(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if (
            line.kind is not Kind.CHROME
            or not line.gap_before
            or not pt.LINK_LIST_HEADING_RE.match(line.text)
        ):
            continue  # a heading opens its own block ("Top fan" under a name is a badge)
        while i < len(lines) and _is_rail_line(lines[i]):
            result[i] = Line(lines[i].text, lines[i].gap_before, Kind.CHROME)
            i += 1
    return result


def mark_dated_teasers(lines: list[Line]) -> list[Line]:
    """A run of headlines, each over its date (and at most one line of summary), is a story rail.

    Rails without a heading ("Related", "Most read") look like a comment list to the section model:
    a time stamp every other line. What tells them apart is what stands over the time: a headline
    (several words, not a name, no full stop) rather than an author, and no reader prose between
    the items. Comments whose author line is a name never match.
    """
    result = list(lines)
    i = 0
    while i < len(lines):
        end, items = i, 0
        while (after := _teaser_end(lines, end)) is not None:
            end, items = after, items + 1
        if items >= pt.TEASER_MIN_ITEMS:
            for k in range(i, end):
                result[k] = Line(lines[k].text, lines[k].gap_before, Kind.CHROME)
            i = end
        else:
            i += 1
    return result


def _teaser_end(lines: list[Line], i: int) -> int | None:
    """One past the teaser item (headline, date, optional summary line) starting at `i`, or None."""
    if i + 1 >= len(lines) or not _is_headline(lines[i]):
        return None
    dated = lines[i + 1]
    if dated.kind not in (Kind.TIME, Kind.HEADER) or dated.posted_at is None or has_action_word(dated.text):
        return None
    end = i + 2
    summary = end + 2 < len(lines) and lines[end].kind is Kind.TEXT and not _is_headline(lines[end])
    if summary and _is_headline(lines[end + 1]) and lines[end + 2].kind in (Kind.TIME, Kind.HEADER):
        end += 1  # a line of summary, then the next headline
    return end


def _is_headline(line: Line) -> bool:
    words = len(line.text.split())
    return (
        line.kind is Kind.TEXT
        and pt.TEASER_HEADLINE_MIN_WORDS <= words <= pt.LINK_LIST_MAX_WORDS
        and _is_link_title(line.text)
        and not is_name_like(line.text)
    )


def _is_rail_line(line: Line) -> bool:
    if line.kind in (Kind.MARKER, Kind.FOOTER, Kind.CLOSER) or len(line.text) > pt.RAIL_MAX_LINE_CHARS:
        return False
    if line.kind is Kind.HEADER and line.author and line.posted_at is None:
        return False  # "Jane Doe says:": a teaser has a date, never a speech verb
    return line.kind not in (Kind.WIDGET, Kind.TIME) or not has_action_word(line.text)


def _has_reader_content(lines: list[Line], start: int) -> bool:
    """After a footer: real comments, not just a list of headline links."""
    return any(
        line.kind in (Kind.HEADER, Kind.TIME) or (line.kind is Kind.TEXT and not _is_link_title(line.text))
        for line in lines[start:]
    )


def _start_of_block(lines: list[Line], i: int, body_start: int) -> int:
    """Where the comment ending in the time stamp at `i` begins: its author line, else its block."""
    j, author_line = i, None
    while j - 1 > body_start and not lines[j].gap_before and lines[j - 1].kind in (Kind.TEXT, Kind.CHROME):
        j -= 1
        if lines[j].kind is Kind.TEXT and is_name_like(lines[j].text):
            author_line = j  # the topmost of "Name" / "Place" above the time stamp
        elif author_line is not None:
            break
    if author_line is None and j == i and j - 1 > body_start and _is_lone_name(lines, j - 1):
        return j - 1  # "Name", blank line, time: every header item printed as its own paragraph
    return author_line if author_line is not None else j


def _is_lone_name(lines: list[Line], k: int) -> bool:
    return (
        lines[k].kind is Kind.TEXT
        and lines[k].gap_before
        and lines[k + 1].gap_before
        and is_name_like(lines[k].text)
        and len(lines[k].text.split()) <= pt.LONE_NAME_MAX_WORDS
    )


def _body(lines: list[Line], head: Head) -> tuple[list[str], list[str]]:
    paragraphs: list[str] = []
    boilerplate: list[str] = []
    in_link_list = False
    for i, line in enumerate(lines):
        text = head.first_paragraph if i == 0 and head.first_paragraph is not None else line.text
        if line.kind in (Kind.FOOTER, Kind.MARKER, Kind.CHROME, Kind.CLOSER):
            boilerplate.append(text)
            in_link_list = bool(pt.LINK_LIST_HEADING_RE.match(text))
        elif in_link_list and _is_link_title(text):
            boilerplate.append(text)
        elif text.strip():
            paragraphs.append(text)
            in_link_list = False
    return paragraphs, boilerplate


def _is_link_title(text: str) -> bool:
    """A headline in a list of links: short and without a full stop."""
    return len(text.split()) <= pt.LINK_LIST_MAX_WORDS and not text.rstrip().endswith((".", "!", ";", ":"))


def count_warnings(declared: int | None, comments: tuple[Comment, ...]) -> tuple[str, ...]:
    if declared is None or declared == len(comments):
        return ()
    return (f"The page declares {declared} comments but {len(comments)} were found.",)
