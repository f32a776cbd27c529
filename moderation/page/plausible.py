"""Whether the comments a splitter found read like reader comments, or like page furniture.

The section model finds runs of comment-shaped lines, but a story rail ("2 hours ago" over each
headline), a live ticker, a table of dated rows or a legal line under the copyright has that shape
too. What such regions lack is reader prose: their "comments" are headlines, labels and figures.
Readers write sentences. A section with a reader action (a Reply or Like row) needs only some
sentences (short replies are common; a rail of headlines with a "Like" button under each has none);
otherwise most of its words must sit on sentence-like lines, and one
or two unsigned "comments" are not enough to claim a comment section at all. For a newsroom an
invented comment is the costlier mistake: a page without comments must say so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from moderation.page import patterns as pt
from moderation.types import Comment

_SENTENCE_END = (".", "!", "?", '"', "”", ")", "…", "。", "！", "？", "」")
# Chinese and Japanese are written without spaces: each ideograph or kana counts as a word
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def word_count(line: str) -> int:
    cjk = len(_CJK_RE.findall(line))
    return len(line.split()) + cjk if cjk else len(line.split())


def is_prose_line(line: str) -> bool:
    words = word_count(line)
    return words >= pt.PLAUSIBLE_LONG_LINE_WORDS or (
        words >= pt.PLAUSIBLE_PROSE_LINE_WORDS and line.rstrip().endswith(_SENTENCE_END)
    )


def unwrap(text: str) -> list[str]:
    """The text's lines with wrapped sentences joined again.

    A dump of a layout table wraps long cell text at the cell width: a line that does not end a
    sentence, followed by one that starts in lower case, is one sentence cut in two.
    """
    joined: list[str] = []
    for line in text.split("\n"):
        if joined and line[:1].islower() and not joined[-1].rstrip().endswith(_SENTENCE_END):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def prose_share(comments: Sequence[Comment], *, wrapped: bool = False) -> float:
    """Share of the comments' words that stand on prose lines; `wrapped`: the text comes from a
    text dump, whose table cells are wrapped at their width (see `unwrap`)."""
    total = prose = 0
    for comment in comments:
        for line in unwrap(comment.text) if wrapped else comment.text.split("\n"):
            words = word_count(line)
            total += words
            prose += words if is_prose_line(line) else 0
    return prose / total if total else 0.0


def ticker_entries(comments: Sequence[Comment]) -> int:
    """Lines that open with a clock and go on as a sentence: a live blog's entries, not comments.

    A live ticker prints each entry as "09:20 Leading group pulls away ..." or "11.40 The weigh-in has
    begun"; a comment system puts the time in the header, next to the author's name, and a
    reader seldom starts a paragraph with a bare clock reading.
    """
    return sum(
        1 for comment in comments for line in comment.text.split("\n") if pt.TICKER_ENTRY_RE.match(line.strip())
    )


def is_live_ticker(comments: Sequence[Comment]) -> bool:
    """Several clock-led entries, outnumbering the comments signed with a name: a live blog."""
    entries = ticker_entries(comments)
    return entries >= pt.TICKER_MIN_ENTRIES and entries > sum(1 for c in comments if c.author)


def plausible_comments(
    comments: Sequence[Comment], *, reader_actions: bool, containers: bool = False, wrapped: bool = False
) -> bool:
    """`reader_actions`: the region shows Reply/Like/Report controls, which only comments have.
    `containers`: each comment came from its own comment element in the markup, so one comment
    alone may be a comment section (a text dump's one or two unsigned lines may not)."""
    if not comments:
        return False
    if reader_actions:  # a "Like" under each headline of a rail is a button, not a reader's
        return containers or prose_share(comments, wrapped=wrapped) >= pt.PLAUSIBLE_MIN_PROSE_SHARE_WITH_ACTIONS
    few = len(comments) <= pt.PLAUSIBLE_FEW_COMMENTS
    if few and not containers and not any(c.author for c in comments):
        return False
    return prose_share(comments, wrapped=wrapped) >= pt.PLAUSIBLE_MIN_PROSE_SHARE
