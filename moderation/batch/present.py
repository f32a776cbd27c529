"""`moderation split-and-score`: each comment of a page with its scores, flagged labels and highlighted words.

What a moderator needs at a glance: who wrote it and to whom, which labels cross their threshold
(flagged), which words drove those labels (highlighted in the comment itself), and for each sentence
its claim type, whether it is supported and whether the article corroborates it. Rich markup on a
terminal; plain text with [brackets] and *stars* otherwise, so logs and pipes stay readable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from rich.markup import escape

from moderation.batch.writer import sentence_json, span_json
from moderation.types import (
    INCIVILITY_LABELS,
    Comment,
    Corroboration,
    Decision,
    Label,
    Page,
    Scores,
    Sentence,
    Span,
)

SHOWN_LABELS: tuple[Label, ...] = (*INCIVILITY_LABELS, Label.UNSUPPORTED_CLAIM)


def flagged_labels(scores: Scores, thresholds: Mapping[Label, float]) -> list[Label]:
    """Decision-relevant labels (incivility family, unsupported claim) at or above the artifact's threshold.

    Claim-type probabilities describe a comment rather than judge it, so they are shown per sentence
    but never flagged.
    """
    return [label for label in SHOWN_LABELS
            if label in thresholds and label in scores.probabilities
            and scores.probabilities[label] >= thresholds[label]]


def merged_ranges(spans: Sequence[Span]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for start, end in sorted((s.start, s.end) for s in spans if s.end > s.start):
        if ranges and start <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(end, ranges[-1][1]))
        else:
            ranges.append((start, end))
    return ranges


def highlight(text: str, spans: Sequence[Span], markup: bool) -> str:
    """The text with the spans marked: `[bold red]..[/]` with markup, `[..]` without."""
    out, cursor = [], 0
    for start, end in merged_ranges(spans):
        piece = text[start:end]
        out.append(escape(text[cursor:start]) if markup else text[cursor:start])
        out.append(f"[bold red]{escape(piece)}[/bold red]" if markup else f"[{piece}]")
        cursor = end
    out.append(escape(text[cursor:]) if markup else text[cursor:])
    return "".join(out)


def _score_cell(label: Label, p: float, flagged: bool, markup: bool) -> str:
    cell = f"{label.value} {p:.2f}"
    if not flagged:
        return cell
    return f"[bold red]{cell}[/bold red]" if markup else f"*{cell}*"


def _sentence_line(sentence: Sentence, markup: bool) -> str:
    parts = [f"{sentence.claim_type.value}", sentence.support.value.replace("_", " "),
             f"p(unsupported)={sentence.unsupported_probability:.2f}", sentence.corroboration.value]
    line = f"      - \"{sentence.text}\" — {', '.join(parts)}"
    if sentence.evidence is not None:
        where = ("matches" if sentence.corroboration in (Corroboration.CORROBORATED, Corroboration.CONTRADICTED)
                 else "nearest")
        line += (f" ({where} {sentence.evidence.source}: \"{sentence.evidence.text[:100]}\","
                 f" sim {sentence.evidence.similarity:.2f})")
    return escape(line) if markup else line


def comment_block(number: int, comment: Comment, scores: Scores, thresholds: Mapping[Label, float],
                  markup: bool, decision: Decision | None = None) -> list[str]:
    meta = [f"id={comment.id}", f"author={comment.author or '-'}", f"time={comment.posted_at or '-'}"]
    if comment.reply_to:
        meta.append(f"reply_to={comment.reply_to}")
    flagged = flagged_labels(scores, thresholds)
    cells = [_score_cell(label, scores.probabilities[label], label in flagged, markup)
             for label in SHOWN_LABELS if label in scores.probabilities]
    spans = [span for label in flagged for span in scores.spans.get(label, ())]
    reasons = [f"{label.value} {scores.probabilities[label]:.2f} >= {thresholds[label]:.2f}" for label in flagged]
    verdict = ("flagged: " + ", ".join(reasons)) if flagged else "nothing flagged"
    header = f"[{number}] " + "  ".join(meta)
    lines = [f"[bold]{escape(header)}[/bold]" if markup else header]
    if comment.quotes is not None:
        quote = f"    quoting {comment.quotes.author or 'someone'}: {comment.quotes.text}"
        lines.append(f"[dim]{escape(quote)}[/dim]" if markup else quote)
    body = highlight(comment.text, spans, markup).replace("\n", "\n    ")
    lines += [f"    {body}", f"    scores: {'  '.join(cells)}", f"    {verdict}"]
    if decision is not None:
        line = f"    site policy: {decision.value}"
        lines.append(f"[bold]{line}[/bold]" if markup and decision is not Decision.APPROVE else line)
    if scores.sentences:
        lines.append("    sentences:")
        lines.extend(_sentence_line(sentence, markup) for sentence in scores.sentences)
    return lines


def page_report_text(page: Page, scores: Sequence[Scores], thresholds: Mapping[Label, float],
                     markup: bool, decisions: Sequence[Decision] | None = None) -> str:
    title = page.article.title or "(untitled page)"
    lines = [f"{title}: {len(page.comments)} comments"]
    lines[0] = escape(lines[0]) if markup else lines[0]
    for number, (comment, result) in enumerate(zip(page.comments, scores, strict=True), start=1):
        lines.append("")
        decision = decisions[number - 1] if decisions is not None else None
        lines.extend(comment_block(number, comment, result, thresholds, markup, decision))
    return "\n".join(lines)


def page_report_json(page: Page, scores: Sequence[Scores], thresholds: Mapping[Label, float],
                     model_version: str, decisions: Sequence[Decision] | None = None) -> str:
    comments: list[dict[str, Any]] = []
    for number, (comment, result) in enumerate(zip(page.comments, scores, strict=True)):
        comments.append({
            "id": comment.id, "author": comment.author, "posted_at": comment.posted_at,
            "reply_to": comment.reply_to, "text": comment.text,
            "scores": {label.value: round(float(p), 6) for label, p in result.probabilities.items()},
            "flagged": [label.value for label in flagged_labels(result, thresholds)],
            "decision": decisions[number].value if decisions is not None else None,
            "spans": {str(label): [span_json(s) for s in spans] for label, spans in result.spans.items()},
            "sentences": [sentence_json(s) for s in result.sentences],
        })
    return json.dumps({"title": page.article.title, "model_version": model_version, "comments": comments},
                      ensure_ascii=False, indent=2)
