"""The promotion gate: promote only if the held-out feedback improves and nothing frozen regresses.

Rules (thresholds in `GateConfig`):
1. The held-out feedback slice must be large enough to judge (rows, and rows of each class).
2. Its `primary_metric` for `incivility` must improve by at least `min_gain`.
3. On every frozen test split, for every label with at least `min_gated_per_class` positives and negatives
   there, no `gated_metrics` value may drop by more than `tolerance`.
4. No fairness minimum (`fairness_metrics`, Borkan et al.) may drop by more than `tolerance`.
Every check is kept (passed or not) so a refusal prints all of its reasons, not only the first.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from moderation.retrain.config import GateConfig
from moderation.retrain.measure import FEEDBACK_SPLIT
from moderation.types import Label


@dataclass(frozen=True)
class Check:
    """One comparison: `delta` = candidate - current; `passed` against the rule named in `rule`."""

    name: str
    current: float | None
    candidate: float | None
    delta: float | None
    rule: str
    passed: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GateDecision:
    promote: bool
    reasons: tuple[str, ...]
    checks: tuple[Check, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"promote": self.promote, "reasons": list(self.reasons), "checks": [c.as_dict() for c in self.checks]}


def _delta(current: float | None, candidate: float | None) -> float | None:
    if current is None or candidate is None or math.isnan(current) or math.isnan(candidate):
        return None
    return round(candidate - current, 6)


def _feedback_checks(current: dict[str, Any], candidate: dict[str, Any], config: GateConfig) -> list[Check]:
    name = f"{FEEDBACK_SPLIT} {Label.INCIVILITY.value} {config.primary_metric}"
    now = current["splits"].get(FEEDBACK_SPLIT, {}).get(Label.INCIVILITY.value)
    new = candidate["splits"].get(FEEDBACK_SPLIT, {}).get(Label.INCIVILITY.value)
    if now is None or new is None:
        return [Check(name, None, None, None, "held-out feedback with both classes is required", False)]
    n, positives = int(now["n"]), int(now["positives"])
    size_ok = (n >= config.min_holdout_rows and positives >= config.min_holdout_per_class
               and n - positives >= config.min_holdout_per_class)
    size = Check(f"{FEEDBACK_SPLIT} size", float(n), float(n), 0.0,
                 f">= {config.min_holdout_rows} rows and >= {config.min_holdout_per_class} of each class "
                 f"(has {positives} uncivil, {n - positives} civil)", size_ok)
    delta = _delta(now[config.primary_metric], new[config.primary_metric])
    gain = Check(name, now[config.primary_metric], new[config.primary_metric], delta, f"gain >= {config.min_gain}",
                 delta is not None and delta >= config.min_gain - 1e-12)
    return [size, gain]


def _frozen_checks(current: dict[str, Any], candidate: dict[str, Any], config: GateConfig) -> list[Check]:
    checks = []
    for split, labels in sorted(current["splits"].items()):
        if not split.endswith(":test"):
            continue
        for label, now in sorted(labels.items()):
            new = candidate["splits"].get(split, {}).get(label)
            negatives = int(now["n"]) - int(now["positives"])
            if new is None or min(int(now["positives"]), negatives) < config.min_gated_per_class:
                continue
            for metric in config.gated_metrics:
                delta = _delta(now[metric], new[metric])
                checks.append(Check(f"{split} {label} {metric}", now[metric], new[metric], delta,
                                    f"drop <= {config.tolerance}", delta is None or delta >= -config.tolerance - 1e-12))
    return checks


def _fairness_checks(current: dict[str, Any], candidate: dict[str, Any], config: GateConfig) -> list[Check]:
    checks = []
    for metric in config.fairness_metrics:
        now, new = current.get("fairness", {}).get(metric), candidate.get("fairness", {}).get(metric)
        if now is None and new is None:
            continue
        delta = _delta(now, new)
        checks.append(Check(f"fairness {metric}", now, new, delta, f"drop <= {config.tolerance}",
                            delta is not None and delta >= -config.tolerance - 1e-12))
    return checks


def _reason(check: Check) -> str:
    if check.delta is None or check.current is None or check.candidate is None:
        return f"{check.name}: {check.rule}"
    return f"{check.name}: {check.current:.4f} -> {check.candidate:.4f} ({check.delta:+.4f}; needs {check.rule})"


def decide(current: dict[str, Any], candidate: dict[str, Any], config: GateConfig) -> GateDecision:
    """Compare two `measure_model` results; promote only when every check passes."""
    checks = (_feedback_checks(current, candidate, config) + _frozen_checks(current, candidate, config)
              + _fairness_checks(current, candidate, config))
    failed = [c for c in checks if not c.passed]
    if failed:
        return GateDecision(False, tuple(_reason(c) for c in failed), tuple(checks))
    return GateDecision(True, ("every check passed",), tuple(checks))
