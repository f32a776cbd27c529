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



def __getattr__(name: str) -> object:
    """`moderation.Moderator` without importing scikit-learn for every `import moderation`."""
    if name in {"Moderator", "get_moderator"}:
        from moderation import model

        return getattr(model, name)
    raise AttributeError(f"module 'moderation' has no attribute {name!r}")


__all__ = [
    "Moderator",
    "get_moderator",
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
