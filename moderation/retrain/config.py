"""The gate's settings, read from the environment once (like `moderation.config`); CLI flags override.

Why these defaults: a frozen metric may drop by at most 0.01 (ROC-AUC / average precision / the fairness
minima) before we call it a regression, about the noise of an AUC on a few hundred positives; a label is
gated on a test set only when it has at least 30 positives and 30 negatives there, because an AUC on a
handful of positives moves by more than any tolerance by chance (those rows are still reported). The
held-out feedback slice must improve by at least 0.005 ROC-AUC, and must hold 50 comments with 10 of each
class, or there is nothing to judge the candidate by and it is refused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from moderation.errors import InvalidInput


def _float(env: str, default: float) -> float:
    value = os.environ.get(env)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise InvalidInput(f"{env}={value!r} is not a number.") from None


@dataclass(frozen=True)
class GateConfig:
    """What a candidate must show to be promoted, and how much feedback weighs in training.

    `tolerance`: the largest allowed drop of any gated frozen metric (absolute).
    `min_gain`: the smallest improvement of `primary_metric` on the held-out feedback slice.
    `feedback_weight`: multiplies each feedback row's training weight (after per-source class balancing).
    `holdout_fraction`: the latest share of feedback comments held out for evaluation.
    """

    tolerance: float = 0.01
    min_gain: float = 0.005
    feedback_weight: float = 5.0
    holdout_fraction: float = 0.3
    min_holdout_rows: int = 50
    min_holdout_per_class: int = 10
    min_gated_per_class: int = 30
    gated_metrics: tuple[str, ...] = ("roc_auc", "average_precision")
    fairness_metrics: tuple[str, ...] = ("min_bpsn_auc", "min_subgroup_auc")
    primary_metric: str = "roc_auc"

    def __post_init__(self) -> None:
        if not 0.0 <= self.tolerance < 1.0:
            raise InvalidInput(f"tolerance must be in [0, 1), got {self.tolerance}.")
        if self.feedback_weight <= 0:
            raise InvalidInput(f"feedback weight must be positive, got {self.feedback_weight}.")
        if not 0.0 < self.holdout_fraction < 1.0:
            raise InvalidInput(f"holdout fraction must be in (0, 1), got {self.holdout_fraction}.")

    @classmethod
    def from_env(cls) -> GateConfig:
        """Defaults overridden by MODERATION_RETRAIN_TOLERANCE, _MIN_GAIN, _FEEDBACK_WEIGHT, _HOLDOUT."""
        default = cls()
        return cls(
            tolerance=_float("MODERATION_RETRAIN_TOLERANCE", default.tolerance),
            min_gain=_float("MODERATION_RETRAIN_MIN_GAIN", default.min_gain),
            feedback_weight=_float("MODERATION_RETRAIN_FEEDBACK_WEIGHT", default.feedback_weight),
            holdout_fraction=_float("MODERATION_RETRAIN_HOLDOUT", default.holdout_fraction),
        )


@lru_cache(maxsize=1)
def get_gate_config() -> GateConfig:
    return GateConfig.from_env()
