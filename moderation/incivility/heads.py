"""One linear head per label on the shared features: NB-weighted logistic regression, calibrated out of fold.

NB-LR (Wang & Manning 2012): scale each feature by its naive-Bayes log-count ratio r before the logistic
regression; at scoring time (X * r) @ w == X @ (r * w), so the ratio folds into the weights and all heads
stack into one matrix product. Calibration is isotonic regression on out-of-fold decision values (the head
never calibrates on rows it was fitted on), stored as an interpolation table for `np.interp`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

MIN_ISOTONIC_POSITIVES = 40
MIN_CALIBRATION_POSITIVES = 10


@dataclass(frozen=True)
class HeadFit:
    """Folded weights, bias and calibration table of one label's head."""

    weights: np.ndarray
    bias: float
    calibration_x: np.ndarray
    calibration_y: np.ndarray
    n_rows: int
    n_positive: int


def nb_ratio(X: sp.csr_matrix, y: np.ndarray, sample_weight: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Naive-Bayes log-count ratio per feature (smoothed), the NB-SVM feature scaling."""
    pos = np.asarray(X[y == 1].T @ sample_weight[y == 1]).ravel() + alpha
    neg = np.asarray(X[y == 0].T @ sample_weight[y == 0]).ravel() + alpha
    return np.log((pos / pos.sum()) / (neg / neg.sum())).astype(np.float32)


def _fit_linear(X: sp.csr_matrix, y: np.ndarray, sample_weight: np.ndarray, C: float, nb: bool,
                seed: int) -> tuple[np.ndarray, float]:
    ratio = nb_ratio(X, y, sample_weight) if nb else np.ones(X.shape[1], dtype=np.float32)
    scaled = X @ sp.diags(ratio) if nb else X
    model = LogisticRegression(C=C, solver="liblinear", max_iter=200, random_state=seed)
    model.fit(scaled, y, sample_weight=sample_weight)
    return (model.coef_.ravel() * ratio).astype(np.float32), float(model.intercept_[0])


def calibration_table(scores: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None,
                      min_isotonic_positives: int = MIN_ISOTONIC_POSITIVES) -> tuple[np.ndarray, np.ndarray]:
    """Monotone map decision value -> probability as an `np.interp` table.

    Isotonic when there are enough positives to estimate steps, else Platt's sigmoid sampled on a grid
    (a step function fitted on a handful of positives would be mostly noise).
    """
    y = np.asarray(y, dtype=np.int64)
    if int(y.sum()) >= min_isotonic_positives and int((1 - y).sum()) >= min_isotonic_positives:
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
        iso.fit(scores, y, sample_weight=sample_weight)
        xs, ys = np.asarray(iso.X_thresholds_, dtype=np.float64), np.asarray(iso.y_thresholds_, dtype=np.float64)
    else:
        platt = LogisticRegression(C=1e4).fit(scores.reshape(-1, 1), y, sample_weight=sample_weight)
        xs = np.linspace(scores.min() - 3 * scores.std() - 1, scores.max() + 3 * scores.std() + 1, 257)
        ys = platt.predict_proba(xs.reshape(-1, 1))[:, 1]
    return xs, np.clip(ys, 1e-4, 1 - 1e-4)


def fit_head(X: sp.csr_matrix, y: np.ndarray, sample_weight: np.ndarray, *, C: float, nb: bool, folds: int,
             seed: int, calibration: tuple[sp.csr_matrix, np.ndarray] | None = None) -> HeadFit:
    """Fit one head on the rows where its label is known, then calibrate it on rows it did not fit.

    Calibration ignores `sample_weight` (which re-balances classes for fitting), so probabilities match
    the rows' real class rates.

    `calibration` = held-out (features, 0/1 targets), e.g. validation rows; used when it has at least
    `MIN_CALIBRATION_POSITIVES` of each class, else `folds` out-of-fold predictions of the training rows.
    """
    y = y.astype(np.int64)
    if len(np.unique(y)) < 2:
        raise ValueError("A head needs both positive and negative rows; check the corpus label mapping.")
    if calibration is not None:
        held_X, held_y = calibration[0], calibration[1].astype(np.int64)
        if min(int(held_y.sum()), int((1 - held_y).sum())) >= MIN_CALIBRATION_POSITIVES:
            weights, bias = _fit_linear(X, y, sample_weight, C, nb, seed)
            xs, ys = calibration_table(held_X @ weights + bias, held_y)
            return HeadFit(weights, bias, xs, ys, len(y), int(y.sum()))
    n_splits = int(min(folds, np.bincount(y).min()))
    out_of_fold = np.zeros(len(y), dtype=np.float64)
    if n_splits >= 2:
        for train_idx, held_idx in StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(X, y):
            w, b = _fit_linear(X[train_idx], y[train_idx], sample_weight[train_idx], C, nb, seed)
            out_of_fold[held_idx] = X[held_idx] @ w + b
    weights, bias = _fit_linear(X, y, sample_weight, C, nb, seed)
    if n_splits < 2:
        out_of_fold = X @ weights + bias
    xs, ys = calibration_table(out_of_fold, y)
    return HeadFit(weights, bias, xs, ys, len(y), int(y.sum()))
