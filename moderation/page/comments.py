"""Turn the lines of a comment section into individual comments with author, time, quote and reply.

Headers (author and time) start a comment; widget rows and time stamps end one; furniture (counters,
footers) is kept apart as boilerplate. A header directly followed by the text of an earlier comment
is a *quote* header: it names the quoted comment's author and time (as on sites that render
"Name Today 07:20" above a blockquote), so that earlier comment learns its author and the quoting
comment's `reply_to` points at it. Paragraphs without headers are grouped by `cohesion`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from moderation.page import patterns as pt
from moderation.page.addressing import AuthorIndex, fold, is_salutation
from moderation.page.cohesion import group_paragraph_blocks
from moderation.page.lines import Kind, Line, is_name_like
from moderation.page.quotes import QuoteIndex, norm, unquote
from moderation.page.templates import headers_below
from moderation.types import Comment, Quote

_MIN_TERMINATORS_FOR_NAME_LINES = 2
_FURNITURE_TEXT = (Kind.FOOTER, Kind.CHROME, Kind.MARKER, Kind.CLOSER)
_OPEN_SEGMENT_LOOKBACK = 50  # blocks searched for a quoted comment not yet closed (keeps this linear)


@dataclass
class _Draft:
    id: str
    paragraphs: list[str]
    author: str | None = None
    posted_at: str | None = None
    quote: Quote | None = None
    reply_to: str | None = None

    def freeze(self) -> Comment:
        return Comment(
            self.id, "\n".join(self.paragraphs), self.author, self.posted_at, self.quote, self.reply_to
        )


@dataclass
class _Segment:
    """The lines between two comment boundaries; `header` names its author (or a quoted author)."""

    header: Line | None = None
    posted_at: str | None = None
    blocks: list[list[str]] = field(default_factory=list)
    reply_author: str | None = None  # from an "In reply to Name" line
    quote_author: str | None = None  # from a "Name wrote:" line under the header: the next block quotes
    quote_time: str | None = None  # from a cited "Name: <time>" line under the header
    answers: bool = False  # the header says "replied" ("Jane a répondu le ..."): it answers the comment above

    def add(self, line: Line) -> None:
        if line.gap_before or not self.blocks:
            self.blocks.append([])
        self.blocks[-1].append(line.text)


class CommentBuilder:
    """Consumes a comment section line by line; `comments()` returns them in page order."""

    def __init__(self, article_stems: frozenset[str]) -> None:
        self.article_stems = article_stems
        self.boilerplate: list[str] = []
        self.declared_count: int | None = None
        self._drafts: list[_Draft] = []
        self._index: QuoteIndex[_Draft] = QuoteIndex()
        self._segment: _Segment | None = None
        self._authors = AuthorIndex()
        self._reply_author: str | None = None
        self._answers = False
        self._headers_below = False
        self._next_content: dict[int, Line | None] = {}
        self._closed_by_buttons = False  # the last line closed a comment that has no time yet

    def build(self, lines: list[Line]) -> tuple[Comment, ...]:
        terminators = sum(1 for line in lines if line.kind in (Kind.WIDGET, Kind.TIME))
        allow_name_lines = terminators >= _MIN_TERMINATORS_FOR_NAME_LINES
        self._headers_below = headers_below(lines)
        following: Line | None = None
        for i in range(len(lines) - 1, -1, -1):  # the next line that is not chrome (badges, avatars)
            self._next_content[i] = following
            if lines[i].kind is not Kind.CHROME:
                following = lines[i]
        for i, line in enumerate(lines):
            self._consume(line, self._next_content[i], allow_name_lines)
        self._close()
        return tuple(d.freeze() for d in self._drafts)

    def _consume(self, line: Line, following: Line | None, allow_name_lines: bool) -> None:
        segment = self._segment
        closed_by_buttons, self._closed_by_buttons = self._closed_by_buttons, False
        if closed_by_buttons and line.kind in (Kind.WIDGET, Kind.CHROME):
            self._closed_by_buttons = True  # "Reply" / "Share" / the date: still under the comment
        if line.kind in _FURNITURE_TEXT and self._furniture_is_comment_text(line, following):
            self._segment.add(line)  # type: ignore[union-attr]  # a reader's line that reads like furniture
        elif line.kind is Kind.CHROME:
            self.boilerplate.append(line.text)
        elif line.kind in (Kind.FOOTER, Kind.MARKER, Kind.CLOSER):
            self.boilerplate.append(line.text)  # a footer or counter also ends the comment before it
            if line.declared_count is not None and self.declared_count is None:
                self.declared_count = line.declared_count
            self._close()
        elif line.kind is Kind.WIDGET:
            if segment is not None and segment.blocks:
                self._close()
                self._closed_by_buttons = bool(self._drafts) and self._drafts[-1].posted_at is None
            if line.author is not None:
                if self._segment is None:
                    self._segment = _Segment()
                self._segment.reply_author = line.author
        elif line.kind is Kind.TIME and closed_by_buttons and not line.gap_before:
            self._drafts[-1].posted_at = line.posted_at  # text, "Reply", then its date: the time is below
        elif line.kind is Kind.TIME:
            self._consume_time(line)
        elif line.kind is Kind.HEADER and self._is_quote_attribution(line):
            segment.quote_author = line.author  # type: ignore[union-attr]
        elif line.kind is Kind.HEADER and self._is_cited_header(line):
            segment.quote_author, segment.quote_time = line.author, line.posted_at  # type: ignore[union-attr]
        elif line.kind is Kind.HEADER and self._headers_below and line.author:
            self._close_with_header(line)
        elif line.kind is Kind.HEADER or self._is_name_line(line, following, allow_name_lines):
            self._open(line)
        else:
            if self._segment is None:
                self._segment = _Segment()
            self._segment.add(line)

    def _under_fresh_header(self) -> bool:
        """The open comment has a dated header and no text yet: where a quotation's attribution goes."""
        segment = self._segment
        return (
            segment is not None
            and segment.header is not None
            and segment.posted_at is not None
            and not segment.blocks
            and segment.quote_author is None
        )

    def _is_quote_attribution(self, line: Line) -> bool:
        """ "Name wrote:" right under a dated header opens a quotation inside that comment."""
        return (
            self._under_fresh_header()
            and line.posted_at is None
            and bool(pt.QUOTE_ATTRIBUTION_RE.match(line.text))
        )

    def _is_cited_header(self, line: Line) -> bool:
        """ "Jane: Oct. 9, 2010 - 7:56 AM" right under a dated header cites Jane's earlier comment.

        Forum-style systems print the quoted comment's own header above the quoted words; taking it
        for a new comment would give the reply the quoted author and time.
        """
        return (
            self._under_fresh_header()
            and line.author is not None
            and line.posted_at is not None
            and self._cited(line.author, line.posted_at) is not None
        )

    def _cited(self, author: str, posted_at: str | None) -> _Draft | None:
        """The earlier comment by `author` printed with the time `posted_at` (the latest by them if none)."""
        wanted = fold(author)
        for draft in reversed(self._drafts[-_OPEN_SEGMENT_LOOKBACK * 4 :]):
            if draft.author and fold(draft.author) == wanted and draft.posted_at == posted_at:
                return draft
        if posted_at is not None:
            return None
        source_id = self._authors.latest(author)
        return next((d for d in reversed(self._drafts) if d.id == source_id), None)

    def _close_with_header(self, line: Line) -> None:
        """A header printed under its comment's text names that comment's author and ends it."""
        segment = self._segment if self._segment is not None else _Segment()
        if not segment.blocks:
            self.boilerplate.append(line.text)
            return
        segment.header = Line(line.text, line.gap_before, Kind.HEADER, line.author, line.posted_at)
        segment.posted_at = line.posted_at or segment.posted_at
        self._segment = segment
        self._close()

    def _furniture_is_comment_text(self, line: Line, following: Line | None) -> bool:
        """A footer-, chrome- or counter-like line right under a comment header, or inside a comment's
        paragraph, is the comment's text.

        Site furniture sits between comments (after the buttons) or after the last one; a reader who
        writes "© 2025 ..." or "Read more: ..." under their own header must not see the line dropped:
        that would let a comment hide from moderation.
        """
        segment = self._segment
        if segment is None or (segment.header is None and not segment.blocks):
            return False
        if segment.header is not None and not segment.blocks:
            if segment.header.posted_at is None and line.kind is Kind.CHROME:
                return len(line.text.split()) > pt.BADGE_MAX_WORDS  # "Top fan" under a bare name line
            return line.kind is not Kind.MARKER or line.declared_count is None
        return following is not None and following.kind is Kind.TEXT and not following.gap_before

    def _consume_time(self, line: Line) -> None:
        segment = self._segment
        if segment is not None and self._is_place_line_of_header(segment):
            self.boilerplate.append(segment.blocks.pop()[0])  # "Name" / "Place" / time header block
            segment.posted_at = line.posted_at
            return
        name = self._pop_name_line()
        if name is not None:
            self._open(Line(name, True, Kind.HEADER, author=name, posted_at=line.posted_at))
            return
        segment = self._segment
        if segment is None:
            self._segment = _Segment(posted_at=line.posted_at)
        elif segment.posted_at is None:
            segment.posted_at = line.posted_at
            if segment.blocks:
                self._close()
        elif segment.blocks:
            self._close()

    @staticmethod
    def _is_place_line_of_header(segment: _Segment) -> bool:
        blocks = segment.blocks
        return (
            segment.header is not None
            and segment.posted_at is None
            and len(blocks) == 1
            and len(blocks[0]) == 1
            and is_name_like(blocks[0][0])
        )

    def _pop_name_line(self) -> str | None:
        """A name on the line just above a time stamp is that comment's author ("Name" / "3 hours ago")."""
        segment = self._segment
        if segment is None or not segment.blocks or not is_name_like(segment.blocks[-1][-1]):
            return None
        if segment.header is not None and segment.posted_at is None and len(segment.blocks) == 1:
            return None
        block = segment.blocks[-1]
        if len(block) == 2 and is_name_like(block[0]):  # "Name" / "Place" / time: a header block
            self.boilerplate.append(block.pop())
        name = block.pop()
        if not block:
            segment.blocks.pop()
        return name

    def _is_name_line(self, line: Line, following: Line | None, allow_name_lines: bool) -> bool:
        """A bare name above a quote of an earlier comment, or above text after a widget row."""
        if following is None or following.kind is not Kind.TEXT or not is_name_like(line.text):
            return False
        if is_salutation(line.text):
            return False
        if self._index.find(following.text) is not None or self._quotes_open_segment(following.text):
            return True
        open_segment = self._segment is not None and (self._segment.blocks or self._segment.header)
        return allow_name_lines and not open_segment

    def _quotes_open_segment(self, text: str) -> bool:
        """The quoted comment may still sit in the open segment (not yet a draft): look there too."""
        if self._segment is None or self._segment.header is not None:
            return False
        quoted = norm(text.lstrip("> "))
        if len(quoted) < pt.QUOTE_MIN_CHARS:
            return False
        return any(
            quoted in norm(" ".join(block)) for block in self._segment.blocks[-_OPEN_SEGMENT_LOOKBACK:]
        )

    def _open(self, header: Line) -> None:
        self._close()
        author = header.author if header.kind is Kind.HEADER else header.text.strip()
        self._segment = _Segment(
            header=Line(header.text, header.gap_before, Kind.HEADER, author, header.posted_at),
            posted_at=header.posted_at,
            reply_author=header.reply_author,
            answers=header.answers,
        )

    def _close(self) -> None:
        segment, self._segment = self._segment, None
        if segment is None or not segment.blocks:
            return
        self._reply_author = segment.reply_author
        self._answers = segment.answers
        if segment.header is not None:
            self._close_headed(segment)
        else:
            self._add_groups(segment.blocks, posted_at=segment.posted_at)

    def _close_headed(self, segment: _Segment) -> None:
        author = segment.header.author if segment.header else None
        if segment.quote_author is not None and len(segment.blocks) > 1:
            self._add_attributed_quote(segment, author)
            return
        count, quoted, marked = self._quote_blocks(segment.blocks)
        own = [p for block in segment.blocks[count:] for p in block]
        if count == 0 or not own:
            self._add([p for block in segment.blocks for p in block], author, segment.posted_at)
            return
        quote_text = "\n".join(unquote(line) for block in segment.blocks[:count] for line in block)
        if quoted is not None and not marked and quoted.author in (None, author):
            quoted.author = quoted.author or author
            quoted.posted_at = quoted.posted_at or segment.posted_at
            self._add_groups(segment.blocks[count:], quote=Quote(author, quote_text), reply_to=quoted.id)
            return
        if not marked:  # unmarked words another commenter also wrote are not evidence of a quote
            self._add([p for block in segment.blocks for p in block], author, segment.posted_at)
            return
        quote = Quote(quoted.author if quoted else None, quote_text)
        self._add(own, author, segment.posted_at, quote, quoted.id if quoted else None)

    def _add_attributed_quote(self, segment: _Segment, author: str | None) -> None:
        """The block after "Name wrote:" is the quotation; the comment is what follows it."""
        quoted_lines = [unquote(line) for line in segment.blocks[0]]
        quoted = self._index.find(" ".join(quoted_lines))
        if segment.quote_author is not None and (quoted is None or segment.quote_time is not None):
            quoted = self._cited(segment.quote_author, segment.quote_time) or quoted
        own = [p for block in segment.blocks[1:] for p in block]
        quote = Quote(segment.quote_author, "\n".join(quoted_lines))
        self._add(own, author, segment.posted_at, quote, quoted.id if quoted else None)

    def _quote_blocks(self, blocks: list[list[str]]) -> tuple[int, _Draft | None, bool]:
        """How many leading blocks quote an earlier comment (or are marked '>'), which one, and if marked."""
        if all(pt.QUOTE_LINE_RE.match(line) for line in blocks[0]):
            count = 1
            while count < len(blocks) and all(pt.QUOTE_LINE_RE.match(line) for line in blocks[count]):
                count += 1
            text = " ".join(unquote(line) for block in blocks[:count] for line in block)
            return count, self._index.find(text), True
        quoted = self._index.find(" ".join(blocks[0]))
        if quoted is None:
            return 0, None, False
        source = norm(" ".join(quoted.paragraphs))
        count = 1
        while count < len(blocks) - 1 and norm(" ".join(blocks[count])) in source:
            count += 1
        return count, quoted, False

    def _add_groups(
        self,
        blocks: list[list[str]],
        *,
        posted_at: str | None = None,
        quote: Quote | None = None,
        reply_to: str | None = None,
    ) -> None:
        for group in group_paragraph_blocks(blocks, self.article_stems):
            marked = [line for line in group if pt.QUOTE_LINE_RE.match(line)]
            if quote is None and marked and group[: len(marked)] == marked and len(marked) < len(group):
                quoted = self._index.find(" ".join(unquote(line) for line in marked))
                quote = Quote(quoted.author if quoted else None, "\n".join(unquote(line) for line in marked))
                reply_to, group = (quoted.id if quoted else None), group[len(marked) :]
            self._add(group, None, posted_at, quote, reply_to)
            posted_at, quote, reply_to = None, None, None

    def _add(
        self,
        paragraphs: list[str],
        author: str | None,
        posted_at: str | None,
        quote: Quote | None = None,
        reply_to: str | None = None,
    ) -> None:
        if reply_to is None:
            reply_to = self._addressed(paragraphs[0])
        self._reply_author, self._answers = None, False
        draft = _Draft(f"c{len(self._drafts) + 1}", paragraphs, author, posted_at, quote, reply_to)
        self._drafts.append(draft)
        self._index.add(draft)
        if author:
            self._authors.add(author, draft.id)

    def _addressed(self, first_paragraph: str) -> str | None:
        """Whom the comment answers: "In reply to Name", an opening "@Name" or "Hey Name", or, under a
        "Name replied" header, the comment just above."""
        if self._reply_author is not None:
            return self._authors.latest(self._reply_author)
        named = self._authors.addressed(first_paragraph)
        if named is not None:
            return named
        if self._answers and self._drafts:
            return self._drafts[-1].id
        return None
