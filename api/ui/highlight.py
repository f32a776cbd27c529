"""A comment's text cut into segments for display: which words drove which label, which sentences
are unsupported claims.

The explainer returns spans for every label, also for labels the model finds unlikely; words that
"drove" a 1% identity-attack score explain nothing to a moderator and bury the ones that matter. So a
label's spans are shown only once its probability reaches `VISIBLE_FRACTION` of its threshold.
Spans of different labels overlap (an insult is usually also incivility); each character shows the
strongest span that covers it, so the page never nests marks and the hover names the label that
weighed most. The template escapes every segment's text: highlighting never builds HTML from input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from moderation.types import INCIVILITY_LABELS

SHOWN_LABELS: tuple[str, ...] = tuple(label.value for label in INCIVILITY_LABELS)
VISIBLE_FRACTION = 0.5
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class Segment:
    text: str
    label: str | None = None
    weight: float = 0.0
    unsupported: float | None = None  # the sentence's unsupported-claim probability, when it is one


def segments(text: str, analysis: Mapping[str, Any], thresholds: Mapping[str, float] | None = None) -> list[Segment]:
    scores = analysis.get("scores", {})
    visible = {
        label for label in SHOWN_LABELS
        if float(scores.get(label, 0.0)) >= VISIBLE_FRACTION * (thresholds or {}).get(label, DEFAULT_THRESHOLD)
    }
    spans = [
        (int(s["start"]), int(s["end"]), label, float(s["weight"]))
        for label, items in analysis.get("spans", {}).items()
        if label in visible
        for s in items
        if float(s.get("weight", 0)) > 0 and 0 <= int(s["start"]) < int(s["end"]) <= len(text)
    ]
    claims = [
        (int(s["start"]), int(s["end"]), float(s.get("unsupported_probability", 0)))
        for s in analysis.get("sentences", [])
        if s.get("support") == "unsupported" and 0 <= int(s["start"]) < int(s["end"]) <= len(text)
    ]
    cuts = sorted({0, len(text), *(p for s in spans for p in s[:2]), *(p for c in claims for p in c[:2])})
    out: list[Segment] = []
    for start, end in pairwise(cuts):
        label, weight = _strongest(spans, start, end)
        claim = next((p for a, b, p in claims if a <= start and end <= b), None)
        out.append(Segment(text[start:end], label, weight, claim))
    return _merge(out)


def _strongest(spans: Sequence[tuple[int, int, str, float]], start: int, end: int) -> tuple[str | None, float]:
    covering = [(w, label) for a, b, label, w in spans if a <= start and end <= b]
    if not covering:
        return None, 0.0
    weight, label = max(covering)
    return label, weight


def _merge(parts: list[Segment]) -> list[Segment]:
    """Join neighbours that look the same, so a highlighted phrase is one mark, not one per cut."""
    merged: list[Segment] = []
    for part in parts:
        if merged and (merged[-1].label, merged[-1].weight, merged[-1].unsupported) == (
            part.label, part.weight, part.unsupported
        ):
            merged[-1] = Segment(merged[-1].text + part.text, part.label, part.weight, part.unsupported)
        else:
            merged.append(part)
    return merged
