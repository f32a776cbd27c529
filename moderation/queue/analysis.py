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


def risk(analysis: Mapping[str, Any], thresholds: Mapping[Label, float] | None = None) -> float:
    """What the queue sorts by: the label furthest towards (or past) its threshold, on one 0..1 scale.

    Raw probabilities are not comparable across labels (the unsupported-claim threshold is far higher
    than the incivility one), so each is mapped piecewise-linearly with its threshold at 0.5: under
    0.5 means no label reached its threshold, over 0.5 means one did, and by how much.
    """
    scores = analysis.get("scores", {})
    return max((_towards(float(scores.get(label.value, 0.0)), _threshold(label, thresholds))
                for label in RISK_LABELS), default=0.0)


def _threshold(label: Label, thresholds: Mapping[Label, float] | None) -> float:
    value = float((thresholds or {}).get(label, DEFAULT_THRESHOLD))
    return min(max(value, 1e-6), 1 - 1e-6)


def _towards(p: float, threshold: float) -> float:
    if p < threshold:
        return 0.5 * p / threshold
    return 0.5 + 0.5 * (p - threshold) / (1 - threshold)


def flagged_labels(analysis: Mapping[str, Any], thresholds: Mapping[Label, float] | None) -> tuple[str, ...]:
    """Labels at or over their threshold (the model's own, else 0.5): what the label filter matches."""
    scores = analysis.get("scores", {})
    out = []
    for label in RISK_LABELS:
        if float(scores.get(label.value, 0.0)) >= _threshold(label, thresholds):
            out.append(label.value)
    return tuple(out)
