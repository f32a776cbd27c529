"""Whether the comments a splitter found read like reader comments, or like page furniture.

The section model finds runs of comment-shaped lines, but a story rail ("2 hours ago" over each
headline), a live ticker, a table of dated rows or a legal line under the copyright has that shape
too. What such regions lack is reader prose: their "comments" are headlines, labels and figures.
Readers write sentences. A section with a reader action (a Reply or Like row) is accepted as it is
(rails and tickers have none); otherwise most of its words must sit on sentence-like lines, and one
or two unsigned "comments" are not enough to claim a comment section at all. For a newsroom an
invented comment is the costlier mistake: a page without comments must say so.
"""

from __future__ import annotations

from collections.abc import Sequence

from moderation.page import patterns as pt
from moderation.types import Comment

_SENTENCE_END = (".", "!", "?", '"', "”", ")", "…")


def is_prose_line(line: str) -> bool:
    words = len(line.split())
    return words >= pt.PLAUSIBLE_LONG_LINE_WORDS or (
        words >= pt.PLAUSIBLE_PROSE_LINE_WORDS and line.rstrip().endswith(_SENTENCE_END)
    )


def prose_share(comments: Sequence[Comment]) -> float:
    """Share of the comments' words that stand on prose lines."""
    total = prose = 0
    for comment in comments:
        for line in comment.text.split("\n"):
            words = len(line.split())
            total += words
            prose += words if is_prose_line(line) else 0
    return prose / total if total else 0.0


def plausible_comments(comments: Sequence[Comment], *, reader_actions: bool) -> bool:
    """`reader_actions`: the region shows Reply/Like/Report controls, which only comments have."""
    if not comments or reader_actions:
        return bool(comments)
    if len(comments) <= pt.PLAUSIBLE_FEW_COMMENTS and not any(c.author for c in comments):
        return False
    return prose_share(comments) >= pt.PLAUSIBLE_MIN_PROSE_SHARE
