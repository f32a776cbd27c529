"""A page's comments, sentence by sentence: claim type, support, corroboration against the article.

What `moderation claims PAGE [--related PAGE ...]` prints (and the README walkthrough shows): related
pages are other outlets' coverage of the same event; only their article paragraphs are used.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from moderation.claims.context import ArticleContext
from moderation.errors import InvalidInput
from moderation.types import Label, Sentence


def page_context(page_path: Path, related: Sequence[Path] = ()) -> tuple[Any, ArticleContext]:
    """(the split page, its article context with the related pages' articles as extra sources)."""
    from moderation.page import split_page

    page = split_page(page_path.read_bytes())
    others = {path.stem: split_page(path.read_bytes()).article for path in related}
    return page, ArticleContext.from_article(page.article, related=others)


def _sentence_line(sentence: Sentence) -> str:
    p = sentence.type_probabilities[sentence.claim_type]
    line = (f"    [{sentence.start}:{sentence.end}] {sentence.claim_type.value} ({p:.2f}), "
            f"{sentence.support.value} (P(unsupported) {sentence.unsupported_probability:.2f})")
    if sentence.evidence is not None:
        line += (f"\n      {sentence.corroboration.value} (P {sentence.evidence.probability:.2f}); nearest in "
                 f"{sentence.evidence.source} (similarity {sentence.evidence.similarity:.2f}): "
                 f"\"{sentence.evidence.text[:110]}\"")
    return f"    \"{sentence.text}\"\n{line}"


def claims_walkthrough(moderator: Any, page_path: Path, related: Sequence[Path] = ()) -> str:
    """Readable per-comment, per-sentence claim analysis of a page scored with its article as context."""
    page, context = page_context(page_path, related)
    if not page.comments:
        raise InvalidInput("No reader comments were found on this page; nothing to analyse.")
    scores = moderator.score([c.text for c in page.comments], context=context)
    lines = [(f"{len(page.comments)} comments; context: {len(context.sentences)} sentences from "
             f"{len(set(context.sources))} source(s)")]
    threshold = moderator.thresholds.get(Label.UNSUPPORTED_CLAIM)
    for comment, score in zip(page.comments, scores):
        p = score[Label.UNSUPPORTED_CLAIM]
        verdict = "" if threshold is None else (" FLAGGED" if p >= threshold else " not flagged") + f" (threshold {threshold:.2f})"
        lines.append(f"\n[{comment.id}] {comment.author or '?'}: unsupported_claim {p:.2f}{verdict}")
        lines += [_sentence_line(sentence) for sentence in score.sentences]
    return "\n".join(lines)
