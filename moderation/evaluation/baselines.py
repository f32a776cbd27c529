"""The plain TF-IDF + logistic-regression baseline our model has to beat, trained on the same rows.

One word-unigram/bigram TF-IDF + LogisticRegression pipeline per label, trained only on the rows
where that label is known (missing is not negative). Its decision threshold is chosen the same way
as ours: the F1-maximising cut on validation rows, or on out-of-fold predictions of the training
rows when a label has no validation rows. No test row is ever seen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline

from moderation.evaluation.splits import TrainingRows
from moderation.types import Label

MIN_POSITIVES = 5


def plain_tfidf_lr(seed: int = 0) -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(max_iter=2000, random_state=seed),
    )


def best_f1_threshold(y_true: NDArray[np.number], y_prob: NDArray[np.float64]) -> float:
    """The score cut that maximises F1 on these rows (0.5 when they hold one class only)."""
    y = (np.asarray(y_true) >= 0.5).astype(int)
    if not 0 < y.sum() < y.size:
        return 0.5
    precision, recall, cuts = precision_recall_curve(y, y_prob)
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.nan_to_num(2 * precision * recall / (precision + recall))
    return float(cuts[int(np.argmax(f1[:-1]))])


def _known(texts: Sequence[str], values: NDArray[np.float64]) -> tuple[list[str], NDArray[np.int_]]:
    keep = ~np.isnan(values)
    return [t for t, k in zip(texts, keep, strict=True) if k], (values[keep] >= 0.5).astype(int)


class TfidfLogRegBaseline:
    """Per-label plain pipelines; satisfies the evaluation `System` interface once fitted."""

    calibrated = True

    def __init__(self, name: str = "tfidf_lr", seed: int = 0) -> None:
        self.name = name
        self.seed = seed

    def fit(self, *row_sets: TrainingRows) -> TfidfLogRegBaseline:
        """One pipeline per label found in any of `row_sets` (e.g. incivility rows, then claim rows)."""
        self.pipelines_: dict[Label, Pipeline] = {}
        self.thresholds_: dict[Label, float] = {}
        for rows in row_sets:
            for label, values in rows.targets.items():
                texts, y = _known(rows.texts, values)
                if y.sum() < MIN_POSITIVES or (y.size - y.sum()) < MIN_POSITIVES:
                    continue
                self.pipelines_[label] = plain_tfidf_lr(self.seed).fit(texts, y)
                self.thresholds_[label] = self._threshold(label, rows, texts, y)
        return self

    def _threshold(self, label: Label, rows: TrainingRows, texts: list[str], y: NDArray[np.int_]) -> float:
        values = rows.validation_targets.get(label)
        if values is not None:
            val_texts, val_y = _known(rows.validation_texts, values)
            if 0 < val_y.sum() < val_y.size:
                return best_f1_threshold(val_y, self.pipelines_[label].predict_proba(val_texts)[:, 1])
        folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=self.seed)
        oof = cross_val_predict(plain_tfidf_lr(self.seed), texts, y, cv=folds, method="predict_proba")
        return best_f1_threshold(y, oof[:, 1])

    @property
    def labels(self) -> tuple[Label, ...]:
        return tuple(self.pipelines_)

    @property
    def thresholds(self) -> Mapping[Label, float]:
        return self.thresholds_

    def score(self, texts: Sequence[str]) -> dict[Label, NDArray[np.float64]]:
        return {label: pipe.predict_proba(list(texts))[:, 1] for label, pipe in self.pipelines_.items()}
