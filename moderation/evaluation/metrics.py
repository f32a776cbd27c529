"""Per-label quality numbers: ranking (ROC-AUC, average precision), decisions (F1 at a threshold), calibration.

Ranking metrics come from scikit-learn. Calibration (expected calibration error, reliability bins)
is computed here because scikit-learn's `calibration_curve` drops empty bins and does not return
bin weights, both of which ECE needs. Rows whose label is missing (NaN: the corpus does not
annotate that label) are dropped before anything is computed: missing is not negative.
A metric that is undefined on the data (e.g. AUC with one class present) is NaN, never a guess.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score

DEFAULT_BINS = 10


@dataclass(frozen=True)
class ReliabilityBins:
    """Equal-width probability bins: where predictions fell and how often they were right there."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]
    mean_predicted: tuple[float, ...]
    observed_rate: tuple[float, ...]


@dataclass(frozen=True)
class LabelMetrics:
    """One system's numbers for one label on one split (NaN where undefined)."""

    n: int
    positives: int
    roc_auc: float
    average_precision: float
    f1: float
    threshold: float
    ece: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def clean_pairs(y_true: ArrayLike, y_score: ArrayLike) -> tuple[NDArray[np.int_], NDArray[np.float64]]:
    """Binary labels and scores with the rows of unknown label (NaN) removed."""
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_score, dtype=float)
    if y.shape != p.shape:
        raise ValueError(f"labels and scores differ in shape: {y.shape} vs {p.shape}.")
    keep = ~np.isnan(y) & ~np.isnan(p)
    return (y[keep] >= 0.5).astype(int), p[keep]


def _both_classes(y: NDArray[np.int_]) -> bool:
    return bool(y.size) and 0 < int(y.sum()) < y.size


def roc_auc(y_true: ArrayLike, y_score: ArrayLike) -> float:
    y, p = clean_pairs(y_true, y_score)
    return float(roc_auc_score(y, p)) if _both_classes(y) else math.nan


def average_precision(y_true: ArrayLike, y_score: ArrayLike) -> float:
    y, p = clean_pairs(y_true, y_score)
    return float(average_precision_score(y, p)) if _both_classes(y) else math.nan


def f1_at(y_true: ArrayLike, y_score: ArrayLike, threshold: float) -> float:
    """F1 of the decision `score >= threshold` (the artifact's chosen threshold, not one tuned here)."""
    y, p = clean_pairs(y_true, y_score)
    if not y.size or math.isnan(threshold):
        return math.nan
    return float(f1_score(y, (p >= threshold).astype(int), zero_division=0.0))


def reliability_bins(y_true: ArrayLike, y_prob: ArrayLike, n_bins: int = DEFAULT_BINS) -> ReliabilityBins:
    """Equal-width bins over [0, 1]; the last bin is closed so a probability of exactly 1 is counted."""
    if n_bins < 1:
        raise ValueError(f"n_bins must be at least 1, got {n_bins}.")
    y, p = clean_pairs(y_true, y_prob)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    index = np.clip(np.digitize(np.clip(p, 0.0, 1.0), edges[1:-1], right=False), 0, n_bins - 1)
    counts = np.bincount(index, minlength=n_bins)
    sum_p = np.bincount(index, weights=p, minlength=n_bins)
    sum_y = np.bincount(index, weights=y, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_p = np.where(counts > 0, sum_p / counts, np.nan)
        rate = np.where(counts > 0, sum_y / counts, np.nan)
    return ReliabilityBins(
        edges=tuple(float(e) for e in edges),
        counts=tuple(int(c) for c in counts),
        mean_predicted=tuple(float(m) for m in mean_p),
        observed_rate=tuple(float(r) for r in rate),
    )


def expected_calibration_error(y_true: ArrayLike, y_prob: ArrayLike, n_bins: int = DEFAULT_BINS) -> float:
    """Sum over bins of (bin share of rows) x |mean predicted - observed rate| (Naeini et al. 2015)."""
    bins = reliability_bins(y_true, y_prob, n_bins)
    total = sum(bins.counts)
    if total == 0:
        return math.nan
    gaps = [
        count / total * abs(mean - rate)
        for count, mean, rate in zip(bins.counts, bins.mean_predicted, bins.observed_rate, strict=True)
        if count
    ]
    return float(sum(gaps))


def label_metrics(y_true: ArrayLike, y_score: ArrayLike, threshold: float) -> LabelMetrics:
    """Everything the evaluation table shows for one (system, label, split)."""
    y, p = clean_pairs(y_true, y_score)
    return LabelMetrics(
        n=int(y.size),
        positives=int(y.sum()),
        roc_auc=roc_auc(y, p),
        average_precision=average_precision(y, p),
        f1=f1_at(y, p, threshold),
        threshold=float(threshold),
        ece=expected_calibration_error(y, p),
    )
