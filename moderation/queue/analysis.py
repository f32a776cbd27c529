"""A verdict as the queue keeps it: plain JSON (scores, spans, sentences, reasons) plus risk and flags.

The API stores what it answered (`VerdictPublic.model_dump`), the CLI stores the library's `Verdict`;
both become the same shape here, so the queue page reads one format whoever queued the comment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from moderation.types import INCIVILITY_LABELS, Label, Verdict

RISK_LABELS: tuple[Label, ...] = (*INCIVILITY_LABELS, Label.UNSUPPORTED_CLAIM)
DEFAULT_THRESHOLD = 0.5


def analysis_from_verdict(verdict: Verdict) -> dict[str, Any]:
    scores = verdict.scores
    return {
        "decision": verdict.decision.value,
        "reasons": list(verdict.reasons),
        "scores": {label.value: float(p) for label, p in scores.probabilities.items()},
        "spans": {
            label.value: [{"start": s.start, "end": s.end, "text": s.text, "weight": s.weight} for s in spans]
            for label, spans in scores.spans.items()
        },
        "sentences": [
            {
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "claim_type": s.claim_type.value,
                "support": s.support.value,
                "unsupported_probability": float(s.unsupported_probability),
            }
            for s in scores.sentences
        ],
        "model_version": verdict.model_version,
    }


def risk(analysis: Mapping[str, Any]) -> float:
    """The strongest incivility or unsupported-claim probability: what the queue sorts by."""
    scores = analysis.get("scores", {})
    return max((float(scores.get(label.value, 0.0)) for label in RISK_LABELS), default=0.0)


def flagged_labels(analysis: Mapping[str, Any], thresholds: Mapping[Label, float] | None) -> tuple[str, ...]:
    """Labels at or over their threshold (the model's own, else 0.5): what the label filter matches."""
    scores = analysis.get("scores", {})
    out = []
    for label in RISK_LABELS:
        threshold = (thresholds or {}).get(label, DEFAULT_THRESHOLD)
        if float(scores.get(label.value, 0.0)) >= threshold:
            out.append(label.value)
    return tuple(out)
