"""The register change from news prose to reader prose: where a page's comments start when nothing
else (footer, counter, headers) marks it.

News prose attributes ("said", "according to") and keeps the writer out of it; reader prose speaks
in the first and second person, asks and exclaims. Each paragraph gets a score from the weighted
features in `patterns.REGISTER_FEATURES` (quotations removed first, since news quotes people who
say "I"); the comment section is the longest tail that reads as reader prose after an article
that reads as news.
"""

from __future__ import annotations

import re

from moderation.page import patterns as pt

_FEATURES = tuple((re.compile(pattern), weight) for pattern, weight in pt.REGISTER_FEATURES.values())


def reader_score(paragraph: str) -> float:
    """Positive for reader prose, negative for news prose."""
    own_words = pt.QUOTED_SPAN_RE.sub(" ", paragraph)
    return sum(weight for pattern, weight in _FEATURES if pattern.search(own_words))


def register_change(paragraphs: list[str]) -> int | None:
    """Index of the first reader paragraph after a news article, or None when there is no clear change.

    The tail with the largest total of centred scores is the candidate (one backward pass, linear).
    """
    scores = [reader_score(p) for p in paragraphs]
    best, best_gain, gain, readers = None, pt.REGISTER_MIN_TAIL_GAIN, 0.0, 0
    for start in range(len(scores) - 1, pt.REGISTER_MIN_ARTICLE - 1, -1):
        gain += scores[start] - pt.REGISTER_CENTRE
        readers += scores[start] >= pt.READER_PARAGRAPH_MIN_SCORE
        if gain >= best_gain and readers >= pt.REGISTER_MIN_COMMENTS:
            best, best_gain = start, gain
    if best is None:
        return None
    article = scores[:best]
    if sum(article) / len(article) > pt.REGISTER_ARTICLE_MAX_MEAN:
        return None
    return best
