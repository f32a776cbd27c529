"""Reader-comment moderation and credibility for news publishers.

The path of data: page -> comments -> features -> model -> verdict (-> API in `api/`).
"""

from moderation.page import split_page
from moderation.types import (
    ALL_LABELS,
    Article,
    Comment,
    Decision,
    Label,
    Page,
    Quote,
    Scores,
    Sentence,
    Span,
    Verdict,
)

__all__ = [
    "ALL_LABELS",
    "Article",
    "Comment",
    "Decision",
    "Label",
    "Page",
    "Quote",
    "Scores",
    "Sentence",
    "Span",
    "Verdict",
    "split_page",
]
__version__ = "0.1.0"
